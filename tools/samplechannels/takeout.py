"""The design written as Google Takeout writes it: the Gmail mbox, the Google Calendar
.ics, and the zip that holds them."""

from __future__ import annotations

import zipfile
from datetime import datetime, time, timedelta, timezone
from email.utils import format_datetime, formataddr
from pathlib import Path
from zoneinfo import ZoneInfo

from tools import samplegen as sg
from tools.samplechannels.model import DRAFT, ME, ME_WORK, ZONE, Channels, Event, to_utc

TAKEOUT_STAMP = time(9, 15, 12)  # the Takeout was made the day after the LinkedIn export
MBOX_MEMBER = "Takeout/Mail/All mail Including Spam and Trash.mbox"
ICS_MEMBER = f"Takeout/Calendar/{sg.OWNER_EMAILS[0]}.ics"
ROOM = ("Northwind HQ-3-Redwood (6)", "c_1881a7f5e2b94c31b0d4@resource.calendar.google.com")

# fmt: off
VTIMEZONE = (
    "BEGIN:VTIMEZONE", "TZID:America/Los_Angeles", "X-LIC-LOCATION:America/Los_Angeles",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:-0800", "TZOFFSETTO:-0700", "TZNAME:PDT",
    "DTSTART:19700308T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:-0700", "TZOFFSETTO:-0800", "TZNAME:PST",
    "DTSTART:19701101T020000", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "END:STANDARD",
    "END:VTIMEZONE",
)
# fmt: on
MEET_TEXT = (
    "-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-"
    "\\nJoin with Google Meet: https://meet.google.com/abc-defg-hij\\nLearn more about Meet at:"
    " https://support.google.com/a/users/answer/9282720\\n\\nPlease do not edit this section."
    "\\n-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-"
)


# ------------------------------------------------------------------------ the mbox


def _address_of(ch: Channels, who: int) -> tuple[str, str]:
    if who in (ME, ME_WORK):
        return "Avery Quinn", sg.OWNER_EMAILS[-1 - who]
    c = ch.contacts[who]
    return c.name, c.address


def _mailbox(ch: Channels, who: int) -> str:
    """``Name <address>``, the name RFC 2047-encoded when it is not ASCII, quoted when it
    holds a comma or a dot, as mail clients write it."""
    written = formataddr(_address_of(ch, who), charset="utf-8")
    # Gmail writes the charset and the encoding in capitals
    return written.replace("=?utf-8?b?", "=?UTF-8?B?").replace("=?utf-8?q?", "=?UTF-8?Q?")


def _zone_of(ch: Channels, who: int) -> ZoneInfo:
    return ZoneInfo(ZONE if who in (ME, ME_WORK) else ch.contacts[who].zone)


def _render_message(ch: Channels, k: int, thread_ids: dict, replied: dict) -> str:
    """One message of a Takeout mbox: the envelope line (LF), then the message as Gmail
    stores it (CRLF): X-GM-THRID and X-Gmail-Labels first, a header block, a short body."""
    m = ch.mails[k]
    utc = sg._utc(m.ts)
    inbound = m.sender not in (ME, ME_WORK) or m.rule is None and ME in m.to
    lines = [f"X-GM-THRID: {thread_ids[m.thread]}", f"X-Gmail-Labels: {m.labels}"]
    if inbound and m.rule != DRAFT:
        local = format_datetime(utc.astimezone(ZoneInfo("America/Los_Angeles")))
        lines += [
            f"Delivered-To: {sg.OWNER_EMAILS[0]}",
            f"Received: by 2002:a05:7300:{ch.gm_ids[k] % 65536:x}:b0:{ch.gm_ids[k] % 4093:x}"
            f" with SMTP id {ch.gm_ids[k] % 10**9};",
            f"        {local}",
            f"Return-Path: <{_address_of(ch, m.sender)[1]}>",
        ]
    lines += [
        "MIME-Version: 1.0",
        f"Date: {format_datetime(utc.astimezone(_zone_of(ch, m.sender)))}",
        f"Message-ID: <{ch.message_ids[k]}>",
    ]
    previous = replied.get(m.thread)
    subject = m.subject
    if previous is not None:
        subject = f"Re: {previous[1]}"
        lines += [f"In-Reply-To: <{previous[0]}>", f"References: <{previous[0]}>"]
    replied[m.thread] = (ch.message_ids[k], previous[1] if previous else m.subject)
    lines += [f"Subject: {subject}", f"From: {_mailbox(ch, m.sender)}"]
    lines.append("To: " + ", ".join(_mailbox(ch, r) for r in m.to))
    if m.cc:
        lines.append("Cc: " + ", ".join(_mailbox(ch, r) for r in m.cc))
    lines += [f"{name}: {value}" for name, value in m.headers]
    lines += ['Content-Type: text/plain; charset="UTF-8"', "", m.body, ""]
    envelope = f"From {ch.gm_ids[k]}@xxx {utc:%a %b %d %H:%M:%S} +0000 {utc.year}\n"
    return envelope + "\r\n".join(lines) + "\r\n"


def render_mbox(ch: Channels) -> bytes:
    """The whole ``All mail Including Spam and Trash.mbox``, oldest message first."""
    thread_ids: dict[int, int] = {}
    for k, m in enumerate(ch.mails):
        thread_ids.setdefault(m.thread, ch.gm_ids[k])  # a thread is its first message's id
    replied: dict[int, tuple[str, str]] = {}
    return "".join(
        _render_message(ch, k, thread_ids, replied) for k in range(len(ch.mails))
    ).encode()


# -------------------------------------------------------------------- the calendar


