"""The oracle: DESIGN's rules applied to the designed exchanges, never to written files.

``expected_summary``, ``expected_ignored``, ``expected_tiers`` and ``expected_strangers``
are what an audit of the LinkedIn export with the Takeout must report; the LinkedIn part
comes from samplegen's own oracle (``_tally``), the mail and meetings from here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from tools import samplegen as sg
from tools.samplechannels.model import (
    AFTER_AS_OF,
    BOOKING,
    BOOKING_ORGANIZER,
    CANCELLED,
    GROUP_MAIL,
    GROUP_MEETING,
    ME,
    ME_WORK,
    NO_GUESTS,
    NO_ONE_ELSE,
    NOT_ACCEPTED,
    NOT_WITH_OWNER,
    OWN_ADDRESSES,
    Channels,
    Event,
    Mail,
    to_utc,
)


def judge_mail(m: Mail, as_of: date, max_group: int) -> str | None:
    """Why DESIGN sets ``m`` aside, first rule that holds, or None when it counts."""
    if m.rule is not None:
        return m.rule
    if sg._utc(m.ts).date() > as_of:
        return AFTER_AS_OF
    mine = (ME, ME_WORK)
    if m.sender not in mine and not any(r in mine for r in m.to + m.cc):
        return NOT_WITH_OWNER
    others = {m.sender, *m.to, *m.cc} - set(mine)
    if not others:
        return OWN_ADDRESSES
    if len(others) + 1 > max_group:  # the owner's addresses are one participant
        return GROUP_MAIL
    return None


def occurrences(ev: Event, as_of: date) -> list[datetime]:
    """The UTC starts of ``ev`` up to ``as_of`` (UTC dates), recurrence expanded by hand:
    weekly from the start, to ``weekly_until`` or past ``as_of``, EXDATEs dropped, moved
    occurrences at their new time. An all-day event is its date, at UTC midnight."""
    if ev.all_day:
        starts = [ev.start.replace(tzinfo=timezone.utc)]
    elif not ev.weekly:
        starts = [to_utc(ev.start)]
    else:
        moved = dict(ev.moved)
        last = ev.weekly_until or as_of + timedelta(days=7)
        starts, wall = [], ev.start
        while wall.date() <= last:
            if wall.date() not in ev.exdates:
                starts.append(to_utc(moved.get(wall.date(), wall)))
            wall += timedelta(weeks=1)
    return [s for s in starts if s.date() <= as_of]


def judge_meeting(ch: Channels, ev: Event, max_group: int) -> str | None:
    """Why DESIGN sets an occurrence of ``ev`` aside, first rule that holds, or None."""
    if ev.cancelled:
        return CANCELLED
    organizer = ev.organizer
    if (
        organizer is not None
        and organizer >= 0
        and ch.contacts[organizer].address == BOOKING_ORGANIZER
    ):
        return BOOKING
    participants = _participants(ev)
    if len(participants) < 2:
        return NO_GUESTS
    if ME not in _acceptors(ev):
        return NOT_ACCEPTED if ME in participants else NOT_WITH_OWNER
    if not _acceptors(ev) - {ME}:
        return NO_ONE_ELSE
    if len(participants) > max_group:
        return GROUP_MEETING
    return None


def _participants(ev: Event) -> set[int]:
    """The organiser and every guest who did not decline; the room is not a person."""
    guests = {who for who, partstat in ev.attendees if partstat != "DECLINED"}
    return guests | ({ev.organizer} if ev.organizer is not None else set())


def _acceptors(ev: Event) -> set[int]:
    """Who took part: the organiser (by organising) and the guests who accepted."""
    accepted = {who for who, partstat in ev.attendees if partstat == "ACCEPTED"}
    return accepted | ({ev.organizer} if ev.organizer is not None else set())


@dataclass
class _Facts:
    """One counterpart's counted exchanges on every channel, in utc seconds."""

    last_in: int | None = None
    last_out: int | None = None
    two_way: int | None = None
    n_in: int = 0
    n_out: int = 0
    email: list = field(default_factory=lambda: [0, 0, None, None])  # in, out, last in/out
    meetings: list[int] = field(default_factory=list)


