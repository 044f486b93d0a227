"""Remedies in an ombudsman decision: money items with their arithmetic, purposes, payees and due dates,
and the non-money remedies (apology, reassessment, procedure review, training, service improvement).

Which sums are remedies is decided by `nlp.remedy_cues`; the per-period arithmetic lives in
`nlp.remedy_arithmetic`; this module finds the remedy part of the text, walks its statements and
assembles the result.

How money is counted (the README repeats these rules):
- Only the remedy part of the text is read: the "Agreed action" / "Recommended action" section when the
  statement has one, else a labelled summary, else the whole text.
- A sum counts when the nearest cue before it in its clause (the bullet's lead-in line included) asks for
  or records agreement to a payment ("pay", "payment of", "reimburse", "refund", "a further").
  It does not count when that nearest cue is a claim ("Mrs X asked for"), a cost or budget ("the
  placement costs", "a budget of", "fee of"), money already paid or offered before the decision ("had
  already paid", "offered at stage 2", "she spent"), or the clause refuses a payment ("I do not recommend").
- Money the council already paid or offered is not part of the total; when the statement calls it a
  suitable remedy the result says `remedy_before_ombudsman`.
- Arithmetic: "£A a month for N months" = A x N; "£A per term for the two terms" = A x 2; "£A a week from D1
  to D2" = A x weeks, where weeks = the days from D1 to D2 inclusive divided by 7, rounded UP (any part
  week counts, which equals the number of weeks touched when D1 is a Monday); "£A a month from <month> to
  <month>" counts months inclusively; "£A to each of her two children" / "£A each to Mrs X and Mr X" = A x 2.
  A per-period sum with no count ("£100 a month until it is in place") cannot be totalled: it is listed
  under `open_ended` and flags the decision for review.
- A learned second opinion (`nlp.remedy_check`) holds the rules' sums back, under `doubted` and flagged for
  review, when the text reads as ordering no money remedy.
- A total above £25,000 is kept as summed but `needs_review` is set with the reason, so reports can hold
  it back until a person has checked it.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from nlp.dates import parse_date
from nlp.deadlines import due_date, find_deadline
from nlp.errors import NlpError
from nlp.money import Amount, find_amounts
from nlp.remedy_check import RemedyCheck, shipped_records, train_check
from nlp.sections import SECTION_NAMES, heading_pattern, inline_heading_pattern
from nlp.remedy_arithmetic import PER_PERIOD, count_from_context, deductions, per_child, written_total
from nlp.remedy_cues import (ALREADY_AFTER, CONDITION_WITHIN, CONDITIONAL_AFTER, CONDITIONAL_BEFORE, CLAIM_BETWEEN, LIST_CONTINUES, OWN_REMEDY_SUITABLE, PAY_AFTER, PURPOSE_AFTER, PURPOSE_BEFORE, CLAIMED_AFTER, PRIOR_REMEDY,
                             REFUSAL, SUITABLE, TOP_UP, cue_verdict, refuses_payment)

__all__ = ["extract_remedies", "train_remedy_check", "remedy_region", "non_money_kind", "REVIEW_THRESHOLD_GBP", "PURPOSES", "NON_MONEY_KINDS"]

REVIEW_THRESHOLD_GBP = 25_000
PURPOSES = ("distress", "lost_provision", "time_and_trouble", "reimbursement", "other")
NON_MONEY_KINDS = ("apology", "reassessment", "procedure_review", "staff_training", "service_improvement", "other")

_ACTION_HEADING = heading_pattern("agreed_action")
_ANY_HEADING = heading_pattern(*(name for name in SECTION_NAMES if name != "agreed_action"))
_ACTION_LABEL = inline_heading_pattern("agreed_action")
_ANY_LABEL = inline_heading_pattern(*SECTION_NAMES)
_FINDINGS_HEADING = heading_pattern("findings")
_DECISION_HEADING = heading_pattern("final_decision")
# An action section that pays sums set out in the findings: "make the payments described above"
_PAID_AS_ABOVE = re.compile(
    r"\b(?:payments?|sums?|amounts?|remed(?:y|ies))\s+(?:\w+\s+){0,2}?(?:described|set out|mentioned|explained|outlined|recommended|agreed|identified)\s+"
    r"(?:above|earlier|in (?:paragraphs?|para\.?)\s+\d+)|\bthe above (?:payments?|sums?|amounts?)\b",
    re.IGNORECASE,
)
_SUMMARY_LABEL = re.compile(r"^\s*summary\s*:\s*(?P<body>.+)$", re.IGNORECASE | re.MULTILINE)

# A later sentence paying a sum stated earlier: "underpaying her £37.80 a month for 9 months. It will pay the arrears".
_ANAPHORA = re.compile(
    r"\b(?:pay|repay|refund|reimburse|make good)\s+(?:her\s+|him\s+|them\s+|(?:Mr|Mrs|Ms|Miss)\s+[A-Z]\w*\s+)?"
    r"(?:(?:the|this|that|these|those)\s+(?:arrears|shortfall|underpayment|fine|amount|sum|balance|outstanding amount)\b"
    r"|(?:this|it)\b(?=\s+(?:for|within|by|in full|now|to her|to him|to them|to (?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z])\b|\s*[.,;])"
    r"|(?:this|that|it)\s+back\b)",
    re.IGNORECASE,
)
# A later sentence paying several sums listed before it: "For the distress, £300; for the sessions, £480. The
# Council has agreed to pay these sums."
_PLURAL_ANAPHORA = re.compile(
    r"\b(?:pay|paying|repay|make|making|reimburse|refund)\s+(?:her\s+|him\s+|them\s+|(?:Mr|Mrs|Ms|Miss)\s+[A-Z]\w*\s+)?"
    r"(?:(?:all|both)\s+(?:of\s+)?)?(?:(?:these|those|the above|the)\s+(?:\w+\s+)?(?:sums|amounts|payments|figures)|(?:all\s+of\s+)?them\b(?!\s+(?:for|£))"
    r"|all\s+(?:two|three|four|five)\b|both\b(?!\s+(?:of\s+)?(?:her|his|their|the|mr|mrs|ms)\b))"
    r"|\b(?:these|those|the above|the following)\s+(?:sums|amounts|payments)\s+(?:are|were|will be|should be)\s+(?:to be\s+)?(?:paid|agreed|recommended)\b",
    re.IGNORECASE,
)
_FURTHER_ONLY = re.compile(r"(?:\band|\bplus|,)\s+(?:then\s+|later\s+)?(?:a further|an additional|another|an extra)\s*$", re.IGNORECASE)
_ASKS_TO_PAY = re.compile(r"\b(?:pay|recommend|agree|should|will|must|award|reimburse|refund)\w*", re.IGNORECASE)
_COORDINATOR = re.compile(r"\b(?:and|or|plus|but)\b|;", re.IGNORECASE)
_RESTATE = re.compile(r"\b(?:we|i|the ombudsman) (?:recommended|recommend|consider|considered)\b", re.IGNORECASE)
_NEW_SUM = re.compile(r"\b(?:further|additional|also|another|extra|second|each|both|plus)\b", re.IGNORECASE)

_PURPOSE_WORDS = [
    ("time_and_trouble", r"T\s*&\s*T\b|time\s*(?:and|&)\s*trouble|time and effort|time (?:she|he|they|(?:mrs|mr|ms|miss) \w+) (?:has |have |had )?spent|(?:for|recognise|reflect) (?:her|his|their|the family's) time\b|chasing|(?:time|effort) (?:spent )?(?:pursuing|complaining)|trouble (?:she|he|they) (?:was|were|has been|have been) put to|pursuing (?:her|his|their|the) complaint|bringing the complaint|trouble"),
    ("reimbursement", r"reimburs\w*|(?:it|the council) owe[sd]\b|unpaid|mileage|fuel|postage|(?:bus|train|taxi) (?:tickets|fares)|fares\b|(?:travel|transport|childcare|respite|therapy|tuition|assessment|report|printing) costs|costs (?:of|for) (?:private|her|his|their)|backdat\w*|refund\w*|repay\w*|costs? (?:she|he|they|the family|mrs \w|mr \w|ms \w) (?:incurred|paid|met)|out of pocket|receipts?|invoices?|mileage|travel costs?|fees? (?:she|he|they) paid|expenses|paid for privately|money (?:she|he|they) spent|the cost of (?:the )?private|backdated|arrears|underpaid"),
    ("lost_provision", r"(?:lost|missed|missing)\s+(?:\w+\s+){0,2}?(?:OT|SALT|SLT|therapy|physio\w*|sessions?|tuition|teaching|schooling|education|provision|support|respite|short breaks|hours|days|weeks|terms?|placement)\b|(?:did not|didn't|does not|has not|had not) (?:receive|get|have|been provided)|(?:was|were|has been|had been) not (?:provided|delivered|arranged|secured|in place)|not (?:provided|delivered|arranged|secured)\b|(?:had|has|with) no (?:transport|education|school place|tuition|therapy|respite|short breaks)|(?:transport|provision|support|therapy|tuition) (?:was|were) (?:unreliable|missing|not in place)|short breaks?|respite\b|physiotherapy|occupational therapy|speech (?:and language )?therapy|(?:therapy|provision|education|tuition|support|schooling|respite|short breaks|sessions?|teaching|learning)\b[^.;£]{0,40}\b(?:missed|lost|went without|go without|did not (?:get|receive|have))\b|loss of (?:the |his |her |their )?(?:education|provision|support|schooling|therapy|tuition|learning|respite)|lost (?:respite|short breaks|education|provision|support|schooling|therapy|tuition|learning|opportunity)|loss of (?:education|provision|support|schooling|therapy|tuition|learning)|missed (?:education|provision|support|schooling|therapy|tuition|sessions)|education (?:\w+ )?(?:missed|lost)|provision (?:\w+ )?(?:missed|lost|not (?:provided|delivered|received))|(?:speech and language|occupational)? ?therapy (?:\w+ )?(?:missed|not provided|lost)|(?:provision|support|education|tuition|therapy) (?:he|she|they|y|z|the child) (?:missed|did not (?:get|receive)|went without|lost)|without (?:suitable |full[- ]time |any )?(?:education|provision|support|a school place|therapy|tuition|schooling)|went without|go without|gone without|\ba term\b|\bterms?\b[^.;£]{0,30}\b(?:missed|lost)|out of (?:school|education)|per term|each term|term of|terms? (?:of education )?missed|section f|provision in (?:his|her|the) plan|educational provision|lack of (?:education|provision|support)|no (?:suitable )?education"),
    ("distress", r"dist\.|distress\w*|frustration|uncertainty|anxiety|upset|avoidable|worry|delays?\b|stress|symbolic|impact on|hurt|inconvenience|disappointment|harm|lost opportunity|delay caused|raised expectations"),
]
_PURPOSE_RE = [(purpose, re.compile(rf"\b(?:{words})", re.IGNORECASE)) for purpose, words in _PURPOSE_WORDS]

_PAYEE = re.compile(
    r"\b(?:pay|to|for|reimburse|refund|compensate)\s+(?:each of\s+|both of\s+)?(?P<payee>(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z]\d?\b(?:\s+and\s+(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z]\d?\b)?"
    r"|(?:her|his|their)\s+(?:son|daughter|child|children|mother|father|parents?|grandmother|grandfather|twins|two children|three children)(?:,?\s+[A-Z]\d?\b)?"
    r"|(?:the\s+)?(?:child|young person|family|parents?)(?:,?\s+[A-Z]\d?\b)?|[A-Z](?=[\s,.;]))",
)

_NON_MONEY = [
    ("apology", r"\bapologi[sz]\w*|\bapology\b|\bsay sorry\b"),
    ("reassessment", r"\bre-?assess\w*|\breview (?:his|her|their|y's|z's|x's|the child's) (?:needs|ehc plan|plan|provision|eligibility|case)|\bcarry out (?:a|an) (?:new |fresh )?(?:ehc )?(?:needs )?assessment|\breconsider\w*|\bfresh decision|\bnew decision|\bcomplete (?:the|an|her|his) (?:annual review|assessment)|\bhold (?:an|the) (?:annual )?review|\bissue (?:the|an|a) (?:final |amended )?(?:ehc )?plan|\bamend (?:the|his|her) (?:ehc )?plan|\bdecide whether"),
    ("procedure_review", r"\breview (?:its|the|their|how)\b(?! (?:child|y|z|x)\b)|\b(?:amend|update|revise|change) (?:its|the) (?:policy|procedure|process|guidance|practice|letters?|template|website|information)|\bpolicy review|\bprocedure review|\baudit\w*"),
    ("staff_training", r"\btrain\w*|\bremind (?:its |relevant |all )?(?:staff|officers|caseworkers|team)|\bbriefing|\bshare (?:this decision|the learning|learning) with (?:its |relevant )?(?:staff|officers|teams?)|\bguidance (?:to|for) (?:its )?(?:staff|officers)"),
    ("service_improvement", r"\baction plan|\bmonitor\w*|\breport (?:to|back to) (?:its |the )?\w*\s*(?:committee|board|scrutiny|members|cabinet|councillors)|\bidentify (?:any )?other|\bwrite to (?:other|any other|all)\b|\bensure (?:that )?(?:it|the council|future)|\bimprove\w*|\bput in place\b|\bset up\b|\bintroduce\b|\bcheck (?:all|other|whether any other)\b|\bservice improvement"),
]
_NON_MONEY_RE = [(kind, re.compile(words, re.IGNORECASE)) for kind, words in _NON_MONEY]
_ACTION_VERB = re.compile(r"\b(?:will|should|must|agreed to|has agreed|have agreed|is to|recommend\w*|to)\b", re.IGNORECASE)

_BULLET = re.compile(r"^\s*(?:[-•*–·]|\(?[a-z]\)|\(?[ivx]+\)|\d+\.\d+|\(\d+\))\s+", re.IGNORECASE)
_REFUND_VERB = re.compile(r"\b(?:reimburs\w*|refund\w*|repay\w*|pay(?:ing)? back)\b(?![^£]*\b(?:for|to recognise|in recognition)\b)[^£]*$", re.IGNORECASE)
# a per-period sum that runs on with no end: never totalled from dates stated elsewhere
_OPEN_END = re.compile(r"^[^£.;]{0,40}?\b(?:until|till|while|whilst|as long as|for as long as|onwards|from (?:the|now|when)|starting|ongoing|going forward"
                       r"|remains?|continues?|is still|after that date)\b", re.IGNORECASE)
_RESTATED_BETWEEN = re.compile(r"(?:[–—(=]|\b(?:i\.e\.?|that is|making|which (?:is|comes to|makes)|a total of|in total|so))\s*$", re.IGNORECASE)
_RESTATED_AFTER = re.compile(r"^\s*(?:in all|in total|altogether|overall)\b", re.IGNORECASE)
_RESTATED_BALANCE = re.compile(r"\b(?:the balance of|together with the|along with the|as well as the|and the)\s*$", re.IGNORECASE)
# "nothing was offered at stage 2": no earlier remedy after all
_NOTHING_BEFORE = re.compile(r"\b(?:nothing|no (?:payment|remedy|offer|money))\s+(?:was|were|had been|has been)\s+(?:offered|paid|provided|made)\b", re.IGNORECASE)
_EACH_OF_THEM = re.compile(r"^\s*(?:to\s+)?each of them\b", re.IGNORECASE)
_TWO_ADULTS = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+(?:[A-Z]\w*\s+)?(?:and|&)\s+(?:Mr|Mrs|Ms|Miss|Mx|Dr)\b")
_AFTER_ASIDE = re.compile(r"^[^£]{0,40}?\b(?:offered|paid|already paid|paid at stage \w+|paid in \w+)\s*\)?\s*(?:,\s*for [^£.;,]{1,40})?,?\s*(?:and|plus|together with|along with|as well as)\s+(?:a further\s+|an additional\s+)?$", re.IGNORECASE)
_OPEN_BEFORE = re.compile(r"(?:^|[,;:]\s*)(?:until|till|while|whilst|for as long as|pending)\b[^£]*$", re.IGNORECASE)
_ACROSS_CASES = re.compile(r"\b(?:across|in|for|over)\s+(?:those|these|all|the|\d+|its|our)\s+(?:\w+\s+){0,2}?(?:complaints|decisions|cases|years)\b[^£]*$", re.IGNORECASE)
_ACROSS_CASES_AFTER = re.compile(r"^[^£.;]{0,25}?\b(?:in remedies|across (?:the|this|that|those|all) (?:year|complaints|decisions|cases))\b", re.IGNORECASE)
_CLOSED_BRACKETS = re.compile(r"\([^()£]*\)")
# a payment verb that governs the sum after it, whoever asked for it: "refund the £380 she paid", "pay her the £250
# she asked for"
_PAYS_THE_SUM = re.compile(r"\b(?:reimburs\w*|refund\w*|repay\w*)\b[^£]{0,30}$"
                           r"|\bpay\s+(?:(?:her|him|them)\s+|(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z]\w*\s+)?the\s*$", re.IGNORECASE)
_NEW_PURPOSE_AFTER = re.compile(r"^\s*(?:[\w'-]+\s+){0,2}?(?:for|to (?:recognise|reflect|acknowledge|cover)|she|he|they|you|spent|paid|mileage|fares|costs?)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s)\s*|\n\s*\n")
_ADDS_TO = re.compile(r"\b(?:also|further|additional|in addition|as well|another|extra|too|on top)\b", re.IGNORECASE)
_BREAKDOWN_GAP = re.compile(r"\s*(?:(?:in total|in all|altogether|overall|a month|a week|a term|per \w+),?\s*)?", re.IGNORECASE)
_STARTS_WITH_SUM = re.compile(r"^\s*(?:£\s?\d|\d[\d,]*(?:\.\d\d)?\s*(?:pounds|GBP)\b)", re.IGNORECASE)
_PARA_NUMBER = re.compile(r"^\s*\d+[.)]\s+")


def non_money_kind(text: str) -> str | None:
    """The kind of non-money remedy a statement asks for (apology, reassessment, ...), or None."""
    for kind, regex in _NON_MONEY_RE:
        if regex.search(text):
            return kind
    return None


def remedy_region(text: str) -> tuple[int, int, bool]:
    """The (start, end) of the text that states the remedy and whether it is an action section.

    Prefers the Agreed/Recommended action section (a heading line, else a label before its text on the same
    line, "Recommended action: We recommended ..."), then a labelled summary, else the whole text.
    """
    heading = _ACTION_HEADING.search(text)
    if heading:
        following = [m.start() for m in _ANY_HEADING.finditer(text) if m.start() > heading.end()]
        following += [m.start() for m in _ACTION_HEADING.finditer(text) if m.start() > heading.end()]
        return heading.end(), min(following) if following else len(text), True
    label = _ACTION_LABEL.search(text)
    if label:
        paragraph_end = text.find("\n\n", label.end())
        following = [m.start() for pattern in (_ANY_HEADING, _ANY_LABEL) for m in pattern.finditer(text, label.end())]
        following.append(paragraph_end if paragraph_end != -1 else len(text))
        return label.end(), min(following), True
    summary = _SUMMARY_LABEL.search(text)
    if summary:
        end = text.find("\n\n", summary.start())
        return summary.start("body"), end if end != -1 else len(text), False
    heading = re.search(r"^\s*summary\s*$", text, re.IGNORECASE | re.MULTILINE)
    if heading:
        following = [m.start() for m in _ANY_HEADING.finditer(text) if m.start() > heading.end()]
        return heading.end(), min(following) if following else len(text), False
    return 0, len(text), False


def _units(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Split the region into statements (sentences and bullets), each with the lead-in line it sits under."""
    units: list[tuple[int, int, str]] = []
    lead_in, lead_in_numbered = "", False
    pos = start
    for line in text[start:end].splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        stripped = line.strip()
        if not stripped:
            continue
        # "The Council should pay Ms H the following:" then lines that start with a sum are the list's items
        # ... and so are "1. an apology", "2. £1,800 ..." under a lead-in that is not itself a numbered paragraph
        is_bullet = bool(_BULLET.match(line)) or bool(lead_in and (_STARTS_WITH_SUM.match(line) or
                                                                   (_PARA_NUMBER.match(line) and not lead_in_numbered)))
        offset = line_start + (len(line) - len(line.lstrip()))
        body = line.strip()
        lead = _BULLET.match(body) or _PARA_NUMBER.match(body)
        if lead:
            offset += lead.end()
            body = body[lead.end():]
        if not is_bullet:
            lead_in = ""
        for sentence in re.finditer(r"(?:[^.!?]|\.(?=\d))+(?:[.!?]+(?=\s|$)|$)|[^\s].*$", body):
            piece = sentence.group(0)
            if not piece.strip():
                continue
            s = offset + sentence.start() + (len(piece) - len(piece.lstrip()))
            units.append((s, offset + sentence.end(), lead_in if is_bullet else ""))
        if not is_bullet and body.rstrip().endswith(":"):
            lead_in, lead_in_numbered = body, bool(_PARA_NUMBER.match(stripped))
    return _merge_decimal_splits(text, units)


