"""Remedies in an ombudsman decision: money items with their arithmetic, purposes, payees and due dates,
and the non-money remedies (apology, reassessment, procedure review, training, service improvement).

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
- A total above £25,000 is kept as summed but `needs_review` is set with the reason, so reports can hold
  it back until a person has checked it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from nlp.dates import DATE_TEXT, MONTHS, find_dates
from nlp.deadlines import due_date, find_deadline
from nlp.money import NUMBER_WORD, Amount, find_amounts, parse_count

__all__ = ["extract_remedies", "remedy_region", "non_money_kind", "REVIEW_THRESHOLD_GBP", "PURPOSES", "NON_MONEY_KINDS"]

REVIEW_THRESHOLD_GBP = 25_000
PURPOSES = ("distress", "lost_provision", "time_and_trouble", "reimbursement", "other")
NON_MONEY_KINDS = ("apology", "reassessment", "procedure_review", "staff_training", "service_improvement", "other")

_ACTION_HEADING = re.compile(
    r"^\s*(?:(?:\d+|[A-Z])[.)]\s*|(?:section|part)\s+\d+[:.]?\s*)?"
    r"(?:agreed actions?|recommended actions?|recommendations?|actions?|remed(?:y|ies)|what the council (?:will|should|has agreed to) do"
    r"|agreed remed(?:y|ies)|actions? agreed|what should happen)\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_ANY_HEADING = re.compile(
    r"^\s*(?:(?:\d+|[A-Z])[.)]\s*|(?:section|part)\s+\d+[:.]?\s*)?"
    r"(?:final decision|our decision|my decision|decision|the complaint|complaint|what i found|what we found|analysis"
    r"|findings|my findings|our findings|findings and analysis|conclusions?|summary|background|legal and administrative background"
    r"|the ombudsman'?s role and powers|how i considered this complaint|what i have (?:and have not )?investigated"
    r"|investigation|parts of the complaint that i did not investigate)\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_SUMMARY_LABEL = re.compile(r"^\s*summary\s*:\s*(?P<body>.+)$", re.IGNORECASE | re.MULTILINE)

# Cues, matched as whole phrases; the longest match at a position wins so "direct payment" beats "payment".
_POSITIVE = [
    r"pay", r"pays", r"paying", r"repay", r"payment", r"payments", r"a further", r"an additional", r"another",
    r"reimburse", r"reimburses", r"reimbursing", r"refund", r"refunds", r"compensate", r"compensation of",
    r"award", r"make good", r"backdate", r"recommend(?:ed|s)? (?:that )?(?:the council|it) (?:pays?|makes?)",
    r"remedy of", r"sum of", r"payable", r"total of", r"consisting of", r"made up of", r"comprising", r"plus",
    r"amounts to", r"amounting to", r"comes to", r"totalling", r"being", r"recommended", r"recommend",
    r"backdated direct payments?", r"backdated payments?", r"nominal sum of", r"symbolic payment of",
    r"remedy agreed", r"agreed remedy", r"agreed remedies", r"remedy was", r"remedy is", r"following payments",
    r"arrears of", r"shortfall of", r"outstanding", r"owed", r"recompense", r"redress", r"redress of",
    r"financial remedy of", r"is to receive", r"will receive", r"should receive", r"to receive", r"remedy", r"remedies",
]
_NEGATIVE = [
    r"asked for", r"asks for", r"asking for", r"wanted", r"wants", r"sought", r"seeks", r"seeking", r"claimed",
    r"claims", r"claiming", r"requested", r"requests", r"would like", r"demanded", r"is owed", r"believes she is owed",
    r"cost", r"costs", r"costing", r"cost of", r"budget", r"budget of", r"fee of", r"fees of", r"fees", r"fee",
    r"worth", r"valued at", r"funding of", r"top-up of", r"priced at", r"quoted", r"estimated", r"spent", r"spends",
    r"paid", r"had paid", r"has paid", r"already paid", r"has already paid", r"had already paid", r"offered",
    r"had offered", r"has offered", r"offered to pay", r"had offered to pay", r"has offered to pay",
    r"had already offered", r"has already offered", r"already offered", r"at stage (?:1|2|one|two)",
    r"direct payment", r"direct payments", r"in addition to", r"on top of", r"personal budget", r"received", r"receives", r"lost out on", r"earned",
    r"salary", r"income", r"invoice for", r"charged", r"charges", r"charge of", r"per hour",
    r"tribunal awarded", r"allowance", r"between", r"guidance", r"range of", r"ranges from", r"typically",
    r"usually", r"budget pressures", r"tribunal ordered", r"court ordered", r"ordered",
    r"bringing the total to", r"brings the total to", r"bringing the total remedy to", r"rather than", r"instead of",
    r"offer to pay", r"its offer", r"offer of", r"claim for", r"claim of", r"claim", r"less", r"less the",
]
_CUE = re.compile(
    r"\b(?P<cue>" + "|".join(sorted(set(_POSITIVE) | set(_NEGATIVE), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_POSITIVE_SET = [re.compile(rf"^{p}$", re.IGNORECASE) for p in _POSITIVE]
_REFUSAL = re.compile(
    r"\b(?:(?:do|does|did|will|would|should|can|could) not (?:recommend|need to pay|ask|consider (?:a|any) (?:further )?payment)"
    r"|(?:cannot|can't|won't) recommend|no (?:further )?(?:financial remedy|payment|payments) (?:is|are|was|were)?"
    r"|not (?:appropriate|necessary|justified) (?:to|for) (?:recommend|ask|the council to pay)"
    r"|no need for (?:a|any) (?:further )?payment|not recommending|declined to recommend|rather than (?:make|making|pay|paying) (?:a |any )?payments?"
    r"|not (?:required|obliged|asked) to (?:pay|reimburse|refund)|(?:does|do|will) not (?:have|need) to (?:pay|reimburse|refund)|need not (?:pay|reimburse|refund))\b",
    re.IGNORECASE,
)
_PRIOR_REMEDY = re.compile(
    r"\b(?:had|has) already (?:offered|agreed|paid|provided|apologised|made|put right|remedied)"
    r"|\balready (?:offered|paid|provided|made)"
    r"|\bhad (?:agreed to pay|offered(?: to pay)?|paid)\b"
    r"|\b(?:offered|agreed|paid|provided)\b[^.]{0,120}\b(?:at stage (?:1|2|one|two)|in its (?:\w+ ){0,2}response|before (?:the complaint came to us|we became involved|the ombudsman became involved|i became involved|our involvement))"
    r"|\b(?:its|the council'?s) (?:own )?(?:remedy|offer)\b[^.]{0,60}\b(?:is|was) (?:a )?(?:suitable|appropriate|satisfactory|adequate|proportionate|enough|sufficient)",
    re.IGNORECASE,
)
_OWN_REMEDY_SUITABLE = re.compile(
    r"\b(?:its|the council'?s) (?:own )?(?:remedy|offer|apology and payment)\b[^.]{0,60}\b(?:is|was|were) (?:a |an )?(?:suitable|appropriate|satisfactory|adequate|proportionate|enough|sufficient|fair)",
    re.IGNORECASE,
)
# "a further £500, in addition to the £250 it had already paid": the new sum counts, the old one does not.
_TOP_UP = re.compile(r"\b(?:a further|an additional|an extra|in addition to|on top of|more than the|increase|in total|which includes|including the)\b", re.IGNORECASE)
_ALREADY_AFTER = re.compile(
    r"^[^£.;]{0,30}?\b(?:(?:it|the council|they) (?:(?:had|has) (?:already )?(?:paid|offered|given)|already (?:paid|offered|gave)|offered)"
    r"|(?:he|she) (?:had|has) already been paid"
    r"|already (?:paid|offered)|previously (?:paid|offered)"
    r"|(?:was|were|had been|has been) (?:paid |made |received )?(?:(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|many|a few) (?:days?|weeks?|months?) )?(?:late|delayed|overdue|missed|stopped|reduced|cut)\b"
    r"|(?:was|were) (?:paid|made|received)\b)",
    re.IGNORECASE,
)
_SUITABLE = re.compile(r"\b(?:suitable|appropriate|satisfactory|adequate|proportionate|sufficient|fair)\b[^.]{0,20}\bremed", re.IGNORECASE)

_PERIOD = r"(?P<period>day|week|month|term|year|half[- ]term|school week|session|hour)"
_PER = re.compile(rf"^\s*(?:a|an|per|each|every|for each|for every)\s+{_PERIOD}\b", re.IGNORECASE)
_COUNT = rf"(?P<count>\d+|{NUMBER_WORD}|both)"
_FOR_COUNT = re.compile(
    rf"^[^£.;]{{0,40}}?\bfor\s+(?:each of\s+|all\s+|every one of\s+)?(?:the\s+|her\s+|his\s+|their\s+|those\s+|these\s+)?"
    rf"(?:(?:full|whole|complete|further|additional|remaining|missing|lost|same)\s+)?{_COUNT}\s+(?:(?:full|whole|complete|school|academic|calendar|further|additional|remaining|missed)\s+)?"
    r"(?:[a-z]+\s+){0,2}?(?P<unit>days?|weeks?|months?|terms?|years?|half[- ]terms?|sessions?|hours?)\b",
    re.IGNORECASE,
)
_FROM_TO = re.compile(
    rf"^[^£.;]{{0,40}}?\b(?:from|between)\s+(?P<d1>{DATE_TEXT}|\d{{1,2}}(?:st|nd|rd|th)?\s+\w+|\w+\s+\d{{4}}|\w+)"
    rf"\s+(?:to|until|and|till|-|–)\s+(?P<d2>{DATE_TEXT}|\w+\s+\d{{4}})",
    re.IGNORECASE,
)
_EACH_OF = re.compile(
    rf"^[^£.;]{{0,30}}?\b(?:to\s+)?each of\s+(?:the\s+|her\s+|his\s+|their\s+|its\s+|(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+)?[A-Z][\w-]*'s\s+)?(?:{_COUNT}|(?P<twins>twin))\b\s*(?P<who>[a-z]+)?",
    re.IGNORECASE,
)
_EACH_TO = re.compile(
    r"^\s*each\s+(?:to\s+)?(?P<names>(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z]\d?\b|[A-Z]\d?\b)(?P<rest>(?:\s*,\s*(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z]\d?\b|[A-Z]\d?\b))*\s+and\s+(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z]\d?\b|[A-Z]\d?\b|her|his|their)\s*\w*)",
)
_TO_BOTH = re.compile(r"^\s*(?:to\s+)?(?:(?:each|both)\s+(?:of\s+)?(?:the\s+|her\s+|his\s+|their\s+)?(?:parents|children|sons|daughters|twins)|each\s+parent)\b", re.IGNORECASE)
_ANAPHORA = re.compile(
    r"\b(?:pay|repay|refund|reimburse|make good)\s+(?:her\s+|him\s+|them\s+|(?:Mr|Mrs|Ms|Miss)\s+[A-Z]\w*\s+)?"
    r"(?:(?:the|this|that|these|those)\s+(?:arrears|shortfall|underpayment|fine|amount|sum|balance|outstanding amount)\b"
    r"|(?:this|it)\b(?=\s+(?:for|within|by|in full|now|to her|to him|to them)\b|\s*[.,;]))",
    re.IGNORECASE,
)
_RESTATE = re.compile(r"\b(?:we|i|the ombudsman) (?:recommended|recommend|consider|considered)\b", re.IGNORECASE)
_NEW_SUM = re.compile(r"\b(?:further|additional|also|another|extra|second|each|both|plus)\b", re.IGNORECASE)
_TWO_PAYEES = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\b[^£.;]{0,25}\band\s+(?:Mr|Mrs|Ms|Miss|Mx|Dr)\b|\bboth\b|\bparents\b|\btwins\b", re.IGNORECASE)
_N_PAYMENTS = re.compile(rf"\b{_COUNT}\s+(?:separate\s+|equal\s+|monthly\s+|termly\s+)?payments\s+of\s*$", re.IGNORECASE)

_PURPOSE_WORDS = [
    ("time_and_trouble", r"time and trouble|time and effort|trouble (?:she|he|they) (?:was|were|has been|have been) put to|pursuing (?:her|his|their|the) complaint|bringing the complaint|trouble"),
    ("reimbursement", r"reimburs\w*|backdat\w*|refund\w*|repay\w*|costs? (?:she|he|they|the family|mrs \w|mr \w|ms \w) (?:incurred|paid|met)|out of pocket|receipts?|invoices?|mileage|travel costs?|fees? (?:she|he|they) paid|expenses|paid for privately|money (?:she|he|they) spent|the cost of (?:the )?private|backdated|arrears|underpaid"),
    ("lost_provision", r"(?:therapy|provision|education|tuition|support|schooling|respite|short breaks|sessions?|teaching|learning)\b[^.;£]{0,40}\b(?:missed|lost|went without|go without|did not (?:get|receive|have))\b|loss of (?:the |his |her |their )?(?:education|provision|support|schooling|therapy|tuition|learning|respite)|lost (?:respite|short breaks|education|provision|support|schooling|therapy|tuition|learning|opportunity)|loss of (?:education|provision|support|schooling|therapy|tuition|learning)|missed (?:education|provision|support|schooling|therapy|tuition|sessions)|education (?:\w+ )?(?:missed|lost)|provision (?:\w+ )?(?:missed|lost|not (?:provided|delivered|received))|(?:speech and language|occupational)? ?therapy (?:\w+ )?(?:missed|not provided|lost)|(?:provision|support|education|tuition|therapy) (?:he|she|they|y|z|the child) (?:missed|did not (?:get|receive)|went without|lost)|without (?:suitable |full[- ]time |any )?(?:education|provision|support|a school place|therapy|tuition|schooling)|went without|go without|gone without|\ba term\b|\bterms?\b[^.;£]{0,30}\b(?:missed|lost)|out of (?:school|education)|per term|each term|term of|terms? (?:of education )?missed|section f|provision in (?:his|her|the) plan|educational provision|lack of (?:education|provision|support)|no (?:suitable )?education"),
    ("distress", r"distress\w*|frustration|uncertainty|anxiety|upset|avoidable|worry|delays?\b|stress|symbolic|impact on|hurt|inconvenience|disappointment|harm|lost opportunity|delay caused|raised expectations"),
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
_PARA_NUMBER = re.compile(r"^\s*\d+[.)]\s+")


def non_money_kind(text: str) -> str | None:
    """The kind of non-money remedy a statement asks for (apology, reassessment, ...), or None."""
    for kind, regex in _NON_MONEY_RE:
        if regex.search(text):
            return kind
    return None


def remedy_region(text: str) -> tuple[int, int, bool]:
    """The (start, end) of the text that states the remedy and whether it is an action section.

    Prefers the Agreed/Recommended action section, then a labelled summary, else the whole text.
    """
    heading = _ACTION_HEADING.search(text)
    if heading:
        following = [m.start() for m in _ANY_HEADING.finditer(text) if m.start() > heading.end()]
        following += [m.start() for m in _ACTION_HEADING.finditer(text) if m.start() > heading.end()]
        return heading.end(), min(following) if following else len(text), True
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
    lead_in = ""
    pos = start
    for line in text[start:end].splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        stripped = line.strip()
        if not stripped:
            continue
        is_bullet = bool(_BULLET.match(line))
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
            lead_in = body
    return _merge_decimal_splits(text, units)


def _merge_decimal_splits(text: str, units: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Rejoin pieces the sentence split cut at "Mrs." or a decimal point followed by a space-less digit."""
    merged: list[tuple[int, int, str]] = []
    for unit in units:
        if merged:
            prev = merged[-1]
            tail = text[prev[0]:prev[1]]
            if re.search(r"\b(?:Mr|Mrs|Ms|Dr|No|para|e\.g|i\.e)\.$", tail) and prev[2] == unit[2]:
                merged[-1] = (prev[0], unit[1], prev[2])
                continue
        merged.append(unit)
    return merged


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause spans within a sentence; a refusal only silences its own clause ("..., but it should pay £200")."""
    cuts = [0] + [m.start() + 1 for m in re.finditer(r";|,?\s+but\s+|\.\s+However,?\s+|,\s+however,?\s+|,\s+having\s+|,\s+(?:after|since)\s+(?:it|the council)\s+had\s+", sentence)] + [len(sentence)]
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]


_CLAIM_TO_PAY = re.compile(
    r"\b(?:asked|asks|wanted|wants|requested|requests|sought|seeks|claimed|expected|demanded|would like|ordered|orders|directed)\s+(?:(?:the council|it|them)\s+)?to\s+(?:pay|reimburse|refund|compensate)\b[^£]*$"
    r"|\b(?:considers|believes|thinks|feels|says|argues|contends|told us)\s+(?:that\s+)?(?:she|he|they|the family|(?:mr|mrs|ms|miss)\s+\w+)\s+should\s+(?:receive|get|be paid|be given)\b[^£]*$",
    re.IGNORECASE,
)
_LIST_CONTINUES = re.compile(r"(?:,|\band\b|\bplus\b|;)\s*(?:(?:to\s+)?(?:pay|reimburse|refund)\s+(?:\w+\s+){0,4})?(?:a further|an additional|another)?\s*$", re.IGNORECASE)
_CLAIM_BETWEEN = re.compile(r"\b(?:asked|wanted|claimed|requested|sought|had already|already paid|previously|offered|instead of|rather than)\b", re.IGNORECASE)
_COST_CUES = {"cost", "costs", "cost of", "fees", "fee", "fee of", "fees of", "charges", "charge of",
              "direct payment", "direct payments", "personal budget", "budget of"}
_REIMBURSE = re.compile(r"(?:reimburs\w*|refund\w*|repay\w*|pay|pays)", re.IGNORECASE)
_NOT_BEFORE = re.compile(r"\b(?:not|n't|failed to|never|without|stopped|forgot to|refused to|declined to|refuses to)\s+(?:\w+\s+)?$", re.IGNORECASE)
# A sum followed by "which it will now refund" or "as we recommended" is the remedy, whatever came before it.
_PAY_AFTER = re.compile(
    r"^[^£.;]{0,60}?\b(?:which (?:it|the council) (?:will|should|has agreed to|agreed to|is to) (?:now )?(?:refund|repay|reimburse|pay)"
    r"|(?:as|that|the)?\s*(?:we|i|the ombudsman) (?:had )?recommended)\b",
    re.IGNORECASE,
)


def _nearest_cue_is_positive(context: str) -> bool | None:
    """True/False when the last cue in `context` is a payment/non-payment cue; None when there is no cue.

    A cost or fee cue governed by an earlier "reimburse"/"refund" ("reimburse her costs of £234") is positive.
    """
    matches = list(_CUE.finditer(context))
    if not matches:
        return None
    cues = [m.group("cue") for m in matches]
    # "did not pay the college fees of £4,800", "failed to pay £300": a payment that did not happen
    for match in matches[-2:]:
        if _REIMBURSE.fullmatch(match.group("cue")) and _NOT_BEFORE.search(context[:match.start()]):
            return False
    last = cues[-1]
    if any(p.match(last) for p in _POSITIVE_SET):
        claim = _CLAIM_TO_PAY.search(context)
        return not (claim and claim.end() >= len(context) - 60 and not re.search(r"\b(?:we|i|the ombudsman)\s*$", context[:claim.start()], re.IGNORECASE))
    if last.lower() in ("paid", "spent", "has paid", "had paid") and len(cues) >= 2 and re.fullmatch(r"reimburs\w*|refund\w*|repay\w*", cues[-2], re.IGNORECASE):
        return True  # "reimburse Mr T for the therapy he paid for, £1,140"
    if last.lower() in _COST_CUES and len(cues) >= 2 and _REIMBURSE.fullmatch(cues[-2]):
        # "pay Mr X's legal fees of £1,200", "pay the missed direct payments of £960": the noun is what is paid
        gap = context[context.lower().rfind(cues[-2].lower()) + len(cues[-2]):context.lower().rfind(last.lower())]
        claim = _CLAIM_TO_PAY.search(context)
        if len(gap.split()) <= 5 and not (claim and not re.search(r"\b(?:we|i|the ombudsman)\s*$", context[:claim.start()], re.IGNORECASE)):
            return True
    return False


def _purpose(after: str, before: str) -> str:
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


def _months_between(d1: date, d2: date) -> int:
    return (d2.year - d1.year) * 12 + d2.month - d1.month + 1


def _resolve_date(text: str, year_hint: int | None, end: bool) -> date | None:
    found = find_dates(text)
    if found:
        return found[0][0]
    month_year = re.match(r"(\w+)\s+(\d{4})$", text.strip())
    if month_year and month_year.group(1).lower() in MONTHS:
        month, year = MONTHS[month_year.group(1).lower()], int(month_year.group(2))
        return date(year, month, 28 if end else 1) if not end else (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1))
    day_month = re.match(r"(\d{1,2})(?:st|nd|rd|th)?\s+(\w+)$", text.strip())
    if day_month and day_month.group(2).lower() in MONTHS and year_hint:
        return date(year_hint, MONTHS[day_month.group(2).lower()], int(day_month.group(1)))
    if text.strip().lower() in MONTHS and year_hint:
        month = MONTHS[text.strip().lower()]
        return date(year_hint, month, 1) if not end else (date(year_hint + (month == 12), month % 12 + 1, 1) - timedelta(days=1))
    return None


def _arithmetic(amount: Amount, after: str, before: str) -> tuple[float | None, str, bool]:
    """(total, basis, open_ended) for one amount and the words around it."""
    value = amount.value
    basis = amount.text
    per = _PER.match(after)
    multiplier_before = _N_PAYMENTS.search(before)
    if multiplier_before:
        count = parse_count(multiplier_before.group("count"))
        if count:
            return value * count, f"{count} payments of {amount.text} = £{value * count:,.2f}", False
    if per:
        period = per.group("period").lower()
        rest = after[per.end():]
        counted = _FOR_COUNT.match(rest)
        if counted:
            count = parse_count(counted.group("count"))
            if count:
                total = value * count
                basis = f"{amount.text} per {period} x {count} {counted.group('unit')}"
                each = _EACH_OF.match(rest[counted.end():])
                people = (2 if each.group("twins") else parse_count(each.group("count"))) if each else None
                if people:
                    total *= people
                    basis += f" x {people} {each.group('who') or 'people'}"
                return total, f"{basis} = £{total:,.2f}", False
        span = _FROM_TO.match(rest)
        if span:
            d2 = _resolve_date(span.group("d2"), None, True)
            d1 = _resolve_date(span.group("d1"), d2.year if d2 else None, False)
            if d1 and d2 and d2 >= d1:
                if period in ("week", "school week"):
                    days = (d2 - d1).days + 1
                    weeks = -(-days // 7)  # any part week counts as a week
                    total = value * weeks
                    return total, f"{amount.text} per week x {weeks} weeks ({d1.isoformat()} to {d2.isoformat()}, {days} days inclusive, part weeks rounded up) = £{total:,.2f}", False
                if period == "month":
                    months = _months_between(d1, d2)
                    total = value * months
                    return total, f"{amount.text} per month x {months} months ({d1:%B %Y} to {d2:%B %Y} inclusive) = £{total:,.2f}", False
                if period == "day":
                    days = (d2 - d1).days + 1
                    total = value * days
                    return total, f"{amount.text} per day x {days} days inclusive = £{total:,.2f}", False
        return None, f"{amount.text} per {period}, no count stated", True
    each = _EACH_OF.match(after)
    if each:
        count = 2 if each.group("twins") else parse_count(each.group("count"))
        if count:
            total = value * count
            who = each.group("who") or "people"
            return total, f"{amount.text} to each of {count} {who} = £{total:,.2f}", False
    each_to = _EACH_TO.match(after)
    if each_to:
        names = 1 + len(re.findall(r",", each_to.group("rest"))) + 1
        total = value * names
        return total, f"{amount.text} each to {names} people = £{total:,.2f}", False
    if re.match(r"^\s*(?:for|to)\s+each\s+(?:twin|of the twins|of (?:her|his|their|the) twins)\b", after, re.IGNORECASE):
        return value * 2, f"{amount.text} for each of two twins = £{value * 2:,.2f}", False
    if re.match(r"^\s*each\b", after) and _TWO_PAYEES.search(before[-80:]):
        return value * 2, f"{amount.text} each to two people = £{value * 2:,.2f}", False
    if _TO_BOTH.match(after):
        return value * 2, f"{amount.text} to each of two people = £{value * 2:,.2f}", False
    counted = _FOR_COUNT.match(after)
    if counted and re.match(r"^\s*for\s+each\s+of", after, re.IGNORECASE):
        count = parse_count(counted.group("count"))
        if count:
            total = value * count
            return total, f"{amount.text} for each of {count} {counted.group('unit')} = £{total:,.2f}", False
    return value, amount.text, False


def extract_remedies(text: str, decision_date: date | str | None = None) -> dict:
    """The money and non-money remedies a decision states, with totals, spans and due dates."""
    if isinstance(decision_date, str):
        decision_date = date.fromisoformat(decision_date) if decision_date else None
    start, end, in_actions = remedy_region(text)
    items: list[dict] = []
    uncounted: list[tuple[int, Amount, str, str]] = []
    open_ended: list[dict] = []
    non_money: list[dict] = []
    for u_start, u_end, lead_in in _units(text, start, end):
        sentence = text[u_start:u_end]
        deadline = find_deadline(sentence) or find_deadline(lead_in)
        due = due_date(deadline, decision_date)
        due_text = due.isoformat() if due else None
        amounts = find_amounts(sentence)
        prior = bool(_PRIOR_REMEDY.search(sentence)) and not _TOP_UP.search(sentence)
        previous_clause_counted = False
        counted_before = len(items)
        for clause_start, clause_end in _clauses(sentence):
            clause = sentence[clause_start:clause_end]
            clause_prior = prior and bool(_PRIOR_REMEDY.search(clause))
            if _REFUSAL.search(clause) or clause_prior:
                previous_clause_counted = False
                continue
            clause_amounts = [a for a in amounts if clause_start <= a.start < clause_end]
            counted_in_clause = False
            previous_counted = False
            for index, amount in enumerate(clause_amounts):
                previous_end = clause_amounts[index - 1].end if index else clause_start
                context_before = sentence[clause_start:amount.start]
                between = sentence[previous_end:amount.start]
                if index and re.match(r"^[^()]*\([^)]*$", between):
                    continue  # "£2,250 (three terms at £750)": a breakdown of the sum just counted
                verdict = _nearest_cue_is_positive(between)
                if index and previous_counted and _LIST_CONTINUES.search(between) and not _CLAIM_BETWEEN.search(between):
                    verdict = True  # "pay £1,480 ... and £250 for her distress": the list goes on
                if verdict is None:
                    verdict = _nearest_cue_is_positive(context_before)
                if verdict is None and previous_clause_counted:
                    verdict = True  # "(i) £500 ...; (ii) £1,000 ...": later items of a listed remedy
                if verdict is None:
                    verdict = _nearest_cue_is_positive(lead_in)
                if not verdict and _PAY_AFTER.match(sentence[amount.end:]):
                    verdict = True
                if not verdict or _ALREADY_AFTER.match(sentence[amount.end:clause_end]):
                    previous_counted = False
                    uncounted.append((u_start, amount, sentence[amount.end:clause_end], sentence[previous_end:amount.start]))
                    continue
                if _is_restatement(sentence, amount, items):
                    continue
                previous_counted = counted_in_clause = True
                next_start = clause_amounts[index + 1].start if index + 1 < len(clause_amounts) else clause_end
                after = sentence[amount.end:next_start]
                before = sentence[previous_end:amount.start]
                total, basis, is_open = _arithmetic(amount, sentence[amount.end:clause_end], before)
                item = {
                    "amount_gbp": round(total, 2) if total is not None else None,
                    "purpose": _purpose(after, before),
                    "payee": _payee(sentence[clause_start:amount.start], after),
                    "basis": basis,
                    "span": [u_start + amount.start, u_start + amount.end],
                    "due": due_text,
                }
                (open_ended if is_open else items).append(item)
            previous_clause_counted = counted_in_clause
        anaphora = _ANAPHORA.search(sentence)
        # the reference is to a sum of this sentence when one was counted before it ("a further £200 ... pay it")
        own_sum_before = anaphora and any(i["span"][0] < u_start + anaphora.start() for i in items[counted_before:])
        if anaphora and not own_sum_before and not prior and not _REFUSAL.search(sentence) and uncounted:
            # "underpaying her by £37.80 a month for 9 months. It will pay the arrears": the earlier sum is the remedy
            origin_start, amount, after_text, before_text = uncounted[-1]
            total, basis, is_open = _arithmetic(amount, after_text, before_text)
            per = _PER.match(after_text)
            if is_open and per:  # "£12 a day ... reimburse this for the 40 days": the count comes with the reference
                total, basis, is_open = _arithmetic(amount, after_text[:per.end()] + " " + sentence[anaphora.end():], before_text)
            if total and not is_open:
                items.append({"amount_gbp": round(total, 2), "purpose": "reimbursement", "payee": None,
                              "basis": f"{basis} (referred to as '{anaphora.group(0)}')",
                              "span": [origin_start + amount.start, origin_start + amount.end], "due": due_text})
                uncounted.pop()
        if prior:
            continue
        if in_actions or _ACTION_VERB.search(sentence) or lead_in:
            kind = non_money_kind(sentence)
            if kind and not _REFUSAL.search(sentence):
                non_money.append({"kind": kind, "text": sentence.strip(), "due": due_text,
                                  "span": [u_start, u_end]})
    items = _drop_stated_totals(text, items)
    total = round(sum(i["amount_gbp"] for i in items), 2) if items else None
    reasons = []
    if total is not None and total > REVIEW_THRESHOLD_GBP:
        reasons.append(f"remedy total £{total:,.2f} is above £{REVIEW_THRESHOLD_GBP:,}: check the arithmetic before reporting it")
    if open_ended:
        reasons.append("a per-period payment has no end or count, so it cannot be totalled")
    return {
        "remedy_total_gbp": total,
        "items": items,
        "open_ended": open_ended,
        "non_money": non_money,
        "remedy_before_ombudsman": _remedy_before_ombudsman(text),
        "needs_review": bool(reasons),
        "review_reason": "; ".join(reasons) or None,
    }


def _is_restatement(sentence: str, amount: Amount, items: list[dict]) -> bool:
    """A sentence that only repeats a sum already counted ("We recommended £3,500 because ...")."""
    if not _RESTATE.search(sentence) or _NEW_SUM.search(sentence):
        return False
    if re.search(r"\b(?:pay|pays|reimburse|refund)\b", sentence[:amount.start], re.IGNORECASE):
        return False
    return any(abs(i["amount_gbp"] - amount.value) < 0.005 for i in items)


def _drop_stated_totals(text: str, items: list[dict]) -> list[dict]:
    """Drop a sum written as the total of the items beside it ("a total of £2,000: £1,500 ... and £500 ...")."""
    keep = list(items)
    for item in items:
        start, end = item["span"]
        near = text[max(0, start - 25):end + 25].lower()
        breakdown_follows = bool(re.match(
            r"^[^£]{0,40}?(?:made up of|being|comprising|consisting of|which is|that is|which represents|representing|equivalent to|:)\s*£",
            text[end:end + 60].lower()))
        breakdown_follows = breakdown_follows or bool(re.match(r"^[^£]{0,40}£[\d,.]+k?\s+of which\b", text[end:end + 70].lower()))
        if not breakdown_follows and "total" not in near and "altogether" not in near and "in all" not in near:
            continue
        others = [o for o in keep if o is not item and abs(o["span"][0] - start) < 400]
        for group in (
            [o for o in others if o["span"][0] > start],
            [o for o in others if o["span"][0] < start],
        ):
            enough = 1 if breakdown_follows else 2
            if len(group) >= enough and abs(sum(o["amount_gbp"] for o in group) - item["amount_gbp"]) < 0.005:
                keep.remove(item)
                break
    return keep


def _remedy_before_ombudsman(text: str) -> bool:
    """Whether the statement says the council had already offered or provided a suitable remedy."""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if _OWN_REMEDY_SUITABLE.search(sentence):
            return True
        prior = _PRIOR_REMEDY.search(sentence) or re.search(
            r"\b(?:already|before (?:we|the ombudsman|i) (?:became|got) involved|at stage (?:1|2|one|two)|in its (?:stage \w+ |complaint )?response)\b",
            sentence, re.IGNORECASE)
        if prior and _SUITABLE.search(sentence):
            return True
    return False
