"""Read the VEVENTs of one .ics file into CALENDAR_EVENTS, with a line scanner of our own.

icalendar parses every property of every component at about 0.7 MB/s, and a Google
Takeout calendar is tens of megabytes of descriptions nobody needs here (see
benchmarks/bench_calendar.py). So the file is unfolded on bytes and decoded once; its
BEGIN and END lines give the structure, and only the nine properties the audit uses are
found (by regular expression over each VEVENT's own lines) and parsed, at the top level of
each VEVENT (an e-mail VALARM holds ATTENDEE lines of its own, which are not guests). A
VEVENT whose start, rule or dates cannot be read is a SKIPPED row with its position and
why; every other VEVENT is one row, whatever it says.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

import polars as pl

from audit.gcpause import paused_gc
from audit.ingest.calendar.frames import to_events_frame
from audit.ingest.calendar.sniff import BOUNDARY
from audit.ingest.calendar.zones import UTC, resolve_zone, zone_info
from audit.ingest.contentlines import prepare_bytes, unfold
from audit.ingest.linkedin import UnreadableFile, decode_text
from audit.schemas import SKIPPED, frame
from audit.settings import EARLIEST_YEAR, LATEST_YEAR

# The properties read; everything else (SUMMARY, DESCRIPTION, LOCATION ...) is passed over.
_WANTED = frozenset(
    {"DTSTART", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "UID", "STATUS", "ORGANIZER"}
    | {"ATTENDEE"}
)

_PARAM = re.compile(r';([A-Za-z0-9-]+)=("[^"]*"(?:,"[^"]*")*|[^;]*)')
_DATE_TIME = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2}):?(\d{2})?(?:[.,]\d+)?)?(Z)?"
)
# The structure of the file is read from its BEGIN and END lines alone (the line scanner
# of old spent most of its time on the lines between them); a line is one when it starts
# with the word (any case, spaces before the ':' allowed), as a component boundary does.
# These patterns begin with the line end before the line, not "^": the regex engine then
# jumps from one line end to the next instead of trying every character (8 times faster).
_BOUNDARY_LINE = re.compile(r"\n([BbEe][^:\n]*):([^\n]*)")
# The wanted properties of a VEVENT, found by one search over each stretch of its own lines
# (name, then ";params:value"). The name is matched in any ASCII case and must end at ';'
# or ':'.
_PROPERTY = re.compile(rf"(?i)\n({'|'.join(sorted(_WANTED))})([;:][^\n]*)", re.ASCII)
# Parameters and value where a quoted parameter value may hold ':' or ';'.
_QUOTED_PARAMS = re.compile(r'((?:;[^:;"]*(?:"[^"]*"[^:;"]*)*)*):')
_X_WR = re.compile(r"(?i)\nx-wr-[^\n]*")
_ZONE_TZID = re.compile(r"(?mi)^tzid[^\n]*")
# RFC 6868 escapes in parameter values: ^n newline, ^' double quote, ^^ caret.
_CARET = re.compile(r"\^(.)")
_CARETS = {"n": " ", "'": '"', "^": "^"}

# Rule parts and what their values may be (RFC 5545 3.3.10); numbers as (least, most,
# whether a minus sign is allowed).
_FREQS = frozenset({"HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
# No meeting repeats every second or minute, and such a rule over a year's window would be
# hundreds of thousands of rows: it is skipped with the reason.
_TOO_FREQUENT = frozenset({"SECONDLY", "MINUTELY"})
_NUMBER_PARTS = {
    "COUNT": (0, 100_000, False),  # a daily meeting for 270 years; more is not a series
    "INTERVAL": (1, 10**4, False),
    "BYSECOND": (0, 59, False),
    "BYMINUTE": (0, 59, False),
    "BYHOUR": (0, 23, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
}
_WEEKDAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_LIST_PARTS = frozenset(_NUMBER_PARTS) - {"COUNT", "INTERVAL"}

NO_START = "event has no DTSTART"
NOT_CLOSED = "event has no END:VEVENT (the file may be cut short or damaged)"


@paused_gc()
def read_calendar(data: bytes, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The VEVENTs of one .ics file as (CALENDAR_EVENTS, SKIPPED); ``file`` is the display path.

    Raises ``UnreadableFile`` when the bytes hold no calendar at all (no BEGIN:VCALENDAR
    nor BEGIN:VEVENT line). VTODO, VJOURNAL and VFREEBUSY are not events and are passed
    over; so are VEVENTs nested in another VEVENT's VALARM (none are real).
    """
    stream, _ = prepare_bytes(data)
    # A line end first: every line, the first too, then follows one (see _scan).
    text = "\n" + decode_text(unfold(stream))
    if not BOUNDARY.search(text):
        raise UnreadableFile(f"{file}: no calendar in the file (no BEGIN:VCALENDAR line)")
    raw_events, vtimezones, x_wr = _scan(text)
    reader = _EventReader(file, vtimezones, x_wr)
    rows: list[tuple] = []
    skipped: list[dict] = []
    for raw in raw_events:
        try:
            rows.append(reader.build(raw))
        except _Skip as exc:
            skipped.append({"file": file, "record": raw["record"], "reason": str(exc)})
    return to_events_frame(rows), frame(skipped, SKIPPED)


