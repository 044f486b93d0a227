"""Linking complaints to cases: exact reference first, then blocked Fellegi-Sunter scoring."""

from __future__ import annotations

from dataclasses import dataclass, field

from complaints.matching.blocking import CaseIndex
from complaints.matching.compare import (
    FIELDS,
    compare_dob,
    compare_forename,
    compare_postcode,
    compare_school,
    compare_surname,
    nickname_groups,
)
from complaints.matching.evidence import Evidence, FindEntities, gather_evidence
from complaints.matching.model import Model, estimate_m, estimate_u, fit_m
from complaints.matching.records import CaseRecord, ComplaintRecord

__all__ = ["Thresholds", "LinkResult", "match_records", "compare"]

AGREEING = {"exact", "nickname", "fuzzy", "partial", "initial", "swapped", "slip", "full", "district"}


@dataclass(frozen=True)
class Thresholds:
    """Match probability at or above `auto` links automatically; at or above `review` goes to review.

    `margin` (bits of log2 evidence) is how far ahead of the runner-up the best case must be to auto-link.
    """

    auto: float = 0.95
    review: float = 0.5
    margin: float = 6.0


@dataclass
class LinkResult:
    """The outcome for one complaint: the proposed case (if any), its score, method, status and reasons."""

    complaint_ref: str
    complaint_id: int | None
    case_ref: str | None
    case_id: int | None
    score: float
    method: str          # exact_ref | text_ref | fellegi_sunter | stage_history | none
    status: str          # auto | review | none
    agreements: dict = field(default_factory=dict)


_RANK = {name: {level: i for i, level in enumerate(levels)} for name, levels in FIELDS.items()}


def _best_of(name: str, fn, values, target: str) -> str | None:
    if not values:
        return None
    if len(values) == 1:  # the usual case: skip ranking
        return fn(values[0], target)
    levels = [level for level in (fn(v, target) for v in values) if level is not None]
    return min(levels, key=_RANK[name].__getitem__) if levels else None


def compare(ev: Evidence, case: CaseRecord) -> tuple[dict[str, str | None], dict[str, str]]:
    """Agreement levels of the evidence against one case, and the case values they rest on (for TF u)."""
    levels = {
        "forename": _best_of("forename", compare_forename, ev.forenames, case.forename),
        "surname": _best_of("surname", compare_surname, ev.surnames, case.surname),
        "dob": _best_of("dob", compare_dob, ev.dobs, case.dob),
        "postcode": _best_of("postcode", compare_postcode, ev.postcodes, case.postcode),
        "school": _best_of("school", compare_school, ev.schools, case.school),
    }
    if levels["surname"] is None and ev.family_surnames:
        levels["family_surname"] = _best_of("family_surname", compare_surname, ev.family_surnames, case.surname)
    return levels, {"forename": case.forename, "surname": case.surname, "family_surname": case.surname}


def _explain(levels: dict, weights: dict) -> dict:
    return {
        "fields": levels,
        "agreed": sorted(k for k, v in levels.items() if v in AGREEING),
        "disagreed": sorted(k for k, v in levels.items() if v == "disagree"),
        "missing": sorted(k for k in ("forename", "surname", "dob", "postcode", "school") if levels.get(k) is None
                          and not (k == "surname" and levels.get("family_surname"))),
        "weights": {k: round(v, 2) for k, v in weights.items()},
    }


def _score_candidates(ev, index, candidates, model, exclude):
    scored = []
    for i in candidates:
        case = index.cases[i]
        if case.id in exclude:
            continue
        levels, values = compare(ev, case)
        weights = model.weights(levels, values)
        scored.append((sum(weights.values()), i, levels, weights))
    scored.sort(key=lambda item: (-item[0], index.cases[item[1]].case_ref))
    return scored


def _decide_reference(complaint, ev, index, model, exclude) -> LinkResult | None:
    for key, source in zip(ev.refs, ev.ref_sources):
        i = index.by_ref.get(key)
        if i is None or index.cases[i].id in exclude:
            continue
        case = index.cases[i]
        levels, values = compare(ev, case)
        weights = model.weights(levels, values)
        agreements = _explain(levels, weights)
        agreements["reference"] = source
        method = "exact_ref" if source == "field" else "text_ref"
        # a reference contradicted by both the name and the date of birth is more likely a mistyped
        # reference (or a sibling's) than a renamed child born on another day: an officer decides
        contradicted = levels["forename"] == "disagree" and levels["dob"] == "disagree"
        if contradicted:
            agreements["reason"] = "reference contradicted by forename and date of birth"
        return LinkResult(complaint.complaint_ref, complaint.id, case.case_ref, case.id, 1.0, method,
                          "review" if contradicted else "auto", agreements)
    return None


