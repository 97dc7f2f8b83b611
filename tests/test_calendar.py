"""The calendar reader and the expansion into meetings: a fixture with one person per rule
(expected rows worked out by hand in the comments), the real files of
../shared/corpus/calendar/ (every VEVENT accounted for; occurrences checked against
recurring-ical-events, an independent expansion), and the time-zone cases."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import polars as pl
import pytest

from audit.ingest.calendar import expand_meetings, looks_like_calendar, read_calendar
from audit.ingest.linkedin import UnreadableFile

FIXTURE = Path(__file__).parent / "fixtures" / "calendar" / "rules.ics"
CORPUS = Path(__file__).parent.parent.parent / "shared" / "corpus" / "calendar"
AS_OF = date(2026, 11, 21)
WINDOW_START = AS_OF - timedelta(days=365)  # 2025-11-21
OWNER = "avery@example.com"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def meetings_of(path: Path, as_of: date = AS_OF, start: date = WINDOW_START) -> pl.DataFrame:
    events, skipped = read_calendar(path.read_bytes(), path.name)
    assert skipped.is_empty()
    return expand_meetings(events, as_of, start)


def rows_of(meetings: pl.DataFrame, record: int) -> list[tuple]:
    return [
        (r["day"], r["ignored"], [(p["email"], p["partstat"]) for p in r["participants"]])
        for r in meetings.filter(pl.col("record") == record).iter_rows(named=True)
    ]


# ------------------------------------------------------------------ the rules fixture


def test_fixture_events_as_written():
    events, skipped = read_calendar(FIXTURE.read_bytes(), "rules.ics")
    assert skipped.is_empty()
    assert events["record"].to_list() == list(range(1, 15))  # 14 VEVENTs in the file
    first = events.row(0, named=True)
    # The VALARM's ATTENDEE (an e-mail reminder) is not a guest; Google's CN that only
    # repeats the address is no name.
    assert [(a["email"], a["name"], a["partstat"]) for a in first["attendees"]] == [
        (OWNER, None, "ACCEPTED"),
        ("dana@example.com", "Dana Declined", "DECLINED"),
    ]
    assert first["start"] == utc(2026, 10, 5, 10)
    weekly = events.row(5, named=True)
    # 00:30 London summer time is 23:30 UTC the day before; UNTIL kept as written (UTC).
    assert weekly["start"] == utc(2026, 5, 31, 23, 30)
    assert weekly["zone"] == "Europe/London"
    assert weekly["rrules"] == ["FREQ=WEEKLY;UNTIL=20260823T233000Z;BYDAY=MO"]
    assert weekly["exdates"] == [utc(2026, 8, 23, 23, 30)]
    # Title, description and location are never read.
    text = str(events.to_dicts())
    assert "Secret" not in text and "Lisbon" not in text and "Nothing" not in text


def test_fixture_one_person_per_rule():
    m = meetings_of(FIXTURE)
    owner = (OWNER, "ACCEPTED")
    # 1: Dana declined: only the organiser (the owner) is left, so no guests.
    assert rows_of(m, 1) == [(date(2026, 10, 5), "no guests", [owner])]
    # 2: Tess is tentative: she takes part (the tier rule decides what tentative is worth);
    # the owner's own ATTENDEE line is folded into the organiser entry.
    assert rows_of(m, 2) == [(date(2026, 10, 6), None, [owner, ("tess@example.com", "TENTATIVE")])]
    # 3: cancelled; Carl organised it.
    assert rows_of(m, 3) == [
        (date(2026, 10, 7), "cancelled", [("carl@example.com", "ACCEPTED"), owner])
    ]
    # 4: a Google resource, a ROOM and a GROUP are not people: Rita and the owner.
    assert rows_of(m, 4) == [(date(2026, 10, 8), None, [owner, ("rita@example.com", "ACCEPTED")])]
    # 5: the owner and eight guests: nine participants (NEEDS-ACTION has not declined).
    (nine,) = rows_of(m, 5)
    assert nine[0] == date(2026, 10, 9) and nine[1] is None and len(nine[2]) == 9
    assert nine[2][-1] == ("n8@example.com", "NEEDS-ACTION")


def test_fixture_weekly_series_with_its_last_occurrence_excluded():
    m = meetings_of(FIXTURE)
    # Mondays 00:30 London (BST, UTC+1) from 1 June to the UNTIL 23 Aug 23:30 UTC (which is
    # Monday 24 Aug 00:30 local): 13 Mondays, each dated by its UTC start, the Sunday
    # before: 31 May, 7 ... 28 Jun (5), 5 ... 26 Jul (4), 2, 9, 16, 23 Aug (4). The EXDATE
    # takes the last away, so 12 rows and the last meeting is 16 Aug: with A = 90 the
    # line is T - A = 2026-08-23, which the excluded occurrence would have met exactly.
    days = [r[0] for r in rows_of(m, 6)]
    sundays = [date(2026, 5, 31) + timedelta(weeks=k) for k in range(12)]
    assert days == sundays
    assert max(days) == date(2026, 8, 16)
    assert AS_OF - timedelta(days=90) == date(2026, 8, 23)
    assert all(r[1] is None for r in rows_of(m, 6))


def test_fixture_moved_cancelled_and_re_answered_occurrences():
    m = meetings_of(FIXTURE)
    owner = (OWNER, "ACCEPTED")
    moe = ("moe@example.com", "ACCEPTED")
    # Thursdays 1, 8, 15, 22 Oct 10:00 UTC (COUNT=4). 8 Oct: an edited copy cancels it.
    # 15 Oct: moved to Friday 16 Oct 15:00. 22 Oct: Moe declines that one only.
    assert rows_of(m, 7) == [(date(2026, 10, 1), None, [owner, moe])]
    assert rows_of(m, 8) == [(date(2026, 10, 8), "cancelled", [owner, moe])]
    assert rows_of(m, 9) == [(date(2026, 10, 16), None, [owner, moe])]
    assert rows_of(m, 10) == [(date(2026, 10, 22), "no guests", [owner])]
    assert m.filter(pl.col("record") == 9)["start"].to_list() == [utc(2026, 10, 16, 15)]


def test_fixture_all_day_after_as_of_booking():
    m = meetings_of(FIXTURE)
    owner = (OWNER, "ACCEPTED")
    # 11: all-day on 2 Nov: its own date.
    assert rows_of(m, 11) == [(date(2026, 11, 2), None, [("alda@example.com", "ACCEPTED"), owner])]
    # 12: 1 Dec is after the as-of date: one row, set aside.
    assert rows_of(m, 12) == [
        (date(2026, 12, 1), "after as-of", [owner, ("ada@example.com", "ACCEPTED")])
    ]
    # 13: Gmail's unknownorganizer: a booking, not a meeting.
    assert [r[:2] for r in rows_of(m, 13)] == [(date(2026, 10, 12), "booking")]


def test_fixture_open_ended_rule_from_1996_walks_the_window_only():
    m = meetings_of(FIXTURE)
    days = [r[0] for r in rows_of(m, 14)]
    # Wednesdays since 3 Jan 1996. In the window 2025-11-21 .. 2026-11-21: 26 Nov 2025 to
    # 18 Nov 2026, 357 days = 51 weeks apart, so 52; before the window only the newest,
    # 19 Nov 2025. 53 rows.
    assert len(days) == 53
    assert days[0] == date(2025, 11, 19) and days[1] == date(2025, 11, 26)
    assert days[-1] == date(2026, 11, 18)
    # 09:00 London: 09:00 UTC in winter, 08:00 UTC in summer (the rule walks local time).
    starts = m.filter(pl.col("record") == 14)["start"].to_list()
    assert utc(2026, 7, 1, 8) in starts and utc(2026, 1, 7, 9) in starts


def test_series_before_the_window_gives_its_newest_occurrence_only():
    # Window 2026-10-01 .. 2026-11-21 on the weekly series of June to August: nothing in the
    # window, one row for the newest occurrence before it, 16 Aug (23 Aug is excluded).
    m = meetings_of(FIXTURE, AS_OF, date(2026, 10, 1))
    assert [r[0] for r in rows_of(m, 6)] == [date(2026, 8, 16)]
    # The Wednesday series: 1 Oct .. 18 Nov 2026 is 8 Wednesdays (Oct 7 14 21 28, Nov 4 11
    # 18 = 7, plus the newest before, 30 Sep).
    assert [r[0] for r in rows_of(m, 14)][:2] == [date(2026, 9, 30), date(2026, 10, 7)]
    assert len(rows_of(m, 14)) == 8


def test_an_earlier_as_of_sees_only_what_had_happened():
    m = meetings_of(FIXTURE, date(2026, 10, 15), date(2025, 10, 15))
    # Moe's series as of 15 Oct: 1 Oct counts, 8 Oct cancelled; the copy moved to 16 Oct and
    # the 22 Oct copy are after the as-of date.
    assert [r[:2] for r in rows_of(m, 9)] == [(date(2026, 10, 16), "after as-of")]
    assert [r[:2] for r in rows_of(m, 10)] == [(date(2026, 10, 22), "after as-of")]
    assert [r[:2] for r in rows_of(m, 7)] == [(date(2026, 10, 1), None)]


def test_duplicate_uid_reads_the_last_copy():
    text = FIXTURE.read_bytes().replace(b"END:VCALENDAR", b"")
    second = b"""BEGIN:VEVENT\r\nDTSTART:20261006T160000Z\r\nUID:tentative-2@google.com\r