class _Skip(Exception):
    """A VEVENT that cannot be used; the message is the SKIPPED reason."""


def _scan(text: str) -> tuple[list[dict], dict[str, str], dict[int, str]]:
    """(raw VEVENTs in file order, VTIMEZONE blocks by TZID, X-WR-TIMEZONE by calendar).

    A raw VEVENT maps each wanted property name to [(params, value)], plus ``record`` (its
    1-based position), ``calendar`` (which VCALENDAR of the file holds it) and ``closed``.

    Only the BEGIN and END lines are visited one by one: they say where each VEVENT's own
    lines are (less those of a VALARM or any other component inside it), and the wanted
    properties are then found by one search over each such stretch of the text. The text
    begins with a line end, so that every line follows one."""
    events: list[dict] = []
    vtimezones: dict[str, str] = {}
    x_wr: dict[int, str] = {}
    calendar = 0
    event: dict | None = None
    depth = 0  # components open inside the current VEVENT (VALARM ...)
    # Positions are of line ends: the one before the open VTIMEZONE's BEGIN line, the one
    # before the current stretch of top-level or VEVENT lines.
    zone_start: int | None = None
    top = 0

    def read_top(end: int) -> None:  # lines outside any VEVENT or VTIMEZONE
        for m in _X_WR.finditer(text, top, end):
            line = m.group()[1:]
            if line.upper().startswith("X-WR-TIMEZONE:"):
                x_wr[calendar] = line[14:].strip()

    def read_event(end: int) -> None:
        for name, rest in _PROPERTY.findall(text, top, end):
            # The name all in capitals or beginning in lower case ("dtstart"), as read before.
            if not name.isupper() and not name[0].islower():
                continue
            if '"' in rest:
                quoted = _QUOTED_PARAMS.match(rest)
                if quoted is None:
                    continue
                params, value = quoted.group(1), rest[quoted.end() :]
            else:  # the parameters end at the first ':' (nine lines in ten)
                colon = rest.find(":")
                if colon < 0:
                    continue
                params, value = rest[:colon], rest[colon + 1 :]
            event.setdefault(name.upper(), []).append((params, value))

    for m in _BOUNDARY_LINE.finditer(text):
        word = m.group(1).strip().upper()
        if word != "BEGIN" and word != "END":
            continue
        name = m.group(2).strip().upper()
        here, after = m.start(), m.end()  # the line ends before and after the line
        if zone_start is not None:
            if word == "END" and name == "VTIMEZONE":  # STANDARD and DAYLIGHT are inside
                block = text[zone_start + 1 : m.end()]
                tzid = next(
                    (z for z in _ZONE_TZID.findall(block) if z.upper().startswith("TZID")), ""
                )
                vtimezones[_unquote(tzid[5:].lstrip(":;"))] = block
                zone_start, top = None, after
            continue
        if word == "BEGIN":
            if event is not None and (name == "VEVENT" and depth == 0 or name == "VCALENDAR"):
                if depth == 0:
                    read_event(here)
                event["closed"] = False  # a new one begins before this one ended
                events.append(event)
                event, top = None, here
            if event is not None:
                if depth == 0:
                    read_event(here)
                depth += 1
            elif name == "VEVENT":
                read_top(here)
                event = {"record": len(events) + 1, "calendar": calendar, "closed": True}
                depth, top = 0, after
            elif name == "VCALENDAR":
                read_top(here)
                calendar, top = calendar + 1, after
            elif name == "VTIMEZONE":
                read_top(here)
                zone_start = here
            continue
        if event is not None:
            if depth:
                depth -= 1
                if depth == 0:
                    top = after
            elif name in ("VEVENT", "VCALENDAR"):
                read_event(here)
                event["closed"] = name == "VEVENT"
                events.append(event)
                event, top = None, after
    if event is not None:  # never inside a VTIMEZONE: that opens only outside a VEVENT
        if depth == 0:
            read_event(len(text))
        event["closed"] = False
        events.append(event)
    elif zone_start is None:
        read_top(len(text))
    return events, vtimezones, x_wr


