"""Generate the demo council's files: complaints.csv, cases.csv, decisions/ and truth/."""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

from complaints.demo.caseload import CASE_COLUMNS, build_caseload, build_unrecorded_children, case_rows
from complaints.demo.documents import write_docx, write_html, write_txt
from complaints.demo.letters import library
from complaints.demo.people import gazetteer
from complaints.demo.register import COMPLAINT_COLUMNS, build_register, finish_rows
from complaints.demo.statements import write_statement

__all__ = ["generate", "N_CASES"]

N_CASES = 6300
_OWNED = ("complaints.csv", "cases.csv", "decisions", "truth")


def _rng(seed: int, part: str) -> random.Random:
    # one stream per part, so changing how one part is written never reshuffles the others
    return random.Random(f"demo-council:{seed}:{part}")


def _write_csv(path: Path, header: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def generate(out_dir, *, seed: int = 2024) -> dict:
    """Write the demo council's files into `out_dir` (replacing earlier demo files there) and return counts."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name in _OWNED:   # only what this generator owns; anything else in the folder is left alone
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    gaz, lib = gazetteer(), library()

    caseload = build_caseload(_rng(seed, "caseload"), gaz, N_CASES)
    unrecorded = build_unrecorded_children(_rng(seed, "unrecorded"), gaz, caseload, 160)
    rows, duplicate_rows = case_rows(_rng(seed, "case-rows"), caseload)
    _write_csv(out / "cases.csv", CASE_COLUMNS, rows)

    register = build_register(_rng(seed, "register"), gaz, lib, caseload, unrecorded)
    finish_rows(_rng(seed, "letters"), gaz, lib, register)
    _write_csv(out / "complaints.csv", COMPLAINT_COLUMNS, ([c.row[k] for k in COMPLAINT_COLUMNS] for c in register))

    decisions_dir, truth_dir = out / "decisions", out / "truth"
    decisions_dir.mkdir()
    truth_dir.mkdir()
    drng = _rng(seed, "decisions")
    statements = []
    for c in register:
        if c.stage == "ombudsman" and c.decided:
            st = write_statement(drng, c.ombudsman_ref, c.ref, c.lgo_outcome, c.decided, c.team, c.themes,
                                 c.complainant[0], c.child.sex)
            statements.append(st)
    files = {"txt": 0, "html": 0, "docx": 0}
    decision_truth = []
    for index, st in enumerate(statements):
        formats = ["txt"]
        write_txt(decisions_dir, st)
        if index % 11 == 3:
            write_html(decisions_dir, st)
            formats.append("html")
        if index % 37 == 5:
            write_docx(decisions_dir, st)
            formats.append("docx")
        for f in formats:
            files[f] += 1
        decision_truth.append(st.truth(formats))

    with (truth_dir / "themes.jsonl").open("w", encoding="utf-8", newline="\n") as handle:
        for c in register:
            handle.write(json.dumps({"complaint_ref": c.ref, "themes": c.themes}) + "\n")
    _write_csv(truth_dir / "case_links.csv", ["complaint_ref", "case_ref"], ([c.ref, c.child.case_ref] for c in register))
    with (truth_dir / "decisions.jsonl").open("w", encoding="utf-8", newline="\n") as handle:
        for row in decision_truth:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")

    stages = {"1": 0, "2": 0, "ombudsman": 0}
    for c in register:
        stages[c.stage] += 1
    return {"complaints": len(register), "stage_1": stages["1"], "stage_2": stages["2"],
            "ombudsman": stages["ombudsman"], "cases": len(caseload), "case_rows": len(rows),
            "duplicate_case_rows": duplicate_rows, "decisions": len(statements), "decision_files": files,
            "seed": seed}
