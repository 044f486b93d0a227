"""extract_remedies: the arithmetic people write, money that is not a remedy, review flags, non-money remedies."""

from __future__ import annotations

import pytest

from nlp.remedies import extract_remedies


def total(text, decision_date="2024-03-14"):
    return extract_remedies(text, decision_date)["remedy_total_gbp"]


@pytest.mark.parametrize("sentence, expected", [
    ("The Council will pay Mrs X £200 a month for 8 months for the support Y missed.", 1600),
    ("The Council will pay £200 per month for eight months.", 1600),
    ("The Council will pay £600 per term for the two terms missed.", 1200),
    ("The Council will pay £1,800 a term for each of the three terms Y was out of school.", 5400),
    # 4 March (a Monday) to 12 April 2024 is 40 days inclusive: 5 weeks and 5 days, the part week rounded up to 6
    ("The Council will pay £50 a week from 4 March to 12 April 2024.", 300),
    ("The Council will pay £50 a week from 4 March 2024 to 10 March 2024.", 50),   # exactly one week
    ("The Council will pay £50 a week from 4 March 2024 to 11 March 2024.", 100),  # one week and a day
    ("The Council will pay £100 a month from September 2023 to February 2024.", 600),  # months inclusive
    ("The Council will pay £300 to each of her two children.", 600),
    ("The Council will pay £250 to each of the three children for their distress.", 750),
    ("The Council will pay £100 each to Mr X and Mrs X.", 200),
    ("The Council will pay £150 to both parents.", 300),
    ("The Council will make two payments of £250 for the distress caused.", 500),
    ("The Council will pay Mrs X five hundred pounds.", 500),
    ("The Council will pay Mrs X one thousand two hundred pounds.", 1200),
    ("The Council will pay Mrs X two thousand five hundred and fifty pounds.", 2550),
    ("The Council will pay Mrs X five hundred pounds (£500) for her distress.", 500),  # not counted twice
    ("The Council had paid £200. It will pay a further £150 for her time and trouble.", 150),
    ("The Council will pay £1.5k for the lost provision.", 1500),
    ("The Council will pay £312.40 to reimburse Mrs X's mileage.", 312.40),
    ("The Council will pay £500 for distress, £200 for time and trouble and £1,000 for lost provision.", 1700),
    ("The Council will pay a total of £2,000: £1,500 for lost education and £500 for distress.", 2000),
])
def test_arithmetic_patterns(sentence, expected):
    assert total(sentence) == pytest.approx(expected)


def test_items_carry_basis_purpose_payee_span_and_due():
    text = "Within one month of my final decision the Council will pay Mrs X £200 a month for 8 months for the therapy Y missed."
    [item] = extract_remedies(text, "2024-03-14")["items"]
    assert item["amount_gbp"] == 1600
    assert item["purpose"] == "lost_provision"
    assert item["payee"] == "Mrs X"
    assert "x 8 months" in item["basis"]
    assert text[item["span"][0]:item["span"][1]] == "£200"
    assert item["due"] == "2024-04-14"


@pytest.mark.parametrize("sentence, purpose", [
    ("The Council will pay £300 to acknowledge the distress caused.", "distress"),
    ("The Council will pay £900 for the education Y missed.", "lost_provision"),
    ("The Council will pay £150 for her time and trouble.", "time_and_trouble"),
    ("The Council will reimburse the £420 Mrs X paid for a private carer.", "reimbursement"),
    ("The Council will pay Mrs X £250.", "other"),
])
def test_purposes(sentence, purpose):
    assert extract_remedies(sentence)["items"][0]["purpose"] == purpose


@pytest.mark.parametrize("text", [
    "The provision in Y's plan costs £8,000 a year.",
    "The Council's high needs budget is £40 million and its SEND budget of £3,000,000 is overspent.",
    "Mrs X asked for £5,000 compensation. We did not recommend this.",
    "Mrs X claimed £2,300 for lost earnings, which we do not recommend.",
    "The tribunal fee of £150 and solicitor's fees of £2,000 are not something we can consider.",
    "Mrs X told us she spent £800 on a private tutor.",
    "The Council offered Mrs X £250 at stage 2, which is a suitable remedy.",
    "The Council had already paid Mrs X £300 before she came to us.",
    "Y's direct payment of £150 a week was paid late.",
    "The placement costs £52,000 a year and the transport £40 a day.",
    "I do not recommend any payment.",
    "Mrs X received £700 from the school.",
])
def test_money_that_is_not_a_remedy_is_not_counted(text):
    result = extract_remedies(text)
    assert result["remedy_total_gbp"] is None and result["items"] == []


def test_traps_beside_a_real_remedy():
    text = ("Mrs X asked for £4,000. The therapy in the plan costs £2,100 a year. The Council offered £100 at stage 2. "
            "I do not recommend a payment for lost education, but the Council should pay £250 for her distress.")
    result = extract_remedies(text)
    assert result["remedy_total_gbp"] == 250
    assert [i["amount_gbp"] for i in result["items"]] == [250]