ORGANIZER:mailto:avery@example.com\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:tess@example.com\r
END:VEVENT\r\nEND:VCALENDAR\r\n"""
    events, _ = read_calendar(text + second, "two.ics")
    m = expand_meetings(events, AS_OF, WINDOW_START)
    assert rows_of(m, 2) == [
        (
            date(2026, 10, 6),
            "duplicate UID",
            [(OWNER, "ACCEPTED"), ("tess@example.com", "TENTATIVE")],
        )
    ]
    assert rows_of(m, 15) == [
        (date(2026, 10, 6), None, [(OWNER, "ACCEPTED"), ("tess@example.com", "ACCEPTED")])
    ]


# ------------------------------------------------------------------ broken input


def test_broken_events_are_skipped_with_reasons():
    data = b"""BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nEND:VEVENT
BEGIN:VEVENT\nUID:b\nDTSTART:2026-13-45\nEND:VEVENT
BEGIN:VEVENT\nUID:c\nDTSTART:20260101T100000Z\nRRULE:FREQ=WEEKLY;UNTL=20260301\nEND:VEVENT
BEGIN:VEVENT\nUID:d\nDTSTART:20260101T100000Z\nRRULE:FREQ=MINUTELY\nEND:VEVENT
BEGIN:VEVENT\nUID:e\nDTSTART:20260101T100000Z\nEXDATE:tomorrow\nEND:VEVENT
BEGIN:VEVENT\nUID:f\nDTSTART:20260101T100000Z\nEND:VEVENT
BEGIN:VEVENT\nUID:g\nDTSTART:20260101T100000Z\nEND:VCALENDAR
"""
    events, skipped = read_calendar(data, "bad.ics")
    assert events["uid"].to_list() == ["f"]
    assert skipped.rows() == [
        ("bad.ics", 1, "event has no DTSTART"),
        ("bad.ics", 2, "unreadable DTSTART '2026-13-45'"),
        ("bad.ics", 3, "unreadable RRULE 'FREQ=WEEKLY;UNTL=20260301' (part UNTL)"),
        ("bad.ics", 4, "RRULE repeats every minute, which no meeting does"),
        ("bad.ics", 5, "unreadable EXDATE 'tomorrow'"),
        ("bad.ics", 7, "event has no END:VEVENT (the file may be cut short or damaged)"),
    ]


def test_not_a_calendar():
    with pytest.raises(UnreadableFile, match="no calendar"):
        read_calendar(b"Name,Email\nA,b@c\n", "x.csv")
    assert looks_like_calendar(FIXTURE.read_bytes()[:200])
    assert looks_like_calendar("BEGIN:VCALENDAR\r\n".encode("utf-16"))
    assert not looks_like_calendar(b"BEGIN:VCARD\nFN:A\nEND:VCARD\n")


def test_floating_time_without_a_calendar_zone_is_utc_with_a_note():
    data = (
        b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:20260301T233000\nEND:VEVENT\nEND:VCALENDAR"
    )
    events, _ = read_calendar(data, "f.ics")
    assert events["start"].to_list() == [utc(2026, 3, 1, 23, 30)]
    assert events["zone_note"].to_list() == ["floating time (no time zone given): read as UTC"]
    unknown = data.replace(b"DTSTART:", b"DTSTART;TZID=Mars/Olympus:")
    events, _ = read_calendar(unknown, "f.ics")
    assert events["zone_note"].to_list() == ["unknown time zone 'Mars/Olympus': read as UTC"]


# ------------------------------------------------------------------ time zones in the corpus


def corpus_events(name: str) -> pl.DataFrame:
    events, skipped = read_calendar((CORPUS / name).read_bytes(), name)
    assert skipped.is_empty()
    return events


def test_windows_zone_name_is_mapped_to_iana():
    # khal's tz_windows_format.ics: 13:00 "New Zealand Standard Time" on 20 Nov 2019 is
    # Pacific/Auckland in daylight time (UTC+13): 00:00 UTC that day. (Its VTIMEZONE block is
    # a wrong one, with CET offsets, which is why the IANA zone is preferred.)
    events = corpus_events("khal/tz_windows_format.ics")
    assert events["zone"].to_list() == ["Pacific/Auckland"]
    assert events["start"].to_list() == [utc(2019, 11, 20, 0)]


def test_vtimezone_block_when_no_iana_zone_fits():
    # "Western/Central Europe" (Lotus Notes) exists only as the file's VTIMEZONE: +0100 from
    # the last Sunday of October, so 16:00 on 1 Nov 2021 is 15:00 UTC.
    events = corpus_events(
        "collective-icalendar/calendars/issue_156_RDATE_with_PERIOD_TZID_khal_2.ics"
    )
    assert events["start"].to_list() == [utc(2021, 11, 1, 15)]
    assert events["zone_rules"].to_list()[0].startswith("BEGIN:VTIMEZONE")


# ------------------------------------------------------------------ the whole corpus


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".ics", ".vcs"))


def test_every_corpus_event_is_accounted_for():
    checked = 0
    for path in corpus_files():
        name = str(path.relative_to(CORPUS))
        data = path.read_bytes()
        try:
            events, skipped = read_calendar(data, name)
        except UnreadableFile:
            # Only files with no VCALENDAR or VEVENT at all: the empty file and a fuzzer's
            # lone VTIMEZONE.
            assert b"BEGIN:VEVENT" not in data.upper(), name
            continue
        meetings = expand_meetings(events, AS_OF, WINDOW_START)
        # Records are 1..n over the VEVENTs of the file, counted independently here.
        written = data.upper().count(b"BEGIN:VEVENT")
        assert events.height + skipped.height == written, name
        assert set(meetings["record"]) | set(skipped["record"]) == set(range(1, written + 1))
        assert not set(meetings["record"]) & set(skipped["record"]), name
        checked += 1
    assert checked == 76  # 78 calendar files, 2 without any calendar


def test_corpus_skips_are_the_broken_events():
    def skips(name: str) -> list[str]:
        _, skipped = read_calendar((CORPUS / name).read_bytes(), name)
        return skipped["reason"].to_list()

    # 20 VEVENTs with nothing in them.
    assert (
        skips("collective-icalendar/calendars/big_bad_calendar.ics")
        == ["event has no DTSTART"] * 20
    )
    # vCalendar 1.0 with "PRIORITY:3END:VEVENT": the END is lost (icalendar reads 0 events
    # and says nothing, per the corpus's PROVENANCE.md).
    assert skips("apache-tika/testVCalendar.vcs") == [
        "event has no END:VEVENT (the file may be cut short or damaged)"
    ]
    # The misspelt UNTL would make the series endless.
    assert skips("recurring-ical-events/bad_rrule_missing_until_event.ics") == [
        "unreadable RRULE 'FREQ=WEEKLY;UNTL=20191023;BYDAY=TH;WKST=SU' (part UNTL)"
    ]


# Where this reader and recurring-ical-events 3.8 differ on purpose, each checked by hand:
DIVERGENT = {
    # Exchange all-day series end with UNTIL = local midnight of the last day in UTC, the
    # evening before: 2020-05-21T22:00Z is Friday 22 May 00:00 in Berlin, and the series is
    # BYDAY=MO,FR; 2020-12-21T23:00Z is Tuesday 22 Dec (BYDAY=TU). We keep that last day;
    # recurring-ical-events ends the day before.
    "icalevents/cest.ics",
    "icalevents/recurring_override.ics",
    # Same with "GMT Standard Time": 2020-09-16T23:00Z is Thursday 17 Sep 00:00 in London.
    "recurring-ical-events/issue_28_rrule_with_UTC_endinginZ.ics",
    # "BYDAY=MO, TU, WE, TH, FR" with spaces: icalendar drops the RRULE, we read it.
    "collective-icalendar/calendars/issue_165_missing_event.ics",
    # "RDATE:20131210Z", a date with a stray Z: icalendar drops it, we read the date.
    "ical.js/samples/google_birthday.ics",
    # Both TZID and Z on one DTSTART: Z (UTC) wins here; and a floating time with no
    # calendar zone is UTC here, not the machine's zone.
    "khal/event_dt_mixed_awareness.ics",
    # The wrong VTIMEZONE of a Windows zone name: we use Pacific/Auckland (see above).
    "khal/tz_windows_format.ics",
    # DTEND before DTSTART: recurring-ical-events swaps them; we take DTSTART as written.
    "recurring-ical-events/issue_132_swapped_start_and_end.ics",
}
WINDOWS = [
    (date(1990, 1, 1), date(2030, 12, 31)),
    (date(2015, 1, 1), date(2016, 12, 31)),
    (date(2019, 6, 1), date(2020, 6, 1)),
    (date(2011, 10, 1), date(2012, 3, 1)),
]


def their_starts(data: bytes, lo: datetime, hi: datetime) -> list[tuple[str, datetime]]:
    icalendar = pytest.importorskip("icalendar")
    recurring_ical_events = pytest.importorskip("recurring_ical_events")
    found = []
    for calendar in icalendar.Calendar.from_ical(data, multiple=True):
        for event in recurring_ical_events.of(calendar).between(lo, hi):
            start = event.decoded("DTSTART")
            if not isinstance(start, datetime):
                start = datetime(start.year, start.month, start.day)
            if start.tzinfo is None:
                start = start.replace(tzinfo=timezone.utc)
            start = start.astimezone(timezone.utc)
            if lo <= start < hi:
                found.append((str(event.get("UID", "")), start))
    return sorted(found)


def test_occurrences_match_recurring_ical_events():
    compared = 0
    for path in corpus_files():
        name = str(path.relative_to(CORPUS))
        data = path.read_bytes()
        if name in DIVERGENT or path.suffix != ".ics" or b"BEGIN:VEVENT" not in data:
            continue
        events, _ = read_calendar(data, name)
        for start, as_of in WINDOWS:
            lo = datetime(start.year, start.month, start.day, tzinfo=timezone.utc)
            hi = datetime.combine(as_of + timedelta(days=1), datetime.min.time(), timezone.utc)
            try:
                theirs = their_starts(data, lo, hi)
            except Exception:  # noqa: BLE001 - files icalendar itself rejects
                continue
            m = expand_meetings(events, as_of, start)
            counted = m.filter(
                pl.col("ignored").is_null()
                | pl.col("ignored").is_in(["cancelled", "booking", "no guests"]),
                pl.col("start").is_between(lo, hi, closed="left"),
            )
            ours = sorted((u or "", s) for u, s in counted.select("uid", "start").iter_rows())
            assert ours == theirs, (name, start)
            compared += len(ours)
    assert compared > 2500  # parserv2 alone has 4,776 daily occurrences over 1990-2030


def test_no_events_expand_to_the_empty_meetings_frame():
    """The pipeline skips expand_meetings (and loading dateutil) when no calendar was read,
    taking an empty MEETINGS frame instead: the two must stay the same, columns and types."""
    from audit.schemas import CALENDAR_EVENTS, MEETINGS, frame

    expanded = expand_meetings(frame(None, CALENDAR_EVENTS), date(2026, 11, 15), date(2025, 11, 15))
    assert expanded.schema == frame(None, MEETINGS).schema
    assert expanded.height == 0  # no events, no occurrences
