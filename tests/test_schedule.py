"""The monthly job: exact file texts, systemd/launchd/cron install and remove, config inbox, status.

Every write goes under a temporary HOME (and XDG_* dirs). systemctl and launchctl
are small recording shell scripts on PATH, so no test touches the real user
manager; cron runs against the real ``crontab`` when installed (the user's
crontab is saved and restored) and against a file-backed shell script otherwise.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from audit import schedule
from audit.history import read_last_audit, write_audit
from audit.schedule import (
    ScheduleError,
    build_schedule_files,
    detect_scheduler,
    install_schedule,
    read_schedule_status,
    remove_schedule,
)
from audit.settings import read_config

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on 3.10
    import tomli as tomllib

PY = "/opt/py/bin/python3"
CONFIG = Path("/home/ada/.config/reachable/config.toml")
LOGS = Path("/home/ada/.local/state/reachable/log")

SERVICE = """\
[Unit]
Description=reachable: monthly audit of the newest export in the inbox

[Service]
Type=oneshot
WorkingDirectory=/home/ada
ExecStart=/opt/py/bin/python3 -m audit audit --config /home/ada/.config/reachable/config.toml
StandardOutput=append:/home/ada/.local/state/reachable/log/audit.log
StandardError=append:/home/ada/.local/state/reachable/log/audit.log
"""

TIMER = """\
[Unit]
Description=reachable: monthly audit

[Timer]
OnCalendar=monthly
Persistent=true

[Install]
WantedBy=timers.target
"""

PLIST = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
\t<key>Label</key>
\t<string>local.reachable.audit</string>
\t<key>ProgramArguments</key>
\t<array>
\t\t<string>/opt/py/bin/python3</string>
\t\t<string>-m</string>
\t\t<string>audit</string>
\t\t<string>audit</string>
\t\t<string>--config</string>
\t\t<string>/home/ada/.config/reachable/config.toml</string>
\t</array>
\t<key>WorkingDirectory</key>
\t<string>/home/ada</string>
\t<key>StartCalendarInterval</key>
\t<dict>
\t\t<key>Day</key>
\t\t<integer>1</integer>
\t\t<key>Hour</key>
\t\t<integer>10</integer>
\t\t<key>Minute</key>
\t\t<integer>0</integer>
\t</dict>
\t<key>StandardOutPath</key>
\t<string>/home/ada/.local/state/reachable/log/audit.log</string>
\t<key>StandardErrorPath</key>
\t<string>/home/ada/.local/state/reachable/log/audit.log</string>
\t<key>ProcessType</key>
\t<string>Background</string>
</dict>
</plist>
"""

CRON_BLOCK = (
    "# BEGIN reachable\n"
    "# Monthly audit, written by `reachable schedule install`;"
    " `reachable schedule remove` deletes this block.\n"
    "0 10 1 * * cd /home/ada && /opt/py/bin/python3 -m audit audit"
    " --config /home/ada/.config/reachable/config.toml"
    " >> /home/ada/.local/state/reachable/log/audit.log 2>&1\n"
    "# END reachable\n"
)

FOREIGN_CRONTAB = 'MAILTO=""\n# nightly backup, not ours\n0 3 * * * /usr/local/bin/backup --all\n'

RECORDING_TOOL = """\
#!/bin/sh
echo "$(basename "$0") $*" >> "$FAKE_CALLS"
if [ -n "$FAKE_FAIL" ]; then
    echo "Created symlink, then:" >&2
    echo "Failed to connect to bus: No medium found" >&2
    exit 1
fi
case "$*" in *is-enabled*) echo enabled ;; esac
"""

FILE_CRONTAB = """\
#!/bin/sh
case "$1" in
    -l) [ -f "$FAKE_CRONTAB" ] || { echo "no crontab for $(id -un)" >&2; exit 1; }
        cat "$FAKE_CRONTAB" ;;
    -r) [ -f "$FAKE_CRONTAB" ] || { echo "no crontab for $(id -un)" >&2; exit 1; }
        rm "$FAKE_CRONTAB" ;;
    -) cat > "$FAKE_CRONTAB" ;;
    *) echo "usage: crontab [-l | -r | -]" >&2; exit 1 ;;
esac
"""


@pytest.fixture
def ada_home(monkeypatch):
    """HOME=/home/ada for the pure text builders (nothing is written)."""
    monkeypatch.setenv("HOME", "/home/ada")


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A temporary HOME with its XDG directories: every write of the module lands here."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    return home


