"""The monthly job: a systemd user timer, a launchd agent, a crontab block or a Windows
Task Scheduler task, written and removed.

``reachable schedule install`` writes a job that runs this interpreter's
``-m audit audit --config CONFIG`` once a month, with absolute paths, its
output appended to a log in the platform's user log directory: a Task Scheduler
task on Windows (audit/taskscheduler.py), a systemd user timer where systemd is the
running init, a launchd agent on macOS, else a marked block in the user's crontab.
``remove`` undoes exactly what ``install`` wrote (in a crontab, only the marked
block), and ``status`` says what is installed and when the last audit ran. The file
texts come from one pure function so they can be checked line by line, and the
platform is a parameter, so every kind is tested on any machine.
"""

from __future__ import annotations

import json
import os
import plistlib
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path, PurePath

from audit import history, settings, taskscheduler
from audit.files import write_atomically

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on 3.10
    import tomli as tomllib

KINDS = ("systemd", "launchd", "cron", "windows")
UNIT = "reachable-audit"
LAUNCHD_LABEL = "local.reachable.audit"
CRON_BEGIN = "# BEGIN reachable"
CRON_END = "# END reachable"
LOG_NAME = "audit.log"
# The task's XML is kept beside the config: schtasks reads it, and the user can too.
WINDOWS_TASK_FILE = f"{taskscheduler.TASK_NAME}.xml"
# systemd is the running init only when this directory exists (sd_booted(3));
# a systemctl binary alone is common in containers that run no systemd.
_SYSTEMD_RUNTIME = Path("/run/systemd/system")
# cron and launchd do not catch up on a run missed while the machine was off or
# asleep the way a Persistent= timer does, so they run mid-morning, when a
# laptop is more likely to be awake, rather than at midnight.
_HOUR = 10


class ScheduleError(Exception):
    """The job cannot be installed or removed; the message says why and what to do."""


def build_schedule_files(
    kind: str, python: str, config: PurePath, log_dir: PurePath, home: PurePath | None = None
) -> dict[str, str]:
    """File name -> content of the monthly job for ``kind`` (for cron: the crontab block)."""
    command = [python, "-m", "audit", "audit", "--config", str(config)]
    log = log_dir / LOG_NAME
    # Relative defaults such as reports/ land in the home directory, whichever scheduler runs.
    home = Path.home() if home is None else home
    if kind == "windows":
        try:
            xml = taskscheduler.build_task_xml(command, home, log, _HOUR)
        except taskscheduler.TaskPathError as exc:
            raise ScheduleError(str(exc)) from None
        return {WINDOWS_TASK_FILE: xml}
    if kind == "systemd":
        return {
            f"{UNIT}.service": _build_systemd_service(command, home, log),
            f"{UNIT}.timer": _build_systemd_timer(),
        }
    if kind == "launchd":
        return {f"{LAUNCHD_LABEL}.plist": _build_launchd_plist(command, home, log)}
    if kind == "cron":
        return {"crontab": _build_cron_block(command, home, log)}
    raise ValueError(f"unknown scheduler {kind!r}; expected one of {', '.join(KINDS)}")


def detect_scheduler(platform: str | None = None) -> str:
    """The scheduler of this machine (or of ``platform``, a ``sys.platform`` value):
    "windows", "systemd", "launchd" or "cron"."""
    platform = platform or sys.platform
    if platform == "win32":
        return "windows"
    if shutil.which("systemctl") and _SYSTEMD_RUNTIME.exists():
        return "systemd"
    if platform == "darwin":
        return "launchd"
    return "cron"


def install_schedule(
    dry_run: bool, inbox: Path | None, config: Path, kind: str | None = None
) -> str:
    """Write the monthly job (or, with dry_run, only describe it); returns what was done."""
    kind = kind or detect_scheduler()
    config = config.expanduser().resolve()
    log_dir = settings.log_dir()
    files = build_schedule_files(kind, sys.executable, config, log_dir)
    # Read the crontab first: without a usable crontab nothing at all is written.
    crontab = _read_crontab() if kind == "cron" else ""
    lines = []
    if inbox is not None:
        inbox = inbox.expanduser().resolve()
        if not dry_run:
            _write_config_inbox(config, inbox)
        lines.append(f"{_say_did(dry_run, 'Set', 'set')} inbox = {inbox} in {config}")
        if not inbox.is_dir():
            lines.append(
                f"  (the folder {inbox} does not exist yet: create it and drop exports in)"
            )
    else:
        lines += _check_config_inbox(config)
    if not dry_run:
        log_dir.mkdir(parents=True, exist_ok=True)
    if kind == "cron":
        lines += _install_cron(crontab, files["crontab"], dry_run)
    else:
        lines += _install_files(kind, files, dry_run)
    command = [sys.executable, "-m", "audit", "audit", "--config", str(config)]
    lines.append(f"Each month it runs: {shlex.join(command)}")
    lines.append(f"Its output goes to {log_dir / LOG_NAME}")
    return "\n".join(lines)