def _merge_decimal_splits(text: str, units: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Rejoin pieces the sentence split cut at "Mrs." or a decimal point followed by a space-less digit."""
    merged: list[tuple[int, int, str]] = []
    for unit in units:
        if merged:
            prev = merged[-1]
            tail = text[prev[0]:prev[1]]
            if re.search(r"\b(?:Mr|Mrs|Ms|Dr|No|para|e\.g|i\.e|ea|approx|dist|apol|sess|wks?|mths?|acct|recs?|fam|cl|w/in)\.$", tail) and prev[2] == unit[2]:
                merged[-1] = (prev[0], unit[1], prev[2])
                continue
        merged.append(unit)
    return merged


def _open_parenthesis(text: str, position: int) -> int:
    """Where the parenthesis still open at `position` starts, or -1 when none is open."""
    opened: list[int] = []
    for index, char in enumerate(text[:position]):
        if char == "(":
            opened.append(index)
        elif char == ")" and opened:
            opened.pop()
    return opened[-1] if opened else -1


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause spans within a sentence; a refusal only silences its own clause ("..., but it should pay £200")."""
    cuts = [0] + [m.start() + 1 for m in re.finditer(r";|,?\s+but\s+|\.\s+However,?\s+|,\s+however,?\s+|,\s+having\s+|,\s+(?:after|since)\s+(?:it|the council)\s+had\s+", sentence)
                  if _open_parenthesis(sentence, m.start()) < 0] + [len(sentence)]
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]


