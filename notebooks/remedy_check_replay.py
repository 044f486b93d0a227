"""Replay history: would the learned remedy check have helped the extractor as it was when each batch was first
measured? (README, "The learned check".)

For each of nine earlier commits, the extractor of that commit (its `nlp/` exported from git) reads the batches
first measured against it; a check trained only on the batches written before them (read by today's rules) then
holds back the sums it doubts. Prints totals exactly right, item precision and recall, and invented amounts, with
and without the check. Needs the git history (a clone, not an sdist) and takes a few minutes:

    .venv/bin/python notebooks/remedy_check_replay.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.remedies import train_remedy_check  # noqa: E402
from nlp.remedy_check import SHIPPED_DIR  # noqa: E402
from nlp.remedy_evaluation import evaluate_remedies, load_labelled, pool_scores  # noqa: E402

# the commit each batch was first measured against (README's table), and the batches written before them in order
FIRST_MEASURED = {"5ecc023": [10], "325704f": [12, 13], "cd9bbf5": [14, 15], "93f757c": [16, 17], "00018ff": [18, 19],
                  "c099b45": [20, 21, 22], "3eb7c90": [23, 24], "570db6d": [25, 26], "94bb034": [27, 28]}
ORDER = ["dev.jsonl", *(f"dev{i}.jsonl" for i in range(2, 9)), *(f"dev_batch{i}.jsonl" for i in range(8, 37))]

# run inside a child process whose import path starts with an old commit's tree
_OLD_READER = """
import json, sys
from nlp.remedies import extract_remedies
out = {}
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            res = extract_remedies(r["text"], r.get("decision_date"))
            out[r["id"]] = [{"amount_gbp": i["amount_gbp"], "purpose": i["purpose"], "span": i.get("span")} for i in res["items"]]
print(json.dumps(out))
"""


def old_items(commit: str, files: list[Path], folder: Path) -> dict[str, list[dict]]:
    tree = folder / commit
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "nlp"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    done = subprocess.run([sys.executable, "-c", _OLD_READER, *map(str, files)], cwd=tree, check=True,
                          capture_output=True, text=True, env={"PYTHONPATH": str(tree), "PATH": ""})
    return json.loads(done.stdout)


def main() -> None:
    pooled: dict[str, list] = {"rules": [], "checked": []}
    with tempfile.TemporaryDirectory() as folder:
        for commit, batches in FIRST_MEASURED.items():
            files = [SHIPPED_DIR / f"dev_batch{b}.jsonl" for b in batches]
            records = [r for path in files for r in load_labelled(path)]
            before = ORDER[:ORDER.index(files[0].name)]
            check = train_remedy_check([r for name in before for r in load_labelled(SHIPPED_DIR / name)])
            read = old_items(commit, files, Path(folder))

            def rules(text, when, _by_text={r["text"]: read[r["id"]] for r in records}):
                items = _by_text[text]
                return {"remedy_total_gbp": round(sum(i["amount_gbp"] for i in items), 2) if items else None, "items": items}

            def checked(text, when):
                result = rules(text, when)
                if result["items"] and check.doubt(text, result["items"]):
                    return {"remedy_total_gbp": None, "items": []}
                return result

            for name, extract in (("rules", rules), ("checked", checked)):
                scores = evaluate_remedies(records, extract)
                pooled[name].append(scores)
                print(f"{commit} batches {batches} {name:>7}: totals {scores['totals_accuracy']:.3f}, precision "
                      f"{scores['item_precision']:.3f}, recall {scores['item_recall']:.3f}, invented "
                      f"{scores['invented_amounts']}/{scores['no_money_records']}")
    for name, scores in pooled.items():
        all_ = pool_scores(scores)
        print(f"all {all_['records']} texts, {name:>7}: totals {all_['totals_accuracy']:.4f}, precision "
              f"{all_['item_precision']:.4f}, recall {all_['item_recall']:.4f}, invented "
              f"{all_['invented_amounts']}/{all_['no_money_records']}")


if __name__ == "__main__":
    main()
