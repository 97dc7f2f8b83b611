"""The command keeps freed memory (audit/allocator.py): asked before polars loads, a user's
own jemalloc options kept, glibc's settings taken where glibc is the C library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from audit.allocator import JEMALLOC_OPTIONS

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_exports"
NAME, VALUE = JEMALLOC_OPTIONS


def _has_glibc() -> bool:
    try:
        return sys.platform.startswith("linux") and bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError, OSError):  # no confstr, or a C library without it
        return False


GLIBC = _has_glibc()

# The audit command, run with keep_freed_memory watched: it must be asked before polars is
# loaded (jemalloc reads its options then) and before the run's first stage.
WATCHED_RUN = """
import json, os, sys
import audit.allocator as allocator
seen = []
keep = allocator.keep_freed_memory
def watched():
    seen.append({"polars_loaded": "polars" in sys.modules, "asked": keep(),
                 "setting": os.environ.get(allocator.JEMALLOC_OPTIONS[0])})
    return seen[-1]["asked"]
allocator.keep_freed_memory = watched
sys.argv = ["reachable", *json.loads(sys.argv[1])]
from audit.cli import main
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps(seen))
"""


def _run_watched(tmp_path, env_extra: dict[str, str]) -> list[dict]:
    args = [
        "audit",
        str(SAMPLE / "Basic_LinkedInDataExport_11-15-2026.zip"),
        "--out",
        str(tmp_path / "out"),
        "--no-history",
    ]
    env = {k: v for k, v in os.environ.items() if k != NAME}
    env |= {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env |= {"XDG_DATA_HOME": str(tmp_path / "data"), **env_extra}
    done = subprocess.run(
        [sys.executable, "-c", WATCHED_RUN, json.dumps(args)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_audit_asks_once_before_polars_is_loaded(tmp_path):
    seen = _run_watched(tmp_path, {})
    assert len(seen) == 1
    assert seen[0]["polars_loaded"] is False
    assert seen[0]["setting"] == VALUE == "dirty_decay_ms:-1,muzzy_decay_ms:-1"
    assert seen[0]["asked"] == (["jemalloc", "glibc"] if GLIBC else ["jemalloc"])
    # The run went on to write its report.
    assert (tmp_path / "out" / "reachable-2026-11-15.json").exists()


def test_a_users_own_jemalloc_options_are_kept(tmp_path):
    seen = _run_watched(tmp_path, {NAME: "narenas:1"})
    assert seen[0]["setting"] == "narenas:1"


@pytest.mark.skipif(not GLIBC, reason="glibc's mallopt exists only where glibc is the C library")
def test_glibc_takes_every_setting_and_still_allocates():
    # In a child: mallopt changes the process it runs in. Big blocks allocated and freed
    # after the settings must still work (a refused or wrong setting would show as a 0
    # from mallopt, which keep_freed_memory reports by leaving "glibc" out).
    code = (
        "from audit.allocator import keep_freed_memory\n"
        "asked = keep_freed_memory()\n"
        "blocks = [bytearray(40 * 2**20) for _ in range(3)]\n"
        "del blocks\n"
        "blocks = [bytes(2**20) for _ in range(64)]\n"
        "print(asked, len(blocks))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['jemalloc', 'glibc'] 64"
