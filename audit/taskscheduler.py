"""The Windows Task Scheduler task of the monthly job: its XML, and how schtasks is told.

``schtasks /Create /XML FILE /TN NAME`` registers a task from the XML of Microsoft's task
schema (namespace ``http://schemas.microsoft.com/windows/2004/02/mit/task``): a
calendar trigger on the first of every month, a principal that runs as the user who
registers it, only while they are logged on (no stored password), and one action
that runs the audit through ``cmd.exe`` so its output is appended to the log, as the
other schedulers do. The file is UTF-16 with a byte order mark, as Task Scheduler
writes its own exports. schedule.py decides when this is used and runs the commands.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import PurePath

NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"
# The schema's taskType fixes version to 1.3 (Windows 7 on); every later Windows reads it.
SCHEMA_VERSION = "1.3"
TASK_NAME = "reachable-audit"
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# Environment variables in Command are expanded when the task starts.
CMD = r"%SystemRoot%\System32\cmd.exe"
PRINCIPAL = "Author"


class TaskPathError(ValueError):
    """A path that cmd.exe would not pass through intact."""


def build_task_xml(command: list[str], home: PurePath, log: PurePath, hour: int) -> str:
    """The task's XML text (to be written as UTF-16): monthly, on the 1st at ``hour``:00."""
    ET.register_namespace("", NAMESPACE)
    task = _element(None, "Task", version=SCHEMA_VERSION)
    info = _element(task, "RegistrationInfo")
    _element(info, "Description", "reachable: monthly audit of the newest export in the inbox")
    trigger = _element(_element(task, "Triggers"), "CalendarTrigger")
    # triggerBaseType's sequence puts StartBoundary before the schedule; the task service
    # needs one for a calendar trigger. Any past date: only its time of day matters.
    _element(trigger, "StartBoundary", f"2025-01-01T{hour:02d}:00:00")
    by_month = _element(trigger, "ScheduleByMonth")
    _element(_element(by_month, "DaysOfMonth"), "Day", "1")
    months = _element(by_month, "Months")
    for month in MONTHS:
        _element(months, month)
    principal = _element(_element(task, "Principals"), "Principal", id=PRINCIPAL)
    # Interactive: the user's own token while they are logged on, so no password is stored.
    _element(principal, "LogonType", "InteractiveToken")
    _element(principal, "RunLevel", "LeastPrivilege")
    settings = _element(task, "Settings")
    _element(settings, "MultipleInstancesPolicy", "IgnoreNew")
    _element(settings, "DisallowStartIfOnBatteries", "false")
    _element(settings, "StopIfGoingOnBatteries", "false")
    # Run at the next chance when the machine was off on the 1st, as systemd's Persistent=.
    _element(settings, "StartWhenAvailable", "true")
    _element(settings, "ExecutionTimeLimit", "PT2H")
    _element(settings, "Enabled", "true")
    exec_ = _element(_element(task, "Actions", Context=PRINCIPAL), "Exec")
    _element(exec_, "Command", CMD)
    _element(exec_, "Arguments", build_cmd_arguments(command, log))
    _element(exec_, "WorkingDirectory", str(home))
    ET.indent(task, space="  ")
    body = ET.tostring(task, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-16"?>\n{body}\n'


def build_cmd_arguments(command: list[str], log: PurePath) -> str:
    """cmd.exe's arguments: run ``command`` with its output appended to ``log``.

    With ``/s /c "..."`` cmd.exe strips exactly the outer pair of quotes and runs the rest
    as written, so each argument is simply quoted (a Windows path cannot hold a quote).
    ``%`` cannot be escaped inside quotes on a cmd.exe command line, so it is refused.
    """
    parts = [*command, str(log)]
    for part in parts:
        if '"' in part or "%" in part:
            raise TaskPathError(
                f"{part}: cmd.exe cannot run a path with {'%' if '%' in part else 'a quote'}"
                " in it; install reachable and its config in a folder without one"
            )
    line = " ".join(f'"{p}"' for p in command)
    return f'/d /s /c "{line} >> "{log}" 2>&1"'


def build_create_command(xml_path: PurePath) -> list[str]:
    return ["schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(xml_path), "/F"]


def build_delete_command() -> list[str]:
    return ["schtasks", "/Delete", "/TN", TASK_NAME, "/F"]


def build_query_command() -> list[str]:
    return ["schtasks", "/Query", "/TN", TASK_NAME]


def _element(parent: ET.Element | None, tag: str, text: str | None = None, **attrs) -> ET.Element:
    name = f"{{{NAMESPACE}}}{tag}"
    node = ET.Element(name, attrs) if parent is None else ET.SubElement(parent, name, attrs)
    if text is not None:
        node.text = text
    return node
