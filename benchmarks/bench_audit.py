"""How long a whole audit takes, stage by stage, against the floor of just reading its inputs.

For each size it generates an export with the sample generator (cached under
benchmarks/.cache, deterministic), then:
- times ``reachable audit`` as a whole process, interpreter start included
  (median of several runs; peak memory from the kernel's rusage of the child);
- byte-compiles the audit package first, as an install does;
- times the floor as a whole process too, in turn with the audit's runs so that a
  machine's drift touches both alike: ``benchmarks/floor.py``, a bare Python that
  imports polars, reads Connections.csv and messages.csv from the zip and splits the
  address book at BEGIN:VCARD (no pipeline can be faster than reading its input once);
- times each stage in-process (ingest, resolve, interactions, classify, history,
  report) through the pipeline's progress callback.
It prints the wall time over the floor (``x floor``) and the issue's targets: the cap
at most 8x its floor and under 2 GB, the typical export at most 2.5x, and double and
four times the messages taking no more than double and four times the cap's time.

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


def time_process(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of a whole command."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed: {child.stderr.read().decode()}")
    return wall, usage.ru_maxrss


def time_in_turn(audit: list[str], floor: list[str], runs: int):
    """(audit walls, audit peaks, floor walls): one warm-up each, then audit, floor, audit..."""
    time_process(audit), time_process(floor)
    walls, peaks, floors = [], [], []
    for _ in range(runs):
        wall, peak = time_process(audit)
        walls.append(wall)
        peaks.append(peak)
        floors.append(time_process(floor)[0])
    return walls, peaks, floors


def time_stages(inputs: list[Path], out: Path) -> dict[str, float]:
    from audit.gcpause import paused_gc
    from audit.pipeline import run_audit, write_results
    from audit.settings import Settings

    marks: list[tuple[str, float]] = []
    settings = Settings(out=out, history=out / "history.sqlite")
    with paused_gc():  # as the command audits
        result = run_audit(
            inputs, settings, progress=lambda s: marks.append((s, time.perf_counter()))
        )
        marks.append(("report", time.perf_counter()))
        write_results(result, settings)
        marks.append(("end", time.perf_counter()))
    # "history" covers reading the previous audit; its write happens inside write_results.
    return {stage: marks[i + 1][1] - at for i, (stage, at) in enumerate(marks[:-1])}


def compile_package() -> None:
    """Byte-compile the audit's modules first, as installing a package does: where
    PYTHONDONTWRITEBYTECODE is set (CI images often set it) an editable checkout would
    otherwise compile every module on every run, about 0.09 s, while polars, the floor's
    only import, came compiled from its wheel."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "audit")], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="typical,cap,cap2x,cap4x")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_package()
    rows = []
    for name in args.sizes.split(","):
        inputs = build_inputs(name)
        with tempfile.TemporaryDirectory() as tmp:
            command = [sys.executable, "-m", "audit", "audit", *map(str, inputs)]
            command += ["--out", tmp, "--no-history"]
            floor = [sys.executable, str(FLOOR_SCRIPT), *map(str, inputs)]
            walls, peaks, floors = time_in_turn(command, floor, args.runs)
            stages = time_stages(inputs, Path(tmp) / "stages")
        size = sum(p.stat().st_size for p in inputs)
        rows.append((name, SIZES[name], walls, max(peaks), statistics.median(floors), size, stages))
    print_table(rows)
    print_targets(rows)


def print_table(rows) -> None:
    """One line per size. ``floor`` is the whole-process floor; ``x floor`` the audit's
    median wall time over it."""
    print(
        f"{'size':<8} {'conn':>6} {'msgs':>9} {'cards':>6} {'wall med':>9} {'min':>6} {'max':>6}"
        f" {'peak MB':>8} {'floor':>6} {'x floor':>7}  stages (s)"
    )
    for name, (c, m, k), walls, peak, floor, _, stages in rows:
        wall = statistics.median(walls)
        staged = " ".join(f"{s}={t:.2f}" for s, t in stages.items())
        print(
            f"{name:<8} {c:>6} {m:>9} {k:>6} {wall:>9.2f} {min(walls):>6.2f} {max(walls):>6.2f}"
            f" {peak / 1024:>8.0f} {floor:>6.2f} {wall / floor:>7.1f}  {staged}"
        )


# (size, most times its floor, peak MB under)
TARGETS = {"typical": (2.5, None), "cap": (8.0, 2000)}


def print_targets(rows) -> None:
    """Each target the sizes measured can check, with its figure and whether it is met."""
    by_name = {row[0]: row for row in rows}
    for name, (most, peak_mb) in TARGETS.items():
        if name in by_name:
            _, _, walls, peak, floor, _, _ = by_name[name]
            ratio = statistics.median(walls) / floor
            print(f"{name}: {ratio:.1f}x its floor (target <= {most}x): {_met(ratio <= most)}")
            if peak_mb is not None:
                mb = peak / 1024
                print(f"{name}: peak {mb:.0f} MB (target < {peak_mb} MB): {_met(mb < peak_mb)}")
    if "cap" in by_name:
        _, _, cap_walls, _, _, cap_size, _ = by_name["cap"]
        for name in ("cap2x", "cap4x"):
            if name in by_name:
                _, _, walls, _, _, size, _ = by_name[name]
                time_ratio = statistics.median(walls) / statistics.median(cap_walls)
                size_ratio = size / cap_size
                print(
                    f"{name}: {time_ratio:.2f}x the cap's time for {size_ratio:.2f}x its input"
                    f" bytes: {_met(time_ratio <= size_ratio)}"
                )


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


if __name__ == "__main__":
    main()
