"""How long the demo council takes to generate, against simply copying the same files (same process)."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from complaints.demo import generate


def main() -> None:
    """Print the generation time, files written and the ratio to copying them."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "demo"
        start = time.perf_counter()
        counts = generate(out, seed=2024)
        generate_s = time.perf_counter() - start
        start = time.perf_counter()
        shutil.copytree(out, Path(tmp) / "copy")
        copy_s = time.perf_counter() - start
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"demo council: {counts['complaints']} complaints, {counts['case_rows']} case rows, "
          f"{counts['decisions']} decisions, {size / 1e6:.1f} MB")
    print(f"generate: {generate_s:.2f} s   copy of the same files: {copy_s:.3f} s   ratio {generate_s / copy_s:.0f}x")


if __name__ == "__main__":
    main()