class Tools:
    """The recording systemctl/launchctl scripts on PATH and what they were asked."""

    def __init__(self, bin_dir: Path, calls: Path):
        self.bin_dir = bin_dir
        self.calls_file = calls

    def calls(self) -> list[str]:
        return self.calls_file.read_text().splitlines() if self.calls_file.exists() else []


@pytest.fixture
def tools(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("systemctl", "launchctl"):
        write_script(bin_dir / name, RECORDING_TOOL)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_CALLS", str(tmp_path / "calls.txt"))
    monkeypatch.delenv("FAKE_FAIL", raising=False)
    return Tools(bin_dir, tmp_path / "calls.txt")


@pytest.fixture(params=["file-backed crontab", "real crontab"])
def crontab(request, tools, tmp_path, monkeypatch):
    """A crontab command whose table starts with FOREIGN_CRONTAB; restored afterwards."""
    if request.param == "file-backed crontab":
        write_script(tools.bin_dir / "crontab", FILE_CRONTAB)
        monkeypatch.setenv("FAKE_CRONTAB", str(tmp_path / "crontab.txt"))
        saved = None
    else:
        if shutil.which("crontab") is None:
            pytest.skip("no crontab binary (Debian: apt-get install cron)")
        saved = read_crontab()
    write_crontab(FOREIGN_CRONTAB)
    yield
    write_crontab(saved)


def write_script(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(0o755)


def read_crontab() -> str | None:
    done = subprocess.run(["crontab", "-l"], capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else None


def write_crontab(text: str | None) -> None:
    if text is None:
        subprocess.run(["crontab", "-r"], capture_output=True, check=False)
    else:
        subprocess.run(["crontab", "-"], input=text, text=True, check=True)


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if not p.is_dir())


# --- file texts ---------------------------------------------------------------------------


def test_systemd_files_are_exactly_a_monthly_persistent_timer(ada_home):
    assert build_schedule_files("systemd", PY, CONFIG, LOGS) == {
        "reachable-audit.service": SERVICE,
        "reachable-audit.timer": TIMER,
    }


def test_launchd_plist_is_exact_and_parses_back(ada_home):
    files = build_schedule_files("launchd", PY, CONFIG, LOGS)
    assert files == {"local.reachable.audit.plist": PLIST}
    assert plistlib.loads(files["local.reachable.audit.plist"].encode()) == {
        "Label": "local.reachable.audit",
        "ProgramArguments": [PY, "-m", "audit", "audit", "--config", str(CONFIG)],
        "WorkingDirectory": "/home/ada",
        "StartCalendarInterval": {"Day": 1, "Hour": 10, "Minute": 0},
        "StandardOutPath": str(LOGS / "audit.log"),
        "StandardErrorPath": str(LOGS / "audit.log"),
        "ProcessType": "Background",
    }


def test_cron_block_is_exact(ada_home):
    assert build_schedule_files("cron", PY, CONFIG, LOGS) == {"crontab": CRON_BLOCK}


def test_unknown_scheduler_is_refused(ada_home):
    with pytest.raises(ValueError, match="unknown scheduler 'at'"):
        build_schedule_files("at", PY, CONFIG, LOGS)


def test_odd_paths_are_quoted_for_systemd(ada_home):
    config = Path('/home/ada/My Files/50% "new" config.toml')
    service = build_schedule_files("systemd", PY, config, Path("/logs/100%"))[
        "reachable-audit.service"
    ]
    assert (
        "ExecStart=/opt/py/bin/python3 -m audit audit --config"
        ' "/home/ada/My Files/50%% \\"new\\" config.toml"\n'
    ) in service
    assert "StandardOutput=append:/logs/100%%/audit.log\n" in service


def test_the_cron_line_passes_odd_paths_through_the_shell_intact(home, tmp_path):
    argv_file = tmp_path / "argv.txt"
    python = tmp_path / "py dir" / "python"
    python.parent.mkdir()
    write_script(python, f'#!/bin/sh\nprintf "%s\\n" "$@" > {argv_file}\necho ran\n')
    config = tmp_path / "it's 100% mine" / "config.toml"
    log_dir = tmp_path / "log dir"
    log_dir.mkdir()
    block = build_schedule_files("cron", str(python), config, log_dir)["crontab"]

    command = block.splitlines()[2].split(" ", 5)[5]
    # What cron does to the command before handing it to sh: \% becomes %.
    subprocess.run(["sh", "-c", command.replace("\\%", "%")], check=True)

    assert argv_file.read_text().splitlines() == ["-m", "audit", "audit", "--config", str(config)]
    assert (log_dir / "audit.log").read_text() == "ran\n"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="Debian package systemd")
def test_systemd_analyze_accepts_the_units(home, tmp_path):
    units = tmp_path / "units"
    units.mkdir()
    files = build_schedule_files(
        "systemd", sys.executable, tmp_path / "my config" / "config.toml", tmp_path / "log"
    )
    for name, text in files.items():
        (units / name).write_text(text)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}

    def verify():
        return subprocess.run(
            ["systemd-analyze", "verify", "--user", *(str(units / n) for n in files)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    done = verify()
    assert (done.returncode, done.stderr) == (0, "")
    # The same check rejects a timer systemd could not schedule.
    (units / "reachable-audit.timer").write_text(TIMER.replace("monthly", "monthlyish"))
    assert verify().returncode != 0


# --- detection ----------------------------------------------------------------------------


def test_detect_scheduler_needs_systemctl_and_a_running_systemd(tmp_path, tools, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(schedule, "_SYSTEMD_RUNTIME", tmp_path / "run-systemd-system")
    assert detect_scheduler() == "cron"  # systemctl on PATH, systemd not running
    (tmp_path / "run-systemd-system").mkdir()
    assert detect_scheduler() == "systemd"
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert detect_scheduler() == "cron"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert detect_scheduler() == "launchd"


# --- systemd ------------------------------------------------------------------------------


def test_systemd_install_writes_the_units_and_enables_the_timer(home, tools, tmp_path):
    config = tmp_path / "conf" / "config.toml"
    text = install_schedule(False, None, config, kind="systemd")

    unit_dir = home / ".config" / "systemd" / "user"
    expected = build_schedule_files("systemd", sys.executable, config, schedule.settings.log_dir())
    assert {p.name: p.read_text() for p in unit_dir.iterdir()} == expected
    assert (home / ".local" / "state" / "reachable" / "log").is_dir()
    assert tools.calls() == [
        "systemctl --user daemon-reload",
        "systemctl --user enable --now reachable-audit.timer",
    ]
    assert text == (
        f"Note: {config} sets no inbox; add one with --inbox DIR so the monthly run finds exports\n"
        f"Wrote {unit_dir}/reachable-audit.service\n"
        f"Wrote {unit_dir}/reachable-audit.timer\n"
        "Ran: systemctl --user daemon-reload\n"
        "Ran: systemctl --user enable --now reachable-audit.timer\n"
        f"Each month it runs: {sys.executable} -m audit audit --config {config}\n"
        f"Its output goes to {home}/.local/state/reachable/log/audit.log"
    )


def test_systemd_install_without_a_user_manager_still_writes_and_explains(
    home, tools, tmp_path, monkeypatch
):
    monkeypatch.setenv("FAKE_FAIL", "1")
    text = install_schedule(False, None, tmp_path / "config.toml", kind="systemd")

    assert files_under(home / ".config") == [
        "systemd/user/reachable-audit.service",
        "systemd/user/reachable-audit.timer",
    ]
    assert (
        "Could not run `systemctl --user enable --now reachable-audit.timer`: Failed to connect"
        " to bus: No medium found. The files are in place; run that command yourself in a"
        " session where the scheduler is running.\n"
    ) in text
    assert len(tools.calls()) == 2


def test_dry_run_writes_nothing_and_runs_nothing(home, tools, tmp_path):
    config = tmp_path / "conf" / "config.toml"
    text = install_schedule(True, tmp_path / "inbox", config, kind="systemd")

    assert files_under(home) == []
    assert not config.exists()
    assert tools.calls() == []
    assert text.splitlines()[:4] == [
        f"Would set inbox = {tmp_path / 'inbox'} in {config}",
        f"  (the folder {tmp_path / 'inbox'} does not exist yet: create it and drop exports in)",
        f"Would write {home}/.config/systemd/user/reachable-audit.service:",
        "    [Unit]",
    ]
    assert "    OnCalendar=monthly" in text.splitlines()
    assert "Would run: systemctl --user enable --now reachable-audit.timer" in text.splitlines()


def test_systemd_remove_undoes_install_even_when_systemctl_fails(
    home, tools, tmp_path, monkeypatch
):
    install_schedule(False, None, tmp_path / "config.toml", kind="systemd")
    unit_dir = home / ".config" / "systemd" / "user"
    # What a working `systemctl enable` leaves behind.
    (unit_dir / "timers.target.wants").mkdir()
    (unit_dir / "timers.target.wants" / "reachable-audit.timer").symlink_to(
        unit_dir / "reachable-audit.timer"
    )
    monkeypatch.setenv("FAKE_FAIL", "1")

    assert remove_schedule(True, kind="systemd").splitlines()[1:] == [
        f"Would remove {unit_dir}/reachable-audit.service",
        f"Would remove {unit_dir}/reachable-audit.timer",
        f"Would remove {unit_dir}/timers.target.wants/reachable-audit.timer",
        "Would run: systemctl --user daemon-reload",
    ]
    assert len(files_under(unit_dir)) == 3
    lines = remove_schedule(False, kind="systemd").splitlines()

    assert files_under(home / ".config") == []
    assert lines[1:4] == [
        f"Removed {unit_dir}/reachable-audit.service",
        f"Removed {unit_dir}/reachable-audit.timer",
        f"Removed {unit_dir}/timers.target.wants/reachable-audit.timer",
    ]
    assert tools.calls()[2:] == [
        "systemctl --user disable --now reachable-audit.timer",
        "systemctl --user daemon-reload",
    ]
    assert remove_schedule(False, kind="systemd") == (
        f"Nothing to remove: no systemd user timer in {unit_dir}"
    )


# --- launchd ------------------------------------------------------------------------------


def test_launchd_install_and_remove(home, tools, tmp_path):
    config = tmp_path / "config.toml"
    install_schedule(False, None, config, kind="launchd")
    plist = home / "Library" / "LaunchAgents" / "local.reachable.audit.plist"

    with plist.open("rb") as f:
        agent = plistlib.load(f)
    assert agent["ProgramArguments"] == [
        sys.executable,
        "-m",
        "audit",
        "audit",
        "--config",
        str(config),
    ]
    assert agent["StartCalendarInterval"] == {"Day": 1, "Hour": 10, "Minute": 0}
    assert agent["StandardOutPath"] == f"{home}/.local/state/reachable/log/audit.log"

    text = remove_schedule(False, kind="launchd")
    assert not plist.exists()
    assert tools.calls() == [f"launchctl load -w {plist}", f"launchctl unload -w {plist}"]
    assert text == f"Ran: launchctl unload -w {plist}\nRemoved {plist}"


def test_launchd_install_without_launchctl_explains(home, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    text = install_schedule(False, None, tmp_path / "config.toml", kind="launchd")
    plist = home / "Library" / "LaunchAgents" / "local.reachable.audit.plist"
    assert plist.exists()
    assert f"Could not run `launchctl load -w {plist}`: launchctl not found (No such file" in text


# --- cron ---------------------------------------------------------------------------------


def test_cron_install_adds_one_block_and_remove_keeps_foreign_lines(home, crontab, tmp_path):
    config = tmp_path / "config.toml"
    block = build_schedule_files("cron", sys.executable, config, schedule.settings.log_dir())
    assert remove_schedule(False, kind="cron") == (
        "Nothing to remove: the crontab has no reachable block"
    )

    text = install_schedule(False, None, config, kind="cron")
    assert read_crontab() == FOREIGN_CRONTAB + block["crontab"]
    assert text.splitlines()[1:3] == ["Added to the crontab:", "    # BEGIN reachable"]
    install_schedule(False, None, config, kind="cron")  # a second install replaces the block
    assert read_crontab() == FOREIGN_CRONTAB + block["crontab"]

    assert remove_schedule(True, kind="cron") == "Would remove the reachable block from the crontab"
    assert read_crontab() == FOREIGN_CRONTAB + block["crontab"]
    assert remove_schedule(False, kind="cron") == "Removed the reachable block from the crontab"
    assert read_crontab() == FOREIGN_CRONTAB


def test_cron_remove_of_our_only_block_leaves_no_crontab(home, crontab, tmp_path):
    write_crontab(None)
    install_schedule(False, None, tmp_path / "config.toml", kind="cron")
    assert read_crontab().startswith("# BEGIN reachable\n")
    remove_schedule(False, kind="cron")
    assert read_crontab() is None


def test_cron_block_in_the_middle_is_cut_out_exactly(home, crontab, tmp_path):
    old_block = "# BEGIN reachable\n0 9 1 * * /old/python -m audit\n# END reachable\n"
    write_crontab("A=1\n" + old_block + "5 * * * * /bin/true\n")
    install_schedule(False, None, tmp_path / "config.toml", kind="cron")
    assert read_crontab().startswith("A=1\n5 * * * * /bin/true\n# BEGIN reachable\n")
    remove_schedule(False, kind="cron")
    assert read_crontab() == "A=1\n5 * * * * /bin/true\n"


def test_cron_without_crontab_binary_is_a_clear_error(home, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(ScheduleError, match=r"crontab not found: install cron"):
        install_schedule(False, None, tmp_path / "config.toml", kind="cron")


# --- config inbox -------------------------------------------------------------------------


def test_inbox_creates_a_missing_config(home, tools, tmp_path):
    config = tmp_path / "new" / "dir" / "config.toml"
    (tmp_path / "inbox").mkdir()
    text = install_schedule(False, tmp_path / "inbox", config, kind="systemd")
    assert config.read_text() == f'[audit]\ninbox = "{tmp_path}/inbox"\n'
    assert read_config(config) == {"inbox": tmp_path / "inbox"}
    assert text.splitlines()[0] == f"Set inbox = {tmp_path}/inbox in {config}"


EXISTING_CONFIG = """\
# my settings
[audit]
active_days = 60   # tighter than the default
out = "reports"
inbox = "/old/inbox"

[audit.extra]
"""


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (EXISTING_CONFIG, EXISTING_CONFIG.replace('"/old/inbox"', '"{inbox}"')),
        (
            "# mine\n[audit]\nwindow_days = 400",
            '# mine\n[audit]\ninbox = "{inbox}"\nwindow_days = 400\n',
        ),
        ('active_days = 30\nme = "Ada"\n', 'inbox = "{inbox}"\nactive_days = 30\nme = "Ada"\n'),
        ("# only a comment\n", '# only a comment\n\n[audit]\ninbox = "{inbox}"\n'),
    ],
)
def test_inbox_is_set_in_an_existing_config_keeping_the_rest(home, tools, tmp_path, before, after):
    config = tmp_path / "config.toml"
    config.write_text(before)
    inbox = tmp_path / "exports inbox"
    install_schedule(False, inbox, config, kind="systemd")
    assert config.read_text() == after.format(inbox=inbox)
    data = tomllib.loads(config.read_text())
    assert data.get("audit", data)["inbox"] == str(inbox)


def test_inbox_in_a_broken_config_is_refused_and_the_file_kept(home, tools, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[audit\ninbox = ")
    with pytest.raises(ScheduleError, match="not a readable TOML config file"):
        install_schedule(False, tmp_path, config, kind="systemd")
    assert config.read_text() == "[audit\ninbox = "
    assert files_under(home) == []


# --- status -------------------------------------------------------------------------------


def test_status_says_what_is_installed_and_when_the_last_audit_ran(home, tools, tmp_path):
    history = tmp_path / "history.sqlite"
    unit_dir = home / ".config" / "systemd" / "user"
    log = home / ".local" / "state" / "reachable" / "log" / "audit.log"
    assert read_schedule_status(history, kind="systemd") == (
        "Scheduler: systemd user timer\n"
        "Installed: no\n"
        f"Log: {log}\n"
        f"Last audit: none yet in {history}"
    )
    assert not history.exists()

    install_schedule(False, None, tmp_path / "config.toml", kind="systemd")
    summary = {"connections": 1, "people": 1, "reachable": 0, "tiers": {"silent": 1}}
    write_audit(
        history, {"as_of": "2026-11-21", "settings": {}, "summary": summary, "people": []}, "f"
    )
    created_at = read_last_audit(history)["created_at"]
    assert read_schedule_status(history, kind="systemd") == (
        "Scheduler: systemd user timer\n"
        f"Installed: {unit_dir}/reachable-audit.service, {unit_dir}/reachable-audit.timer\n"
        "Timer: enabled\n"
        f"Log: {log}\n"
        f"Last audit: as of 2026-11-21, run at {created_at}"
    )


def test_status_of_cron(home, crontab, tmp_path):
    history = tmp_path / "history.sqlite"
    assert read_schedule_status(history, kind="cron").splitlines()[:2] == [
        "Scheduler: crontab",
        "Installed: no",
    ]
    install_schedule(False, None, tmp_path / "config.toml", kind="cron")
    assert read_schedule_status(history, kind="cron").splitlines()[:2] == [
        "Scheduler: crontab",
        "Installed: yes, a block in the crontab",
    ]