def _params(text: str) -> dict[str, str]:
    if not text:
        return {}
    return {m.group(1).upper(): m.group(2).strip() for m in _PARAM.finditer(text)}


# The four parameters an ATTENDEE line is read for, picked by search: a Takeout has a
# hundred thousand such lines, and a full parameter parse was a third of the reading time.
_ATTENDEE_PARAMS = {
    name: re.compile(rf';{name}=("[^"]*"|[^;:]*)', re.I)
    for name in ("CN", "PARTSTAT", "CUTYPE", "EMAIL")
}


def _attendee_params(text: str) -> dict[str, str]:
    found = {}
    for name, pattern in _ATTENDEE_PARAMS.items():
        m = pattern.search(text)
        if m is not None:
            found[name] = m.group(1).strip()
    return found


def _one(raw: dict, name: str) -> tuple[dict[str, str], str] | None:
    values = raw.get(name)
    if not values:
        return None
    params, value = values[0]
    return _params(params), value.strip()


class _Zone:
    """How the local times of one VEVENT become UTC instants."""

    def __init__(self, name: str, rules: str | None, note: str | None) -> None:
        self.name, self.rules, self.note = name, rules, note
        self.tz = zone_info(name, rules)


class _EventReader:
    """Turns the raw VEVENTs of one file into CALENDAR_EVENTS rows (tuples in the schema's
    column order). What many events share is worked out once per file: the zone that a
    DTSTART's TZID and the calendar's X-WR-TIMEZONE name, and each distinct ORGANIZER and
    ATTENDEE line (a Takeout repeats the same few hundred guests tens of thousands of times;
    the rows then share one attendee dict, which nothing changes)."""

    def __init__(self, file: str, vtimezones: dict[str, str], x_wr: dict[int, str]) -> None:
        self.file, self.vtimezones, self.x_wr = file, vtimezones, x_wr
        self._zones: dict[tuple, _Zone] = {}
        self._organizers: dict[tuple[str, str], tuple[str | None, str | None]] = {}
        self._attendees: dict[tuple[str, str], dict] = {}

    def build(self, raw: dict) -> tuple:
        if not raw["closed"]:
            raise _Skip(NOT_CLOSED)
        start_prop = _one(raw, "DTSTART")
        if start_prop is None:
            raise _Skip(NO_START)
        params, value = start_prop
        parsed = _parse_value(value)
        if parsed is None:
            raise _Skip(f"unreadable DTSTART '{value[:40]}'")
        local, is_utc, all_day = parsed
        zone = self._zone(params.get("TZID"), is_utc, all_day, raw["calendar"])
        start = _midnight(local) if all_day else _to_utc(local, is_utc, zone)
        event = (zone, start, all_day)
        vtimezones = self.vtimezones
        recurrence = _one(raw, "RECURRENCE-ID")
        recurrence_id = None
        if recurrence is not None:
            recurrence_id = _read_instant("RECURRENCE-ID", *recurrence, event, vtimezones)
        rrules = [_normalise_rule(v, all_day, zone) for _, v in raw.get("RRULE", ())]
        rdates = _read_instants("RDATE", raw, event, vtimezones)
        exdates = _read_instants("EXDATE", raw, event, vtimezones)
        status = raw.get("STATUS")
        uid = raw.get("UID")
        organizer = raw.get("ORGANIZER")
        organizer_email = organizer_name = None
        if organizer:
            organizer_email, organizer_name = self._organizer(*organizer[0])
        attendees = [self._attendee(*line) for line in raw.get("ATTENDEE", ())]
        return (
            self.file,
            raw["record"],
            uid[0][1].strip() or None if uid else None,
            recurrence_id,
            start,
            all_day,
            zone.name,
            zone.rules,
            zone.note,
            rrules,
            rdates,
            exdates,
            bool(status) and status[0][1].strip().upper() == "CANCELLED",
            organizer_email,
            organizer_name,
            attendees,
        )

    def _zone(self, tzid: str | None, is_utc: bool, all_day: bool, calendar: int) -> _Zone:
        key = (tzid, is_utc, all_day, calendar)
        zone = self._zones.get(key)
        if zone is None:
            x_wr = self.x_wr.get(calendar)
            zone = _event_zone(tzid, is_utc, all_day, self.vtimezones, x_wr)
            self._zones[key] = zone
        return zone

    def _organizer(self, params_text: str, value: str) -> tuple[str | None, str | None]:
        found = self._organizers.get((params_text, value))
        if found is None:
            params = _params(params_text)
            email = _address(params, value.strip())
            found = self._organizers[params_text, value] = (email, _name(params, email))
        return found

    def _attendee(self, params_text: str, value: str) -> dict:
        found = self._attendees.get((params_text, value))
        if found is None:
            p = _attendee_params(params_text)
            email = _address(p, value.strip())
            found = self._attendees[params_text, value] = {
                "email": email,
                "name": _name(p, email),
                "partstat": _unquote(p.get("PARTSTAT", "NEEDS-ACTION")).upper(),
                "cutype": _unquote(p.get("CUTYPE", "INDIVIDUAL")).upper(),
            }
        return found


