"""Ombudsman decision statements for the demo council's ombudsman-stage complaints, with their remedy truth.

Every money item is built as data first (amount, purpose, basis, wording), then written into the
statement, so the total in truth/decisions.jsonl is the exact sum of what the statement agrees.
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from complaints.demo.calendar import add_months, add_working_days, long_date
from complaints.demo.letters import render

__all__ = ["Statement", "write_statement", "decision_text", "money_words", "COUNCIL"]

COUNCIL = "Demo Borough Council"
_CATEGORY = {"Home to School Transport": "Education > School transport",
             "Disabled Children's Service": "Children's care services > Disabled children",
             "Inclusion and Attendance": "Education > Alternative provision"}
_SEND_CATEGORY = "Education > Special educational needs"
_NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


@lru_cache(maxsize=1)
def _material() -> dict:
    return tomllib.loads(Path(__file__).with_name("decisions.toml").read_text(encoding="utf-8"))


def _words(n: int) -> str:
    if n < 20:
        return _NUMBER_WORDS[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _NUMBER_WORDS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return _NUMBER_WORDS[n // 100] + " hundred" + (" and " + _words(rest) if rest else "")
    rest = n % 1000
    tail = "" if not rest else (" and " + _words(rest) if rest < 100 else " " + _words(rest))
    return _words(n // 1000) + " thousand" + tail


def money_words(amount: int) -> str:
    """'five hundred pounds', 'one thousand two hundred and fifty pounds'."""
    return _words(amount) + " pounds"


def _gbp(amount: int) -> str:
    return f"£{amount:,}"


@dataclass
class Statement:
    """One decision statement: its text and the facts it states."""

    ref: str
    complaint_ref: str
    outcome: str
    decision_date: dt.date
    category: str
    themes: list[str]
    text: str = ""
    items: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    header: list[tuple[str, str]] = field(default_factory=list)
    summary: str = ""
    remedy_before_ombudsman: bool = False   # the council had already offered a suitable remedy

    def truth(self, formats: list[str]) -> dict:
        """The row of truth/decisions.jsonl."""
        total = sum(item["amount_gbp"] for item in self.items) if self.items else None
        return {"ombudsman_ref": self.ref, "complaint_ref": self.complaint_ref, "outcome": self.outcome.lower(),
                "decision_date": self.decision_date.isoformat(), "category": self.category,
                "themes": self.themes, "remedy_before_ombudsman": self.remedy_before_ombudsman,
                "remedy_total_gbp": total, "items": self.items, "actions": self.actions,
                "formats": formats}


class _Deadline:
    def __init__(self, decided: dt.date):
        self.decided = decided

    def due(self, kind: str) -> str:
        if kind == "one month":
            return add_months(self.decided, 1).isoformat()
        if kind == "three months":
            return add_months(self.decided, 3).isoformat()
        return add_working_days(self.decided, 20).isoformat()


_LEADS = {"one month": "Within one month of my final decision", "three months": "Within three months of my final decision",
          "20 working days": "Within 20 working days of my final decision"}


def _money_item(rng: random.Random, kind: str, slots: dict, m: dict, theme: str) -> tuple[str, dict]:
    """Write one money bullet; return its wording and the item (amount, purpose, basis, payee)."""
    spec = m["money"][kind]
    template = rng.choice(spec.get("by_theme", {}).get(theme) or spec["texts"])
    local = dict(slots)
    purpose = spec["purpose"]
    if kind == "monthly":
        rate, n = rng.choice([100, 150, 200, 250, 300, 400]), rng.randint(2, 14)
        amount, basis = rate * n, f"£{rate} a month for {n} months"
        local.update(rate=_gbp(rate), n=str(n) if rng.random() < 0.5 else _words(n))
    elif kind == "termly":
        rate, n = rng.choice([600, 900, 1200, 1500, 1800, 2400]), rng.randint(1, 4)
        amount, basis = rate * n, f"£{rate} a term for {n} terms"
        local.update(rate=_gbp(rate), n_terms="one term" if n == 1 else f"{_words(n)} terms",
                     n=_words(n) if rng.random() < 0.7 else str(n))
    elif kind == "long_loss":
        rate, n = rng.choice([2400, 2600, 2800]), rng.randint(7, 11)
        amount, basis = rate * n, f"£{rate} a term for {n} terms"
        local.update(rate=_gbp(rate), n=_words(n))
    elif kind == "each_child":
        per, n = rng.choice([100, 150, 200, 250, 300, 500]), rng.randint(2, 3)
        amount, basis = per * n, f"£{per} to each of {n} children"
        local.update(per=_gbp(per), n=_words(n))
    elif kind == "weekly":
        rate, n = rng.choice([40, 50, 60, 75, 100]), rng.randint(3, 10)
        # Monday to Friday of the last week: the count is the same whether read as weeks or school weeks
        start = slots["_decided"] - dt.timedelta(days=rng.randint(150, 300))
        start -= dt.timedelta(days=start.weekday())
        end = start + dt.timedelta(days=7 * (n - 1) + 4)
        amount, basis = rate * n, f"£{rate} a week for {n} weeks ({start.isoformat()} to {end.isoformat()})"
        local.update(rate=_gbp(rate), start=f"{start.day} {start.strftime('%B')}", end=long_date(end))
    elif kind == "reimburse":
        amount = rng.choice([340, 485, 612, 780, 960, 1240, 1575, 2100, 2860, 3415])
        basis = f"£{amount} reimbursed"
        local.update(amount=_gbp(amount))
    else:   # a single sum: distress, time and trouble, lost provision, a further sum
        choices = spec["amounts"]
        amount = rng.choice(choices)
        basis = f"£{amount}"
        words = rng.random() < 0.15 and amount % 50 == 0
        local.update(amount=money_words(amount) if words else _gbp(amount) + ("" if rng.random() < 0.8 else ".00"))
    wording = render(template, local)
    if kind in ("monthly", "termly", "each_child", "long_loss") and rng.random() < 0.35:
        wording += f" (a total of {_gbp(amount)})"
    payee = spec.get("payee", "parent")
    return wording, {"amount_gbp": amount, "purpose": purpose, "basis": basis, "payee": payee}


def _numbered(paragraphs: list[str], start: int) -> tuple[list[str], int]:
    out = []
    for text in paragraphs:
        out.append(f"{start}. {text}")
        start += 1
    return out, start


def write_statement(rng: random.Random, ref: str, complaint_ref: str, outcome: str, decided: dt.date,
                    team: str, themes: list[str], complainant_title: str, child_sex: str) -> Statement:
    """Compose one anonymised decision statement and the structured truth behind it."""
    m = _material()
    send_team = team not in _CATEGORY
    category = _SEND_CATEGORY if send_team else _CATEGORY[team]
    if "transport" in themes and rng.random() < 0.6:
        category = "Education > School transport"
    person = {"Mr": "Mr X", "Mrs": "Mrs X", "Ms": "Ms X", "Miss": "Miss X"}.get(complainant_title, "Mrs X")
    she, her = ("he", "his") if complainant_title == "Mr" else ("she", "her")
    cz_he, cz_his, cz_him = ("he", "his", "him") if child_sex == "m" else ("she", "her", "her")
    slots = {"X": person, "she": she, "her": her, "herself": "himself" if she == "he" else "herself", "She": she.capitalize(), "Her": her.capitalize(),
             "child": rng.choice(["Y", "Z", "C"]), "he": cz_he, "his": cz_his, "him": cz_him,
             "He": cz_he.capitalize(), "His": cz_his.capitalize(), "_decided": decided,
             "child_rel": "son" if child_sex == "m" else "daughter"}
    used_themes = themes or ["communication"]
    # the statement's themes are those its complaint section describes
    st = Statement(ref, complaint_ref, outcome, decided, category, list(used_themes))
    deadline = _Deadline(decided)

    scenarios = [rng.choice([sc for sc in m["scenario"] if sc["theme"] == t]) for t in used_themes]
    complaint = [render(sc["complaint"], slots) for sc in scenarios]
    complaint.append(render(rng.choice(m["injustice"]), slots))
    paras_c, n = _numbered(complaint, 1)
    sections: list[tuple[str, list[str]]] = [("The complaint", paras_c)]

    if outcome == "Closed after initial enquiries":
        template = rng.choice(m["closed_reasons"])
        st.remedy_before_ombudsman = "already apologised" in template
        reason = render(template, slots)
        assess, n = _numbered([reason, render(rng.choice(m["closed_more"]), slots)], n)
        sections.append((rng.choice(["My assessment", "Assessment"]), assess))
        final, n = _numbered([render(rng.choice(m["closed_final"]), slots)], n)
        sections.append(("Final decision", final))
        st.summary = render(rng.choice(m["summary_closed"]), slots)
    else:
        found = []
        for sc in scenarios:
            found.append(render(sc["law"], slots))
            found.append(render(sc["fault" if outcome == "Upheld" else "no_fault"], slots))
        asides = [sc["aside"] for sc in scenarios if "aside" in sc]
        if asides and rng.random() < 0.5:   # money that is not a remedy: plan costs, budgets, sums not recommended
            found.insert(rng.randint(1, len(found)), render(rng.choice(asides), slots))
        found_paras, n = _numbered(found, n)
        sections.append((rng.choice(["What I found", "What I found", "What I found", "Analysis"]), found_paras))
        if outcome == "Upheld":
            action_paras, n = _agreed_actions(rng, m, st, slots, used_themes, deadline, n)
            sections.append((rng.choice(["Agreed action", "Agreed action", "Agreed actions", "Action"]), action_paras))
            final, n = _numbered([render(rng.choice(m["final_upheld"]), slots)], n)
            summaries = m["summary_upheld_money"] if st.items else m["summary_upheld_plain"]
            st.summary = render(rng.choice(summaries), slots)
        else:
            final, n = _numbered([render(rng.choice(m["final_not_upheld"]), slots)], n)
            st.summary = render(rng.choice(m["summary_not_upheld"]), slots)
        sections.append(("Final decision", final))
    st.sections = sections
    date_label = rng.choice(["Decision date", "Decision date", "Decision date", "Date"])
    st.header = [("Reference", ref), ("Council", COUNCIL), ("Category", category), ("Decision", outcome),
                 (date_label, long_date(decided))]
    st.text = decision_text(st)
    return st


def _agreed_actions(rng, m, st: Statement, slots, themes, deadline: _Deadline, n: int) -> tuple[list[str], int]:
    remedy_kinds = list(rng.choice(m["remedy_sets"][themes[0]]))
    if rng.random() < 0.15:
        remedy_kinds = []   # an apology and improvements only, no money
    first_lead = rng.choice(["one month", "one month", "20 working days"])
    bullets = [render(rng.choice(m["apology"]), slots)]
    st.actions.append({"description": bullets[0], "due": deadline.due(first_lead), "kind": "remedy"})
    for kind in remedy_kinds:
        wording, item = _money_item(rng, kind, slots, m, themes[0])
        item["due"] = deadline.due(first_lead)
        st.items.append(item)
        bullets.append(wording)
        st.actions.append({"description": wording, "due": item["due"], "kind": "remedy"})
    if rng.random() < 0.4:
        extra = render(rng.choice(m["corrective"][themes[0]]), slots)
        bullets.append(extra)
        st.actions.append({"description": extra, "due": deadline.due(first_lead), "kind": "remedy"})
    if rng.random() < 0.15:   # some statements write the first actions as a sentence, not a list
        joined = ", ".join(bullets[:-1]) + " and " + bullets[-1] if len(bullets) > 1 else bullets[0]
        paras = [f"The Council has agreed that, {_LEADS[first_lead][0].lower()}{_LEADS[first_lead][1:]}, it will {joined}."]
    else:
        paras = [f"{_LEADS[first_lead]} the Council will:\n" + "\n".join(f"  - {b}" for b in bullets)]
    options = [text for t in themes for text in m["improvements"][t]]
    improvements = rng.sample(options, k=min(len(options), rng.randint(1, 3))) if rng.random() < 0.8 else []
    if improvements:
        lead = rng.choice(["three months", "three months", "20 working days"])
        if lead == first_lead:
            lead = "three months"
        texts = [render(t, slots) for t in improvements]
        paras.append(f"{_LEADS[lead]} the Council will:\n" + "\n".join(f"  - {t}" for t in texts))
        for t in texts:
            st.actions.append({"description": t, "due": deadline.due(lead), "kind": "service_improvement"})
    paras.append(rng.choice(m["evidence"]))
    return _numbered(paras, n)


def decision_text(st: Statement) -> str:
    """The plain-text layout of FORMATS.md."""
    lines = ["Local Government and Social Care Ombudsman", "Decision statement"]
    lines += [f"{label}: {value}" for label, value in st.header]
    lines += ["", f"Summary: {st.summary}", ""]
    for heading, paras in st.sections:
        lines.append(heading)
        lines.extend(paras)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
