"""Expand calendar events into meetings: one MEETINGS row per occurrence, reading nothing.

What is expanded, with ``lo`` = the window start and ``T`` = the as-of date:
- every occurrence dated from ``lo`` to ``T`` (UTC dates, both ends included);
- before ``lo``, a single event or an edited occurrence is listed whatever its date, and
  a recurring series gives only its newest occurrence before ``lo`` (so a person's last
  meeting is known however old it is, without walking a rule from 1990 to today). The
  count of meetings before ``lo`` is therefore a floor, not a count: read counts over
  ``lo``..``T`` only;
- after ``T``, nothing, except that a VEVENT with no occurrence up to ``T`` gives one row
  (its first occurrence after ``T``, ignored as "after as-of"), so that every VEVENT of
  a file is in MEETINGS or in SKIPPED.

Recurrence follows RFC 5545 with dateutil's rrule: RRULE (several are a union), RDATE,
EXDATE, DTSTART as the first occurrence even where the rule does not produce it, and
edited copies (same UID, RECURRENCE-ID) that replace the occurrence they name, with
their own time, attendees, answers or STATUS. An edited copy whose RECURRENCE-ID names
no occurrence of the rule is still an occurrence on its own (RANGE=THISANDFUTURE is
read as this one occurrence). Rules walk in the event's zone (``zone``), so a weekly
09:00 meeting stays at 09:00 local time across daylight saving changes. A rule without
COUNT that began long before ``lo`` is walked from a start moved forward by whole
periods (a rule with COUNT must be walked from its start, and is at most 100,000 long).
DAILY and WEEKLY rules with plain weekdays in an IANA zone, most rules of a real calendar,
are not walked at all: their n-th occurrence is reckoned (``_SteppedRule``, tested against
rrule), so a question about any window costs the same however old the rule is.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from itertools import islice, takewhile
from math import gcd
from zoneinfo import ZoneInfo

import polars as pl
from dateutil import rrule as dateutil_rrule
from dateutil.rrule import rrule

from audit.gcpause import paused_gc
from audit.ingest.calendar.zones import zone_info
from audit.schemas import ACCEPTED, CALENDAR_PARTICIPANT, MEETINGS

CANCELLED = "cancelled"
BOOKING = "booking"
NO_GUESTS = "no guests"
AFTER_AS_OF = "after as-of"
NO_OCCURRENCE = "no occurrence"
DUPLICATE = "duplicate UID"

# The reasons an occurrence is set aside, first that holds wins, as the report may show them.
IGNORED_REASONS = {
    DUPLICATE: "a VEVENT whose UID (and RECURRENCE-ID) a later VEVENT has too: the same "
    "event written twice; the last copy is read",
    AFTER_AS_OF: "a VEVENT whose first occurrence is after the as-of date",
    NO_OCCURRENCE: "a VEVENT every occurrence of which is excluded (EXDATE) or replaced by "
    "an edited copy (same UID, RECURRENCE-ID), or an edited copy of an occurrence its "
    "master excludes (deleted after the edit)",
    CANCELLED: "STATUS:CANCELLED on the event, or on the edited copy of this occurrence",
    BOOKING: "organised by unknownorganizer@calendar.google.com: Gmail put a flight, a "
    "booking or a ticket in the calendar; not a meeting",
    NO_GUESTS: "fewer than two participants: an entry in one person's own calendar",
}

# Google writes events that Gmail made from a confirmation mail with this organiser.
BOOKING_ORGANIZER = "unknownorganizer@calendar.google.com"
# Attendees that are not people: CUTYPE (RFC 5545) and Google's addresses for rooms and
# for calendars (a team calendar invited as a guest).
NOT_PEOPLE_CUTYPES = ("ROOM", "RESOURCE", "GROUP")
NOT_PEOPLE_DOMAINS = ("@resource.calendar.google.com", "@group.calendar.google.com")
DECLINED = "DECLINED"
# What a series can give in one window at most: an hourly rule (the most frequent
# that is read) over a century's window would be 876,000 rows.
MAX_OCCURRENCES = 40_000

_PERIOD_DAYS = {"DAILY": 1, "WEEKLY": 7}
_PERIOD_SECONDS = {"HOURLY": 3600}
# Margins, in days before the window, that the newest earlier occurrence is looked for
# in, widest last (None: from DTSTART); sparse rules (29 February) need the wide ones.
_BEFORE_MARGINS = (40, 400, 4000, None)

_OCCURRENCE = {"idx": pl.UInt32, "start": pl.Datetime("us", "UTC"), "placed": pl.Utf8}


@paused_gc()
def expand_meetings(events: pl.DataFrame, as_of: date, window_start: date) -> pl.DataFrame:
    """CALENDAR_EVENTS -> MEETINGS: the occurrences of every event, as the module says.

    ``window_start`` is usually ``as_of - window_days``; it bounds only how much of a
    recurring series is walked, never which single events are listed."""
    lo = datetime.combine(window_start, time(0), tzinfo=timezone.utc)
    hi = datetime.combine(as_of + timedelta(days=1), time(0), tzinfo=timezone.utc)
    # The same UID (and RECURRENCE-ID) twice is one event written twice: a calendar shared
    # into two exports, a file with an old and a new version. The last copy is read.
    events = events.with_row_index("idx")
    latest = pl.col("idx") == pl.col("idx").max().over("uid", "recurrence_id")
    events = events.with_columns(duplicate=pl.col("uid").is_not_null() & ~latest)
    duplicate = pl.col("duplicate")
    recurring = (pl.col("rrules").list.len() > 0) | (pl.col("rdates").list.len() > 0)
    edited = pl.col("recurrence_id").is_not_null()
    masters = events.filter(recurring & ~edited & ~duplicate)
    copies = events.filter(edited & pl.col("uid").is_not_null() & ~duplicate)
    replaced = _replaced(copies)
    # An edited copy of an occurrence its master excludes was deleted after the edit
    # (Google and Thunderbird leave the copy behind). A one-off event that an edited copy
    # names (some writers put RECURRENCE-ID on the copy of a one-off) is replaced by it.
    deleted = masters.select("uid", recurrence_id="exdates", gone=True).explode("recurrence_id")
    named = copies.select("uid", start="recurrence_id", named=True)
    singles = (
        events.filter(~recurring | edited | duplicate)
        .join(deleted.drop_nulls().unique(), on=["uid", "recurrence_id"], how="left")
        .join(named.unique(), on=["uid", "start"], how="left")
    )
    placed = (
        pl.when(duplicate)
        .then(pl.lit(DUPLICATE))
        .when(pl.col("gone") | (pl.col("named") & ~edited))
        .then(pl.lit(NO_OCCURRENCE))
        .when(pl.col("start") >= hi)
        .then(pl.lit(AFTER_AS_OF))
    )
    occurrences = pl.concat(
        [
            singles.select("idx", "start", placed.alias("placed")).cast(_OCCURRENCE),
            _expand_series(masters, replaced, lo, hi),
        ]
    )
    return _describe(events, occurrences)


def _replaced(copies: pl.DataFrame) -> dict[str, set[datetime]]:
    """The occurrences that edited copies replace, by UID."""
    found: dict[str, set[datetime]] = {}
    for uid, moment in copies.select("uid", "recurrence_id").iter_rows():
        found.setdefault(uid, set()).add(moment)
    return found


def _expand_series(
    masters: pl.DataFrame,
    replaced: dict[str, set[datetime]],
    lo: datetime,
    hi: datetime,
) -> pl.DataFrame:
    rows: list[tuple[int, datetime, str | None]] = []
    columns = ("idx", "uid", "start", "zone", "zone_rules", "rrules", "rdates", "exdates")
    for idx, uid, start, zone, rules, rrules, rdates, exdates in masters.select(
        columns
    ).iter_rows():
        excluded = set(exdates) | replaced.get(uid, set())
        dtstart = start.astimezone(zone_info(zone, rules))
        series = _Series(dtstart, rrules, rdates, excluded)
        inside = series.between(lo, hi)
        rows.extend((idx, moment.astimezone(timezone.utc), None) for moment in inside)
        before = series.newest_before(lo)
        if before is not None:
            rows.append((idx, before.astimezone(timezone.utc), None))
        if not inside and before is None:
            after = series.first_from(hi)
            if after is not None:
                rows.append((idx, after.astimezone(timezone.utc), AFTER_AS_OF))
            else:
                rows.append((idx, start, NO_OCCURRENCE))
    return pl.DataFrame(rows, schema=_OCCURRENCE, orient="row")


class _Series:
    """The occurrences of one recurring VEVENT: its rules, RDATEs and DTSTART, less its
    EXDATEs and the occurrences edited copies replace."""

    def __init__(
        self,
        dtstart: datetime,
        rrules: list[str],
        rdates: list[datetime],
        excluded: set,
    ) -> None:
        self.dtstart = dtstart
        self.rules = [_rule(text, dtstart) for text in rrules]
        self.extra = [d for d in {dtstart, *rdates} if d not in excluded]
        self.excluded = excluded

    def between(self, lo: datetime, hi: datetime) -> list[datetime]:
        found = {m for m in self.extra if lo <= m < hi}
        for rule in self.rules:
            found.update(m for m in rule.between(lo, hi) if m not in self.excluded)
        return sorted(found)

    def newest_before(self, lo: datetime) -> datetime | None:
        found = [m for m in self.extra if m < lo]
        for rule in self.rules:
            newest = rule.newest_before(lo, self.excluded)
            if newest is not None:
                found.append(newest)
        return max(found, default=None)

    def first_from(self, hi: datetime) -> datetime | None:
        found = [m for m in self.extra if m >= hi]
        for rule in self.rules:
            found.extend(rule.first_from(hi, self.excluded))
        return min(found, default=None)


class _Rule:
    """One RRULE (as the reader wrote it: UNTIL in UTC) from an aware local DTSTART."""

    def __init__(self, text: str, dtstart: datetime) -> None:
        self.text, self.dtstart = text, dtstart
        parts = dict(part.split("=", 1) for part in text.split(";"))
        self.freq = parts["FREQ"]
        self.interval = int(parts.get("INTERVAL", "1"))
        self.counted = "COUNT" in parts  # a counted rule cannot start anywhere but DTSTART
        self.until = _until(parts["UNTIL"]) if "UNTIL" in parts else None
        # A counted rule is walked once, whole; the others from a start moved close to
        # where each question is asked.
        self.every = list(islice(self._walker(dtstart), MAX_OCCURRENCES)) if self.counted else None

    def _walker(self, start: datetime) -> rrule:
        return rrule(dtstart=start, cache=False, **_rule_arguments(self.text))

    def between(self, lo: datetime, hi: datetime) -> list[datetime]:
        """Occurrences in [lo, hi), walked from the latest aligned start at or before lo."""
        if self.every is not None:
            return self.every[bisect_left(self.every, lo) : bisect_left(self.every, hi)]
        walker = self._walker(self._moved_start(lo))
        moments = islice(walker.xafter(lo, inc=True), MAX_OCCURRENCES)
        return list(takewhile(lambda m: m < hi, moments))

    def newest_before(self, lo: datetime, excluded: set) -> datetime | None:
        """The newest occurrence before ``lo`` not in ``excluded``: looked for in a margin
        before ``lo`` (or before UNTIL, when the rule ended earlier), widened until found."""
        if self.every is not None:
            earlier = self.every[: bisect_left(self.every, lo)]
            return next((m for m in reversed(earlier) if m not in excluded), None)
        end = lo if self.until is None else min(lo, self.until + timedelta(seconds=1))
        for margin in _BEFORE_MARGINS:
            start = end - timedelta(days=margin) if margin else self.dtstart
            found = [m for m in self.between(max(start, self.dtstart), end) if m not in excluded]
            if found:
                return found[-1]
            if start <= self.dtstart:
                return None
        return None

    def first_from(self, hi: datetime, excluded: set) -> list[datetime]:
        moments = (
            self.every
            if self.every is not None
            else self._walker(self.dtstart).xafter(hi, inc=True)
        )
        for moment in islice(moments, MAX_OCCURRENCES):
            if moment >= hi and moment not in excluded:
                return [moment]
        return []

    def _moved_start(self, lo: datetime) -> datetime:
        """DTSTART moved forward by a whole number of periods (times INTERVAL) to at most
        a day before ``lo``: the rule makes the same occurrences from there on, since every
        BY part and every default taken from DTSTART (weekday, day of month, time) is kept.
        The day spares an occurrence whose wall time is in a gap that puts it at ``lo``
        although its date is the day before (Samoa skipped 30 December 2011)."""
        start = self.dtstart
        if self.counted or start >= lo:
            return start
        zone = start.tzinfo
        wall = start.replace(tzinfo=None)
        target = lo.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
        moved = _move(wall, target, self.freq, self.interval)
        return moved.replace(tzinfo=zone) if moved is not None and moved > wall else start


def _rule(text: str, dtstart: datetime) -> _Rule | _SteppedRule:
    """The rule's occurrences as ``_SteppedRule`` reckons them where it can, else by rrule."""
    parts = dict(part.split("=", 1) for part in text.split(";"))
    if _SteppedRule.fits(parts, dtstart):
        return _SteppedRule(parts, dtstart)
    return _Rule(text, dtstart)