def _event_zone(
    tzid: str | None, is_utc: bool, all_day: bool, vtimezones: dict[str, str], x_wr: str | None
) -> _Zone:
    """The zone an event's recurrence walks in.

    All-day events walk in UTC: their dates are midnight UTC, whatever the zone. A UTC
    start walks in the calendar's X-WR-TIMEZONE when it has one, as Google means it (a
    weekly 09:00 meeting stays at 09:00 local across a DST change; x-wr-timezone and
    recurring-ical-events read it so too). A floating time (no TZID, no Z) is local time
    in X-WR-TIMEZONE; without one it is read as UTC, since the owner's zone is not known
    offline: the day may then be off by one near midnight, which the note says. An
    unknown TZID is read as floating, with a note."""
    calendar_zone = resolve_zone(x_wr, vtimezones) if x_wr else None
    if all_day:
        return _Zone(UTC, None, None)
    if tzid is not None and not is_utc:
        found = resolve_zone(_unquote(tzid), vtimezones)
        if found is not None:
            return _Zone(*found, None)
        shown = _unquote(tzid)[:40]
        if calendar_zone is not None:
            return _Zone(*calendar_zone, f"unknown time zone '{shown}': read in X-WR-TIMEZONE")
        return _Zone(UTC, None, f"unknown time zone '{shown}': read as UTC")
    if calendar_zone is not None:
        return _Zone(*calendar_zone, None)
    if is_utc:
        return _Zone(UTC, None, None)
    return _Zone(UTC, None, "floating time (no time zone given): read as UTC")


