"""How long a whole audit takes, stage by stage, against the floor of just reading the CSVs.

For each size it generates an export with the sample generator (cached under
benchmarks/.cache, deterministic), then:
- times ``reachable audit`` as a whole process, interpreter start included
  (median of several runs; peak memory from the kernel's rusage of the child);
- times each stage in-process (ingest, resolve, interactions, classify, history,
  report) through the pipeline's progress callback;
- times polars reading the same CSV files from the same zip (the floor: no
  pipeline can be faster than reading its input once), twice: in this process,
  with polars already imported (the issue's floor), and as a whole process
  started the way the audit is (interpreter start and ``import polars``
  included), which is the like-for-like figure for a whole-process wall time.

Usage: python benchmarks/bench_audit.py [--sizes typical,cap,cap2x,cap4x] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.floor import read_csvs  # noqa: E402
from tools import samplegen  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
FLOOR_SCRIPT = ROOT / "benchmarks" / "floor.py"
END = date(2026, 11, 15)
# (connections, messages, cards)
SIZES = {
    "typical": (600, 5_000, 300),
    "cap": (30_000, 300_000, 10_000),
    "cap2x": (30_000, 600_000, 10_000),
    "cap4x": (30_000, 1_200_000, 10_000),
}


def build_inputs(name: str) -> list[Path]:
    connections, messages, cards = SIZES[name]
    folder = CACHE / name
    archive = folder / samplegen.export_name(END)
    book = folder / "contacts.vcf"
    if not (archive.exists() and book.exists()):
        world = samplegen.build_world(
            n_connections=connections, n_messages=messages, n_cards=cards, end=END
        )
        samplegen.write_linkedin_export(world, END, folder)
        samplegen.write_address_book(world, book)
    return [archive, book]


def time_process(args: list[str], runs: int) -> tuple[list[float], list[int]]:
    """Wall seconds and peak RSS (KiB) of each run of a whole command."""
    walls, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        walls.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss)
        if status != 0:
            raise SystemExit(f"{' '.join(args)} failed: {child.stderr.read().decode()}")
    return walls, peaks


def time_stages(inputs: list[Path], out: Path) -> dict[str, float]:
    from audit.cli import cycles_collected_after
    from audit.pipeline import run_audit, write_results
    from audit.settings import Settings

    marks: list[tuple[str, float]] = []
    settings = Settings(out=out, history=out / "history.sqlite")
    with cycles_collected_after():  # as the command audits
        result = run_audit(
            inputs, settings, progress=lambda s: marks.append((s, time.perf_counter()))
        )
        marks.append(("report", time.perf_counter()))
        write_results(result, settings)
        marks.append(("end", time.perf_counter()))
    # "history" covers reading the previous audit; its write happens inside write_results.
    return {stage: marks[i + 1][1] - at for i, (stage, at) in enumerate(marks[:-1])}


def time_floor(archive: Path, runs: int) -> float:
    """Median seconds of ``read_csvs`` in this process, polars already imported."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read_csvs(archive)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_floor_process(archive: Path, runs: int) -> float:
    """Median seconds of ``read_csvs`` as a whole process, like the audit's wall time."""
    walls, _ = time_process([sys.executable, str(FLOOR_SCRIPT), str(archive)], runs)
    return statistics.median(walls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="typical,cap,cap2x,cap4x")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for name in args.sizes.split(","):
        inputs = build_inputs(name)
        with tempfile.TemporaryDirectory() as tmp:
            command = [sys.executable, "-m", "audit", "audit", *map(str, inputs)]
            command += ["--out", tmp, "--no-history"]
            walls, peaks = time_process(command, args.runs)
            stages = time_stages(inputs, Path(tmp) / "stages")
        floors = (time_floor(inputs[0], args.runs), time_floor_process(inputs[0], args.runs))
        wall = statistics.median(walls)
        rows.append((name, SIZES[name], wall, min(walls), max(walls), max(peaks), floors, stages))
    print_table(rows)


def print_table(rows) -> None:
    """One line per size. ``floor`` is polars reading the CSVs in-process; ``proc`` is the
    same as a whole process (interpreter start and import included), and ``x proc`` the
    wall time over it."""
    print(
        f"{'size':<8} {'conn':>6} {'msgs':>9} {'cards':>6} {'wall med':>9} {'min':>6} {'max':>6}"
        f" {'peak MB':>8} {'floor':>6} {'x floor':>7} {'proc':>5} {'x proc':>6}  stages (s)"
    )
    for name, (c, m, k), wall, low, high, peak, (floor, proc), stages in rows:
        staged = " ".join(f"{s}={t:.2f}" for s, t in stages.items())
        print(
            f"{name:<8} {c:>6} {m:>9} {k:>6} {wall:>9.2f} {low:>6.2f} {high:>6.2f}"
            f" {peak / 1024:>8.0f} {floor:>6.2f} {wall / floor:>7.1f} {proc:>5.2f}"
            f" {wall / proc:>6.1f}  {staged}"
        )


if __name__ == "__main__":
    main()
