"""The demo council: a deterministic, seeded synthetic council ("Demo Borough Council") written as files.

`generate(out_dir, seed=2024)` writes complaints.csv, cases.csv, decisions/ and truth/ (see FORMATS.md).
Everything is invented: names come from names.toml, prose from the hand-written passage files.
"""

from complaints.demo.council import generate

__all__ = ["generate"]