def remove_schedule(dry_run: bool, kind: str | None = None) -> str:
    """Undo what install wrote (or, with dry_run, only describe it); returns what was done."""
    kind = kind or detect_scheduler()
    if kind == "cron":
        return "\n".join(_remove_cron(dry_run))
    return "\n".join(_remove_files(kind, dry_run))


def read_schedule_status(history_path: Path, kind: str | None = None) -> str:
    """What job is installed, where its log is, and when the last audit ran."""
    kind = kind or detect_scheduler()
    lines = [f"Scheduler: {_describe(kind)}"]
    if kind == "cron":
        try:
            installed = _find_cron_block(_read_crontab()) is not None
            lines.append(f"Installed: {'yes, a block in the crontab' if installed else 'no'}")
        except ScheduleError as exc:
            lines.append(f"Installed: unknown ({exc})")
    else:
        present = [p for p in _find_job_paths(kind) if p.exists()]
        lines.append("Installed: " + (", ".join(map(str, present)) if present else "no"))
        if kind == "systemd" and present:
            # is-enabled answers "disabled" with a failing exit status: show whatever it says.
            _, out = _run(["systemctl", "--user", "is-enabled", f"{UNIT}.timer"])
            lines.append(f"Timer: {out or 'state unknown'}")
        if kind == "windows" and present:
            _, out = _run(taskscheduler.build_query_command())
            lines.append(f"Task: {out or 'state unknown'}")
    lines.append(f"Log: {settings.log_dir() / LOG_NAME}")
    try:
        last = history.read_last_audit(history_path)
    except history.HistoryError as exc:
        lines.append(f"Last audit: unknown ({exc})")
    else:
        lines.append(
            f"Last audit: as of {last['as_of']}, run at {last['created_at']}"
            if last
            else f"Last audit: none yet in {history_path}"
        )
    return "\n".join(lines)


# --- file texts ---------------------------------------------------------------------------


def _build_systemd_service(command: list[str], home: Path, log: Path) -> str:
    return (
        "[Unit]\n"
        "Description=reachable: monthly audit of the newest export in the inbox\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"WorkingDirectory={_escape_systemd(str(home))}\n"
        f"ExecStart={' '.join(_quote_systemd(a) for a in command)}\n"
        f"StandardOutput=append:{_escape_systemd(str(log))}\n"
        f"StandardError=append:{_escape_systemd(str(log))}\n"
    )


def _build_systemd_timer() -> str:
    return (
        "[Unit]\n"
        "Description=reachable: monthly audit\n"
        "\n"
        "[Timer]\n"
        "OnCalendar=monthly\n"
        # Catch up at the next boot on a month whose first day the machine was off.
        "Persistent=true\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def _build_launchd_plist(command: list[str], home: Path, log: Path) -> str:
    agent = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": command,
        "WorkingDirectory": str(home),
        # Keys left out are wildcards to launchd: without Hour and Minute the
        # job would run every minute of the first day.
        "StartCalendarInterval": {"Day": 1, "Hour": _HOUR, "Minute": 0},
        "StandardOutPath": str(log),
        "StandardErrorPath": str(log),
        "ProcessType": "Background",
    }
    return plistlib.dumps(agent, sort_keys=False).decode("utf-8")


def _build_cron_block(command: list[str], home: Path, log: Path) -> str:
    shell = f"cd {shlex.quote(str(home))} && {shlex.join(command)} >> {shlex.quote(str(log))} 2>&1"
    # cron turns an unescaped % into a newline, even inside quotes.
    shell = shell.replace("%", "\\%")
    return (
        f"{CRON_BEGIN}\n"
        "# Monthly audit, written by `reachable schedule install`;"
        " `reachable schedule remove` deletes this block.\n"
        f"0 {_HOUR} 1 * * {shell}\n"
        f"{CRON_END}\n"
    )