def _ics_text(value: str) -> str:
    """RFC 5545 TEXT escaping."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _cn(name: str) -> str:
    """A CN parameter, quoted when it holds a character a parameter cannot hold bare."""
    return f'"{name}"' if any(ch in name for ch in ",;:") else name


def _stamp(wall: datetime, utc_form: bool, name: str) -> str:
    if utc_form:
        return f"{name}:{to_utc(wall):%Y%m%dT%H%M%SZ}"
    return f"{name};TZID={ZONE}:{wall:%Y%m%dT%H%M%S}"


def _attendee(ch: Channels, who: int, partstat: str) -> str:
    name, address = _address_of(ch, who)
    return (
        f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};"
        + ("RSVP=TRUE;" if partstat == "NEEDS-ACTION" else "")
        + f"CN={_cn(name)};X-NUM-GUESTS=0:mailto:{address}"
    )


def _render_vevent(ch: Channels, ev: Event, stamp: str, start: datetime, moved_from=None):
    """The lines of one VEVENT: the series itself, or (``moved_from``) one moved occurrence."""
    end = start + timedelta(minutes=ev.minutes)
    if ev.all_day:
        lines = [
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}",
        ]
    else:
        lines = [_stamp(start, ev.utc_form, "DTSTART"), _stamp(end, ev.utc_form, "DTEND")]
    if ev.weekly and moved_from is None:
        day = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[ev.start.weekday()]
        until = ""
        if ev.weekly_until is not None:
            last = to_utc(datetime.combine(ev.weekly_until, ev.start.time()))
            until = f";UNTIL={last:%Y%m%dT%H%M%SZ}"
        lines.append(f"RRULE:FREQ=WEEKLY;WKST=SU{until};BYDAY={day}")
        for d in ev.exdates:
            lines.append(_stamp(datetime.combine(d, ev.start.time()), False, "EXDATE"))
    lines.append(f"DTSTAMP:{stamp}")
    if ev.organizer is not None:
        name, address = _address_of(ch, ev.organizer)
        lines.append(f"ORGANIZER;CN={_cn(name)}:mailto:{address}")
    lines.append(f"UID:{ev.uid}")
    if moved_from is not None:
        lines.append(_stamp(moved_from, False, "RECURRENCE-ID"))
    lines += [_attendee(ch, who, partstat) for who, partstat in ev.attendees]
    if ev.room:
        lines.append(
            f"ATTENDEE;CUTYPE=RESOURCE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;"
            f"CN={_cn(ROOM[0])};X-NUM-GUESTS=0:mailto:{ROOM[1]}"
        )
    created = to_utc(ev.start) - timedelta(days=9, hours=3)
    lines += [
        f"CREATED:{created:%Y%m%dT%H%M%SZ}",
        f"DESCRIPTION:{MEET_TEXT if ev.attendees and not ev.all_day else ''}",
        f"LAST-MODIFIED:{created + timedelta(hours=26):%Y%m%dT%H%M%SZ}",
        f"LOCATION:{_ics_text(ROOM[0]) if ev.room else ''}",
        f"SEQUENCE:{1 if moved_from is not None or ev.cancelled else 0}",
        f"STATUS:{'CANCELLED' if ev.cancelled else 'CONFIRMED'}",
        f"SUMMARY:{_ics_text(ev.title)}",
        f"TRANSP:{'TRANSPARENT' if ev.all_day else 'OPAQUE'}",
    ]
    return ["BEGIN:VEVENT", *lines, "END:VEVENT"]


def render_calendar(ch: Channels, made: datetime) -> bytes:
    """The owner's Google Calendar as Takeout writes it: CRLF, folded at 75 octets."""
    stamp = f"{made:%Y%m%dT%H%M%SZ}"
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{sg.OWNER_EMAILS[0]}",
        f"X-WR-TIMEZONE:{ZONE}",
        *VTIMEZONE,
    ]
    for ev in ch.events:
        lines += _render_vevent(ch, ev, stamp, ev.start)
        for day, wall in ev.moved:
            original = datetime.combine(day, ev.start.time())
            lines += _render_vevent(ch, ev, stamp, wall, moved_from=original)
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in sg._fold_v3(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")


# ------------------------------------------------------------------------ the zip


def takeout_made(world: sg.World) -> datetime:
    """When the sample's Takeout was made: the morning after the LinkedIn export's date."""
    return datetime.combine(world.end + timedelta(days=1), TAKEOUT_STAMP, tzinfo=timezone.utc)


def takeout_name(world: sg.World) -> str:
    """``takeout-YYYYMMDDTHHMMSSZ-001.zip``, the name Google gives the first part."""
    return f"takeout-{takeout_made(world):%Y%m%dT%H%M%SZ}-001.zip"


ARCHIVE_BROWSER = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Archive Overview</title>'
    "</head><body><h1>Your Google data archive</h1><ul><li>Calendar: 1 calendar</li>"
    "<li>Mail: 1 mbox file</li></ul></body></html>\n"
)


def write_takeout(world: sg.World, ch: Channels, out_dir: Path | str) -> Path:
    """Write the Google Takeout zip of the owner's mail and calendar; returns its path."""
    made = takeout_made(world)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / takeout_name(world)
    members = {
        "Takeout/archive_browser.html": ARCHIVE_BROWSER.encode(),
        ICS_MEMBER: render_calendar(ch, made),
        MBOX_MEMBER: render_mbox(ch),
    }
    with zipfile.ZipFile(path, "w") as zf:
        for name in sorted(members):
            zf.writestr(sg._zip_info(name, made.date()), members[name])
    return path
