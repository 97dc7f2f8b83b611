"""Calendars (.ics): the events of a file, and the meetings they make up to an as-of date.

``read_calendar`` reads one file's VEVENTs into CALENDAR_EVENTS (and SKIPPED);
``expand_meetings`` turns events into MEETINGS, one row per occurrence, without reading
anything. The parts: ``sniff`` (is it a calendar), ``scan`` (the scanner), ``frames`` (its
rows into a frame), ``zones`` (TZIDs to time zones), ``expand`` (recurrence, edited and
cancelled occurrences, the ignored reasons); both run with the garbage collector paused
(``audit.gcpause``). Only ``sniff`` is loaded with the package: the reader and the recurrence
load time zones and dateutil, which a run without a calendar does not need, on first use.
"""

from __future__ import annotations

from audit.ingest.calendar.sniff import looks_like_calendar
from audit.lazy import load_on_first_use

__all__ = ["IGNORED_REASONS", "expand_meetings", "looks_like_calendar", "read_calendar"]

_LAZY = {"IGNORED_REASONS": "expand", "expand_meetings": "expand", "read_calendar": "scan"}

__getattr__ = load_on_first_use(__name__, _LAZY)