class _SteppedRule:
    """A DAILY or WEEKLY rule with plain weekdays at most (``FREQ=WEEKLY;BYDAY=TU``, nine
    in ten rules of a real calendar), in an IANA zone or UTC: its n-th occurrence is
    reckoned, not walked to. The dates repeat with a fixed cycle (``cycle`` days: INTERVAL
    days, or weeks, or the days in which a daily rule's weekdays come round again), so
    occurrence g falls on ``base + (g // len(offsets)) * cycle + offsets[g % len(offsets)]``
    at DTSTART's wall time, as rrule combines them; the first ``skip`` of those dates are
    before DTSTART (a WEEKLY rule's first week starts on WKST). Answers exactly what
    ``_Rule`` answers (tests/test_calendar.py compares the two), without walking years of
    a rule to find where it is today; the estimate of where to look starts two cycles early,
    as a daylight-saving change can move an occurrence by an hour across a date line."""

    KEYS = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYDAY"})

    @classmethod
    def fits(cls, parts: dict[str, str], dtstart: datetime) -> bool:
        zone = dtstart.tzinfo
        return (
            parts["FREQ"] in ("DAILY", "WEEKLY")
            and parts.keys() <= cls.KEYS
            and all(day in _WEEKDAY_NUMBERS for day in parts.get("BYDAY", "MO").split(","))
            # A VTIMEZONE block's offsets are whatever the file says: rrule walks those.
            and (zone is timezone.utc or isinstance(zone, ZoneInfo))
        )

    def __init__(self, parts: dict[str, str], dtstart: datetime) -> None:
        interval = int(parts.get("INTERVAL", "1"))
        first = dtstart.date()
        # rrule's wall time: hour, minute and second of DTSTART, never its fold.
        self.wall = time(dtstart.hour, dtstart.minute, dtstart.second)
        self.tz = dtstart.tzinfo
        byday = parts.get("BYDAY")
        days = {_WEEKDAY_NUMBERS[d] for d in byday.split(",")} if byday else None
        if parts["FREQ"] == "DAILY":
            self.base = first
            self.cycle = interval * 7 // gcd(interval, 7) if days else interval
            steps = range(0, self.cycle, interval)
            self.offsets = [o for o in steps if days is None or (first.weekday() + o) % 7 in days]
            self.skip = 0
        else:
            wkst = _WEEKDAY_NUMBERS[parts.get("WKST", "MO")]
            days = days or {first.weekday()}
            self.base = first - timedelta(days=(first.weekday() - wkst) % 7)
            self.cycle = 7 * interval
            self.offsets = [o for o in range(7) if (self.base.weekday() + o) % 7 in days]
            self.skip = sum(1 for o in self.offsets if o < (first - self.base).days)
        # What _Rule walks at most: COUNT, and never more than MAX_OCCURRENCES of it.
        count = parts.get("COUNT")
        self.limit = self.skip + min(int(count), MAX_OCCURRENCES) if count else None
        self.until = _until(parts["UNTIL"]) if "UNTIL" in parts else None
        if not self.offsets:  # the weekdays never come: no occurrence at all
            self.limit = self.skip
        elif self.until is not None:
            end = self._index(self.until, after=True)
            self.limit = end if self.limit is None else min(self.limit, end)

    def between(self, lo: datetime, hi: datetime) -> list[datetime]:
        found = []
        for moment in self._walk(self._index(lo)):
            if moment >= hi:
                break
            found.append(moment)
        return found

    def newest_before(self, lo: datetime, excluded: set) -> datetime | None:
        end = self._index(lo)
        if self.limit is not None:
            end = min(end, self.limit)
        for g in range(end - 1, self.skip - 1, -1):
            moment = self._at(g)
            if moment is not None and moment not in excluded:
                return moment
        return None

    def first_from(self, hi: datetime, excluded: set) -> list[datetime]:
        for moment in self._walk(self._index(hi)):
            if moment not in excluded:
                return [moment]
        return []

    def _walk(self, first: int) -> Iterator[datetime]:
        """The occurrences from the ``first``-th on, up to the rule's end and at most
        MAX_OCCURRENCES of them (as far as _Rule walks an open rule)."""
        end = first + MAX_OCCURRENCES
        if self.limit is not None:
            end = min(end, self.limit)
        for g in range(first, end):
            moment = self._at(g)
            if moment is None:
                return
            yield moment

    def _index(self, moment: datetime, after: bool = False) -> int:
        """The first g (at least ``skip``) whose occurrence is at or after ``moment`` (after
        it, with ``after``); past the last date there is (year 9999), that g."""
        days = (moment.astimezone(self.tz).date() - self.base).days
        g = max(self.skip, (days // self.cycle - 2) * len(self.offsets))
        while True:
            found = self._at(g)
            # Not ==: a time in a gap or a fold never equals one in another zone (PEP 495).
            if found is None or (found > moment if after else found >= moment):
                return g
            g += 1

    def _at(self, g: int) -> datetime | None:
        """The g-th date of the cycle at DTSTART's wall time, or None past year 9999 (or
        when the weekdays never come round)."""
        if not self.offsets:
            return None
        cycles, k = divmod(g, len(self.offsets))
        try:
            day = self.base + timedelta(days=cycles * self.cycle + self.offsets[k])
        except OverflowError:
            return None
        return datetime.combine(day, self.wall, tzinfo=self.tz)


_WEEKDAY_NUMBERS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_WEEKDAYS = {
    "MO": dateutil_rrule.MO,
    "TU": dateutil_rrule.TU,
    "WE": dateutil_rrule.WE,
    "TH": dateutil_rrule.TH,
    "FR": dateutil_rrule.FR,
    "SA": dateutil_rrule.SA,
    "SU": dateutil_rrule.SU,
}
_NUMBER_LISTS = {
    "BYMONTH": "bymonth",
    "BYMONTHDAY": "bymonthday",
    "BYYEARDAY": "byyearday",
    "BYWEEKNO": "byweekno",
    "BYSETPOS": "bysetpos",
    "BYHOUR": "byhour",
    "BYMINUTE": "byminute",
    "BYSECOND": "bysecond",
}


@lru_cache(maxsize=4096)
def _rule_arguments(text: str) -> dict:
    """rrule's keyword arguments for an RRULE the reader checked and wrote out: dateutil's
    own rrulestr parses the same text at 150 us a rule, most of the expansion's time."""
    arguments: dict = {}
    for part in text.split(";"):
        key, value = part.split("=", 1)
        if key == "FREQ":
            arguments["freq"] = getattr(dateutil_rrule, value)
        elif key == "INTERVAL":
            arguments["interval"] = int(value)
        elif key == "COUNT":
            arguments["count"] = int(value)
        elif key == "UNTIL":
            arguments["until"] = _until(value)
        elif key == "WKST":
            arguments["wkst"] = _WEEKDAYS[value]
        elif key == "BYDAY":
            days = []
            for day in value.split(","):
                weekday = _WEEKDAYS[day[-2:]]
                days.append(weekday(int(day[:-2])) if day[:-2] else weekday)
            arguments["byweekday"] = days
        else:
            arguments[_NUMBER_LISTS[key]] = [int(v) for v in value.split(",")]
    return arguments


def _until(value: str) -> datetime:
    """An UNTIL as the reader wrote it (a UTC instant, ``20260823T233000Z``)."""
    return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)


def _move(wall: datetime, target: datetime, freq: str, interval: int) -> datetime | None:
    """The latest ``wall`` + k periods (k >= 0) at or before ``target``, or None."""
    if freq in _PERIOD_DAYS or freq in _PERIOD_SECONDS:
        step = timedelta(days=_PERIOD_DAYS.get(freq, 0) * interval) + timedelta(
            seconds=_PERIOD_SECONDS.get(freq, 0) * interval
        )
        return wall + step * ((target - wall) // step)
    months = (target.year - wall.year) * 12 + target.month - wall.month
    if freq == "YEARLY":
        months -= months % 12
        interval *= 12
    k = months // interval
    while k > 0:  # a day that the month or year lacks (31 April, 29 February): go back
        total = wall.month - 1 + k * interval
        try:
            moved = wall.replace(year=wall.year + total // 12, month=total % 12 + 1)
        except ValueError:
            k -= 1
            continue
        if moved <= target:
            return moved
        k -= 1
    return None


def _describe(events: pl.DataFrame, occurrences: pl.DataFrame) -> pl.DataFrame:
    """MEETINGS from the occurrences (event row, start, reason the placing gave)."""
    people = _participants(events)
    organizer = pl.col("organizer").str.to_lowercase()
    ignored = (
        pl.when(pl.col("placed").is_not_null())
        .then(pl.col("placed"))
        .when(pl.col("cancelled"))
        .then(pl.lit(CANCELLED))
        .when(organizer == BOOKING_ORGANIZER)
        .then(pl.lit(BOOKING))
        .when(pl.col("participants").list.len() < 2)
        .then(pl.lit(NO_GUESTS))
    )
    joined = occurrences.join(events.drop("start"), on="idx", how="left").join(
        people, on="idx", how="left"
    )
    return (
        joined.with_columns(
            day=pl.col("start").dt.date(),
            participants=pl.col("participants").fill_null(
                pl.lit([], pl.List(CALENDAR_PARTICIPANT))
            ),
        )
        .with_columns(ignored=ignored)
        .sort("file", "record", "start")
        .select(list(MEETINGS))
        .cast(MEETINGS)
    )


def _participants(events: pl.DataFrame) -> pl.DataFrame:
    """(idx, participants): the organiser, then each attendee who is a person and did not
    decline, in file order, once per address."""

    def person(email: pl.Expr) -> pl.Expr:
        lowered = email.str.to_lowercase()
        return ~pl.any_horizontal(lowered.str.ends_with(d) for d in NOT_PEOPLE_DOMAINS).fill_null(
            False
        )

    organizers = events.filter(pl.col("organizer").is_not_null() & person(pl.col("organizer")))
    organizers = organizers.select(
        "idx",
        pl.lit(0).alias("order"),
        pl.col("organizer").alias("email"),
        pl.col("organizer_name").alias("name"),
        pl.lit(ACCEPTED).alias("partstat"),
    )
    attendees = (
        events.select("idx", "organizer", "attendees")
        .explode("attendees")
        .filter(pl.col("attendees").is_not_null())
        .unnest("attendees")
        .with_columns(order=pl.int_range(1, pl.len() + 1).over("idx"))
        .filter(
            ~pl.col("cutype").is_in(NOT_PEOPLE_CUTYPES),
            person(pl.col("email")),
            pl.col("partstat") != DECLINED,
            pl.col("email").is_null()
            | pl.col("organizer").is_null()
            | (pl.col("email").str.to_lowercase() != pl.col("organizer").str.to_lowercase()),
        )
        .select("idx", "order", "email", "name", "partstat")
    )
    both = pl.concat([organizers.cast(attendees.schema), attendees]).sort("idx", "order")
    key = pl.coalesce(pl.col("email").str.to_lowercase(), pl.format("#{}", pl.col("order")))
    both = both.with_columns(key=key).unique(["idx", "key"], keep="first", maintain_order=True)
    return both.group_by("idx", maintain_order=True).agg(
        participants=pl.struct("email", "name", "partstat")
    )