def _parse_value(value: str) -> tuple[datetime | date, bool, bool] | None:
    """(local date-time or date, whether it is UTC, whether it is a DATE), or None.

    Lenient where the meaning is plain: ISO dashes and colons, fractions of a second,
    lower case, and a DATE with a stray Z (``RDATE:20131210Z``, Google birthdays)."""
    m = _DATE_TIME.fullmatch(value.strip().upper())
    if m is None:
        return None
    year, month, day, hour, minute, second, z = m.groups()
    if not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
        return None
    try:
        if hour is None:
            return date(int(year), int(month), int(day)), False, True
        return (
            datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0)),
            z is not None,
            False,
        )
    except ValueError:
        return None


def _to_utc(local: datetime, is_utc: bool, zone: _Zone) -> datetime:
    """A date-time as written as a UTC instant: Z is UTC, anything else is in ``zone``."""
    if is_utc:
        return local.replace(tzinfo=timezone.utc)
    try:
        return local.replace(tzinfo=zone.tz).astimezone(timezone.utc)
    except (OverflowError, ValueError) as exc:
        raise _Skip(f"time {local.isoformat()} cannot be placed in its time zone") from exc


def _midnight(day: date) -> datetime:
    """How an all-day date is kept: midnight UTC of that date."""
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def _all_day_date(local: datetime, is_utc: bool) -> date:
    """The date a date-time names in an all-day series. Exchange writes the local midnight
    of the day in UTC, which is the evening before east of Greenwich: a UTC time past noon
    is read as the next day (right for offsets from -11 to +12 hours)."""
    if is_utc and local.hour >= 12:
        return local.date() + timedelta(days=1)
    return local.date()


def _read_instant(
    what: str,
    params: dict[str, str],
    value: str,
    event: tuple[_Zone, datetime, bool],
    vtimezones: dict[str, str],
) -> datetime:
    """An RDATE, EXDATE or RECURRENCE-ID value as a UTC instant comparable with the
    occurrences of its event (``event``: zone, start, all-day). Where the value type does
    not match DTSTART's, the event's type wins: a DATE in a timed series means that day's
    occurrence at the start's local time; a date-time in an all-day series, its date."""
    zone, start, all_day = event
    parsed = _parse_value(value.split("/", 1)[0])  # a PERIOD counts by its start
    if parsed is None:
        raise _Skip(f"unreadable {what} '{value[:40]}'")
    local, is_utc, is_date = parsed
    if all_day:
        return _midnight(local if is_date else _all_day_date(local, is_utc))
    if is_date:
        wall = start.astimezone(zone.tz).time().replace(tzinfo=None)
        return _to_utc(datetime.combine(local, wall), False, zone)
    tzid = params.get("TZID")
    if tzid is not None and not is_utc:
        found = resolve_zone(_unquote(tzid), vtimezones)
        if found is not None:
            zone = _Zone(*found, None)
    return _to_utc(local, is_utc, zone)


def _read_instants(
    what: str, raw: dict, event: tuple[_Zone, datetime, bool], vtimezones: dict[str, str]
) -> list[datetime]:
    found: list[datetime] = []
    for params_text, value in raw.get(what, ()):
        params = _params(params_text)
        for part in value.split(","):
            if part.strip():
                found.append(_read_instant(what, params, part, event, vtimezones))
    return found