def _purpose(after: str, before: str) -> str:
    if _REFUND_VERB.search(before[-60:]):
        return "reimbursement"  # "reimburse the £640 she spent on private therapy": paying back is the purpose
    for window in (after, before[::-1]):
        best = None
        for purpose, regex in _PURPOSE_RE:
            text = window if window is after else before
            matches = list(regex.finditer(text))
            if not matches:
                continue
            position = matches[0].start() if window is after else len(text) - matches[-1].end()
            if best is None or position < best[0]:
                best = (position, purpose)
        if best:
            return best[1]
    return "other"


def _payee(before: str, after: str) -> str | None:
    for window in (after[:60], before[-80:]):
        match = _PAYEE.search(window)
        if match:
            return match.group("payee").strip()
    return None


def extract_remedies(text: str, decision_date: date | str | None = None, *, check: bool | RemedyCheck = True) -> dict:
    """The money and non-money remedies a decision states, with totals, spans and due dates.

    The learned check (`nlp.remedy_check`; `check=True` is the one trained on the shipped texts, or pass your
    own; `False` for the rules alone) gives a second opinion on the rules' sums and their purposes: when it reads
    the text as ordering no money, the sums are listed under `doubted`, not totalled, and the decision is flagged
    for review; each item takes the purpose it reads from the words around the sum."""
    if isinstance(decision_date, str):
        written = decision_date
        decision_date = parse_date(written) if written.strip() else None
        if written.strip() and decision_date is None:
            raise NlpError(f"decision_date {written!r} is not a date; write it as YYYY-MM-DD")
    items, open_ended, conditional_items, non_money = _rule_reading(text, decision_date)
    reasons = []
    doubted: list[dict] = []
    if check is True:
        check = _shipped_check()
    if check and items:
        for item, purpose in zip(items, check.purposes(text, items)):
            item["purpose"] = purpose or item["purpose"]
    doubt = check.doubt(text, items) if check and items else None
    if doubt:
        doubted, items = items, []
        reasons.append(doubt.reason(i["amount_gbp"] for i in doubted))
    total = round(sum(i["amount_gbp"] for i in items), 2) if items else None
    if total is not None and total > REVIEW_THRESHOLD_GBP:
        reasons.append(f"remedy total £{total:,.2f} is above £{REVIEW_THRESHOLD_GBP:,}: check the arithmetic before reporting it")
    if open_ended:
        reasons.append("a per-period payment has no end or count, so it cannot be totalled")
    return {
        "remedy_total_gbp": total,
        "items": items,
        "open_ended": open_ended,
        "conditional": conditional_items,
        "doubted": doubted,
        "non_money": non_money,
        "remedy_before_ombudsman": _remedy_before_ombudsman(text),
        "needs_review": bool(reasons),
        "review_reason": "; ".join(reasons) or None,
    }


