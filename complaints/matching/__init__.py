"""Complaint-to-case linkage (exact reference, then blocked Fellegi-Sunter scoring), decision-to-complaint
proposals, the review queue, and quality evaluation. Importing this never loads spaCy: text entity finding
is passed in by the caller."""

from complaints.matching.decisions import link_decisions
from complaints.matching.evaluation import evaluate_links, predictions_from_db, read_truth_csv
from complaints.matching.linker import LinkResult, Thresholds, match_records
from complaints.matching.model import Model, estimate_m, estimate_u
from complaints.matching.records import CaseRecord, ComplaintRecord, read_cases_csv, read_complaints_csv
from complaints.matching.review import confirm_link, reject_link, review_queue
from complaints.matching.runs import link_complaints, match_files

__all__ = [
    "link_complaints",
    "link_decisions",
    "match_files",
    "match_records",
    "Thresholds",
    "LinkResult",
    "Model",
    "estimate_u",
    "estimate_m",
    "CaseRecord",
    "ComplaintRecord",
    "read_cases_csv",
    "read_complaints_csv",
    "review_queue",
    "confirm_link",
    "reject_link",
    "evaluate_links",
    "predictions_from_db",
    "read_truth_csv",
]
