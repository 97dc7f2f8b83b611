"""The calendar's fast paths against the plain ones they stand in for.

The expansion reckons the occurrences of DAILY and WEEKLY rules with plain weekdays
(``_SteppedRule``) instead of walking them with dateutil's rrule (``_Rule``). Here both
answer the same questions (occurrences in a window, the newest before it, the first after
it, with exclusions) for rules drawn at random over the cases where reckoning could go
wrong: INTERVAL, several weekdays, WKST, COUNT and UNTIL, daylight-saving gaps and folds,
half-hour changes (Lord Howe) and a skipped day (Samoa, 30 December 2011). The expected
values are rrule's, an implementation that shares none of the reckoning.

The reader builds its frame's list columns from their items laid end to end
(``to_events_frame``); here it equals polars' own construction from the rows.

The reader's scanner finds a VEVENT's properties by searching the stretches of text
between its BEGIN and END lines; its structure cases are worked out by hand below.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from audit.ingest.calendar import read_calendar
from audit.ingest.calendar.expand import _Rule, _rule, _SteppedRule
from audit.ingest.calendar.frames import to_events_frame
from audit.ingest.calendar.zones import zone_info
from audit.schemas import CALENDAR_EVENTS, frame

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "UTC"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Dates next to changes of offset: spring and autumn in Berlin and New York (2011), Lord
# Howe's half hour (2 Oct 2011), and the day Samoa skipped (30 Dec 2011).
CHANGES = [date(2011, 3, 27), date(2011, 10, 30), date(2011, 3, 13), date(2011, 11, 6)]
CHANGES += [date(2011, 10, 2), date(2011, 12, 30)]
# Wall times in a spring gap (02:30), an autumn fold (01:30, 02:30), around midnight.
WALLS = [time(2, 30), time(1, 30), time(0, 0), time(23, 30), time(9, 0), time(12, 15)]


def stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def random_case(rng: random.Random) -> tuple[str, datetime]:
    zone = rng.choice(ZONES)
    tz = timezone.utc if zone == "UTC" else ZoneInfo(zone)
    near = rng.choice(CHANGES) + timedelta(days=rng.randint(-20, 20))
    wall = datetime.combine(near, rng.choice(WALLS))
    # As the expansion makes DTSTART: a UTC instant put into the zone (fold 1 in a fold).
    dtstart = wall.replace(tzinfo=tz, fold=rng.randint(0, 1)).astimezone(tz)
    freq = rng.choice(["DAILY", "WEEKLY"])
    parts = [f"FREQ={freq}"]
    interval = rng.choice([1, 1, 1, 2, 3, 5, 7, 14])
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if rng.random() < 0.6:
        parts.append("BYDAY=" + ",".join(rng.sample(DAYS, rng.randint(1, 3))))
    if freq == "WEEKLY" and rng.random() < 0.4:
        parts.append(f"WKST={rng.choice(DAYS)}")
    end = rng.random()
    if end < 0.4:
        parts.append(f"COUNT={rng.randint(1, 60)}")
    elif end < 0.8:
        until = dtstart + timedelta(days=rng.randint(-3, 500), minutes=rng.choice([-60, 0, 30]))
        parts.append(f"UNTIL={stamp(until)}")
    rng.shuffle(parts)
    return ";".join(parts), dtstart


def shown(moments) -> list[tuple[str, int]]:
    """Moments as rrule gives them: wall time, offset and fold all count."""
    return [(m.isoformat(), m.fold) if m is not None else None for m in moments]


def test_stepped_rule_answers_what_rrule_answers():
    rng = random.Random(15)
    compared = 0
    for _ in range(1000):
        text, dtstart = random_case(rng)
        far = dtstart + timedelta(days=900)
        fast = _rule(text, dtstart)
        assert isinstance(fast, _SteppedRule), text
        if not fast.offsets:
            continue  # weekdays that never come: rrule walks to year 9999 (see below)
        plain = _Rule(text, dtstart)
        every = plain.between(dtstart - timedelta(days=1), far)
        # Exclusions: some real occurrences and an instant that is none.
        excluded = set(rng.sample(every, min(len(every), rng.randint(0, 4))))
        excluded.add(dtstart + timedelta(minutes=7))
        for _ in range(4):
            lo = dtstart + timedelta(days=rng.randint(-30, 700), hours=rng.randint(-12, 12))
            hi = lo + timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 30))
            lo, hi = lo.astimezone(timezone.utc), hi.astimezone(timezone.utc)
            case = (text, dtstart.isoformat(), dtstart.fold, lo, hi)
            assert shown(fast.between(lo, hi)) == shown(plain.between(lo, hi)), case
            assert shown([fast.newest_before(lo, excluded)]) == shown(
                [plain.newest_before(lo, excluded)]
            ), case
            assert shown(fast.first_from(hi, excluded)) == shown(plain.first_from(hi, excluded)), (
                case
            )
            compared += 1
    assert compared > 3500


def test_stepped_rule_with_weekdays_that_never_come():
    # Every 7th day from Monday 1 Jan 2024 is a Monday: BYDAY=TU never holds, so there is
    # no occurrence at all (rrule finds so too, by walking to year 9999: seconds a call).
    dtstart = datetime(2024, 1, 1, 9, tzinfo=ZoneInfo("Europe/Berlin"))
    lo, hi = datetime(2023, 1, 1, tzinfo=timezone.utc), datetime(2027, 1, 1, tzinfo=timezone.utc)
    for end in ("", ";COUNT=5", ";UNTIL=20260101T000000Z"):
        rule = _rule("FREQ=DAILY;INTERVAL=7;BYDAY=TU" + end, dtstart)
        assert isinstance(rule, _SteppedRule)
        assert rule.between(lo, hi) == []
        assert rule.newest_before(hi, set()) is None
        assert rule.first_from(lo, set()) == []


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=MONTHLY",
        "FREQ=WEEKLY;BYDAY=1MO",
        "FREQ=DAILY;BYHOUR=9,17",
        "FREQ=HOURLY;INTERVAL=4",
        "FREQ=YEARLY;BYMONTH=3",
    ],
)
def test_other_rules_are_walked_by_rrule(text):
    dtstart = datetime(2024, 1, 1, 9, tzinfo=ZoneInfo("Europe/Berlin"))
    assert type(_rule(text, dtstart)) is _Rule


def test_a_vtimezone_block_zone_is_walked_by_rrule():
    block = "\n".join(
        [
            "BEGIN:VTIMEZONE",
            "TZID:Lotus",
            "BEGIN:STANDARD",
            "DTSTART:19701025T030000",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0100",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
    )
    dtstart = datetime(2024, 1, 1, 8, tzinfo=timezone.utc).astimezone(zone_info("Lotus", block))
    assert type(_rule("FREQ=WEEKLY", dtstart)) is _Rule


# ------------------------------------------------------------------ the scanner's structure


def test_scanner_structure_by_hand():
    data = "\n".join(
        [
            "BEGIN:VCALENDAR",
            "X-WR-TIMEZONE:Europe/Paris",
            "BEGIN:VTIMEZONE",
            "TZID:Europe/Paris",
            "X-WR-TIMEZONE:America/New_York",  # inside the zone: not the calendar's
            "END:VTIMEZONE",
            "begin:vevent",  # 1: lower case all through; a VALARM's ATTENDEE is no guest
            "dtstart:20260105T090000",
            "uid:one",
            "BEGIN:VALARM",
            "ATTENDEE:mailto:alarm@example.com",
            "DTSTART:20990101T000000Z",
            "END:VALARM",
            'attendee;PARTSTAT=ACCEPTED;CN="Ann: A":mailto:ann@example.com',
            "End :VEvent ",
            "BEGIN:VTODO",
            "DTSTART:20260101T000000Z",
            "END:VTODO",
            "BEGIN:VEVENT",  # 2: mixed-case names are not read; DTSTARTX is another property
            "Uid:no",
            "DTSTARTX:20260101T000000Z",
            "DTSTART:20260106T100000Z",
            "UID:two",
            "BEGIN:VEVENT",  # 3: begins before 2 ended: 2 is cut short
            "DTSTART:20260107T100000Z",
            "UID:three",
            "END:VEVENT",
            "END:VCALENDAR",
            "BEGIN:VCALENDAR",  # a second calendar, without X-WR-TIMEZONE
            "BEGIN:VEVENT",  # 4: floating time, no calendar zone: UTC
            "DTSTART:20260108T100000",
            "UID:four",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
    )
    events, skipped = read_calendar(data.encode(), "s.ics")
    assert skipped.rows() == [
        ("s.ics", 2, "event has no END:VEVENT (the file may be cut short or damaged)")
    ]
    rows = events.select("record", "uid", "start", "zone").rows()
    # 09:00 in Paris in January (UTC+1) is 08:00 UTC.
    assert rows == [
        (1, "one", datetime(2026, 1, 5, 8, tzinfo=timezone.utc), "Europe/Paris"),
        (3, "three", datetime(2026, 1, 7, 10, tzinfo=timezone.utc), "Europe/Paris"),
        (4, "four", datetime(2026, 1, 8, 10, tzinfo=timezone.utc), "UTC"),
    ]
    (ann,) = events["attendees"][0]
    assert (ann["email"], ann["name"], ann["partstat"]) == ("ann@example.com", "Ann: A", "ACCEPTED")


def test_rules_across_the_day_samoa_skipped():
    # Apia went from UTC-10 to UTC+14 after 29 Dec 2011: 30 Dec 10:00 does not exist and is
    # read at UTC-10 (20:00 UTC), the same instant as 31 Dec 10:00 at UTC+14. rrule walked
    # from DTSTART gives both, and so a window that opens at that instant holds both,
    # although the later one is a local date after the earlier: the walk that starts near
    # the window must not start past 30 Dec.
    tz = ZoneInfo("Pacific/Apia")
    dtstart = datetime(2011, 12, 25, 10, tzinfo=tz)
    lo = datetime(2011, 12, 30, 20, tzinfo=timezone.utc)
    hi = lo + timedelta(days=2)
    expected = [datetime(2011, 12, d, 10, tzinfo=tz) for d in (30, 31)] + [
        datetime(2012, 1, 1, 10, tzinfo=tz)
    ]
    newest = [datetime(2011, 12, 29, 10, tzinfo=tz)]  # 30 Dec is at lo, not before it
    for rule in (_Rule("FREQ=DAILY", dtstart), _rule("FREQ=DAILY", dtstart)):
        assert shown(rule.between(lo, hi)) == shown(expected)
        assert shown([rule.newest_before(lo, set())]) == shown(newest)


def test_the_collector_is_back_as_it_was_after_reading():
    import gc

    from audit.ingest.linkedin import UnreadableFile

    assert gc.isenabled()
    read_calendar(b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260101\nEND:VEVENT\n", "a.ics")
    assert gc.isenabled()
    with pytest.raises(UnreadableFile):
        read_calendar(b"no calendar here", "b.ics")
    assert gc.isenabled()  # also when the reading failed
    gc.disable()
    try:
        read_calendar(b"BEGIN:VEVENT\nDTSTART:20260101\nEND:VEVENT\n", "c.ics")
        assert not gc.isenabled()  # a caller that had paused it keeps it paused
    finally:
        gc.enable()


def test_events_frame_equals_polars_own_from_rows():
    def row(record: int, rrules, exdates, attendees) -> tuple:
        start = datetime(2026, 1, record, 9, tzinfo=timezone.utc)
        return ("f.ics", record, f"u{record}", None, start, False, "UTC", None, None) + (
            rrules,
            [],
            exdates,
            record == 2,
            None,
            None,
            attendees,
        )

    ann = {"email": "ann@example.com", "name": None, "partstat": "ACCEPTED", "cutype": "ROOM"}
    bob = {"email": None, "name": "Bob", "partstat": "DECLINED", "cutype": "INDIVIDUAL"}
    one = datetime(2026, 2, 1, 9, tzinfo=timezone.utc)
    # Empty lists first, last, between and everywhere; one list of two; a shared dict.
    rows = [
        row(1, [], [], []),
        row(2, ["FREQ=WEEKLY", "FREQ=DAILY;COUNT=3"], [one], [ann, bob]),
        row(3, [], [one, one + timedelta(days=7)], []),
        row(4, ["FREQ=MONTHLY"], [], [ann]),
        row(5, [], [], []),
    ]
    for some in (rows, rows[:1], rows[1:2], rows[2:]):
        assert to_events_frame(some).equals(frame(some, CALENDAR_EVENTS))
        assert to_events_frame(some).schema == frame(some, CALENDAR_EVENTS).schema
    assert to_events_frame([]).schema == frame([], CALENDAR_EVENTS).schema
