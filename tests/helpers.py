"""Shared test helpers: where the fixtures and the shared corpus are, and a CLI runner."""

from __future__ import annotations

import difflib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
TIERS = FIXTURES / "linkedin" / "tiers"
CHROMIUM = Path("/usr/bin/chromium")
# Debian's chromium as root, offline: without the networking flags it keeps trying to
# reach Google's hosts, which this machine refuses.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None):
    """The real command, as a user runs it: a fresh interpreter, exit code, stdout, stderr."""
    return subprocess.run(
        [sys.executable, "-m", "audit", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    """A zip of ``folder``'s files, members under ``prefix`` (LinkedIn writes them at the root)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return target


def check_golden(actual: str, golden: Path, update: bool) -> None:
    """Compare with a golden file; show the first lines of a unified diff when they differ."""
    if update:
        golden.write_text(actual, encoding="utf-8", newline="")
        return
    expected = golden.read_bytes().decode("utf-8") if golden.exists() else ""
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"{golden.name} (golden)",
            tofile=f"{golden.name} (rendered now)",
        )
        shown = "".join(list(diff)[:80])
        pytest.fail(
            f"{golden.name} differs from the rendered output; if the change is meant, "
            f"rerun with --update-golden.\n{shown}",
            pytrace=False,
        )