def test_agreed_action_section_is_preferred_over_summary_and_final_decision():
    text = ("Summary: The Council agreed to pay £600.\n\nAgreed action\n12. The Council will pay Mrs X £600 for distress.\n\n"
            "Final decision\n15. The Council has agreed to pay £600.\n")
    assert total(text) == 600


def test_total_above_25000_is_flagged_not_silently_summed():
    result = extract_remedies("The Council will pay £20,000 for lost education and £6,000 for distress.")
    assert result["needs_review"] is True
    assert "25,000" in result["review_reason"]
    assert result["remedy_total_gbp"] == 26000  # kept, so a reviewer sees what the arithmetic gave


def test_open_ended_periodic_payment_is_listed_and_flagged():
    result = extract_remedies("The Council should pay £75 a week until it secures the provision in Y's plan.")
    assert result["remedy_total_gbp"] is None
    assert result["open_ended"][0]["amount_gbp"] is None and "no count" in result["open_ended"][0]["basis"]
    assert result["needs_review"] is True


def test_no_money_remedy_gives_null_total():
    result = extract_remedies("The Council agreed to apologise and to review its procedures.")
    assert result["remedy_total_gbp"] is None and result["items"] == []
    assert [n["kind"] for n in result["non_money"]] == ["apology"]


@pytest.mark.parametrize("line, kind", [
    ("apologise to Mrs X in writing;", "apology"),
    ("reassess Y's needs and issue a new decision;", "reassessment"),
    ("carry out a new EHC needs assessment;", "reassessment"),
    ("review its procedure for tracking therapy provision;", "procedure_review"),
    ("provide training to caseworkers on the Section 19 duty;", "staff_training"),
    ("remind staff of the annual review timescales;", "staff_training"),
    ("produce an action plan to reduce assessment delays;", "service_improvement"),
])
def test_non_money_remedies(line, kind):
    text = f"Agreed action\n1. Within three months the Council will:\n  - {line}\n"
    [remedy] = extract_remedies(text, "2024-03-14")["non_money"]
    assert remedy["kind"] == kind and remedy["due"] == "2024-06-14"


@pytest.mark.parametrize("text, expected", [
    ("The Council had already offered Mrs X £250, which is a suitable remedy.", True),
    ("The Council has already apologised and agreed to pay £200, which we consider an appropriate remedy.", True),
    ("In its stage 2 response the Council offered £150. Its remedy is proportionate and we will not ask for more.", True),
    ("The Council will pay Mrs X £300 for her distress.", False),
])
def test_remedy_already_provided_before_the_ombudsman(text, expected):
    assert extract_remedies(text)["remedy_before_ombudsman"] is expected


from hypothesis import given, settings, strategies as st  # noqa: E402

_WORDS = st.sampled_from(["pay", "£200", "£1,500", "a month", "for", "3", "months", "to each of", "two", "children",
                          "asked for", "costs", "already paid", "within one month", ".", ",", "Mrs X", "and", "\n- ",
                          "Agreed action\n", "five hundred pounds", "from 4 March to 12 April 2024", "a week"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, max_size=30).map(" ".join))
def test_extraction_never_crashes_and_the_total_is_the_sum_of_items(text):
    result = extract_remedies(text, "2024-03-14")
    amounts = [i["amount_gbp"] for i in result["items"]]
    assert all(a is not None and a > 0 for a in amounts)
    assert result["remedy_total_gbp"] == (round(sum(amounts), 2) if amounts else None)
    for item in result["items"]:  # every span points at the written sum
        written = text[item["span"][0]:item["span"][1]]
        assert written.startswith("£") or written.endswith("pounds")


def test_decision_date_in_any_written_style_and_a_bad_one():
    from nlp.errors import NlpError

    text = "Within one month the Council will pay £300 for distress."
    assert extract_remedies(text, "14/03/2024")["items"][0]["due"] == "2024-04-14"
    with pytest.raises(NlpError, match="not a date"):
        extract_remedies(text, "sometime in March")


@pytest.mark.parametrize("sentence, expected", [
    # the council turning a payment down is not a remedy ...
    ("The Council declined to refund the £240 Mrs X spent on bus fares. We found no fault.", None),
    ("Mrs X's complaint about the Council's refusal to refund her £60 is outside our jurisdiction.", None),
    ("The Council rejected Mr X's claim for £1,000 and we agree it need do nothing more.", None),
    # ... unless it is a sum the ombudsman recommended, which stays the recommended remedy
    ("The Council has refused to pay the £750 we recommended for the lost tuition.", 750),
    ("The Council refused our recommendation to pay Ms X £300.", 300),
])
def test_refused_payments(sentence, expected):
    assert total(sentence) == expected


