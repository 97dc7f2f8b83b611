"""The core runs where POSIX-only modules do not exist (Windows): proved here by taking them away.

A ``sitecustomize`` on a temporary path puts a finder first on ``sys.meta_path`` that
refuses ``fcntl``, ``resource``, ``pwd``, ``grp`` and ``termios`` (modules Windows'
Python does not have), the way an ``import`` fails there. In that interpreter every
module of ``audit/`` is imported, and the sample audit runs end to end through the
command's own entry point, with a history and the address book, and writes its files.
Expected figures come from the sample generator's own record of what it designed
(tools.samplegen, tools.samplechannels), as in test_samplegen.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from tests.helpers import ROOT
from tools import samplechannels, samplegen

SAMPLE = ROOT / "sample_exports"
# The date in the sample archive's name (Basic_LinkedInDataExport_11-15-2026.zip).
END = date(2026, 11, 15)
POSIX_ONLY = ("fcntl", "resource", "pwd", "grp", "termios")

BLOCKER = f"""
import sys

BLOCKED = {POSIX_ONLY!r}


class RefusePosixOnly:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, RefusePosixOnly())
for loaded in [m for m in sys.modules if m.partition(".")[0] in BLOCKED]:
    del sys.modules[loaded]
"""

# Runs inside the blocked interpreter: first shows the block holds, then imports every
# module of the package, then runs the audit as `reachable audit` would.
SCRIPT = """
import importlib, pkgutil, sys
import audit

for name in {blocked!r}:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError:
        pass
    else:
        sys.exit(f"{{name}} was importable: the block did not hold")
for module in pkgutil.walk_packages(audit.__path__, "audit."):
    importlib.import_module(module.name)
print("imported every module", flush=True)
sys.argv = ["reachable", *sys.argv[1:]]
from audit.cli import main
main()
"""


def test_the_sample_audit_runs_without_posix_only_modules(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCKER)
    out, state = tmp_path / "out", tmp_path / "state"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    env |= {"HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run(
        [
            sys.executable, "-c", SCRIPT.format(blocked=POSIX_ONLY),
            "audit", str(SAMPLE), "--out", str(out),
            "--history", str(state / "history.sqlite"), "--vcf", str(out / "book.vcf"),
        ],
        capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("imported every module\n")
    assert "Traceback" not in done.stderr

    end = END
    names = [f"reachable-{end.isoformat()}.{ext}" for ext in ("html", "json", "csv")]
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, "book.vcf"])
    document = json.loads((out / names[1]).read_text(encoding="utf-8"))
    world = samplegen.build_world()
    expected = samplechannels.expected_summary(world, samplechannels.build_channels(world), end)
    assert document["summary"]["tiers"] == expected["tiers"]
    assert (state / "history.sqlite").exists()
    # Windows refuses ':' (and the other reserved characters) in a file name.
    written = [p.name for p in tmp_path.rglob("*") if p.is_relative_to(out) or p.parent == state]
    assert written and not [n for n in written if set(n) & set('<>:"|?*\\')]