def channel_facts(ch: Channels, as_of: date, max_group: int) -> dict[int, _Facts]:
    """Per contact: what the counted mail and meetings give them (DESIGN: all e-mail with
    a person is one conversation; a meeting is a two-way exchange on its date)."""
    facts: dict[int, _Facts] = {}
    for m in ch.mails:
        if judge_mail(m, as_of, max_group) is not None:
            continue
        if m.sender in (ME, ME_WORK):
            for r in dict.fromkeys(m.to + m.cc):
                if r not in (ME, ME_WORK):
                    f = facts.setdefault(r, _Facts())
                    f.email[1] += 1
                    f.email[3] = sg._newest(f.email[3], m.ts)
        else:
            f = facts.setdefault(m.sender, _Facts())
            f.email[0] += 1
            f.email[2] = sg._newest(f.email[2], m.ts)
    for ev in ch.events:
        if judge_meeting(ch, ev, max_group) is not None:
            continue
        for start in occurrences(ev, as_of):
            for who in _acceptors(ev) - {ME}:
                facts.setdefault(who, _Facts()).meetings.append(int(start.timestamp()))
    for f in facts.values():
        n_in, n_out, last_in, last_out = f.email
        f.n_in, f.n_out = n_in, n_out
        met = max(f.meetings, default=None)
        f.last_in, f.last_out = sg._newest(last_in, met), sg._newest(last_out, met)
        both = min(last_in, last_out) if last_in is not None and last_out is not None else None
        f.two_way = sg._newest(both, met)
    return facts


def expected_tiers(
    world: sg.World,
    ch: Channels,
    as_of: date,
    active_days: int = 90,
    window_days: int = 365,
    max_group: int = 5,
) -> dict[str, str]:
    """The tier per connection URL on ``as_of`` over LinkedIn, e-mail and meetings: the
    LinkedIn oracle's facts (samplegen._tally) and this module's, newest of each."""
    tally = sg._tally(world, as_of, max_group)
    for c, f in channel_facts(ch, as_of, max_group).items():
        pi = ch.contacts[c].person
        if pi is None:
            continue
        t = tally.setdefault(pi, [None, None, None, 0, 0])
        t[0], t[1] = sg._newest(t[0], f.last_in), sg._newest(t[1], f.last_out)
        t[2] = sg._newest(t[2], f.two_way)
        t[3], t[4] = t[3] + f.n_in, t[4] + f.n_out
    return {
        world.people[i].url: sg._tier_of(tally.get(i), as_of, active_days, window_days)
        for i in world.connections(as_of)
    }


def expected_summary(world: sg.World, ch: Channels, as_of: date, max_group: int = 5) -> dict:
    """``summary`` of the audit JSON of the LinkedIn export with the Takeout, without
    ``people``: connections, reachable, tiers, and the counted rows per channel."""
    tiers = expected_tiers(world, ch, as_of, max_group=max_group)
    counts = Counter(tiers.values())
    meetings = sum(
        len(occurrences(ev, as_of)) for ev in ch.events if judge_meeting(ch, ev, max_group) is None
    )
    return {
        "connections": len(tiers),
        "reachable": counts["active"] + counts["warm"],
        "tiers": {tier: counts[tier] for tier in sg.TIERS},
        "channels": {
            "linkedin": sg.expected_linkedin_count(world, as_of, max_group),
            "email": sum(judge_mail(m, as_of, max_group) is None for m in ch.mails),
            "meeting": meetings,
        },
    }


def expected_ignored(ch: Channels, as_of: date, max_group: int = 5) -> dict[str, dict]:
    """The JSON's ``ignored`` for e-mail and meetings: per reason, the messages and the
    occurrences set aside. A VEVENT with no occurrence up to ``as_of`` is one row "after
    as-of" (DESIGN: every event of a file is accounted for)."""
    email = Counter(judge_mail(m, as_of, max_group) for m in ch.mails)
    meeting: Counter = Counter()
    for ev in ch.events:
        n = len(occurrences(ev, as_of))
        meeting[judge_meeting(ch, ev, max_group) if n else AFTER_AS_OF] += max(n, 1)
    return {
        channel: dict(sorted((reason, n) for reason, n in counts.items() if reason is not None))
        for channel, counts in (("email", email), ("meeting", meeting))
    }


def expected_strangers(ch: Channels, as_of: date, max_group: int = 5) -> tuple[set, set]:
    """(addresses of counterparts on no record who became people by a two-way exchange,
    addresses of those who only wrote or were only written to)."""
    met, one_way = set(), set()
    for c, f in channel_facts(ch, as_of, max_group).items():
        if ch.contacts[c].person is None:
            (met if f.two_way is not None else one_way).add(ch.contacts[c].address)
    return met, one_way
