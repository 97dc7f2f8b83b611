"""Whether a file is a calendar, from its first bytes: what telling files apart needs.

Kept apart from the reader (``scan``) and the recurrence (``expand``), which load time
zones and dateutil: every run sniffs the files it is given, few read a calendar.
"""

from __future__ import annotations

import re

from audit.ingest.contentlines import prepare_bytes

# A component boundary line of a calendar: BEGIN or END of VCALENDAR or VEVENT.
BOUNDARY = re.compile(r"(?im)^[ \t]*(BEGIN|END)[ \t]*:[ \t]*(VCALENDAR|VEVENT)[ \t]*$")


def looks_like_calendar(head: bytes) -> bool:
    """Whether the first bytes of a file show an iCalendar file: a BEGIN:VCALENDAR (or a
    bare BEGIN:VEVENT) line, in any case, after an optional BOM, also in UTF-16."""
    stream, _ = prepare_bytes(head)
    text = stream.decode("utf-8", "replace").replace("\r", "\n")
    return BOUNDARY.search(text) is not None and "BEGIN" in text.upper()