@pytest.mark.parametrize("sentence, expected, conditional", [
    ("The Council will pay £300 now, and a further £300 if it does not issue the plan within eight weeks.", 300, [300]),
    ("Should the Council fail to issue the plan by 1 May, it will pay Mrs X £250.", None, [250]),
    ("If the review is late, the Council will pay £200.", None, [200]),
    ("The Council will pay £150 in the event that the therapist is not in post by September.", None, [150]),
    ("The Council will reimburse Mr X £380, subject to him providing receipts.", None, [380]),
    ("The Council will pay Mrs X £350 for her time and trouble, if it has not already done so.", 350, []),  # a reminder, not a condition
    ("The Council should pay Mrs X £350 for her distress.", 350, []),  # "should" as an instruction
])
def test_conditional_sums_are_listed_not_totalled(sentence, expected, conditional):
    result = extract_remedies(sentence, "2024-03-14")
    assert result["remedy_total_gbp"] == expected
    assert [c["amount"] for c in result["conditional"]] == conditional


@pytest.mark.parametrize("sentence, expected", [
    ("The Council agreed to pay £2,000 to Mr X for the lost education, less the £500 it had already paid, so £1,500 remains to be paid.", 1500),
    ("The Council will pay £1,600 minus the £400 paid in January.", 1200),
    ("The Council will pay Mrs X £900, after deducting the £200 it has already paid her, for her distress.", 700),
    ("The Council will pay £50 a week for 10 weeks, net of the £100 already paid.", 400),
    ("The Council will pay £1,800 less the £300 paid at stage 2, leaving £1,500, and £150 for her time and trouble.", 1650),
])
def test_deductions_are_worked_out(sentence, expected):
    result = extract_remedies(sentence, "2024-03-14")
    assert result["remedy_total_gbp"] == pytest.approx(expected)
    assert "less" in result["items"][0]["basis"]


@pytest.mark.parametrize("text, expected", [
    # the count follows the per-period phrase
    ("The Council will pay £150 to the parent for each month the plan was late, which was five months.", 750),
    # the count or the dates are in an earlier sentence the payment refers back to
    ("O missed 12 days of school. The Council will pay Mrs O £25 for each day O missed school.", 300),
    ("The tutor was missing from 3 June to 19 July 2024. It will pay £90 a week for that period.", 630),
    # the family's own outlay is not a payment to them; "reimburse this" then makes it the remedy
    ("Ms S pays £12 a day for a childminder. The Council agreed to reimburse this for the 40 days concerned.", 480),
    # with nothing to refer back to, a per-period sum stays open-ended
    ("The Council will pay £90 a week for that period.", None),
])
def test_counts_stated_elsewhere(text, expected):
    assert total(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a remedy written as a bare list after "Remedy:" / "Remedies:", with no paying verb
    ("Fault found. Remedy: written apology; £45 a week for the 6 weeks without a taxi; reminder to staff.", 270),
    ("Upheld. Remedies: (i) apology; (ii) £900 for the missed therapy; (iii) £200 for distress.", 1100),
    # sums listed first, agreed in the next sentence
    ("For the lost tuition, £640; for Mr Ahmed's trouble, £150. The Council agreed to pay these amounts by June.", 790),
    ("Lost respite: £520. Distress: £250. The authority will pay both of these sums to the family.", 770),
    # the count of children written before the sum
    ("The Council will pay each of Ms Rowe's four children £125 for the lost sessions.", 500),
    ("It will pay her two sons £300 each.", 600),
    # the ombudsman asking is a recommendation; the family asking is a claim
    ("We found fault and asked the Council to pay £350 for the distress caused.", 350),
    ("Mrs D asked the Council to pay £5,000. We found fault and the Council agreed to pay £350.", 350),
    # a condition written between two sums belongs to the second
    ("The Council will pay £300 for distress and, if the plan is not issued by 1 May, a further £150.", 300),
    ("The Council will pay £300 for distress and a further £150 if the plan is not issued by 1 May.", 300),
])
def test_lists_references_counts_and_conditions(text, expected):
    assert total(text) == pytest.approx(expected)


def test_sums_listed_without_a_later_agreement_are_not_counted():
    # nobody agrees to pay them: a list of what the family spent is not a remedy
    assert total("Transport: £640. Childcare: £150. Mrs B sent receipts for both.") is None


@pytest.mark.parametrize("text, purpose", [
    ("The Council will pay Mrs X £100 for the time she spent chasing replies.", "time_and_trouble"),
    ("The Council will refund the £96 of bus fares Mrs J paid.", "reimbursement"),
    ("The Council will pay £40 a week for the 5 weeks Y had no transport to school.", "lost_provision"),
    ("The Council did not provide the short breaks in Y's plan. It will pay £150 a month for 6 months.", "lost_provision"),
])
def test_purpose_from_the_words_around_the_sum(text, purpose):
    # the rules' own reading (the learned check may revise purposes: tests/nlp/test_remedy_check.py)
    assert [i["purpose"] for i in extract_remedies(text, "2024-03-14", check=False)["items"]] == [purpose]


