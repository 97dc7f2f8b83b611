"""Time zones of calendar files: a TZID as written to a zone recurrence can walk in.

A TZID is tried, in order, as an IANA name (``Europe/Berlin``, also at the end of a
path as Mozilla wrote them: ``/mozilla.org/20050126_1/Europe/Berlin``), as a Windows
zone name as Outlook and Exchange write them (``W. Europe Standard Time``, mapped to
IANA by CLDR's table in ``audit/data/windows_zones.tsv``), and then by the file's own
VTIMEZONE block (read by dateutil). The IANA database is preferred to the block because
a block often holds only the current year's rule and a recurring meeting spans years.
What none of these reads is a floating time (the caller decides what that means).
"""

from __future__ import annotations

import io
from datetime import timezone, tzinfo
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

from dateutil import tz as dateutil_tz

UTC = "UTC"
_UTC_NAMES = frozenset({"UTC", "GMT", "Z", "ETC/UTC", "ETC/GMT", "UNIVERSAL", "ZULU"})


@lru_cache(maxsize=1)
def _windows_zones() -> dict[str, str]:
    text = resources.files("audit").joinpath("data", "windows_zones.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    return {windows.lower(): iana for windows, iana in rows[1:]}  # after the header row


def resolve_zone(tzid: str, vtimezones: dict[str, str]) -> tuple[str, str | None] | None:
    """(zone name, VTIMEZONE text or None) for a TZID, or None when nothing reads it.

    The name is an IANA name or "UTC" when the text is None; else the TZID itself, whose
    rules are the text."""
    return _resolve_known(tzid) or _resolve_block(tzid, vtimezones.get(tzid))


@lru_cache(maxsize=512)
def _resolve_known(tzid: str) -> tuple[str, None] | None:
    name = tzid.strip().strip('"').strip()
    if name.upper() in _UTC_NAMES:
        return UTC, None
    parts = name.split("/")
    # Mozilla's "/mozilla.org/20050126_1/Europe/Berlin": the zone is the last two or three
    # parts ("America/Argentina/Buenos_Aires" has three).
    for candidate in (name, "/".join(parts[-3:]), "/".join(parts[-2:])):
        if _is_iana(candidate):
            return candidate, None
    iana = _windows_zones().get(name.lower())
    return (iana, None) if iana and _is_iana(iana) else None


def _is_iana(name: str) -> bool:
    if not name or name.startswith("/") or ".." in name or "\\" in name:
        return False
    try:
        ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def _resolve_block(tzid: str, block: str | None) -> tuple[str, str] | None:
    if block is None:
        return None
    return (tzid, block) if _block_zone(tzid, block) is not None else None


_BLOCK_PROPERTIES = (
    "BEGIN:",
    "END:",
    "TZID",
    "DTSTART",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "RRULE",
    "RDATE",
    "TZNAME",
    "COMMENT",
)


@lru_cache(maxsize=128)
def _block_zone(tzid: str, block: str) -> tzinfo | None:
    """The zone a VTIMEZONE block describes, or None when dateutil cannot read it (an
    offset of +5328 hours, a block with no STANDARD or DAYLIGHT part)."""
    # dateutil refuses any property it does not use (X-LIC-LOCATION, LAST-MODIFIED).
    lines = [line for line in block.split("\n") if line.upper().startswith(_BLOCK_PROPERTIES)]
    try:
        zones = dateutil_tz.tzical(io.StringIO("\n".join(lines)))
        return zones.get(zones.keys()[0])
    except (ValueError, IndexError, KeyError, TypeError, OverflowError):
        return None


def zone_info(name: str, rules: str | None) -> tzinfo:
    """The tzinfo of a zone as ``resolve_zone`` named it."""
    if rules is not None:
        found = _block_zone(name, rules)
        if found is not None:
            return found
    return _zone(name)


@lru_cache(maxsize=512)
def _zone(name: str) -> tzinfo:
    return timezone.utc if name == UTC else ZoneInfo(name)
