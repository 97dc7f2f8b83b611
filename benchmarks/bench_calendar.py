"""Time the calendar reader and the expansion on a generated Google-shaped calendar
(target: read + expand under 2 s, also as a whole process, for ~20 MB and ~15,000 events).

The calendar is built in memory, deterministically, as Google Calendar Takeout writes it:
CRLF, 75-octet folds, X-WR-TIMEZONE and a VTIMEZONE, ORGANIZER and ATTENDEE lines with
CUTYPE/ROLE/PARTSTAT/CN/X-NUM-GUESTS, long folded descriptions, VALARMs, rooms. Events
spread over 2014-2026; a third are recurring (weekly, daily on weekdays, monthly; with
UNTIL, COUNT, or open-ended since their start), with EXDATEs and edited copies
(RECURRENCE-ID). Prints the min and median of several in-process runs, then of as many
whole processes (interpreter start, imports, reading the file, expanding), measured from
here, against the target.
``--icalendar`` also times icalendar's parser on the same bytes, to show why the reader
has its own scanner.

    .venv/bin/python benchmarks/bench_calendar.py [--events 15000] [--runs 5] [--icalendar]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit.ingest.calendar import expand_meetings, read_calendar  # noqa: E402
from tools.samplegen import _fold_v3 as fold_v3  # noqa: E402  (75 octets, as Google folds)

AS_OF = date(2026, 11, 21)
TARGET = 2.0  # seconds for read + expand, in a whole process (issue 15)
WINDOW_DAYS = 365
WORDS = ["agenda", "review", "quarterly", "sync", "notes", "budget", "roadmap", "hiring"]
PEOPLE = [f"person{i}@example.com" for i in range(400)]
OWNER = "owner@example.com"
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "X-LIC-LOCATION:Europe/Berlin",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def attendee(address: str, partstat: str, cutype: str = "INDIVIDUAL") -> str:
    return (
        f"ATTENDEE;CUTYPE={cutype};ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};RSVP=TRUE;"
        f"CN={address};X-NUM-GUESTS=0:mailto:{address}"
    )


def event_lines(rng: random.Random, uid: str, start: datetime, extra: list[str]) -> list[str]:
    organizer = OWNER if rng.random() < 0.5 else rng.choice(PEOPLE)
    guests = rng.sample(PEOPLE, rng.choice([1, 1, 2, 3, 4, 6, 9]))
    lines = [
        "BEGIN:VEVENT",
        *extra,
        f"DTSTAMP:{stamp(datetime(2026, 11, 20, 12))}",
        f"ORGANIZER;CN={organizer}:mailto:{organizer}",
        f"UID:{uid}",
        attendee(OWNER, rng.choice(["ACCEPTED"] * 6 + ["TENTATIVE", "DECLINED", "NEEDS-ACTION"])),
        *(
            attendee(g, rng.choice(["ACCEPTED", "ACCEPTED", "DECLINED", "TENTATIVE"]))
            for g in guests
        ),
    ]
    if rng.random() < 0.1:
        lines.append(attendee("c_18a@resource.calendar.google.com", "ACCEPTED", "RESOURCE"))
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 55)))
    lines += [
        f"CREATED:{stamp(start - timedelta(days=3))}",
        f"DESCRIPTION:{words}\\n\\nJoin: https://meet.google.com/abc-defg-hij",
        f"LAST-MODIFIED:{stamp(start - timedelta(days=1))}",
        "LOCATION:Room 4.12\\, Example House\\, Berlin",
        "SEQUENCE:0",
        "STATUS:CANCELLED" if rng.random() < 0.03 else "STATUS:CONFIRMED",
        f"SUMMARY:{' '.join(rng.choice(WORDS) for _ in range(4))}",
        "TRANSP:OPAQUE",
    ]
    if rng.random() < 0.4:
        lines += [
            "BEGIN:VALARM",
            "ACTION:EMAIL",
            "DESCRIPTION:This is an event reminder",
            "SUMMARY:Alarm notification",
            f"ATTENDEE:mailto:{OWNER}",
            "TRIGGER:-P0DT0H30M0S",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def build_calendar(events: int, seed: int = 11) -> bytes:
    rng = random.Random(seed)
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{OWNER}",
        "X-WR-TIMEZONE:Europe/Berlin",
        *VTIMEZONE,
    ]
    first = datetime(2014, 1, 6, 8)
    span = (datetime(2026, 12, 31) - first).days
    written = 0
    while written < events:
        start = first + timedelta(days=rng.randrange(span), hours=rng.randrange(10))
        uid = f"{written:06d}{rng.getrandbits(48):012x}@google.com"
        if rng.random() < 1 / 3:
            local = start.strftime("%Y%m%dT%H%M%S")
            kind = rng.random()
            if kind < 0.75:
                rule = f"FREQ=WEEKLY;BYDAY={start.strftime('%a')[:2].upper()}"
            elif kind < 0.85:
                rule = "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"
            else:
                rule = "FREQ=MONTHLY"
            end = rng.random()
            # Most series end: one in twenty is open-ended.
            if end < 0.45:
                rule += f";UNTIL={stamp(start + timedelta(days=rng.randint(30, 700)))}"
            elif end < 0.95:
                rule += f";COUNT={rng.randint(3, 60)}"
            until = (start + timedelta(hours=1)).strftime("%Y%m%dT%H%M%S")
            extra = [
                f"DTSTART;TZID=Europe/Berlin:{local}",
                f"DTEND;TZID=Europe/Berlin:{until}",
                f"RRULE:{rule}",
            ]
            if rng.random() < 0.3:
                gone = (start + timedelta(weeks=rng.randint(1, 8))).strftime("%Y%m%dT%H%M%S")
                extra.append(f"EXDATE;TZID=Europe/Berlin:{gone}")
            for line in event_lines(rng, uid, start, extra):
                lines += fold_v3(line)
            written += 1
            if rng.random() < 0.2 and written < events:  # an edited copy of the second week
                moved = start + timedelta(weeks=1)
                later = (moved + timedelta(hours=2)).strftime("%Y%m%dT%H%M%S")
                copy = [
                    f"DTSTART;TZID=Europe/Berlin:{later}",
                    f"RECURRENCE-ID;TZID=Europe/Berlin:{moved.strftime('%Y%m%dT%H%M%S')}",
                ]
                for line in event_lines(rng, uid, moved, copy):
                    lines += fold_v3(line)
                written += 1
            continue
        extra = [f"DTSTART:{stamp(start)}", f"DTEND:{stamp(start + timedelta(hours=1))}"]
        if rng.random() < 0.05:
            extra = [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{start:%Y%m%d}"]
        for line in event_lines(rng, uid, start, extra):
            lines += fold_v3(line)
        written += 1
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


WHOLE = """
import sys, time
from datetime import date, timedelta
from pathlib import Path
sys.path.insert(0, {root!r})
from audit.ingest.calendar import expand_meetings, read_calendar
events, skipped = read_calendar(Path({path!r}).read_bytes(), "calendar.ics")
meetings = expand_meetings(events, date(2026, 11, 21), date(2026, 11, 21) - timedelta(days=365))
print(events.height, skipped.height, meetings.height)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=15_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--icalendar", action="store_true")
    args = parser.parse_args()
    data = build_calendar(args.events)
    print(f"calendar: {len(data) / 1e6:.1f} MB, {data.count(b'BEGIN:VEVENT'):,} VEVENTs")
    reads, expands = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        events, skipped = read_calendar(data, "calendar.ics")
        t1 = time.perf_counter()
        meetings = expand_meetings(events, AS_OF, AS_OF - timedelta(days=WINDOW_DAYS))
        t2 = time.perf_counter()
        reads.append(t1 - t0)
        expands.append(t2 - t1)
    recurring = events.filter(events["rrules"].list.len() > 0).height
    print(
        f"events {events.height:,} ({recurring:,} recurring), skipped {skipped.height}, "
        f"meeting rows {meetings.height:,}"
    )
    for label, times in (("read", reads), ("expand", expands)):
        print(f"{label:>7}: min {min(times):.3f} s, median {statistics.median(times):.3f} s")
    total = [r + e for r, e in zip(reads, expands, strict=True)]
    print(f"  total: min {min(total):.3f} s, median {statistics.median(total):.3f} s")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calendar.ics"
        path.write_bytes(data)
        root = str(Path(__file__).resolve().parents[1])
        wholes = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", WHOLE.format(root=root, path=str(path))],
                check=True,
                capture_output=True,
                text=True,
            )
            wholes.append(time.perf_counter() - t0)
        median = statistics.median(wholes)
        verdict = "met" if median < TARGET else "NOT met"
        print(
            f"  whole process: min {min(wholes):.3f} s, median {median:.3f} s "
            f"({done.stdout.strip()}); target {TARGET:.0f} s: {verdict}"
        )
    if args.icalendar:
        import icalendar

        t0 = time.perf_counter()
        icalendar.Calendar.from_ical(data)
        print(f"icalendar.Calendar.from_ical alone: {time.perf_counter() - t0:.3f} s")


if __name__ == "__main__":
    main()
