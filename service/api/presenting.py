"""What each role may see of a record: viewers get redacted text and masked personal fields;
officers and admins get the full record, and every such read is audited."""

from __future__ import annotations

from complaints.audit import record_event
from nlp.redaction import redact

__all__ = ["present_complaint", "present_case", "present_decision"]

MASK = "[redacted]"
COMPLAINT_PERSONAL = ("complainant_name", "child_name", "child_dob", "postcode", "case_ref")
CASE_PERSONAL = ("child_forename", "child_surname", "date_of_birth", "postcode", "caseworker")


def _known_names(record: dict, *fields: str) -> list[str]:
    return [record[f] for f in fields if record.get(f)]


def present_complaint(db, complaint: dict, principal) -> dict:
    """The complaint as `principal` may see it; full reads go to the audit log."""
    if principal.sees_full_records:
        record_event(db, actor=principal.actor, role=principal.role, action="read_full", entity="complaint",
                     entity_id=complaint["id"])
        return complaint
    shown = dict(complaint)
    names = _known_names(complaint, "complainant_name", "child_name")
    refs = [complaint.get("case_ref") or "", complaint.get("ombudsman_ref") or ""]
    shown["text"] = redact(complaint.get("text"), names=names, refs=refs, dates=[complaint.get("child_dob") or ""])
    for field in COMPLAINT_PERSONAL:
        if shown.get(field):
            shown[field] = MASK
    shown["extra"] = {}
    if shown.get("case_link"):
        shown["case_link"] = {**shown["case_link"], "case_ref": MASK}
    shown["redacted"] = True
    return shown


def present_case(db, case: dict, principal) -> dict:
    """The case record as `principal` may see it; full reads go to the audit log."""
    if principal.sees_full_records:
        record_event(db, actor=principal.actor, role=principal.role, action="read_full", entity="case",
                     entity_id=case["id"])
        return case
    shown = dict(case)
    for field in CASE_PERSONAL:
        if shown.get(field):
            shown[field] = MASK
    shown["case_ref"] = MASK
    shown["extra"] = {}
    shown["redacted"] = True
    return shown


def present_decision(decision: dict, principal) -> dict:
    """The decision statement as `principal` may see it: statements are published anonymised, so only viewers get
    references and any other personal details masked in the summary, text and sections (not audited: a public
    document; the linked complaint goes through `present_complaint`)."""
    if principal.sees_full_records:
        return decision
    shown = dict(decision)
    shown["summary"] = redact(decision.get("summary"))
    shown["text"] = redact(decision.get("text"))
    shown["sections"] = {name: redact(body) for name, body in (decision.get("sections") or {}).items()}
    return shown
