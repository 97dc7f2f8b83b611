"""The audit command keeps freed memory (audit/allocator.py): asked before polars loads, on
the command line's inputs and on a scheduled run's inbox alike; other jemalloc options in the
environment kept, and purging delays a parent handed down overridden; glibc's settings taken
where glibc is the C library."""

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
ARCHIVE = "Basic_LinkedInDataExport_11-15-2026.zip"
NAME, VALUE = JEMALLOC_OPTIONS


def _has_glibc() -> bool:
    try:
        return sys.platform.startswith("linux") and bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError, OSError):  # no confstr, or a C library without it
        return False


GLIBC = _has_glibc()

# The audit command, run with keep_freed_memory watched: what it answered, whether polars
# was loaded when it was asked, and the jemalloc options polars was left with at the end.
WATCHED_RUN = """
import json, os, sys
import audit.allocator as allocator
seen = []
keep = allocator.keep_freed_memory
def watched():
    seen.append({"polars_loaded": "polars" in sys.modules, "asked": keep()})
    return seen[-1]["asked"]
allocator.keep_freed_memory = watched
sys.argv = ["reachable", *json.loads(sys.argv[1])]
from audit.cli import main
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps({"seen": seen, "setting": os.environ.get(allocator.JEMALLOC_OPTIONS[0])}))
"""


def _run_watched(tmp_path: Path, args: list[str], env_extra: dict[str, str]) -> dict:
    env = {k: v for k, v in os.environ.items() if k != NAME}  # not a parent's polars setting
    env |= {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env |= {"XDG_DATA_HOME": str(tmp_path / "data"), **env_extra}
    done = subprocess.run(
        [sys.executable, "-c", WATCHED_RUN, json.dumps(args)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _expected_answer() -> list[str]:
    return ["jemalloc", "glibc"] if GLIBC else ["jemalloc"]


def test_an_audit_asks_once_before_polars_is_loaded(tmp_path):
    out = tmp_path / "out"
    args = ["audit", str(SAMPLE / ARCHIVE), "--out", str(out), "--no-history"]
    run = _run_watched(tmp_path, args, {})
    assert run["seen"] == [{"polars_loaded": False, "asked": _expected_answer()}]
    # polars put its own purging delays first; ours come last, and the last of a key wins.
    assert run["setting"].endswith("," + VALUE)
    assert VALUE == "dirty_decay_ms:5000,muzzy_decay_ms:0"
    assert (out / "reachable-2026-11-15.json").exists()  # the run went on to its report


def test_a_scheduled_audit_of_the_inbox_asks_before_polars_is_loaded_too(tmp_path):
    # Finding the newest export in the inbox loads the ingest package, and polars with it.
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / ARCHIVE).write_bytes((SAMPLE / ARCHIVE).read_bytes())
    config = tmp_path / "config.toml"
    config.write_text(f"inbox = {json.dumps(str(inbox))}\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["audit", "--config", str(config), "--out", str(out), "--no-history"]
    run = _run_watched(tmp_path, args, {})
    assert run["seen"] == [{"polars_loaded": False, "asked": _expected_answer()}]
    assert run["setting"].endswith("," + VALUE)
    assert (out / "reachable-2026-11-15.json").exists()


def test_other_jemalloc_options_are_kept_and_inherited_delays_overridden(tmp_path):
    # A parent that loaded polars hands down polars' own purging delays; a user may have
    # set other options. Both stay in the variable, and our delays come after them.
    inherited = "dirty_decay_ms:500,muzzy_decay_ms:1000,narenas:1"
    args = ["audit", str(SAMPLE / ARCHIVE), "--out", str(tmp_path / "out"), "--no-history"]
    run = _run_watched(tmp_path, args, {NAME: inherited})
    assert run["setting"].endswith(f",{inherited},{VALUE}")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, VALUE),
        ("", VALUE),
        # jemalloc stops at an empty option ("Malformed conf string"): a trailing comma, or
        # two in a row, would have cost the options after it, ours
        ("narenas:1,", "narenas:1," + VALUE),
        ("narenas:1,,abort_conf:false", "narenas:1,abort_conf:false," + VALUE),
    ],
)
def test_the_jemalloc_variable_has_no_empty_option_and_ours_once(given, expected):
    # In a child without polars; asked twice, as a program calling it again would.
    code = (
        "import os\nfrom audit.allocator import keep_freed_memory as keep\n"
        f"keep()\nfirst = os.environ[{NAME!r}]\nkeep()\n"
        f"print(first)\nprint(os.environ[{NAME!r}])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != NAME}
    if given is not None:
        env[NAME] = given
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [expected, expected]


def test_once_polars_is_loaded_jemalloc_is_not_asked():
    # In a child: the setting would come too late for jemalloc, and the answer says so.
    code = "import polars\nfrom audit.allocator import keep_freed_memory as keep\nprint(keep())\n"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(["glibc"] if GLIBC else [])


@pytest.mark.skipif(not GLIBC, reason="glibc's mallopt exists only where glibc is the C library")
def test_glibc_takes_every_setting_and_blocks_are_still_served():
    # In a child: mallopt changes the process it runs in. Blocks below the new mmap
    # threshold (now from the heap) and above it (mapped) are allocated, freed and
    # allocated again after the settings, and hold what was written.
    code = (
        "from audit.allocator import keep_freed_memory\n"
        "asked = keep_freed_memory()\n"
        "for size in (8 * 2**20, 40 * 2**20):\n"
        "    for _ in range(3):\n"
        "        blocks = [bytearray(b'x') * size for _ in range(4)]\n"
        "        assert all(b.count(b'x') == size for b in blocks)\n"
        "        del blocks\n"
        "print(asked)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['jemalloc', 'glibc']"
