"""The wording that decides whether a sum of money in a decision is a remedy: payment cues ("pay", "reimburse",
"a further") against claims, costs, budgets, fees, and money already paid or offered before the decision.

`cue_verdict(context)` looks at the nearest cue before a sum; the other patterns are clause- and
sentence-level checks used by `nlp.remedies`.
"""

from __future__ import annotations

import re

__all__ = ["cue_verdict", "refuses_payment", "CONDITIONAL_AFTER", "CONDITIONAL_BEFORE", "CONDITION_WITHIN", "REFUSAL", "COUNCIL_REFUSAL", "PRIOR_REMEDY", "OWN_REMEDY_SUITABLE", "TOP_UP", "ALREADY_AFTER", "SUITABLE",
           "LIST_CONTINUES", "CLAIM_BETWEEN", "CLAIMED_AFTER", "PAY_AFTER", "PURPOSE_AFTER", "PURPOSE_BEFORE"]

# Cues, matched as whole phrases; the longest match at a position wins so "direct payment" beats "payment".
_POSITIVE = [
    r"pay", r"pays", r"paying", r"repay", r"payment", r"payments", r"a further", r"an additional", r"another",
    r"reimburse", r"reimburses", r"reimbursing", r"reimbure", r"reimbures", r"refund", r"refunds", r"compensate", r"compensation of",
    r"award", r"make good", r"backdate", r"recommend(?:ed|s)? (?:that )?(?:the council|it) (?:pays?|makes?)",
    r"remedy of", r"sum of", r"payable", r"total of", r"consisting of", r"made up of", r"comprising", r"plus",
    r"amounts to", r"amounting to", r"comes to", r"totalling", r"being", r"recommended", r"recommend",
    r"backdated direct payments?", r"backdated payments?", r"nominal sum of", r"symbolic payment of",
    r"recommends", r"agreed(?=\s*:)", r"agreed action", r"agreed actions", r"breakdown", r"settle", r"settles", r"to settle", r"at the (?:agreed |same |weekly |monthly |usual )?rate of", r"remedy agreed", r"agreed remedy", r"agreed remedies", r"remedy was", r"remedy is", r"following payments",
    r"arrears of", r"shortfall of", r"outstanding", r"owed", r"recompense", r"redress", r"redress of",
    r"financial remedy of", r"recommendation", r"recommendations", r"rec", r"recs", r"to be paid", r"give", r"gives", r"giving",
    r"be reimbursed", r"be refunded", r"be repaid", r"each receive", r"each get", r"will get", r"are to get", r"is to get", r"is to receive", r"will receive", r"should receive", r"to receive", r"remedy", r"remedies",
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
    r"bringing the total to", r"brings the total to", r"making", r"taking the total to", r"bringing it to", r"bringing the total remedy to", r"rather than", r"instead of",
    r"offer to pay", r"its offer", r"offer of", r"claim for", r"claim of", r"claim", r"request for", r"request of", r"request", r"less", r"less the",
    r"replacing", r"replaces", r"in place of", r"instead of the", r"paid a total of", r"spent a total of",
    r"paid out", r"paid the sum of", r"allocation", r"annual allocation", r"allocation of", r"rate of", r"standard rate", r"hourly rate", r"its rate", r"looking for", r"is looking for", r"hoping for", r"stage (?:1|2|one|two) remedy", r"(?:its|the council's) own remedy", r"ended up paying", r"had to pay", r"were paying", r"was paying",
    r"stage (?:1|2|one|two) payment of", r"(?:our|its|the council's) (?:earlier |previous |stage (?:1|2|one|two) )?payment of", r"earlier refund of", r"earlier payment of",
    r"previous payment of", r"previous refund of", r"earlier offer of",
]
_CUE = re.compile(
    r"\b(?P<cue>" + "|".join(sorted(set(_POSITIVE) | set(_NEGATIVE), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_POSITIVE_SET = [re.compile(rf"^{re.sub(r'[(][?]=[^)]*[)]', '', p)}$", re.IGNORECASE) for p in _POSITIVE]
REFUSAL = re.compile(
    r"\b(?:(?:do|does|did|will|would|should|can|could) not (?:recommend|need to pay|ask|consider (?:a|any) (?:further )?payment)"
    r"|nor (?:would|could|will|should|do|did) (?:we|i)|(?:would|are|is|am) (?:not |un)likely to (?:ask|recommend|find|require)"
    r"|nothing (?:was|is|has been|had been) recommended|(?:made|makes|make) no recommendation|no recommendation (?:was|is|has been) made"
    r"|(?:has|have|had|was|were|is) not (?:been )?recommended|did not recommend|no obligation to|under no obligation|not obliged to|need not|(?:it|we|the council) need not"
    r"|(?:cannot|can't|won't|could not|couldn't|are unable to|am unable to|is unable to) (?:recommend|ask|require|order|tell|pay|refund|reimburse|consider)|not supported by (?:the ombudsman|us|me)|(?:did|does|do) not support"
    r"|(?:cannot|can't|won't) recommend|no (?:further )?(?:financial remedy|payment|payments) (?:is|are|was|were)?"
    r"|not (?:appropriate|necessary|justified) (?:to|for) (?:recommend|ask|the council to pay)"
    r"|no need for (?:a|any) (?:further )?payment|not recommending|declined to recommend|rather than (?:make|making|pay|paying) (?:a |any )?payments?"
    r"|not (?:required|obliged|asked) to (?:pay|reimburse|refund)|(?:does|do|will) not (?:have|need) to (?:pay|reimburse|refund)|need not (?:pay|reimburse|refund))\b",
    re.IGNORECASE,
)
# The council turning a payment down: "its refusal to refund her £60", "declined to reimburse", "rejected her claim for".
# A sum the ombudsman recommended stays a remedy when the council refuses it ("refused to pay the £500 we recommended").
COUNCIL_REFUSAL = re.compile(
    r"\b(?:(?:refus(?:al|ed|es|ing)|declin(?:ed|es|ing)|unwilling(?:ness)?)\s+to\s+(?:pay|refund|reimburse|repay|meet|cover|fund|make good|compensate)"
    r"|(?:rejected|rejects|turned down|refused|declined)\s+(?:(?:her|his|their|the|a|(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z]\w*'s)\s+)?(?:\w+\s+)?(?:request|claim|application|appeal|demand))\b",
    re.IGNORECASE,
)
_OMBUDSMAN_RECOMMENDED = re.compile(r"\b(?:we|i|the ombudsman)\s+(?:had\s+|have\s+|has\s+)?recommend(?:s|ed)?\b|\bour recommendation\b", re.IGNORECASE)


def refuses_payment(clause: str, lead_in: str = "") -> bool:
    """Whether a clause refuses or turns down a payment, so its sums are not remedies ("I recommend the Council:
    repays the £850 it refused to pay" is the remedy: the recommendation may sit in the list's lead-in)."""
    if REFUSAL.search(clause):
        return True
    return bool(COUNCIL_REFUSAL.search(clause)) and not _OMBUDSMAN_RECOMMENDED.search(clause + " " + lead_in)


# Money promised only on a condition may never be paid, so it is not part of the total: "a further £300 if it
# does not issue the plan", "Should the plan be late, it will pay £200", "subject to", "in the event that".
# "if it has not already done so" is not a condition on the payment, only a reminder.
_NOT_A_CONDITION = r"(?!\s+(?:it|the council|they|we|this|that)\s+(?:has|have|had)\s+not\s+already|\s+not\s+already|\s+(?:any|appropriate|applicable|necessary|needed|required)\b)"
CONDITIONAL_AFTER = re.compile(
    r"^[^£.;:]{0,60}?\b(?P<condition>if" + _NOT_A_CONDITION + r"|only if|in the event (?:that|of)|should (?:it|the council|they|he|she|the plan|the \w+)\s+(?:fail|not|miss|be|become|still)\b"
    r"|unless|subject to|provided that|on condition that|on the condition that|conditional (?:on|upon)|where (?:it|the council) fails)\b",
    re.IGNORECASE,
)
CONDITIONAL_BEFORE = re.compile(
    r"^\W*(?:(?:and|but|then)\s+)?(?:if" + _NOT_A_CONDITION + r"|in the event (?:that|of)|should (?:it|the council|they|he|she|the plan|the \w+|there)\b|unless|subject to|provided that|on condition that|were (?:it|the council)\b|where (?:it|the council) (?:fails|does not))\b",
    re.IGNORECASE,
)


# a condition opened after the last sum and before this one, inside the clause: "agreed that if it isn't issued by
# then it will pay the family £250", "warned that, if the placement is not in place by Easter, the council should pay"
CONDITION_WITHIN = re.compile(
    r"(?:^\s*|[,;:]\s*|\b(?:and|that|but|also)\s+)(?:if" + _NOT_A_CONDITION + r"|should (?:it|the council|they|we|(?:the\s+)?(?:\w+\s+){0,2}?\w+)\s+(?:fail|not|miss|be|become|still|slip|overrun)\b"
    r"|in the event(?: that| of)?|unless|provided that|on condition that|where (?:it|the council|we) (?:fails|does not|do not))\b[^£]*$",
    re.IGNORECASE,
)


PRIOR_REMEDY = re.compile(
    r"\b(?:had|has) already (?:offered|agreed|paid|provided|apologised|made|put right|remedied)"
    r"|\balready (?:offered|paid|provided|made)"
    r"|\bhad (?:agreed to pay|offered(?: to pay)?|paid)\b"
    r"|\b(?:offered|agreed|paid|provided)\b[^.]{0,120}\b(?:(?<!resolved )(?<!settled )(?<!handled )(?<!upheld )(?<!answered )(?<!with )at stage (?:1|2|one|two)|in its (?:\w+ ){0,2}response|before (?:the complaint came to us|we became involved|the ombudsman became involved|i became involved|our involvement"
    r"|(?:\w+\s+){1,3}came to us|(?:she|he|they|(?:Mr|Mrs|Ms|Miss)\s+\w+)\s+complained to us))"
    r"|\b(?:its|the council'?s) (?:own )?(?:remedy|offer)\b[^.]{0,60}\b(?:is|was) (?:a )?(?:suitable|appropriate|satisfactory|adequate|proportionate|enough|sufficient)"
    r"|^\W*(?:before|prior to)\s+(?:we|i|the ombudsman|our|the complaint came to us)\b",
    re.IGNORECASE,
)
OWN_REMEDY_SUITABLE = re.compile(
    r"\b(?:its|the council'?s) (?:own )?(?:remedy|offer|apology and payment)\b[^.]{0,60}\b(?:is|was|were) (?:a |an )?(?:suitable|appropriate|satisfactory|adequate|proportionate|enough|sufficient|fair)",
    re.IGNORECASE,
)
# "a further £500, in addition to the £250 it had already paid": the new sum counts, the old one does not.
TOP_UP = re.compile(r"\b(?:a further|an additional|an extra|in addition to|on top of|more than the|increase|in total|which includes|including the|instead of|rather than|in place of|replacing)\b", re.IGNORECASE)
ALREADY_AFTER = re.compile(
    r"^[^£.;]{0,30}?\b(?:(?:it|the council|they) (?:(?:had|has) (?:already )?(?:paid|offered|given)|already (?:paid|offered|gave)|offered)"
    r"|(?:he|she) (?:had|has) already been paid"
    r"|already (?:paid|offered)|previously (?:paid|offered)"
    r"|(?:was|were) (?:paid|made|received)\b)"
    # "£300 a month was paid late": the sum itself was late; not "£150 for each month the plan was late"
    r"|^(?:(?!\bfor\b)[^£.;]){0,30}?\b(?:was|were|had been|has been) (?:paid |made |received )?"
    r"(?:(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|many|a few) (?:days?|weeks?|months?) )?(?:late|delayed|overdue|missed|stopped|reduced|cut)\b",
    re.IGNORECASE,
)
# "the £2,500 you requested", "the £1,500 they asked for": the family's claim, named after the sum
CLAIMED_AFTER = re.compile(
    r"^[^£.;]{0,40}?\b(?:you|she|he|they|the family|the parents?|(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z]\w*)\s+(?:had\s+|has\s+|have\s+)?(?:requested|asked for|claimed|wanted|sought|asked us for|asked (?:us|the council) to)\b"
    r"|^[^£.;]{0,40}?\b(?:claimed|requested|sought|asked for|wanted) by\b",
    re.IGNORECASE,
)
SUITABLE = re.compile(r"\b(?:suitable|appropriate|satisfactory|adequate|proportionate|sufficient|fair)\b[^.]{0,20}\bremed", re.IGNORECASE)

# Claims whoever makes them: a question whether to pay, a complaint that the council should pay, a request for a refund
_CLAIM_ALWAYS = re.compile(
    r"\bwhether\s+(?:the council|the authority|it|we)\s+(?:must|should|has to|have to|needs? to|ought to|will|would)\s+(?:pay|repay|refund|reimburse|meet)\b[^£]*$"
    r"|\b(?:asked|ask)\s+when\s+[^£]*$"
    r"|\byou\s+(?:have\s+|had\s+)?(?:asked|wanted|requested|claimed)\b[^£]*$"
    r"|\b(?:request|requested|asked|wanted|claim|demand|demanded|insisted|suggestion|proposal)\s+that\s+(?:the council|the authority|it|they|the \w+|an? \w+)\s+(?:should\s+)?(?:pay|repay|refund|reimburse|compensate)\b[^£]*$"
    r"|\bcomplain(?:t|ts|s|ed|ing)?\s+(?:that\s+)?(?:the council|the authority|it|an? \w+|the \w+)\b[^£.]*?\b(?:should|to)\s+(?:have\s+\w+\s+)?(?:pay|repay|refund|reimburse)\b[^£]*$"
    r"|\brequest(?:s|ed)?\s+for\s+(?:it|the council|them|the authority)\s+to\s+(?:pay|repay|refund|reimburse)\b[^£]*$"
    r"|\b(?:request|requests|claim|claims|application|demand|asked|asking|asks)\s+(?:for\s+)?(?:a |an )?(?:refund|payment|reimbursement|compensation|contribution)\b[^£]*$",
    re.IGNORECASE,
)
_CLAIM_TO_PAY = re.compile(
    r"\b(?:complaint|complains|complained|says|said|argues|argued|believes|believed|feels|felt|thinks|thought|contends|considers|told us)\s+(?:that\s+)?(?:the council|the authority|it)\s+(?:should|must|ought to)\s+(?:pay|repay|refund|reimburse|compensate)\b[^£]*$|"
    r"\b(?:asked|asks|wanted|wants|requested|requests|sought|seeks|claimed|claims|expected|demanded|would like)\s+(?:us|me|the ombudsman|the LGSCO|LGSCO)\s+to\s+(?:\w+\s+){0,3}?(?:recommend|award|order|ask for|make|get|pay|repay|refund|reimburse)\b[^£]*$"
    r"|\b(?:asked for|asks for|wanted|wants|requested|requests|sought|seeks|claimed|claims|demanded|would like)\s+(?:\w+\s+){0,2}?(?:compensation|a payment|payment|an award|a refund|reimbursement|redress)\b[^£]*$|"
    r"\b(?:asked|asks|ask|asking|wanted|wants|requested|requests|sought|seeks|claimed|expected|demanded|would like|ordered|orders|directed)\s+(?:(?:the council|the authority|it|them|the \w+|(?:[A-Z][\w-]+\s+){1,3}(?:(?:Borough|County|City|District)\s+)?Council)\s+)?to\s+"
    # "wanted the Council to withdraw the order and repay £2,500": another verb first
    r"(?:[\w' ]{0,60}?\b(?:and|or)\s+)?(?:pay|repay|reimburse|refund|compensate)\b[^£]*$"
    r"|\b(?:considers|believes|thinks|feels|says|said|argues|argued|contends|told us)\s+(?:that\s+)?(?:she|he|they|the family|(?:mr|mrs|ms|miss)\s+\w+|(?:her|his|their)\s+(?:son|daughter|child|children|family))\s+should\s+(?:receive|get|be paid|be given)\b[^£]*$"
    # "Mrs L said Hawksley Council owed her £2,750": the family's view of a debt
    r"|\b(?:says|said|believes|believed|argues|argued|contends|claims|claimed|told us)\s+(?:that\s+)?(?:the council|the authority|it|(?:[A-Z][\w-]+\s+){1,3}(?:(?:Borough|County|City|District)\s+)?Council)\s+(?:owed|owes|owe)\b[^£]*$",
    re.IGNORECASE,
)
# Who did the asking: the last subject before "asked it to pay" decides whether it is our recommendation or a claim.
_SUBJECT = re.compile(
    r"\b(?P<us>we|I|it|LGSCO|the LGSCO|(?:the\s+)?ombudsman|the investigator|the (?:final |draft )?decision|the report|her decision|his decision)\b(?!'s)"
    r"|\b(?P<pronoun>she|he)\b"
    r"|\b(?P<person>(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z]\w*)\b(?!'s)|\b(?:they|who|the family|(?:the\s+)?parents?|mother|mum|dad|father|complainants?|solicitors?|representatives?|advocates?|(?:her|his|their) (?:mother|father|parents?))\b(?!'s)",
    re.IGNORECASE,
)


def _asked_by_ombudsman(before_claim: str) -> bool:
    """Whether the one asking is the ombudsman: the last subject named; "she"/"he" stands for the last single
    person or ombudsman named before it ("The Ombudsman ... she has asked us to pay")."""
    subjects = list(_SUBJECT.finditer(before_claim))
    if not subjects:
        return False
    last = subjects[-1]
    if last.group("pronoun"):
        title = "mr" if last.group("pronoun").lower() == "he" else "mrs|ms|miss"
        named = [m for m in subjects[:-1] if m.group("us") and m.group("us").lower() not in ("we", "i", "it")
                 or m.group("person") and re.match(rf"(?:{title}|mx|dr)\b", m.group("person"), re.IGNORECASE)]
        if named:
            return named[-1].group("us") is not None
        return bool(re.search(r"\bombudsman|\bLGSCO\b", before_claim, re.IGNORECASE))
    return last.group("us") is not None


LIST_CONTINUES = re.compile(r"(?:,|\band\b|\bplus\b|;|\+|&|\btogether with|\balong with|\bas well as)\s*(?:(?:to\s+)?(?:pay|reimburse|refund)\s+(?:\w+\s+){0,4})?(?:a further|an additional|another)?\s*$", re.IGNORECASE)
CLAIM_BETWEEN = re.compile(r"\b(?:asked|wanted|claimed|requested|sought|had already|already paid|previously|offered|instead of|rather than)\b", re.IGNORECASE)
_COST_CUES = {"cost", "costs", "cost of", "fees", "fee", "fee of", "fees of", "charges", "charge of", "allowance",
              "direct payment", "direct payments", "personal budget", "budget of"}
_REIMBURSE = re.compile(r"(?:reimburs\w*|refund\w*|repay\w*|pay|pays|give|gives)", re.IGNORECASE)
_NOT_BEFORE = re.compile(r"\b(?:not|n't|failed to|never|without|stopped|forgot to|refused to|declined to|refuses to)\s+(?:\w+\s+)?$", re.IGNORECASE)
# A sum followed by "which it will now refund" or "as we recommended" is the remedy, whatever came before it.
PAY_AFTER = re.compile(
    # (not across "but": "Mrs C asked for £1,400, but we recommended ...")
    r"^(?:(?!\bbut\b|\bhowever\b|\bnot\b|\bnever\b)[^£.;]){0,60}?\b(?:which (?:it|the council) (?:will|should|has agreed to|agreed to|is to) (?:now )?(?:refund|repay|reimburse|pay)"
    # (not a new recommendation of its own: "£200 and we recommended a further £300")
    r"|(?<!\band)(?<!\band )(?:as|that|the)?\s*(?:we|i|the ombudsman) (?:had )?recommended(?!\s+(?:a further|an additional|another|an extra|(?:that )?(?:it|the council)\s+(?:also\s+)?pays?)\b)"
    r"|(?:is|are) to be paid|will be paid|as (?:the ombudsman )?(?:recommended|agreed with the ombudsman)|in line with (?:the |our |my )?(?:ombudsman'?s )?recommendations?)\b",
    re.IGNORECASE,
)
# A sum written straight before what it is for, with no verb at all ("£350 distress", "£500 for lost SALT",
# "£150 time & trouble"): in the remedy part of a decision that is a terse note of the remedy.
# ... or straight after its label in a case note ("dist. £150", "T&T £100", "SALT missed Sept–Feb @ £120/mth")
PURPOSE_BEFORE = re.compile(
    r"(?:^|[;,:+(]|\b(?i:and|also)\b)\s*(?:(?i:dist\.?|distress|T\s*&\s*T|time (?:and|&) trouble)"
    r"|(?i:lost|missed)\s+(?:[A-Z]{2,5}|(?i:provision|education|tuition|therapy|sessions|teaching))\b[^£;,:+()]{0,25}?"
    r"|(?:(?:[A-Z]{2,5}|(?i:provision|education|tuition|therapy|sessions|teaching))(?:\s+\d+\s+[a-z]+\.?)?|\d+\s+[a-z]+\.?)\s+(?i:lost|missed)\b[^£;,:+()]{0,25}?)\s*[:=@]?\s*$",
)
PURPOSE_AFTER = re.compile(
    r"^\s*(?:/\s*[a-z]+\.?\s+|(?:a|per|each)\s+(?:week|month|term|session)\s+)?(?:(?:each|ea\.)\s+)?(?:to\s+(?:the\s+|both\s+)?(?:parents?|family|mother|father|child|(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+\w+)\s*)?\(?"
    r"\s*(?:for\s+(?:the\s+|her\s+|his\s+|their\s+)?)?(?:distress|time\s*(?:and|&)\s*trouble|T\s*&\s*T\b|lost\s|missed\s|avoidable|frustration|uncertainty|inconvenience)",
    re.IGNORECASE,
)


_AS_RECOMMENDED = re.compile(
    r"\b(?:in line with (?:the |our |my |its |her |his )?(?:ombudsman'?s )?recommendations?|as (?:the ombudsman |we |i )?recommended"
    r"|following (?:the |our |my )?(?:ombudsman'?s )?(?:final )?(?:decision|recommendations?))\b(?![^£]*\bbefore\b)",
    re.IGNORECASE,
)
_FAMILY_SUBJECT = re.compile(r"(?:^|[.;,]\s*|\b(?:because|as|since|where|when)\s+)(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z]\w*|she|he|they|the family|the parents?|(?:her|his|their) (?:mother|father|parents?))\s+(?:now\s+|still\s+|currently\s+|has to\s+|have to\s+|had to\s+)?$")


def cue_verdict(context: str, earlier: str = "") -> bool | None:
    """Whether the words before a sum ask for it to be paid: True/False when the last cue in `context` is a payment/non-payment cue; None when there is no cue.

    A cost or fee cue governed by an earlier "reimburse"/"refund" ("reimburse her costs of £234") is positive.
    `earlier` is the text before `context` in its sentence, read only to find who is asking.
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
    if re.search(r"\b(?:not|no|never)\s+(?:\w+\s+)?$", context[:matches[-1].start()], re.IGNORECASE) and any(p.match(last) for p in _POSITIVE_SET):
        return False  # "we have not recommended the £1,500", "no payment of £200"
    # "Ms S pays £12 a day for a childminder": the family's own outlay, not a payment to them
    if last.lower() in ("pays", "pay", "paying") and _FAMILY_SUBJECT.search(context[:matches[-1].start()]):
        return False
    if any(p.match(last) for p in _POSITIVE_SET):
        always = _CLAIM_ALWAYS.search(context)
        if always and always.end() >= len(context) - 60:
            return False
        claim = _CLAIM_TO_PAY.search(context)
        return not (claim and claim.end() >= len(context) - 60 and not _asked_by_ombudsman(earlier + " " + context[:claim.start()]))
    if last.lower() in ("wants", "wanted", "asks for", "asked for", "seeks", "sought") and re.search(
            r"\b(?:LGSCO|(?:the\s+)?ombudsman|the investigator)\s+(?:also\s+|now\s+)?$", context[:matches[-1].start()], re.IGNORECASE):
        return True  # "LGSCO wants £1.5k for the tuition K missed"
    if last.lower() in ("paid", "has paid") and _AS_RECOMMENDED.search(context):
        return True  # "in line with the Ombudsman's recommendation, has paid Mrs A £750": the remedy, paid since
    if last.lower() in ("paid", "spent", "has paid", "had paid") and len(cues) >= 2 and re.fullmatch(r"reimburs\w*|refund\w*|repay\w*", cues[-2], re.IGNORECASE):
        return True  # "reimburse Mr T for the therapy he paid for, £1,140"
    # "pay the outstanding personal budget of £1,275": owing words between the verb and the noun
    payer = cues[-3] if len(cues) >= 3 and cues[-2].lower() in ("outstanding", "owed", "arrears of", "shortfall of") else cues[-2] if len(cues) >= 2 else ""
    if last.lower() in _COST_CUES and _REIMBURSE.fullmatch(payer):
        # "pay Mr X's legal fees of £1,200", "pay the missed direct payments of £960": the noun is what is paid
        gap = context[context.lower().rfind(payer.lower()) + len(payer):context.lower().rfind(last.lower())]
        claim = _CLAIM_TO_PAY.search(context)
        if len(gap.split()) <= 9 and not (claim and not _asked_by_ombudsman(earlier + " " + context[:claim.start()])):
            return True
    return False