def _escape_systemd(value: str) -> str:
    # % starts a specifier and $ a variable in unit files.
    return value.replace("%", "%%")


def _quote_systemd(arg: str) -> str:
    value = _escape_systemd(arg).replace("$", "$$")
    if arg and not re.search(r"[\s\"'\\]", arg):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- systemd and launchd ------------------------------------------------------------------


def _find_job_dir(kind: str) -> Path:
    if kind == "windows":
        return settings.config_dir()
    if kind == "systemd":
        config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        return Path(config_home) / "systemd" / "user"
    if kind == "launchd":
        return Path.home() / "Library" / "LaunchAgents"
    raise ValueError(f"unknown scheduler {kind!r}; expected one of {', '.join(KINDS)}")


def _find_job_paths(kind: str) -> list[Path]:
    names = {
        "systemd": [f"{UNIT}.service", f"{UNIT}.timer"],
        "launchd": [f"{LAUNCHD_LABEL}.plist"],
        "windows": [WINDOWS_TASK_FILE],
    }[kind]
    return [_find_job_dir(kind) / name for name in names]


def _install_files(kind: str, files: dict[str, str], dry_run: bool) -> list[str]:
    lines = []
    for name, text in files.items():
        path = _find_job_dir(kind) / name
        if dry_run:
            lines.append(f"Would write {path}:")
            lines += [("    " + line).rstrip() for line in text.splitlines()]
        else:
            # schtasks reads the XML as Task Scheduler writes it: UTF-16 with a BOM.
            _write_text_atomic(path, text, "utf-16" if kind == "windows" else "utf-8")
            lines.append(f"Wrote {path}")
    if kind == "systemd":
        commands = [
            ["systemctl", "--user", "daemon-reload"],
            ["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"],
        ]
    elif kind == "windows":
        commands = [taskscheduler.build_create_command(_find_job_paths(kind)[0])]
    else:
        commands = [["launchctl", "load", "-w", str(_find_job_paths(kind)[0])]]
    return lines + _run_all(commands, dry_run)


def _remove_files(kind: str, dry_run: bool) -> list[str]:
    present = [p for p in _find_job_paths(kind) if p.exists()]
    if not present:
        return [f"Nothing to remove: no {_describe(kind)} in {_find_job_dir(kind)}"]
    if kind == "systemd":
        before = [["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"]]
        after = [["systemctl", "--user", "daemon-reload"]]
    elif kind == "windows":
        before, after = [taskscheduler.build_delete_command()], []
    else:
        before, after = [["launchctl", "unload", "-w", str(present[0])]], []
    lines = _run_all(before, dry_run)
    # enable made this link; if systemctl could not disable, it would dangle.
    wants = _find_job_dir(kind) / "timers.target.wants" / f"{UNIT}.timer"
    for path in [*present, *([wants] if wants.is_symlink() else [])]:
        if not dry_run:
            path.unlink()
        lines.append(f"{_say_did(dry_run, 'Removed', 'remove')} {path}")
    return lines + _run_all(after, dry_run)


def _run_all(commands: list[list[str]], dry_run: bool) -> list[str]:
    """Run each command, saying what happened; a failure is reported, not raised."""
    lines = []
    for args in commands:
        if dry_run:
            lines.append(f"Would run: {shlex.join(args)}")
            continue
        ok, out = _run(args)
        if ok:
            lines.append(f"Ran: {shlex.join(args)}")
        else:
            lines.append(
                f"Could not run `{shlex.join(args)}`: {out or 'it failed'}. The files are in "
                "place; run that command yourself in a session where the scheduler is running."
            )
    return lines


def _run(args: list[str], stdin: str | None = None) -> tuple[bool, str]:
    """(succeeded, last line of its output or error) of one external command."""
    try:
        done = subprocess.run(args, input=stdin, capture_output=True, text=True, check=False)
    except OSError as exc:
        return False, f"{args[0]} not found ({exc.strerror})"
    message = (done.stdout if done.returncode == 0 else done.stderr or done.stdout).strip()
    # systemctl reports what it managed first and the failure last.
    return done.returncode == 0, message.splitlines()[-1].rstrip(".") if message else ""


# --- cron ---------------------------------------------------------------------------------