def _rule_reading(text: str, decision_date: date | None) -> tuple[list, list, list, list]:
    """(items, open_ended, conditional, non_money) as the rules read the remedy part of the text."""
    start, end, in_actions = remedy_region(text)
    items, open_ended, conditional_items, non_money = _read(text, start, end, in_actions, decision_date)
    if not (items or open_ended or conditional_items) and not in_actions:
        # "Our decision\n7. ... The Council has agreed to: (a) apologise; (b) pay £120 a month ...": the actions
        # are written in the decision section when the statement has no action heading
        decided = _DECISION_HEADING.search(text, end if end < len(text) else 0)
        if decided:
            following = [m.start() for m in _ANY_HEADING.finditer(text) if m.start() > decided.end()]
            items, open_ended, conditional_items, more = _read(text, decided.end(), min(following, default=len(text)), True, decision_date)
            non_money = non_money or more
    if in_actions and not (items or open_ended or conditional_items) and _PAID_AS_ABOVE.search(text[start:end]):
        # "The Council will make the payments described above": the sums are in the findings before the actions
        findings = _FINDINGS_HEADING.search(text, 0, start)
        items, open_ended, conditional_items, _ = _read(text, findings.end() if findings else 0, end, False, decision_date)
    return _drop_stated_totals(text, items), open_ended, conditional_items, non_money