def _normalise_rule(value: str, all_day: bool, zone: _Zone) -> str:
    """An RRULE value checked part by part, upper case, spaces dropped (Exchange CDO writes
    ``BYDAY=MO, TU``), with UNTIL as a UTC instant dateutil can compare with the start.

    A DATE UNTIL of a timed series means the end of that day in the series' zone; a
    floating UNTIL is in that zone."""
    text = re.sub(r"\s+", "", value).upper().strip(";")
    parts: dict[str, str] = {}
    for part in text.split(";"):
        key, sep, val = part.partition("=")
        if not sep or not val or key in parts:
            raise _Skip(f"unreadable RRULE '{value[:60]}'")
        parts[key] = val
    if parts.get("FREQ") in _TOO_FREQUENT:
        raise _Skip(f"RRULE repeats every {parts['FREQ'][:-2].lower()}, which no meeting does")
    if parts.get("FREQ") not in _FREQS:
        raise _Skip(f"unreadable RRULE '{value[:60]}' (no known FREQ)")
    for key, val in parts.items():
        if not _rule_part_ok(key, val):
            raise _Skip(f"unreadable RRULE '{value[:60]}' (part {key[:20]})")
    if "UNTIL" in parts and "COUNT" in parts:
        raise _Skip(f"unreadable RRULE '{value[:60]}' (both UNTIL and COUNT)")
    if "UNTIL" in parts:
        parsed = _parse_value(parts["UNTIL"])
        if parsed is None:
            raise _Skip(f"unreadable RRULE '{value[:60]}' (UNTIL)")
        local, is_utc, is_date = parsed
        if all_day:
            until = _midnight(local if is_date else _all_day_date(local, is_utc))
        elif is_date:
            until = _to_utc(datetime.combine(local, time(23, 59, 59)), False, zone)
        else:
            until = _to_utc(local, is_utc, zone)
        parts["UNTIL"] = until.strftime("%Y%m%dT%H%M%SZ")
    return ";".join(f"{k}={v}" for k, v in parts.items())


def _rule_part_ok(key: str, val: str) -> bool:
    if key in ("FREQ", "UNTIL"):
        return True
    if key == "WKST":
        return _WEEKDAY.fullmatch(val) is not None and val[:1].isalpha()
    if key == "BYDAY":
        return all(_weekday_ok(v) for v in val.split(","))
    if key not in _NUMBER_PARTS:
        return False
    least, most, signed = _NUMBER_PARTS[key]
    values = val.split(",") if key in _LIST_PARTS else [val]
    for v in values:
        digits = v[1:] if signed and v[:1] in "+-" else v
        if not digits.isdigit() or not least <= int(digits) <= most:
            return False
    return True


def _weekday_ok(value: str) -> bool:
    m = _WEEKDAY.fullmatch(value)
    if m is None:
        return False
    return m.group(1) is None or 1 <= abs(int(m.group(1))) <= 53


def _unquote(text: str) -> str:
    return text.strip().strip('"').strip()


def _address(params: dict[str, str], value: str) -> str | None:
    """The e-mail address of an ORGANIZER or ATTENDEE: the mailto: value, else RFC 7986's
    EMAIL parameter (Apple writes ``urn:uuid:`` values with it), else a bare address."""
    lowered = value.lower()
    if lowered.startswith("mailto:"):
        found = value[7:].strip()
        return found or None
    email = params.get("EMAIL")
    if email:
        return _unquote(email) or None
    if "@" in value and ":" not in value:
        return value
    return None


def _name(params: dict[str, str], email: str | None) -> str | None:
    cn = params.get("CN")
    if cn is None:
        return None
    name = _CARET.sub(lambda m: _CARETS.get(m.group(1), m.group(0)), _unquote(cn)).strip()
    if not name or email and name.lower() in (email.lower(), f"mailto:{email.lower()}"):
        return None  # Google writes the address as CN when it knows no name
    return name
