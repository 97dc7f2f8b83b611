"""Calendars (.ics): the events of a file, and the meetings they make up to an as-of date.

``read_calendar`` reads one file's VEVENTs into CALENDAR_EVENTS (and SKIPPED);
``expand_meetings`` turns events into MEETINGS, one row per occurrence, without reading
anything. The parts: ``scan`` (the scanner), ``frames`` (its rows into a frame), ``zones``
(TZIDs to time zones), ``expand`` (recurrence, edited and cancelled occurrences, the
ignored reasons) and ``gcpause`` (the garbage collector paused while they run).
"""

from audit.ingest.calendar.expand import IGNORED_REASONS, expand_meetings
from audit.ingest.calendar.scan import looks_like_calendar, read_calendar

__all__ = ["IGNORED_REASONS", "expand_meetings", "looks_like_calendar", "read_calendar"]