def _rules_only(text: str, decision_date: str | None) -> tuple[float | None, list[dict]]:
    result = extract_remedies(text, decision_date, check=False)
    return result["remedy_total_gbp"], result["items"]


def train_remedy_check(records: list[dict]) -> RemedyCheck:
    """A learned check trained on labelled records as these rules read them."""
    return train_check(records, _rules_only)


@functools.cache
def _shipped_check() -> RemedyCheck:
    """The check trained on the shipped labelled texts, once per process (a few seconds)."""
    return train_remedy_check(shipped_records())


def _read(text: str, start: int, end: int, in_actions: bool, decision_date: date | None) -> tuple[list, list, list, list]:
    """(items, open_ended, conditional, non_money) stated in text[start:end], statement by statement."""
    items: list[dict] = []
    uncounted: list[tuple[int, Amount, str, str]] = []
    open_ended: list[dict] = []
    non_money: list[dict] = []
    conditional_items: list[dict] = []
    listed: list[tuple[int, Amount, str, str]] = []  # sums with no cue at all, which a later "pay these sums" may take up
    listed_before: list[tuple[int, Amount, str, str]] = []
    last_unit_start = start
    labels_only = False  # the statement before only labelled its sums ("Distress: £250."), with no verb
    for u_start, u_end, lead_in in _units(text, start, end):
        sentence = text[u_start:u_end]
        previous_unit_start, last_unit_start = last_unit_start, u_start
        # consecutive statements listing sums ("Lost respite: £520. Distress: £250. It will pay these sums")
        listed_before, listed = (listed_before + listed if listed or labels_only else []), []
        labels_only = False
        deadline = find_deadline(sentence) or find_deadline(lead_in)
        due = due_date(deadline, decision_date)
        due_text = due.isoformat() if due else None
        amounts = find_amounts(sentence)
        minus, deducted = deductions(sentence, amounts)
        # "£2,000 less the £500 it had already paid": the sum already paid is taken off, not a reason to skip the sentence
        prior = bool(PRIOR_REMEDY.search(sentence)) and not _NOTHING_BEFORE.search(sentence) and not TOP_UP.search(sentence) and not minus
        conditional = bool(CONDITIONAL_BEFORE.match(sentence)) or bool(lead_in and CONDITIONAL_BEFORE.match(lead_in))
        previous_clause_counted = False
        counted_before = len(items)
        bracketed: dict[int, list[dict]] = {}
        for clause_start, clause_end in _clauses(sentence):
            clause = sentence[clause_start:clause_end]
            clause_prior = prior and bool(PRIOR_REMEDY.search(clause))
            if refuses_payment(clause, lead_in) or clause_prior:
                previous_clause_counted = False
                continue
            clause_amounts = [a for a in amounts if clause_start <= a.start < clause_end]
            counted_in_clause = False
            previous_counted = False
            carried_condition = previous_refused = restating = False
            for index, amount in enumerate(clause_amounts):
                carried_before = carried_condition
                previous_end = clause_amounts[index - 1].end if index else clause_start
                if amount.start in deducted:
                    continue  # the sum taken off a gross remedy, or the remainder restated
                condition = CONDITIONAL_AFTER.match(sentence[amount.end:clause_end])
                if condition and index + 1 < len(clause_amounts) and _COORDINATOR.search(
                        sentence[amount.end:amount.end + condition.start("condition")]):
                    # "£400 for distress and, should the plan be late, a further £200": the condition opens the next item
                    condition, carried_condition = None, True
                else:
                    carried_condition = False
                within = CONDITION_WITHIN.search(sentence[previous_end:amount.start])
                if conditional or condition or carried_before or within:
                    conditional_items.append({"amount": amount.value, "text": amount.text,
                                              "span": [u_start + amount.start, u_start + amount.end]})
                    previous_counted = False
                    continue
                context_before = sentence[clause_start:amount.start]
                between = sentence[previous_end:amount.start]
                opened = _open_parenthesis(sentence, amount.start)
                if opened >= 0 and (any(i["span"][0] < u_start + opened for i in items[counted_before:])
                                    or any(_BREAKDOWN_GAP.fullmatch(sentence[a.end:opened]) for a in amounts if a.end <= opened)):
                    # "£2,250 (three terms at £750)", "£1,100 (£900 ...; £200 ...)": a breakdown of the sum before it
                    part, _, part_open = written_total(amount, sentence[amount.end:clause_end], sentence[previous_end:amount.start])
                    if part and not part_open:
                        bracketed.setdefault(opened, []).append({
                            "amount_gbp": round(part, 2), "purpose": _purpose(sentence[amount.end:clause_end], ""), "payee": None,
                            "basis": f"{amount.text} (part of the sum before the bracket)",
                            "span": [u_start + amount.start, u_start + amount.end], "due": due_text})
                    continue
                # who is asking may be named in the sentence before ("The Ombudsman ... She has asked us to pay")
                # (a bracketed aside, "£250 distress (paid 08/07) + £720 lost tuition", does not govern the next sum)
                verdict = cue_verdict(_without_asides(between),
                                      text[previous_unit_start:u_start] + " " + sentence[:previous_end])
                if index and previous_counted and LIST_CONTINUES.search(between) and not CLAIM_BETWEEN.search(between):
                    verdict = True  # "pay £1,480 ... and £250 for her distress": the list goes on
                if index and previous_refused and verdict is None and LIST_CONTINUES.search(between):
                    verdict = False  # "asking the Council to pay £12,000 ... and £4,200 in legal costs": the claim goes on
                if index and previous_refused and verdict and _FURTHER_ONLY.search(between) and not _ASKS_TO_PAY.search(between):
                    verdict = False  # "Mrs C paid £1,850 for a report and a further £780 for ...": her outlay goes on
                if verdict is None:
                    verdict = cue_verdict(_without_asides(context_before),
                                          text[previous_unit_start:u_start] + " " + sentence[:clause_start])
                if verdict is None and previous_clause_counted:
                    verdict = True  # "(i) £500 ...; (ii) £1,000 ...": later items of a listed remedy
                if verdict is None:
                    verdict = cue_verdict(lead_in)
                if verdict is None and clause_start:
                    verdict = cue_verdict(sentence[:clause_start])  # "Remedy: apology; £60 per week for 9 weeks"
                if verdict is None and in_actions:
                    verdict = True  # "Remedy:\n- £500 for X's missed education": the action section lists remedies
                labelled = bool(PURPOSE_BEFORE.search(between)) and not PURPOSE_AFTER.match(sentence[amount.end:clause_end])
                if verdict is None and (PURPOSE_AFTER.match(sentence[amount.end:clause_end]) or labelled):
                    labels_only = not _ACTION_VERB.search(sentence)
                    verdict = True  # "upheld — £350 distress + £1,200 lost OT": a terse note of the remedy
                if not verdict and PAY_AFTER.match(sentence[amount.end:]):
                    verdict = True
                if verdict and CLAIMED_AFTER.match(sentence[amount.end:clause_end]) and not _PAYS_THE_SUM.search(between):
                    verdict = False  # "the £2,500 you requested" (but "pay her the £250 she asked for" pays it)
                if verdict and (_ACROSS_CASES.search(sentence[clause_start:amount.start]) or _ACROSS_CASES_AFTER.match(sentence[amount.end:clause_end])):
                    verdict = False  # "remedies agreed across those complaints totalled £23,450": a figure for many cases
                if verdict is False and counted_in_clause and _AFTER_ASIDE.match(between):
                    verdict = True  # "£750, instead of the £300 it offered, and £250 for her time": the list goes on
                previous_refused = verdict is False
                if not verdict or ALREADY_AFTER.match(sentence[amount.end:clause_end]):
                    previous_counted = False
                    if verdict is None and not ALREADY_AFTER.match(sentence[amount.end:clause_end]):
                        listed.append((u_start, amount, sentence[amount.end:clause_end], sentence[previous_end:amount.start]))
                    uncounted.append((u_start, amount, sentence[amount.end:clause_end], sentence[previous_end:amount.start]))
                    continue
                if _has_sum(items[counted_before:], amount.value) and (
                        _RESTATED_BETWEEN.search(between) or _RESTATED_AFTER.match(sentence[amount.end:])):
                    # "£500 per term for the three terms – £1,500 in all –": the sum just counted, restated; a deduction
                    # written against the restatement ("so £900, less the £200 paid") applies to the sum counted
                    if amount.start in minus:
                        _deduct_from_counted(items[counted_before:], amount.value, minus[amount.start])
                    continue
                if _has_sum(items, amount.value) and _RESTATED_BALANCE.search(between):
                    continue  # "we will pay you the balance of £1,500 together with the £300": sums already counted
                if ((re.search(r"\bthe\s*$", between) or restating and re.fullmatch(r"\s*(?:\+|and|&|,)\s*", between))
                        and not _NEW_PURPOSE_AFTER.match(sentence[amount.end:])
                        and _has_sum(items[:counted_before], amount.value)):
                    restating = True
                    continue  # "We advise paying the £450 within the month", "pay the £650 + £300": sums counted before
                restating = False
                if _is_restatement(sentence, amount, items):
                    continue
                previous_counted = counted_in_clause = True
                following = [a for a in clause_amounts[index + 1:] if a.start not in deducted]
                next_start = following[0].start if following else clause_end
                after = sentence[amount.end:next_start]
                before = sentence[previous_end:amount.start]
                total, basis, is_open = written_total(amount, sentence[amount.end:clause_end], before, decision_date)
                if not is_open and total == amount.value and _EACH_OF_THEM.match(sentence[amount.end:clause_end]) and \
                        _TWO_ADULTS.search(text[start:u_start] + " " + sentence[:amount.start]):
                    total, basis = amount.value * 2, f"{amount.text} to each of two people = £{amount.value * 2:,.2f}"
                if is_open:  # "£100 for every month the plan was late; the plan was four months late"
                    total, basis, is_open = written_total(amount, sentence[amount.end:], before, decision_date)
                runs_on = is_open and bool(_OPEN_BEFORE.search(sentence[:amount.start]))
                if is_open and not runs_on:  # "Until a new provider is in place, ... £60 a week" runs on, whatever came before
                    # the period it refers back to is stated earlier in the remedy part, else anywhere before it
                    # dates anywhere before beat a bare count ("within four weeks") in the remedy part
                    for earlier, dates_only in ((text[start:u_start], True), (text[:u_start], True), (text[start:u_start], False), (text[:u_start], False)):
                        total, basis, is_open = count_from_context(amount, sentence[amount.end:clause_end], before, earlier, decision_date,
                                                                   dates_only=dates_only)
                        if not is_open:
                            break
                if is_open and not runs_on and not _OPEN_END.match(sentence[amount.end:clause_end]):
                    # "From September to February Y had no tuition. It should pay £300 for each month of missed education"
                    nearby = text[previous_unit_start:u_start] + " " + sentence[:amount.start]
                    total, basis, is_open = count_from_context(amount, sentence[amount.end:clause_end], before, nearby, decision_date, refers_back=False)
                children = None if is_open or re.search(r"\beach\b|children|people", basis) else per_child(
                    amount, sentence[amount.end:clause_end], before, text[:u_start] + " " + sentence[:amount.start])
                if children:  # "£150 to each son" (Mrs T's two sons, named earlier)
                    total = total * children
                    basis = f"{basis} for each of {children} children = £{total:,.2f}"
                if total is not None and total != amount.value and _has_sum(items[counted_before:], total):
                    if amount.start in minus:  # "£800, being £400 for each of her two sons, less the £200 paid"
                        _deduct_from_counted(items[counted_before:], total, minus[amount.start])
                    continue  # "£2,730, being the payments owed for 21 weeks at £130 a week": the rate behind a sum counted
                if amount.start in minus and total is not None:
                    # "agreed to make a payment of £1,800 ... It should now pay £1,800 less the £600": the earlier mention restated
                    items[:] = [i for i in items if abs(i["amount_gbp"] - total) >= 0.005]
                    taken = minus[amount.start]
                    total -= taken.value
                    basis = f"{basis} less {taken.text} = £{total:,.2f}"
                # its label in a case note, the words around the sum, else the rest of its sentence and the sentence before
                purpose = _purpose("", between) if labelled else _purpose(after, before)
                if purpose == "other" and not labelled:
                    purpose = _purpose(sentence[amount.end:], text[max(start, u_start - 200):u_start] + " " + sentence[:amount.start])
                item = {
                    "amount_gbp": round(total, 2) if total is not None else None,
                    "purpose": purpose,
                    "payee": _payee(sentence[clause_start:amount.start], after),
                    "basis": basis,
                    "span": [u_start + amount.start, u_start + amount.end],
                    "due": due_text,
                }
                (open_ended if is_open else items).append(item)
            previous_clause_counted = counted_in_clause
        for opened, parts in [*bracketed.items(), (min(bracketed, default=0), [p for ps in bracketed.values() for p in ps])]:
            # a total with its parts in brackets ("£2,250 in total (£1,800 for ... and £450 for ...)", "£1,100, as set
            # out in paragraph 19 (£900) and paragraph 21 (£200)"): the parts are the items
            whole = next((i for i in items[counted_before:] if i["span"][0] < u_start + opened
                          and len(parts) >= 2 and abs(sum(p["amount_gbp"] for p in parts) - i["amount_gbp"]) < 0.005), None)
            if whole:
                at = items.index(whole)
                items[at:at + 1] = [dict(p, due=whole["due"], payee=whole["payee"]) for p in parts]
                break
        plural = _PLURAL_ANAPHORA.search(sentence)
        if plural and len(items) == counted_before and not prior and not refuses_payment(sentence):
            for origin_start, amount, after_text, before_text in listed_before + [
                    entry for entry in listed if entry[0] + entry[1].end <= u_start + plural.start()]:
                total, basis, is_open = written_total(amount, after_text, before_text)
                if total and not is_open:
                    items.append({"amount_gbp": round(total, 2), "purpose": _purpose(after_text, before_text), "payee": None,
                                  "basis": f"{basis} (agreed as '{plural.group(0)}')",
                                  "span": [origin_start + amount.start, origin_start + amount.end], "due": due_text})
            listed = []
        anaphora = _ANAPHORA.search(sentence)
        # the reference is to a sum of this sentence when one was counted before it ("a further £200 ... pay it")
        own_sum_before = anaphora and (any(i["span"][0] < u_start + anaphora.start() for i in items[counted_before:])
                                       # or straight after it: "pay the shortfall of £75 a month for those twelve months"
                                       or bool(re.match(r"\s*(?:of\s+)?£", sentence[anaphora.end():])))
        # "... and asked the Council to refund it": the family's claim, not a remedy
        claimed = anaphora and cue_verdict(sentence[:anaphora.end()], text[previous_unit_start:u_start]) is False
        if anaphora and not own_sum_before and not claimed and not prior and not refuses_payment(sentence) and uncounted:
            # "underpaying her by £37.80 a month for 9 months. It will pay the arrears": the earlier sum is the remedy
            origin_start, amount, after_text, before_text = uncounted[-1]
            total, basis, is_open = written_total(amount, after_text, before_text)
            per = PER_PERIOD.match(after_text)
            if is_open and per:  # "£12 a day ... reimburse this for the 40 days": the count comes with the reference
                total, basis, is_open = written_total(amount, after_text[:per.end()] + " " + sentence[anaphora.end():], before_text)
            if total and not is_open:
                purpose = _purpose(after_text, before_text)
                items.append({"amount_gbp": round(total, 2), "purpose": purpose if purpose != "other" else "reimbursement", "payee": None,
                              "basis": f"{basis} (referred to as '{anaphora.group(0)}')",
                              "span": [origin_start + amount.start, origin_start + amount.end], "due": due_text})
                uncounted.pop()
        if prior:
            continue
        if in_actions or _ACTION_VERB.search(sentence) or lead_in:
            kind = non_money_kind(sentence)
            if kind and not REFUSAL.search(sentence):
                non_money.append({"kind": kind, "text": sentence.strip(), "due": due_text,
                                  "span": [u_start, u_end]})
    return items, open_ended, conditional_items, non_money


