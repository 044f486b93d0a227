"""Fault statements about the same failure share a readable label; different failures do not."""

from nlp.patterns import UNCLUSTERED, cluster_fault_statements

# Written for this test: three kinds of fault, four wordings each.
REVIEWS = [
    "The annual review was held late and the amended plan was not issued within the statutory timescale.",
    "There was delay finishing the annual review, so the amended plan came months after the meeting.",
    "The annual review decision letter was sent long after the deadline and the amended plan was late.",
    "Nobody completed the annual review on time and the amended plan was never finalised.",
]
TRANSPORT = [
    "Home to school transport was withdrawn without notice and the taxi stopped coming.",
    "The school transport taxi did not arrive for three weeks and no alternative transport was offered.",
    "Transport was refused using the walking distance rule without considering the disability.",
    "The taxi contract ended and the school transport was not replaced for a month.",
]
PAYMENTS = [
    "The direct payment for the personal budget was paid late and the family paid the tutor themselves.",
    "Direct payments stopped without warning and the personal budget was not reinstated.",
    "The personal budget direct payment arrived five months after it was agreed.",
    "Late direct payment meant the carers were unpaid and the personal budget was unused.",
]


def test_statements_about_one_failure_share_a_label_and_labels_read_as_words():
    labels = cluster_fault_statements(REVIEWS + TRANSPORT + PAYMENTS, max_clusters=3)
    reviews, transport, payments = labels[:4], labels[4:8], labels[8:]
    assert len(set(reviews)) == 1 and len(set(transport)) == 1 and len(set(payments)) == 1
    assert len({reviews[0], transport[0], payments[0]}) == 3
    assert "annual review" in reviews[0] or "amended plan" in reviews[0]
    assert "transport" in transport[0] or "taxi" in transport[0]
    assert "direct payment" in payments[0] or "personal budget" in payments[0]
    assert all(" / " in label for label in set(labels))


def test_same_input_gives_the_same_labels_and_edge_cases_do_not_crash():
    texts = REVIEWS + PAYMENTS
    assert cluster_fault_statements(texts) == cluster_fault_statements(texts)
    assert cluster_fault_statements([]) == []
    assert cluster_fault_statements(["The council did it."]) == [UNCLUSTERED]
    assert len(cluster_fault_statements(["Transport taxi late."])) == 1


def test_letter_boilerplate_never_labels_a_pattern():
    from nlp.patterns import cluster_fault_statements

    letters = [f"Dear Sir, the {thing} has not happened for weeks. Kind regards, thanks" for thing in
               ("speech therapy", "speech therapy sessions", "taxi to school", "taxi pick up", "direct payment",
                "direct payment money")] * 4
    labels = set(cluster_fault_statements(letters))
    assert not any(word in label.split(" / ") for label in labels for word in ("dear", "regards", "thanks", "kind"))