def _doubtful(result: LinkResult) -> bool:
    """A referenced case is worth checking against others only when the child's details disagree with it."""
    return any(result.agreements["fields"].get(k) == "disagree" for k in ("forename", "surname", "dob"))


def _check_reference(result: LinkResult, scored, index, model, thresholds) -> None:
    """A reference is trusted unless another case clearly fits the child better (a mistyped reference)."""
    if not scored:
        return
    weight, i, _, _ = scored[0]
    best = index.cases[i]
    best_p = model.posterior([w for w, _, _, _ in scored])[0]
    if best.id == result.case_id or best_p < thresholds.auto:
        return
    own = next((w for w, j, _, _ in scored if index.cases[j].id == result.case_id), None)
    if own is None:
        own = sum(result.agreements.get("weights", {}).values())
    if weight - own >= thresholds.margin:
        result.status = "review"
        reason = "another case fits the name and date of birth better than the referenced one"
        result.agreements["reason"] = "; ".join(filter(None, [result.agreements.get("reason"), reason]))
        result.agreements["better_fit"] = {"case_ref": best.case_ref, "score": round(best_p, 4)}


def _decide_scored(complaint, ev, index, model, scored, thresholds) -> LinkResult:
    if not scored:
        agreements = {"fields": {}, "agreed": [], "disagreed": [], "missing": [], "weights": {},
                      "reason": "no candidate case shares a blocking key"}
        if ev.refs:
            agreements["reason"] = "reference not found among cases; " + agreements["reason"]
        return LinkResult(complaint.complaint_ref, complaint.id, None, None, 0.0, "none", "none", agreements)
    weight, i, levels, weights = scored[0]
    case = index.cases[i]
    posterior = model.posterior([w for w, _, _, _ in scored])
    probability = posterior[0]
    agreements = _explain(levels, weights)
    agreements["candidates"] = len(scored)
    reasons = []
    status = "auto" if probability >= thresholds.auto else "review" if probability >= thresholds.review else "none"
    if status == "auto" and levels["forename"] == "disagree":
        reasons.append("forename disagrees")
    family = levels.get("surname") or levels.get("family_surname")
    if status == "auto" and levels["forename"] is None and not (levels["dob"] == "exact" and family in AGREEING):
        # without a forename only an exact date of birth and a shared surname single a child out
        reasons.append("no forename, and not both date of birth and surname agree")
    if status == "auto" and levels["dob"] in (None, "disagree") and family in (None, "disagree"):
        reasons.append("neither date of birth nor surname (child's or family's) agrees")
    if status == "auto" and not any(levels.get(k) in AGREEING for k in ("dob", "postcode", "school")):
        reasons.append("only the name agrees")
    if len(scored) > 1:
        runner_weight, j, _, _ = scored[1]
        runner_p = posterior[1]
        agreements["runner_up"] = {"case_ref": index.cases[j].case_ref, "score": round(runner_p, 4)}
        if status == "auto" and weight - runner_weight < thresholds.margin:
            reasons.append("another case scores nearly as well")
        # near-equal candidates share the probability: together they may still deserve an officer's look
        close = sum(p for (w, _, _, _), p in zip(scored, posterior) if weight - w < thresholds.margin)
        if status == "none" and close >= thresholds.review:
            status = "review"
            reasons.append("several cases fit about equally well")
    if reasons:
        status = "review"
        agreements["reason"] = "; ".join(reasons)
    if ev.refs:
        agreements["reference"] = "not found among cases"
    if status == "none":
        return LinkResult(complaint.complaint_ref, complaint.id, None, None, round(probability, 6), "none",
                          "none", agreements | {"best_case_ref": case.case_ref})
    return LinkResult(complaint.complaint_ref, complaint.id, case.case_ref, case.id, round(probability, 6),
                      "fellegi_sunter", status, agreements)