def _has_sum(items: list[dict], value: float) -> bool:
    """Whether one of `items` is `value`, to the penny."""
    return any(abs(i["amount_gbp"] - value) < 0.005 for i in items)


def _deduct_from_counted(items: list[dict], value: float, taken: Amount) -> None:
    """Take a deduction written against a restated sum ("so £900, less the £200 paid") off the item counted for it."""
    same = next(i for i in reversed(items) if abs(i["amount_gbp"] - value) < 0.005)
    same["amount_gbp"] = round(same["amount_gbp"] - taken.value, 2)
    same["basis"] += f" less {taken.text} = £{same['amount_gbp']:,.2f}"


def _without_asides(text: str) -> str:
    """`text` with its closed bracketed asides blanked out (same length), so their words govern no sum."""
    return _CLOSED_BRACKETS.sub(lambda m: " " * len(m.group(0)), text)


def _is_restatement(sentence: str, amount: Amount, items: list[dict]) -> bool:
    """A sentence that only repeats a sum already counted ("We recommended £3,500 because ...")."""
    if not _RESTATE.search(sentence) or _NEW_SUM.search(sentence):
        return False
    if re.search(r"\b(?:pay|pays|reimburse|refund)\b", sentence[:amount.start], re.IGNORECASE):
        return False
    return _has_sum(items, amount.value)


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of the text."""
    cuts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _drop_stated_totals(text: str, items: list[dict]) -> list[dict]:
    """Drop a sum written as the total of the items beside it ("a total of £2,000: £1,500 ... and £500 ...";
    "... told to pay £2,150. It must pay £1,800 for ... and £350 for ...")."""
    keep = list(items)
    for item in list(keep):
        start, end = item["span"]
        near = text[max(0, start - 25):end + 25].lower()
        breakdown_follows = bool(re.match(
            r"^[^£]{0,40}?(?:made up of|being|comprising|consisting of|which is|that is|which represents|representing|equivalent to"
            r"|this is|this comprises|this represents|this covers|this is made up of|broken down as|(?:it )?breaks down as|of which|:|[—–])"
            # ":\n a) £340 ...", "that is:\n 5.1 £800 ...": a list of the parts
            r"\s*(?:(?:[-•*–]|\(?(?:[a-h]|[ivx]{1,4}|\d{1,2})[.)]|\d{1,2}\.\d{1,2}[.)]?)\s*)?£",
            text[end:end + 60].lower()))
        breakdown_follows = breakdown_follows or bool(re.match(r"^[^£]{0,40}£[\d,.]+k?\s+of which\b", text[end:end + 70].lower()))
        if not breakdown_follows and "total" not in near and "altogether" not in near and "in all" not in near:
            continue
        others = [o for o in keep if o is not item and abs(o["span"][0] - start) < 400]
        after = sorted((o for o in others if o["span"][0] > start), key=lambda o: o["span"][0])
        enough = 1 if breakdown_follows else 2
        # the parts that follow a total may be followed by other items ("£300, made up of £200 ... and £100 ...;
        # £400 each for X and Y"): any run of them from the first that adds up to it will do
        runs = [after[:n] for n in range(enough, len(after) + 1)] + [[o for o in others if o["span"][0] < start]]
        if any(len(run) >= enough and abs(sum(o["amount_gbp"] for o in run) - item["amount_gbp"]) < 0.005 for run in runs):
            keep.remove(item)
    sentences = _sentences(text)
    for item in list(keep):
        # the only sum of its sentence, and one of the two sentences after (or before) it splits it into parts
        at = next(n for n, (a, b) in enumerate(sentences) if a <= item["span"][0] < b)
        own = sentences[at]
        if sum(own[0] <= o["span"][0] < own[1] for o in keep) != 1 or _ADDS_TO.search(text[own[0]:own[1]]):
            continue
        for near in sentences[at + 1:at + 3] + sentences[max(0, at - 2):at][::-1]:
            parts = [o for o in keep if near[0] <= o["span"][0] < near[1]]
            # one part will do when it is worked out ("£250 a month for the 10 months" under a headline "£2,500")
            if ((len(parts) >= 2 or len(parts) == 1 and " x " in parts[0]["basis"]) and not _ADDS_TO.search(text[near[0]:near[1]])
                    and abs(sum(o["amount_gbp"] for o in parts) - item["amount_gbp"]) < 0.005):
                keep.remove(item)
                break
    return keep


def _remedy_before_ombudsman(text: str) -> bool:
    """Whether the statement says the council had already offered or provided a suitable remedy."""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if OWN_REMEDY_SUITABLE.search(sentence):
            return True
        prior = PRIOR_REMEDY.search(sentence) or re.search(
            r"\b(?:already|before (?:we|the ombudsman|i) (?:became|got) involved|at stage (?:1|2|one|two)|in its (?:stage \w+ |complaint )?response)\b",
            sentence, re.IGNORECASE)
        if prior and SUITABLE.search(sentence):
            return True
    return False
