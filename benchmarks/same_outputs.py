"""Whether a speed change kept the outputs: the report files of two checkouts, byte for byte.

Runs ``python -m audit audit`` from another checkout (OLD, e.g. a ``git worktree`` or
``git archive`` of the commit before the change) and from this one on the benchmark's
generated exports, plain and ``--redact``, and compares the HTML, JSON and CSV files. Both
runs use the same redaction key (the user's), so the redacted files compare too.

Usage: python benchmarks/same_outputs.py OLD [--sizes typical,cap]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_audit import SIZES, build_inputs  # noqa: E402

MODES = {"plain": [], "redact": ["--redact"]}


def write_outputs(checkout: Path, inputs: list[Path], out: Path, extra: list[str]) -> None:
    """The audit of ``inputs`` as run from ``checkout`` (its ``audit`` package first)."""
    command = [sys.executable, "-m", "audit", "audit", *map(str, inputs), "--out", str(out)]
    subprocess.run([*command, "--no-history", *extra], cwd=checkout, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def compare(old: Path, new: Path) -> list[str]:
    """What differs between two output folders: one line per file, none when identical."""
    names = sorted({p.name for p in old.iterdir()} | {p.name for p in new.iterdir()})
    differ = []
    for name in names:
        a, b = old / name, new / name
        if not (a.exists() and b.exists()):
            differ.append(f"{name}: only in {'new' if b.exists() else 'old'}")
        elif a.read_bytes() != b.read_bytes():
            differ.append(f"{name}: differs")
    return differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the other checkout (the code before)")
    parser.add_argument("--sizes", default="typical,cap")
    args = parser.parse_args()
    failed = False
    for name in args.sizes.split(","):
        if name not in SIZES:
            raise SystemExit(f"unknown size {name}; one of {', '.join(SIZES)}")
        inputs = build_inputs(name)
        for mode, extra in MODES.items():
            with tempfile.TemporaryDirectory() as tmp:
                old, new = Path(tmp) / "old", Path(tmp) / "new"
                write_outputs(args.old.resolve(), inputs, old, extra)
                write_outputs(ROOT, inputs, new, extra)
                differ = compare(old, new)
                files = len(list(new.iterdir()))
                print(f"{name} {mode}: " + ("; ".join(differ) or f"{files} files identical"))
                failed = failed or bool(differ)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
