"""Shared test helpers: where the fixtures and the shared corpus are, and a CLI runner."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
TIERS = FIXTURES / "linkedin" / "tiers"


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
