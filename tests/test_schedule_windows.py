"""The Windows monthly job: the Task Scheduler XML, and install/remove/status through schtasks.

The platform is a parameter (``kind="windows"``, ``detect_scheduler("win32")``), so all of it
runs here. Microsoft's task XSD is not in any package this project can install (PyPI,
Debian, npm), so the XML is checked structurally against the schema as Microsoft's
reference documents it (Task Scheduler Schema, learn.microsoft.com/windows/win32/taskschd):
taskType is an xs:all whose one required child is Actions; calendarTriggerType extends
triggerBaseType's sequence (Enabled, StartBoundary, EndBoundary, Repetition,
ExecutionTimeLimit) with RandomDelay and a choice of one schedule; monthlyScheduleType is
an xs:all of DaysOfMonth and Months; principalsType holds exactly one Principal;
execType is an xs:all whose one required child is Command; the Task element's keyref
makes Actions/@Context name a Principal/@id. xmllint checks the UTF-16 file is
well-formed XML. schtasks is a recording script on PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path, PureWindowsPath

import pytest

from audit.schedule import (
    ScheduleError,
    build_schedule_files,
    detect_scheduler,
    install_schedule,
    read_schedule_status,
    remove_schedule,
)

NS = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"
HOME = PureWindowsPath(r"C:\Users\Ada Quinn")
PY = r"C:\Users\Ada Quinn\pipx\venvs\reachable\Scripts\python.exe"
CONFIG = PureWindowsPath(r"C:\Users\Ada Quinn\AppData\Local\reachable\config.toml")
LOGS = PureWindowsPath(r"C:\Users\Ada Quinn\AppData\Local\reachable\Logs")

# The schema's element names per parent type (Microsoft's Task Scheduler Schema reference).
TASK_CHILDREN = {"RegistrationInfo", "Triggers", "Settings", "Data", "Principals", "Actions"}
REGISTRATION_CHILDREN = {
    "URI", "SecurityDescriptor", "Source", "Date", "Author", "Version", "Description",
    "Documentation",
}  # fmt: skip
# triggerBaseType's sequence, then calendarTriggerType's RandomDelay, then its choice.
CALENDAR_TRIGGER_SEQUENCE = [
    "Enabled", "StartBoundary", "EndBoundary", "Repetition", "ExecutionTimeLimit",
    "RandomDelay", "schedule",
]  # fmt: skip
SCHEDULE_CHOICE = {"ScheduleByDay", "ScheduleByWeek", "ScheduleByMonth", "ScheduleByMonthDayOfWeek"}
PRINCIPAL_CHILDREN = {
    "UserId", "LogonType", "GroupId", "DisplayName", "RunLevel", "ProcessTokenSidType",
    "RequiredPrivileges",
}  # fmt: skip
LOGON_TYPES = {"S4U", "Password", "InteractiveToken", "InteractiveTokenOrPassword"}
SETTINGS_CHILDREN = {
    "AllowStartOnDemand", "RestartOnFailure", "MultipleInstancesPolicy",
    "DisallowStartIfOnBatteries", "StopIfGoingOnBatteries", "AllowHardTerminate",
    "StartWhenAvailable", "NetworkProfileName", "RunOnlyIfNetworkAvailable", "WakeToRun",
    "Enabled", "Hidden", "DeleteExpiredTaskAfter", "IdleSettings", "NetworkSettings",
    "ExecutionTimeLimit", "Priority", "RunOnlyIfIdle", "UseUnifiedSchedulingEngine",
    "DisallowStartOnRemoteAppSession", "MaintenanceSettings", "Volatile",
}  # fmt: skip
BOOLEAN_SETTINGS = {
    "DisallowStartIfOnBatteries", "StopIfGoingOnBatteries", "StartWhenAvailable", "Enabled",
}  # fmt: skip
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip

FAKE_SCHTASKS = """\
#!/bin/sh
echo "$(basename "$0") $*" >> "$FAKE_CALLS"
case "$*" in */Query*) echo "reachable-audit  N/A  Ready" ;; esac
"""


def local(element: ET.Element) -> str:
    assert element.tag.startswith(NS), element.tag
    return element.tag[len(NS) :]


def children(element: ET.Element) -> list[str]:
    return [local(child) for child in element]


@pytest.fixture
def task_xml() -> str:
    files = build_schedule_files("windows", PY, CONFIG, LOGS, home=HOME)
    assert list(files) == ["reachable-audit.xml"]
    return files["reachable-audit.xml"]


def test_windows_is_chosen_on_win32():
    assert detect_scheduler("win32") == "windows"
    assert detect_scheduler("darwin") in ("launchd", "systemd")


def test_task_xml_follows_the_task_schema(task_xml):
    assert task_xml.startswith('<?xml version="1.0" encoding="UTF-16"?>\n')
    task = ET.fromstring(task_xml.split("\n", 1)[1])
    assert local(task) == "Task"
    assert task.get("version") == "1.3"  # taskType's version attribute is fixed to 1.3
    assert set(children(task)) <= TASK_CHILDREN
    assert len(children(task)) == len(set(children(task)))  # xs:all: each at most once
    assert "Actions" in children(task)  # the one required child

    info = task.find(f"{NS}RegistrationInfo")
    assert set(children(info)) <= REGISTRATION_CHILDREN

    (trigger,) = task.find(f"{NS}Triggers")
    assert local(trigger) == "CalendarTrigger"
    names = ["schedule" if n in SCHEDULE_CHOICE else n for n in children(trigger)]
    positions = [CALENDAR_TRIGGER_SEQUENCE.index(n) for n in names]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    assert names[-1] == "schedule" and names.count("schedule") == 1
    # The task service needs a StartBoundary for a calendar trigger; an xs:dateTime.
    start = trigger.find(f"{NS}StartBoundary").text
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT10:00:00", start)
    by_month = trigger.find(f"{NS}ScheduleByMonth")
    assert sorted(children(by_month)) == ["DaysOfMonth", "Months"]
    assert [d.text for d in by_month.find(f"{NS}DaysOfMonth")] == ["1"]
    months = by_month.find(f"{NS}Months")
    assert children(months) == MONTHS
    assert all(len(m) == 0 and not (m.text or "").strip() for m in months)

    (principal,) = task.find(f"{NS}Principals")  # principalsType: exactly one Principal
    assert local(principal) == "Principal"
    assert set(children(principal)) <= PRINCIPAL_CHILDREN
    assert principal.find(f"{NS}LogonType").text in LOGON_TYPES
    assert principal.find(f"{NS}RunLevel").text in {"LeastPrivilege", "HighestAvailable"}

    settings = task.find(f"{NS}Settings")
    assert set(children(settings)) <= SETTINGS_CHILDREN
    for name in BOOLEAN_SETTINGS:
        assert settings.find(f"{NS}{name}").text in {"true", "false"}
    assert settings.find(f"{NS}MultipleInstancesPolicy").text in {
        "Parallel", "Queue", "IgnoreNew", "StopExisting",
    }  # fmt: skip
    assert re.fullmatch(r"P(\d+D)?T\d+H", settings.find(f"{NS}ExecutionTimeLimit").text)

    actions = task.find(f"{NS}Actions")
    assert actions.get("Context") == principal.get("id")  # the schema's ContextKeyRef
    (exec_,) = actions
    assert local(exec_) == "Exec"
    assert set(children(exec_)) <= {"Command", "Arguments", "WorkingDirectory"}
    assert exec_.find(f"{NS}Command").text == r"%SystemRoot%\System32\cmd.exe"
    assert exec_.find(f"{NS}WorkingDirectory").text == str(HOME)


def test_the_action_runs_the_audit_with_its_output_appended_to_the_log(task_xml):
    task = ET.fromstring(task_xml.split("\n", 1)[1])
    arguments = task.find(f"{NS}Actions/{NS}Exec/{NS}Arguments").text
    # cmd.exe /s /c "...": the outer pair of quotes is stripped and the rest runs as written.
    assert arguments.startswith('/d /s /c "') and arguments.endswith('"')
    assert arguments[len('/d /s /c "') : -1] == (
        r'"C:\Users\Ada Quinn\pipx\venvs\reachable\Scripts\python.exe" "-m" "audit" "audit"'
        r' "--config" "C:\Users\Ada Quinn\AppData\Local\reachable\config.toml"'
        r' >> "C:\Users\Ada Quinn\AppData\Local\reachable\Logs\audit.log" 2>&1'
    )


def test_a_percent_sign_in_a_path_is_refused():
    with pytest.raises(ScheduleError, match="cmd.exe cannot run a path with %"):
        build_schedule_files(
            "windows", PY, PureWindowsPath(r"C:\100%\config.toml"), LOGS, home=HOME
        )


@pytest.fixture
def windows_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "schtasks").write_text(FAKE_SCHTASKS)
    (bin_dir / "schtasks").chmod(0o755)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_CALLS", str(tmp_path / "calls.txt"))
    return home


def calls(tmp_path: Path) -> list[str]:
    path = tmp_path / "calls.txt"
    return path.read_text().splitlines() if path.exists() else []


def test_dry_run_prints_the_task_and_does_nothing(windows_home, tmp_path):
    text = install_schedule(True, None, tmp_path / "config.toml", kind="windows")
    xml = windows_home / ".config" / "reachable" / "reachable-audit.xml"
    assert f"Would write {xml}:" in text
    assert "    <ScheduleByMonth>" in text
    assert f"Would run: schtasks /Create /TN reachable-audit /XML {xml} /F" in text
    assert not xml.exists() and calls(tmp_path) == []


def test_install_status_remove(windows_home, tmp_path):
    config = tmp_path / "config.toml"
    xml = windows_home / ".config" / "reachable" / "reachable-audit.xml"
    text = install_schedule(False, None, config, kind="windows")
    assert f"Wrote {xml}" in text
    assert f"Ran: schtasks /Create /TN reachable-audit /XML {xml} /F" in text
    raw = xml.read_bytes()
    assert raw.startswith(b"\xff\xfe")  # UTF-16 little-endian BOM, as Task Scheduler writes
    logs = windows_home / ".local" / "state" / "reachable" / "log"
    expected = build_schedule_files("windows", sys.executable, config.resolve(), logs)
    assert raw.decode("utf-16") == expected["reachable-audit.xml"]
    if shutil.which("xmllint"):
        done = subprocess.run(["xmllint", "--noout", str(xml)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    status = read_schedule_status(tmp_path / "history.sqlite", kind="windows")
    assert status.splitlines()[:3] == [
        "Scheduler: Task Scheduler task",
        f"Installed: {xml}",
        "Task: reachable-audit  N/A  Ready",
    ]

    assert remove_schedule(False, kind="windows") == (
        f"Ran: schtasks /Delete /TN reachable-audit /F\nRemoved {xml}"
    )
    assert not xml.exists()
    assert calls(tmp_path) == [
        f"schtasks /Create /TN reachable-audit /XML {xml} /F",
        "schtasks /Query /TN reachable-audit",
        "schtasks /Delete /TN reachable-audit /F",
    ]
    assert remove_schedule(False, kind="windows") == (
        f"Nothing to remove: no Task Scheduler task in {xml.parent}"
    )