@pytest.mark.parametrize("text, expected", [
    # a named council as the object of the family's claim
    ("Mr V wanted Thornbury Council to pay him £3,000. We did not investigate because he has appealed to the Tribunal.", None),
    ("Ms L asked us to make the Council refund the £900 she spent on a barrister. We cannot do so.", None),
    # a new sum in place of an earlier offer
    ("The Council will pay Mr F £500, instead of the £150 it offered in its stage 1 reply, for his distress.", 500),
    # per period and per child together
    ("It will pay £200 a term for each of her three daughters for the two terms they missed.", 1200),
    # several deductions
    ("It will pay £2,500, less the £400 it paid in May and the £100 it paid at stage 1.", 2000),
    # "was late" describes the plan, not the payment
    ("It will pay Mrs G £100 for each month the plan was late, which was six months.", 600),
    # a period given by two dates in an earlier section
    ("What happened\nThe taxi stopped on 3 March 2025 and did not start again until 28 April 2025.\n\n"
     "Agreed action\nThe Council will pay £30 a week for that period.", 270),
    # items listed on their own lines under a lead-in with a colon
    ("Recommended action\nThe Council should pay Ms P the following within one month:\n£600 (£300 per term for two terms)\n"
     "£150 for her distress\n\nDecision\nUpheld.", 750),
    # the action section pays the sums set out in the findings
    ("What I found\n4. I consider £700 an appropriate figure for the lost therapy. The Council has agreed to pay this to Mrs N, "
     "with £150 for her time and trouble.\n\nAgreed action\n5. The Council will make the payments set out above within one month.", 850),
    # a stated total followed by its parts
    ("The Council has been told to pay £1,250 to a family. It must pay £1,000 for the therapy the boy missed and £250 for distress.", 1250),
    # the parts do not restate the total when the next sentence adds to it
    ("The Council will pay £500 for distress. It will also pay £300 for lost tuition and £200 for her time.", 1000),
])
def test_claims_replacements_periods_and_breakdowns(text, expected):
    got = total(text)
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("text, expected", [
    # a relative clause: the parents wanted it, not the ombudsman
    ("The Ombudsman turned down a complaint from parents who wanted Eastleigh council to pay back £8,000 of tuition fees.", None),
    # refusals in other words
    ("We cannot ask the Council to refund the £2,400 Mr C spent on his solicitor.", None),
    ("Mrs T's request that the Council pay £900 towards a private assessment was not supported by the Ombudsman.", None),
    # a replaced offer is not added
    ("We recommended £600 for her distress, replacing the £200 the Council offered at stage 1.", 600),
    # an owed budget the ombudsman asks the council to pay is a remedy
    ("The Council will pay the outstanding personal budget of £1,040 and £200 for distress.", 1240),
    # months named without years
    ("The Council will pay £90 a month from November to March for the respite Y lost.", 450),
    # "each of you" in a letter to two parents; "ea." in a case note
    ("Dear Mr and Mrs H, as agreed with the Ombudsman we will pay £200 to each of you for your distress.", 400),
    ("24 019 006 upheld. £175 ea. to parents (distress), £480 lost SALT, apology.", 830),
    # the gross restated before its deduction is counted once, net
    ("A payment of £900 was warranted, so the Council will pay £900 less the £300 it paid in May.", 600),
    # a total whose parts are in brackets: the parts are the items
    ("She recommended £1,500 in total (£1,200 for lost tuition and £300 for distress).", 1500),
])
def test_relative_claims_refusals_budgets_and_brackets(text, expected):
    got = total(text)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_a_bracketed_breakdown_gives_the_items():
    items = extract_remedies("She recommended £1,500 in total (£1,200 for lost tuition and £300 for distress).", "2024-03-14")["items"]
    assert [(i["amount_gbp"], i["purpose"]) for i in items] == [(1200, "lost_provision"), (300, "distress")]


@pytest.mark.parametrize("text, expected", [
    # case notes: labels before sums, "@" rates, "/wk", "x 9 wks", "ea.", "T&T", "dist."
    ("24 003 117 upheld. Rec: £150 ea. to Mr & Mrs J (distress); T&T £75; OT missed Oct–Jan @ £60/mth.", 615),
    ("FD 02/05: reimburse fuel £30/wk x 6 wks; dist. £200. Family's claim for £2k not upheld.", 380),
    ("Ms W: 10 sess. missed @ £45 = £450; DP arrears £600 to be paid; dist. £150. Total £1,200.", 1200),
    # a per-period sum whose months or dates are stated in the sentence before, years taken from the decision date
    ("From October to January Y had no speech therapy. The Council will pay £70 for each month and £150 for distress.", 430),
    ("The tutor left on 2 September and no tuition was arranged until 20 October. "
     "It will pay £55 a week for the period from 2 September to 20 October.", 385),
    # ... but a sum that runs on until something happens is never totalled from dates elsewhere
    ("From May to July Z had no place. The Council will pay £80 a week until a place is found.", None),
    # the complaint's wish is a claim; "each of you" before the sum
    ("We will not look at Mr O's complaint that the Council should pay him £1,500 for tribunal costs.", None),
    ("The Council will pay each of you £225 for the distress caused.", 450),
    # per term for each child, the children and terms counted in the sentence before
    ("Mrs B's two children missed the tuition in their plans for three terms. The Council will pay £250 per term for each child.", 1500),
    # a stated total in a news item, the parts two sentences later; a total restated after its parts
    ("A family will receive £1,400 from the council. They had asked for £6,000. It will pay £1,100 for lost therapy and £300 for distress.", 1400),
    ("The final decision recommends £350 for distress plus £90 for taxi fares. Please raise a payment of £440.", 440),
    # the rate behind a sum already counted
    ("It will pay Mr K £1,560, being the direct payments owed for 12 weeks at £130 a week.", 1560),
])
def test_case_notes_periods_from_context_and_restated_sums(text, expected):
    got = total(text, "2025-03-14")
    assert got == (pytest.approx(expected) if expected is not None else None)