def _labelled_sample(prepared, index) -> list[dict]:
    """Comparison vectors of complaints whose recorded reference names a case whose child agrees with it."""
    sample = []
    for _, ev in prepared:
        if not ev.refs or ev.ref_sources[0] != "field":
            continue
        i = index.by_ref.get(ev.refs[0])
        if i is None:
            continue
        levels, _ = compare(ev, index.cases[i])
        if levels["forename"] == "disagree" and levels["dob"] == "disagree":
            continue  # probably a mistyped reference: not a trustworthy label
        sample.append(levels)
    return sample


def _gazetteers(cases: list[CaseRecord]) -> tuple[list[str], list[str]]:
    schools = sorted({c.school for c in cases if c.school})
    forenames = {part for c in cases for part in c.forename.split("-") if len(part) > 1}
    groups = nickname_groups()
    forenames |= {short for short, formals in groups.items() if formals & forenames}
    return schools, sorted(forenames)


def match_records(cases: list[CaseRecord], complaints: list[ComplaintRecord], *,
                  find_entities: FindEntities | None = None, thresholds: Thresholds = Thresholds(),
                  model: Model | None = None, exclude: dict | None = None, em: bool = False,
                  learn: bool = True, stats: dict | None = None) -> list[LinkResult]:
    """Link each complaint to at most one case; `exclude` maps complaint_ref -> case ids an officer rejected.

    With `learn`, m probabilities are fitted on the complaints whose recorded reference names their case.
    """
    index = CaseIndex(cases)
    model = model or estimate_u(cases)
    schools, names = _gazetteers(cases)
    exclude = exclude or {}
    prepared = []
    pairs = 0
    for complaint in complaints:
        ev = gather_evidence(complaint, find_entities, schools=schools, names=names,
                             known_ref=lambda key: key in index.by_ref)
        prepared.append((complaint, ev))
    labelled = _labelled_sample(prepared, index) if learn else []
    if labelled:
        model = fit_m(model, labelled)
    if em:
        sample = []
        for complaint, ev in prepared[:5000]:
            for i in index.candidates(ev):
                sample.append(compare(ev, cases[i])[0])
        model = estimate_m(model, sample)
    results = []
    for complaint, ev in prepared:
        skip = exclude.get(complaint.complaint_ref, set())
        result = _decide_reference(complaint, ev, index, model, skip)
        if result is None or _doubtful(result):
            candidates = index.candidates(ev)
            pairs += len(candidates)
            scored = _score_candidates(ev, index, candidates, model, skip)
            if result is None:
                result = _decide_scored(complaint, ev, index, model, scored, thresholds)
            else:
                _check_reference(result, scored, index, model, thresholds)
        else:
            pairs += 1
        results.append(result)
    _share_along_escalations(results, complaints, index, exclude)
    if stats is not None:
        stats.update({"cases": len(cases), "complaints": len(complaints), "candidate_pairs": pairs,
                      "labelled_sample": len(labelled),
                      "blocks": len(index.blocks)})
    return results


def _share_along_escalations(results, complaints, index, exclude) -> None:
    """Stages of one complaint (linked by escalated_from) are about one child: an automatic link found
    for one stage is given to the stages that found none, unless the stages' own links disagree."""
    by_ref = {c.complaint_ref: i for i, c in enumerate(complaints)}
    parent = list(range(len(complaints)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, complaint in enumerate(complaints):
        j = by_ref.get(complaint.escalated_from)
        if j is not None:
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(complaints)):
        groups.setdefault(root(i), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        linked = {results[i].case_id for i in members if results[i].status == "auto"}
        if len(linked) != 1:
            continue  # nothing to share, or stages disagree: leave each stage's own outcome
        source = next(results[i] for i in members if results[i].status == "auto")
        for i in members:
            r = results[i]
            if r.status == "auto" or source.case_id in exclude.get(r.complaint_ref, set()):
                continue
            r.agreements = dict(r.agreements, reason=f"another stage ({source.complaint_ref}) of this complaint "
                                f"is linked to the case", shared_from=source.complaint_ref,
                                own_outcome={"status": r.status, "case_ref": r.case_ref, "score": r.score})
            r.case_ref, r.case_id, r.score = source.case_ref, source.case_id, source.score
            r.method, r.status = "stage_history", "auto"