def _install_cron(current: str, block: str, dry_run: bool) -> list[str]:
    updated = _strip_cron_block(current)
    updated = (updated + ("\n" if updated and not updated.endswith("\n") else "")) + block
    lines = [f"{_say_did(dry_run, 'Added', 'add')} to the crontab:"]
    lines += ["    " + line for line in block.splitlines()]
    if not dry_run:
        _write_crontab(updated)
    return lines


def _remove_cron(dry_run: bool) -> list[str]:
    current = _read_crontab()
    if _find_cron_block(current) is None:
        return ["Nothing to remove: the crontab has no reachable block"]
    if not dry_run:
        _write_crontab(_strip_cron_block(current))
    return [f"{_say_did(dry_run, 'Removed', 'remove')} the reachable block from the crontab"]


def _find_cron_block(text: str) -> tuple[int, int] | None:
    """(first, last) line index of the marked block, or None."""
    lines = text.splitlines()
    if CRON_BEGIN not in lines:
        return None
    begin = lines.index(CRON_BEGIN)
    if CRON_END not in lines[begin:]:
        raise ScheduleError(f"the crontab has '{CRON_BEGIN}' without '{CRON_END}'; fix it by hand")
    return begin, begin + lines[begin:].index(CRON_END)


def _strip_cron_block(text: str) -> str:
    span = _find_cron_block(text)
    if span is None:
        return text
    lines = text.splitlines(keepends=True)
    return "".join(lines[: span[0]] + lines[span[1] + 1 :])


def _read_crontab() -> str:
    try:
        done = subprocess.run(["crontab", "-l"], capture_output=True, text=True, check=False)
    except OSError:
        raise ScheduleError(
            "crontab not found: install cron (Debian/Ubuntu: apt-get install cron)"
        ) from None
    if done.returncode == 0:
        return done.stdout
    # "no crontab for USER" is how every cron says the user has none yet.
    if "no crontab" in done.stderr.lower():
        return ""
    raise ScheduleError(f"crontab -l failed: {done.stderr.strip()}")


def _write_crontab(text: str) -> None:
    # An empty crontab is removed rather than left behind as an empty file.
    args = ["crontab", "-"] if text.strip() else ["crontab", "-r"]
    ok, out = _run(args, stdin=text if text.strip() else None)
    if not ok:
        raise ScheduleError(f"{shlex.join(args)} failed: {out}")


# --- config -------------------------------------------------------------------------------


def _write_config_inbox(config: Path, inbox: Path) -> None:
    """Set ``inbox`` in the config's [audit] table, keeping every other line as written."""
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScheduleError(f"{config}: not a readable TOML config file ({exc})") from None
    setting = f"inbox = {json.dumps(str(inbox), ensure_ascii=False)}\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    header = next((i for i, x in enumerate(lines) if re.match(r"\s*\[audit\]\s*(#.*)?$", x)), None)
    if header is None and not data:
        lines += ["\n"] if lines else []
        lines += ["[audit]\n", setting]
    else:
        # Without an [audit] table the config's keys live at the top level (read_config).
        start = 0 if header is None else header + 1
        end = next(
            (i for i in range(start, len(lines)) if re.match(r"\s*\[", lines[i])), len(lines)
        )
        existing = next((i for i in range(start, end) if re.match(r"\s*inbox\s*=", lines[i])), None)
        if existing is None:
            lines.insert(start, setting)
        else:
            lines[existing] = setting
    updated = "".join(lines)
    written = tomllib.loads(updated)
    if written.get("audit", written).get("inbox") != str(inbox):
        raise ScheduleError(f"{config}: could not set inbox; add inbox = {str(inbox)!r} by hand")
    _write_text_atomic(config, updated)


def _check_config_inbox(config: Path) -> list[str]:
    try:
        has_inbox = "inbox" in settings.read_config(config)
    except settings.ConfigError as exc:
        return [f"Note: {exc}"]
    if has_inbox:
        return []
    return [
        f"Note: {config} sets no inbox; add one with --inbox DIR so the monthly run finds exports"
    ]


def _write_text_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A rewritten config keeps its permissions; new files get the usual 0644.
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    write_atomically(path, text, mode, encoding)


def _describe(kind: str) -> str:
    return {
        "systemd": "systemd user timer",
        "launchd": "launchd agent",
        "cron": "crontab",
        "windows": "Task Scheduler task",
    }[kind]


def _say_did(dry_run: bool, done: str, would: str) -> str:
    return f"Would {would}" if dry_run else done