FINDINGS_THEN_ACTIONS = """Decision: Upheld

What I found
3. R had no education from 6 January 2025 to 28 March 2025 because no tutor was arranged.
4. Mrs E asked for £4,000. I do not consider that proportionate.

Agreed action
5. Within one month of my final decision the Council will:
- pay Mrs E £60 a week for the period R had no education;
- pay her £150 for her time and trouble.
"""


@pytest.mark.parametrize("text, expected", [
    # the canonical form: a weekly sum "for the period ..." whose dates are in the findings, not "within one month"
    (FINDINGS_THEN_ACTIONS, 870),
    ("Speech therapy stopped from 1 October to 20 December 2024. The Council agreed to pay £40 for each week of that period.", 480),
    # a remedy section listing sums with no verb
    ("Remedy:\n- apology to Mr N;\n- £400 for Z's missed sessions;\n- £150 for Mr N's distress.", 550),
    # a numbered list under a lead-in that ends with a colon
    ("The remedy the Ombudsman recommended is:\n1. an apology;\n2. £900 to Ms Q for the tuition Y lost;\n3. £200 for her distress.", 1100),
    # named children and groups
    ("It will pay £250 to each of X and Z for the uncertainty.", 500),
    ("Remedy: £120 per child (X and Y) for the missed short breaks.", 240),
    ("We recommended the Council pay £300 to each of the family's four children.", 1200),
    ("Twin girls will each receive £275 for the term of schooling they missed.", 550),
    ("It will pay £100 a month from May to August 2024 for each of the two children.", 800),
    # paid since the decision, as recommended; the ombudsman's "final decision" and "it" as the one asking
    ("In line with the Ombudsman's recommendation, the Council has paid Ms V £650 for her distress.", 650),
    ("The final decision asks the Council to pay Mr O £275 for his time and trouble.", 275),
    ("It asked us to pay you £320 for the missed respite.", 320),
    # claims, earlier refunds, conditions inside the clause
    ("They had asked LGSCO to make us pay £2,100 of expert fees; it said it could not.", None),
    ("Mrs F complained the Council took months to refund the £380 she spent on taxis.", None),
    ("That was dealt with by the Council's earlier refund of £410.", None),
    ("The Council agreed that if the plan is not issued by May it will pay the family £300.", None),
    ("It also says that, should the Council miss the deadline, it must pay a further £150.", None),
    # restatements: "in all", "the balance of ... together with the ...", a gross repeated before its deduction
    ("It will pay £400 per term for the two terms missed – £800 in all – for extra tuition.", 800),
    ("The Ombudsman recommended £2,000 less the £500 we paid and £250 for distress. We will pay you the balance of "
     "£1,500 together with the £250 within a month.", 1750),
    ("It agreed to a payment of £1,200. It paid £400 of that in June. It should now pay £1,200 less the £400 already paid.", 800),
    ("Remedy agreed: £300 per term for two terms, so £600, less the £100 paid in May, i.e. £500 still to pay.", 500),
])
def test_periods_in_findings_lists_groups_and_restatements(text, expected):
    got = total(text, "2025-05-20")
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("text, expected", [
    # refusals and "no recommendation" in council and legal documents
    ("We have therefore not recommended the £1,200 they asked for.", None),
    ("Nothing was recommended for the £3,300 tutoring invoice Mr B sent in.", None),
    ("The Ombudsman made no recommendation about it and there is no obligation to pay it.", None),
    ("Officers asked whether the Council must pay the £7,200 Mr and Mrs C spent on their appeal. It need not.", None),
    ("You asked when the Council will pay the £1,800 you requested in your complaint.", None),
    ("Her solicitors now ask the Council to pay their costs of £4,300.", None),
    ("We have noted your request for a refund of the £540 you spent on fuel.", None),
    ("Mr R complained the Council wrongly refused the short breaks and should repay the £1,900 he spent.", None),
    ("The family ended up paying £2,100 for a tutor themselves.", None),
    ("Across the year the Council paid a total of £28,400 in remedies.", None),
    # the ombudsman asking, named before the clause or as "she"
    ("Ombudsman content with our stage 2 payment of £300, but asked us to pay a further £450 for the lost therapy.", 450),
    ("The Ombudsman considered our offer. She has asked us to pay £275 for the distress caused.", 275),
    # a reminder, not a condition, even in the first person; a refund of what the family claimed
    ("The Ombudsman asks us to pay Mrs K £400 for her distress if we have not already done so (nothing was offered at stage 2).", 400),
    ("We will reimburse the £212.60 mileage you claimed for driving her yourself.", 212.60),
    # a condition opened inside the clause; months with a dash straight after the rate
    ("Her new place starts in September; should it not start by then, she has asked us to pay a further £200.", None),
    ("Agreed: £130/month Feb–Jun for lost SALT; apology.", 650),
    # a sum counted in one sentence and named again with "the" in the next
    ("The Ombudsman recommends a further £380 for the tuition lost. We advise paying the £380 within the month.", 380),
])
def test_refusals_claims_askers_and_repeats(text, expected):
    got = total(text, "2025-07-01")
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("text, expected", [
    # figures for many complaints in a report are not a remedy
    ("Financial remedies agreed across those complaints totalled £19,300, most of it for missed education.", None),
    ("We complied with every recommendation, paying £17,650 in remedies across the year.", None),
    # a status note in brackets does not govern the next sum; "+" continues a list
    ("Agreed: £200 distress (paid 02/06) + £540 lost tuition (pending).", 740),
    # a claim runs on through "and"
    ("His solicitors wrote asking the Council to pay £9,000 for lost education and £3,100 in legal costs.", None),
    # terms named, months "for April to June 2024"
    ("The Council will pay £800 a term for the autumn and spring terms for the education Y missed.", 1600),
    ("It will pay the direct payment arrears of £410 a month for April to June 2024.", 1230),
    # a weekly sum that runs on until something happens is never totalled, even with dates stated earlier
    ("Z had no short breaks from 1 March to 30 April. Until a new provider is found, the Council will pay £50 a week.", None),
    # a headline sum and the worked-out sum it stands for
    ("COUNCIL TO PAY £1,800. The Ombudsman said the council should pay £150 a month for the 12 months the boy missed.", 1800),
    ("A council must pay £2,000. It should pay a total of £2,000: £1,700 for lost provision and £300 for distress.", 2000),
    # a restatement chain in a note
    ("Remedy: £450 lost sessions; £150 time & trouble. Finance to pay the £450 + £150 by Friday.", 600),
])
def test_reports_notes_terms_and_headlines(text, expected):
    got = total(text, "2025-07-01")
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("text, expected", [
    ("Nor would we be likely to ask the Council to refund the £900 she has spent on taxis.", None),
    ("Before we became involved, the Council repaid the £480 she had spent, plus £75 for her trouble. That is what we would have recommended.", None),
    ("The boys, two brothers, had no transport from 2 September to 11 October 2024.\n\nAction\n5. The Council will pay £30 a week for each boy "
     "for the period set out in paragraph 2.", 360),
    ("The Council underpaid Ms P by £60 a month for ten months. It has agreed to pay the shortfall of £60 a month for those ten months.", 600),
    ("Recommended action\n5. The Council should:\na. apologise to Mr and Mrs K;\nb. pay, for the uncertainty caused, £150 to each of them.", 300),
])
def test_decision_texts_round_nine(text, expected):
    got = total(text, "2025-01-15")
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("text, expected", [
    ("It will pay him £100 for each month beyond the deadline, which I have calculated as six months.", 600),
    ("Within four weeks the Council should pay Mrs D the allowance she missed, at £90 a week for 10 weeks.", 900),
    ("The Council accepted our recommendation to pay £1,200, of which £900 is for lost respite and £300 for distress.", 1200),
    ("She paid for a bus from 3 March to 11 April 2025 while eligibility was reviewed. The Council agreed to pay £35 a week for those fares.", 210),
    ("For the missed tuition, £900; for her distress, £250. The Council agreed to pay all three within a month.", 1150),
    ("I recommend the Council:\n- repays the £640 it refused to pay Mrs B for the private report;\n- pays her £150 for her time and trouble.", 790),
    ("It will pay £100 for every month the plan was late; the plan was three months late.", 300),
    ("Recommended action\n(b) pay Mrs S £600, being £300 for each of her two sons, less the £100 it paid in May.", 500),
    ("What I recommended:\n5. The Council should pay Mrs L £50 a week for 10 weeks.", 500),
    ("Z could not attend between 3 November and 15 December 2025. The Council will pay £40 a week between those dates.", 280),  # 43 days: 7 weeks
    ("Members asked about the £1.2m spent on placements.", None),
    ("The family is looking for £900 for missed respite.", None),
    ("I know you asked the Council to reimburse £1,100 you spent on taxis. The Ombudsman did not recommend it.", None),
    ("The Council will settle the £1,310.40 of direct payment arrears it owes.", 1310.40),
])
def test_round_ten(text, expected):
    got = total(text, "2025-12-20")
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("text, expected", [
    # a council's rate is not a remedy; a remedy paid "at the agreed rate of" is
    ("Miss B wanted twelve hours a week; the Council would only pay its standard rate of £16.20 an hour. We found no fault.", None),
    ("The Council will pay Mrs Z the arrears at the agreed rate of £380 a month for April to June 2024.", 1140),
    # a claim with another verb first; "asked the Council to refund it"
    ("Mrs R wanted the Council to withdraw the order and repay £1,900 she had spent on tutors. We did not find fault.", None),
    ("Mrs B paid £650 for a private report and asked the Council to refund it. The Council refused. We found no fault.", None),
    # months late counted in the findings, not the deadline in the action section
    ("What I found\n3. The plan was therefore four months late.\n\nAgreed action\n5. Within one month the Council will:\n"
     "- pay Ms A £150 for each month of delay in issuing the plan.", 600),
    ("It agreed to pay Ms B £100 for every month the final plan was overdue — six months in all — for the uncertainty.", 600),
])
def test_round_eleven(text, expected):
    got = total(text, "2025-08-01")
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("text, expected", [
    # actions written in the decision section of a statement with no action heading
    ("Summary: We found fault. The Council agreed to pay a remedy.\n\nWhat happened\n2. Y had no tuition.\n\nOur decision\n"
     "7. The Council has agreed to:\n(a) apologise to Ms D;\n(b) pay £110 a month from October 2024 to March 2025 for the tuition Y missed;\n"
     "(c) pay Ms D £150 for her time and trouble.", 810),
    # an earlier payment "before Ms L came to us"; an allocation; a claim against an academy; "her request for it to refund"
    ("The Council paid the arrears of £960 in August 2024, before Ms L came to us. We ended our investigation.", None),
    ("The Council failed to give her daughter the short breaks in her £1,650 annual allocation, but replacement sessions were accepted.", None),
    ("We will not investigate Mrs Y's complaint that an academy should repay the £380 she spent on an assessment.", None),
    ("We will not investigate her request for it to refund the £5,200 she paid for private reports in 2021.", None),
])
def test_round_twelve(text, expected):
    got = total(text, "2025-06-10")
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("text, expected", [
    ("6.1 The Council will pay Mr and Mrs R the arrears of special guardianship allowance of £3,120.80.", 3120.80),
    ("Mrs C asked for £2,000, but we recommended the Council pay her £60 a week from 2 June to 13 July 2025.", 360),
    ("We recommended £600 for her distress, instead of the £250 it offered, and £200 for her time and trouble.", 800),
    ("We recommended £800 for the missed therapy less the £200 already paid, and £150 for her time and trouble.", 750),
    ("Mrs E wanted the school to refund £520 she spent on a tutor; she may complain to the academy trust.", None),
    ("We cannot investigate her request that the academy repay £350 she spent on an assessment.", None),
    ("The Council agreed to pay Ms S £110 for every month the plan was overdue, seven months in all.", 770),
])
def test_round_thirteen(text, expected):
    got = total(text, "2025-08-01")
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("text, expected", [
    # an action section labelled on the same line as its text; a numbered heading with no full stop; "Remedy agreed"
    ("Summary: The Council left Y without teaching.\n\nFindings: Y had no teaching from 3 March to 11 April 2025.\n\n"
     "Recommended action: We recommended it (1) apologise; (2) pay Mrs U £60 a week from 3 March to 11 April 2025; "
     "and (3) pay her £200 for distress.\n\nDecision: Upheld.", 560),
    ("Summary: We upheld Mr V's complaint.\n\n2 What I found\n2.1 He paid £90 for a report.\n\n3 Recommended action\n"
     "3.1 The Council should:\n(a) refund Mr V the £90 he paid;\n(b) pay him £100 for his time and trouble.", 190),
    ("Summary: The Council stopped the payments and will pay what it owes.\n\nRemedy agreed\n- pay the arrears of £640 "
     "it owes Ms W;\n- pay £120 for distress.", 760),
    # "resolved at stage 1" is not a payment made at stage 1
    ("The Council agreed to make a payment of £125 to Mr S for the trouble of pursuing a complaint it could have "
     "resolved at stage 1.", 125),
    # a sum after a deduction's aside joins the list: "less the £500 it had already paid, together with £300"
    ("We recommended the Council pay Mrs W £1,800 less the £400 it had already paid, together with £250 for her distress.", 1650),
    # a sum per child, the children counted or named elsewhere
    ("Neither of Mrs T's two daughters had respite. It will pay £175 to each daughter for the distress caused.", 350),
    ("The Council will pay £300 to each of Ms Y's children, X and Z, for the support they missed.", 600),
    ("Ms B's children X and Z each need short breaks. The Council will pay Ms B £20 a week for each child from "
     "6 January to 14 February 2025.", 240),
    ("Mrs A has one son. The Council will pay £100 to each son.", 100),
    ("I recommend the Council pays Ms B £25 a week for each of her two children from 6 January 2025 to 14 February "
     "2025, for the tuition they missed.", 300),
    # counts written after a comma; a school day as the period
    ("We recommended the Council pay Mrs C £80 per week missed, seven weeks, for Z's lost education.", 560),
    ("The Council will pay Mrs B £15 for each school day she drove X herself, which was 20 days.", 300),
    # a rate behind a sum, or a count at a rate
    ("The Council must pay Mr G £560 for the 8 private speech therapy sessions he paid for in the spring, at £70 each.", 560),
    ("The Council will pay £250 for distress and reimburse the 3 sessions at £60 each.", 430),
    # the family's outlay goes on with "a further"; an earlier offer beside a new recommendation in one sentence
    ("Mrs C paid £1,200 for a private report and a further £400 for the author to attend the hearing. The Council "
     "will reimburse the £1,200 report. We have not recommended that it pays the £400.", 1200),
    ("The Council had offered £150 and we recommended a further £350.", 350),
    # the family's view of a debt or of what their child should receive is a claim
    ("Mr D said Eastbrook County Council owed him £1,900 for a year of transport. We found no fault.", None),
    ("Mr and Mrs F said their daughter should receive £3,000 for the term she missed. We found no fault.", None),
])
def test_round_fourteen(text, expected):
    got = total(text, "2025-08-01")
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("text, expected", [
    # more action headings; a stated total followed by a list of its parts
    ("Summary: Upheld.\n\nWhat I found\n2. She paid £90 for a report.\n\nOur decision on remedy\n3. The Council will pay "
     "Ms D £390 within one month:\na) £90 to repay the report;\nb) £300 for her distress.", 390),
    ("Summary: Upheld.\n\nTo remedy the injustice\n5. I recommend the Council:\n- refunds the £120 Miss V spent on fares;\n"
     "- pays her £150 for her distress.", 270),
    ("Summary: Upheld.\n\nOur recommendations\n6. The Council must pay £250 for the family's distress.", 250),
    ("Agreed action\n5. Within one month the Council will:\n5.1 pay Mr N £250, made up of\n    - £150 for distress, and\n"
     "    - £100 for his time and trouble;\n5.2 pay £300 each for X and Y (£600 in all) for the teaching they missed.", 850),
    ("Agreed action\n5. The Council should pay Mr and Mrs W £1,450, that is:\n   5.1 £600 per term for the two terms M "
     "missed (£1,200);\n   5.2 £250 for their distress.", 1450),
    ("The Council should, within a month, pay Ms F £2,000 — £1,600 for the respite her son did not get and £400 for "
     "the strain on the family.", 2000),
    # a purpose aside after a deduction; children counted with an adjective; twins; grandchildren named
    ("The Council will pay Ms E £900 less the £200 already paid, for her distress, and £150 for her time and trouble.", 850),
    ("The Council failed to assess Mrs W's three disabled children. It will pay £120 to each child for the respite "
     "they missed.", 360),
    ("Mr and Mrs H's twin sons had no short breaks. The Council will pay £1,000 for the breaks the twins missed — "
     "£500 for each of them.", 1000),
    ("Mr and Mrs Q care for their grandchildren X and Y. The Council will repay the shortfall of £20 a week for each "
     "child from 3 March to 13 April 2025.", 240),
    ("We recommended the Council pay £200 to each of Mr and Mrs B's three children for the breaks they missed.", 600),
    ("The Council will pay £150 each to X and to Mrs K for the distress caused.", 300),
    # nights at a rate; months written before a monthly sum
    ("We asked it to pay Mrs H £900 for the 9 nights of respite he lost, at £100 a night.", 900),
    ("The Council will pay the personal budget owed for May to August 2024 (£150 a month).", 600),
    ("It will pay Mrs Z the arrears for November 2024 to February 2025 at £120 a month.", 480),
    # "pay that back"; claims and refusals; "for the period D1 to D2"; a sum while the plan stays late
    ("The family had to pay £240 for a private assessment. The Council will pay that back.", 240),
    ("Mr B says the Council should repay the £2,100 he spent on legal fees. We found no fault.", None),
    ("Mr A's claim for £1,750 in lost earnings was not something we recommended.", None),
    ("The Council should pay £50 a week for the period 3 March to 13 April 2025 for the tuition Y lost.", 300),
    ("(d) pay her the £200 she asked for her time and trouble.", 200),
    ("The plan is six months late. The Council will pay Ms W £100 for each month the plan remains unissued after "
     "1 October.", None),
    ("It will also reimbure the £95.50 she spent on a report.", 95.5),
])
def test_round_fifteen(text, expected):
    got = total(text, "2025-08-01")
    assert got == (pytest.approx(expected) if expected is not None else None)
