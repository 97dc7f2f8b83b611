"""The sample owner's e-mail and calendar, designed exchange by exchange, and their oracle.

``build_channels`` draws, from a random stream of its own (so that no LinkedIn or vCard
byte of the sample moves), the people the owner of a ``samplegen`` world writes to and
meets: connections known by an address one of their records carries (the Connections.csv
e-mail column, a vCard matched by profile URL or address), connections known only by the
display name they write under, friends who are not on LinkedIn, a recruiter, newsletters,
no-reply senders and spam. Every exchange is designed for one outcome of DESIGN's rules
("Interaction channels"): counted (a message each way it goes; a meeting an exchange both
ways on the UTC date of its start) or set aside by one named rule, and every connection
involved carries the tier it should end with over all channels (``Contact.intended``).

``write_takeout`` writes it all as a Google Takeout zip: ``Takeout/Mail/All mail Including
Spam and Trash.mbox`` (``From <id>@xxx`` envelopes with the zone before the year,
X-GM-THRID and X-Gmail-Labels first, CRLF inside messages, RFC 2047 names, list mail with
List-Unsubscribe, Message-IDs) and ``Takeout/Calendar/<account>.ics`` as Google Calendar
writes it (CRLF, folded at 75 octets, a VTIMEZONE, ORGANIZER and ATTENDEE with PARTSTAT,
weekly RRULEs with EXDATE and a moved occurrence, a room, a declined guest, a cancelled
event, a booking).

The ``expected_*`` functions are the oracle: they apply DESIGN's rules to the designed
exchanges (who, when, which labels the design gave), never to the written files, so they
stay independent of the project's readers.
"""

from __future__ import annotations

import base64
import random
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from email.utils import format_datetime, formataddr
from pathlib import Path
from zoneinfo import ZoneInfo

from tools import samplegen as sg

ME, ME_WORK = -1, -2  # the owner's addresses, sg.OWNER_EMAILS[0] and [1]
ZONE = "America/Los_Angeles"  # the owner's zone, and the calendar's
TAKEOUT_STAMP = time(9, 15, 12)  # the Takeout was made the day after the LinkedIn export
MBOX_MEMBER = "Takeout/Mail/All mail Including Spam and Trash.mbox"
ICS_MEMBER = f"Takeout/Calendar/{sg.OWNER_EMAILS[0]}.ics"
BOOKING_ORGANIZER = "unknownorganizer@calendar.google.com"

# The rules of DESIGN ("Interaction channels") in its words, as the JSON's ``ignored`` says
# them. The first four are designed into a message (its labels or headers say so); the
# others follow from who, when and how many.
DRAFT, SPAM, BULK, NO_REPLY = "draft", "spam", "list or bulk mail", "no-reply address"
AFTER_AS_OF = "after as-of"
NOT_WITH_OWNER = "not with the owner"
OWN_ADDRESSES = "between your own addresses"
GROUP_MAIL, GROUP_MEETING = "group mail", "group meeting"
CANCELLED, BOOKING, NO_GUESTS = "cancelled", "booking", "no guests"
NOT_ACCEPTED, NO_ONE_ELSE = "not accepted by you", "no one else accepted"

# Zones correspondents' clients write Date headers in.
ZONES = (
    "America/Los_Angeles", "America/New_York", "America/Chicago", "Europe/London",
    "Europe/Berlin", "Europe/Madrid", "Asia/Kolkata", "Australia/Sydney",
)  # fmt: skip
SENT_LABELS = ("Sent", "Archived,Sent", "Sent,Important")
RECEIVED_LABELS = (
    "Inbox,Category Personal,Opened",
    "Archived,Category Personal,Opened",
    "Important,Inbox,Category Personal,Opened",
    'Inbox,"Project, Atlas",Category Personal,Opened',  # a user label with a comma, quoted
)
SUBJECTS = (
    "Coffee next week?", "Intro: payments team", "Your talk at the meetup", "Quick question",
    "Slides from Thursday", "Catching up", "Reference call", "Dinner on the 12th",
    "Q3 planning notes", "Book recommendation", "Trip photos", "Happy new year!",
)  # fmt: skip
BODIES = (
    "Sounds good, see you then.",
    "Thanks for the intro! I'll reach out this week.",
    "Attached the notes from our call. Let me know what you think.",
    "Ha, yes. Let's do it.",
    "Sorry for the slow reply, busy month.\r\n\r\nThursday works for me.",
    # a body line that starts with "From " after a blank line, written unescaped as many
    # writers do; it is text, not a new message
    "Good to hear from you.\r\n\r\nFrom what I hear, the team is hiring again.\r\n"
    "Happy to put in a word.",
    # and one escaped the mboxo way
    "See below.\r\n\r\n>From the minutes: we ship on the 3rd.",
)
NEWSLETTERS = (
    ("The Platform Weekly", "digest@platformweekly.example", "Issue {n}: queues, again"),
    ("Fourth Coffee Rewards", "offers@fourthcoffee.example", "{n}% off your next order"),
    ("Bay Area SRE meetup", "bay-area-sre@googlegroups.com", "[sre] Talk #{n} announced"),
    ("Staff Eng Letters", "letters@staffeng.example", "Letter {n}: on writing design docs"),
)
NO_REPLY_SENDERS = (
    ("Woodgrove Bank", "no-reply@alerts.woodgrove.example", "Your statement is ready"),
    ("Code Host", "notifications@codehost.example", "[platform/infra] PR #{n} merged"),
    ("Blue Yonder Airlines", "noreply@blueyonder.example", "Your trip confirmation"),
)
SPAMMERS = (
    ("Prize Department", "winner@lucky-draw.example"),
    ("Dr. Crypto", "crypto.gains@invest-now.example"),
    ("SEO Experts", "rank.first@seo-growth.example"),
)
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


@dataclass(frozen=True)
class Contact:
    """Someone the owner writes to or meets."""

    name: str  # the display name their mail client writes
    address: str
    zone: str = "UTC"  # the zone of the Date headers they write
    person: int | None = None  # index into World.people of a connection; None: not one
    joins_by: str = ""  # "address": a record carries it; "name": only the display name
    intended: str = ""  # a connection's tier at the world's end, over every channel


@dataclass(frozen=True)
class Mail:
    """One message of the mbox; ``rule`` is the reason its labels or headers were designed
    to give (draft, spam, list or bulk mail, no-reply address), None for none."""

    ts: int  # utc seconds
    sender: int  # a contact index, ME or ME_WORK
    to: tuple[int, ...]
    cc: tuple[int, ...] = ()
    thread: int = 0
    subject: str = ""
    body: str = ""
    labels: str = ""
    rule: str | None = None
    headers: tuple[tuple[str, str], ...] = ()  # list headers of bulk mail


@dataclass(frozen=True)
class Event:
    """One VEVENT (with its moved occurrences); times are wall times in ZONE."""

    uid: str
    start: datetime  # naive wall time; an all-day event: midnight of its day
    minutes: int
    organizer: int | None  # a contact index or ME; None: an entry of the owner's own
    attendees: tuple[tuple[int, str], ...]  # (contact or ME, PARTSTAT) in file order
    title: str
    weekly_until: date | None = None  # a weekly series' last possible day
    weekly: bool = False  # a weekly series (open-ended unless weekly_until)
    exdates: tuple[date, ...] = ()
    moved: tuple[tuple[date, datetime], ...] = ()  # (the occurrence's day, new wall time)
    room: bool = False
    cancelled: bool = False
    all_day: bool = False
    utc_form: bool = False  # written as UTC times ("...Z"), as invitations from others are


@dataclass
class Channels:
    contacts: list[Contact]
    mails: list[Mail] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    gm_ids: list[int] = field(default_factory=list)  # per mail: Gmail's message id
    message_ids: list[str] = field(default_factory=list)  # per mail: its Message-ID


# ----------------------------------------------------------------------- the design


def _fold_words(name: str) -> str:
    """A name as a person compares two: accents and case away, words in any order."""
    return " ".join(sorted(re.findall(r"[a-z]+", sg._fold_ascii(name).lower())))


class _Builder:
    """Draws contacts, mails and events from one random stream, in a fixed order."""

    def __init__(self, world: sg.World) -> None:
        self.world = world
        self.rng = random.Random(f"{world.seed}-mail")
        self.end = sg._day_of(world.end)
        self.contacts: list[Contact] = []
        self.mails: list[Mail] = []
        self.events: list[Event] = []
        self.threads = 0
        self.taken: set[int] = set()
        connections = world.connections(world.end)
        self.addresses = self.record_addresses(connections)
        record_names = Counter(_fold_words(world.people[i].name) for i in connections)
        record_names.update(_fold_words(f"{c.first} {c.last}") for c in world.cards)
        self.used_names = set(record_names)
        with_card = {c.person for c in world.cards}
        plain = len(sg.SPECIAL_PEOPLE)
        self.named = [
            i
            for i in connections
            if i >= plain
            and i not in self.addresses
            and i not in with_card
            and not world.people[i].mojibake
            and record_names[_fold_words(world.people[i].name)] == 1
            and all(part.isalpha() for part in (world.people[i].first, world.people[i].last))
        ]

    def record_addresses(self, connections: list[int]) -> dict[int, str]:
        """Connections with an address on a record that resolves to them for certain."""
        found = {i: self.world.people[i].email for i in connections if self.world.people[i].email}
        for card in self.world.cards:
            if card.person is not None and card.match in ("linkedin_url", "email") and card.emails:
                found.setdefault(card.person, card.emails[0].lower())
        return found

    # ---- contacts

    def add_contact(self, contact: Contact) -> int:
        self.contacts.append(contact)
        return len(self.contacts) - 1

    def pick(self, pool: str, tier: str, intended: str) -> int:
        """A connection of ``pool`` ("address" or "name") whose LinkedIn tier is ``tier``;
        ``intended``: the tier the design gives them over every channel."""
        rng, people = self.rng, self.world.people
        source = sorted(self.addresses) if pool == "address" else self.named
        plain = len(sg.SPECIAL_PEOPLE)  # the hand-placed cases keep to their own tests
        candidates = [
            i for i in source if i >= plain and i not in self.taken and people[i].intended == tier
        ]
        if not candidates and pool == "address":  # a small world: few show an address
            return self.pick("name", tier, intended)
        if not candidates:
            raise ValueError(f"too few {tier} connections for the sample's mail and calendar")
        pi = candidates[rng.randrange(len(candidates))]
        return self.connection(pi, pool, intended)

    def connection(self, pi: int, pool: str, intended: str) -> int:
        self.taken.add(pi)
        p = self.world.people[pi]
        if pool == "address":
            address = self.addresses[pi]
        else:  # an address no record carries: a personal mailbox on another domain
            address = f"{p.ascii_first}.{p.ascii_last}@inbox.example"
        zone = self.rng.choice(ZONES)
        return self.add_contact(Contact(p.name, address, zone, pi, pool, intended))

    def stranger(self, where: str, name: str | None = None) -> int:
        """Someone on no record: ``name`` at the address ``where``, or a name no record
        has at an address of the domain ``where``."""
        rng, address = self.rng, where
        while name is None:
            first, a_first = rng.choice(sg.FIRST_NAMES)
            last, a_last = rng.choice(sg.LAST_NAMES)
            if _fold_words(f"{first} {last}") not in self.used_names and last.isalpha():
                name, address = f"{first} {last}", f"{a_first}.{a_last}@{where}"
        self.used_names.add(_fold_words(name))
        return self.add_contact(Contact(name, address, rng.choice(ZONES)))

    # ---- mail

    def mail(self, ts: int, sender: int, to, cc=(), thread=None, **kw) -> int:
        """Add one message; returns its thread."""
        if thread is None:
            self.threads += 1
            thread = self.threads
        rng = self.rng
        if "labels" not in kw:
            kw["labels"] = rng.choice(SENT_LABELS if sender in (ME, ME_WORK) else RECEIVED_LABELS)
        kw.setdefault("subject", rng.choice(SUBJECTS))
        kw.setdefault("body", rng.choice(BODIES))
        self.mails.append(Mail(ts, sender, tuple(to), tuple(cc), thread, **kw))
        return thread

    def at(self, day: int) -> int:
        return sg._ts_in_day(self.rng, day)

    def talk(self, c: int, final_day: int, n: int, since_day: int) -> None:
        """``n`` mails (2 or more) with contact ``c``, threads of a few, both ways; the last
        exchange starts on ``final_day`` and is answered that day or a few days later, so
        the two-way date is ``final_day``; the others lie between ``since_day`` and it."""
        rng = self.rng
        first = rng.choice((ME, c))
        second = c if first == ME else ME
        a = final_day * sg.DAY + rng.randrange(8 * sg.HOUR, 16 * sg.HOUR)
        gap = min(rng.choice((0, 0, 1, 2, 3)), self.end - final_day)
        b = self.at(final_day + gap) if gap else a + rng.randrange(20 * 60, 6 * sg.HOUR)
        earlier = sorted(self.at(rng.randint(since_day, final_day - 1)) for _ in range(n - 2))
        thread, senders = None, (ME, c)
        for k, ts in enumerate(earlier):
            if k % 3 == 0:
                thread = None
            who = senders[k % 2] if rng.random() < 0.8 else senders[(k + 1) % 2]
            thread = self.mail(ts, who, (c if who == ME else ME,), thread=thread)
        thread = self.mail(a, first, (second if first == ME else ME,))
        self.mail(b, second, (c if second == ME else ME,), thread=thread)

    def one_way(self, c: int, from_owner: bool, days: list[int], **kw) -> None:
        """Mails one way only, from the owner to ``c`` or from ``c``, one a day of ``days``."""
        thread = None
        for day in sorted(days):
            sender, to = (ME, c) if from_owner else (c, ME)
            thread = self.mail(self.at(day), sender, (to,), thread=thread, **kw)

    # ---- the design

    def build(self) -> Channels:
        self.design_connections_by_address()
        self.design_connections_by_name()
        friends = self.design_friends()
        self.design_bulk_and_rules(friends)
        self.design_meetings(friends)
        mails = sorted(self.mails, key=lambda m: (m.ts, m.sender, m.to))
        channels = Channels(self.contacts, mails, self.events)
        rng = random.Random(f"{self.world.seed}-mail-ids")
        for m in mails:
            # Gmail's ids are the time in milliseconds shifted left 20 bits, plus a counter
            channels.gm_ids.append((m.ts * 1000 + rng.randrange(1000)) << 20 | rng.getrandbits(20))
            channels.message_ids.append(_message_id(rng, m, self.contacts))
        return channels

    def design_connections_by_address(self) -> None:
        rng, end = self.rng, self.end
        for tier, intended, lo, hi, n in (
            ("silent", "active", 2, 80, 4),
            ("one_way_out", "active", 2, 80, 1),
            ("dormant", "active", 2, 80, 1),
            ("silent", "warm", 100, 330, 2),
            ("one_way_in", "warm", 120, 300, 1),
            ("silent", "dormant", 400, 800, 1),
        ):
            for _ in range(n):
                c = self.pick("address", tier, intended)
                final = end - rng.randint(lo, hi)
                self.talk(c, final, rng.randint(3, 9), final - rng.randint(60, 500))
        # José: LinkedIn writes his name double-encoded, his mail writes it right
        jose = self.connection(self.world_special("mojibake"), "address", "active")
        self.talk(jose, end - rng.randint(10, 60), 6, end - 700)
        self.one_way(self.pick("address", "silent", "one_way_out"), True, [end - 150, end - 120])
        self.one_way(self.pick("address", "silent", "one_way_in"), False, [end - 40])
        # mail in the trash was still exchanged: it counts
        trashed = self.pick("address", "silent", "one_way_in")
        self.one_way(trashed, False, [end - 75], labels="Trash,Category Personal,Opened")

    def world_special(self, key: str) -> int:
        """The hand-placed person under ``key``: they sit first, in SPECIAL_PEOPLE's order."""
        return next(i for i, s in enumerate(sg.SPECIAL_PEOPLE) if s[5] == key)

    def design_connections_by_name(self) -> None:
        rng, end = self.rng, self.end
        for intended, lo, hi in (("active", 5, 70), ("active", 5, 70), ("dormant", 420, 700)):
            c = self.pick("name", "silent", intended)
            final = end - rng.randint(lo, hi)
            self.talk(c, final, rng.randint(3, 7), final - 300)
        self.one_way(self.pick("name", "silent", "one_way_out"), True, [end - 33])

    def design_friends(self) -> list[int]:
        """Five friends off LinkedIn, written to every few weeks; small group mails."""
        rng, end = self.rng, self.end
        domains = (
            "mail.example",
            "example.net",
            "post.example",
            "mail.example",
            "fastmail.example",
        )
        friends = [self.stranger(d) for d in domains]
        for f in friends:
            self.talk(f, end - rng.randint(1, 25), rng.randint(12, 22), end - 600)
        for k in range(3):  # owner and three friends: four participants, counted
            group = rng.sample(friends, 3)
            thread = self.mail(self.at(end - 200 + 60 * k), ME, group[:2], group[2:])
            self.mail(self.at(end - 199 + 60 * k), group[0], (ME,), group[1:], thread=thread)
        return friends

    def design_bulk_and_rules(self, friends: list[int]) -> None:
        """Mail that never counts, one rule each, and the recruiter, the stranger who asked
        for advice and the organiser the owner wrote to: one-way, so nobody new."""
        rng, end = self.rng, self.end
        for name, address, subject in NEWSLETTERS:
            c = self.stranger(address, name)
            domain = address.split("@")[1]
            headers = (
                ("List-Unsubscribe", f"<mailto:unsubscribe@{domain}>, <https://{domain}/u/x7>"),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            )
            if domain == "googlegroups.com":
                group_id = address.split("@")[0]
                headers = (
                    ("List-Id", f"<{group_id}.googlegroups.com>"),
                    ("Precedence", "list"),
                    *headers,
                )
            for n in range(rng.randint(8, 12)):
                labels = rng.choice(("Inbox,Category Updates,Unread", "Category Promotions,Unread"))
                self.mail(
                    self.at(end - 30 * n - rng.randint(0, 20)),
                    c,
                    (ME,),
                    subject=subject.format(n=n + 10),
                    labels=labels,
                    rule=BULK,
                    headers=headers,
                )
        # a connection's own newsletter, from the address their record carries
        writer = self.pick("address", "silent", "silent")
        domain = self.contacts[writer].address.split("@")[1]
        unsubscribe = (("List-Unsubscribe", f"<https://{domain}/unsubscribe>"),)
        for n in range(4):
            self.mail(
                self.at(end - 45 * n - 3),
                writer,
                (ME,),
                subject=f"My monthly notes #{n + 1}",
                labels="Inbox,Category Updates,Opened",
                rule=BULK,
                headers=unsubscribe,
            )
        for name, address, subject in NO_REPLY_SENDERS:
            c = self.stranger(address, name)
            for n in range(rng.randint(5, 9)):
                labels = "Inbox,Category Updates,Opened"
                self.mail(
                    self.at(end - rng.randint(1, 500)),
                    c,
                    (ME,),
                    subject=subject.format(n=400 + n),
                    labels=labels,
                    rule=NO_REPLY,
                )
        for name, address in SPAMMERS:
            c = self.stranger(address, name)
            for _ in range(2):
                self.mail(
                    self.at(end - rng.randint(1, 200)), c, (ME,), labels="Spam,Unread", rule=SPAM
                )
        # a connection's real mail that Gmail filed as spam: still spam
        self.mail(
            self.at(end - 12),
            self.pick("address", "silent", "silent"),
            (ME,),
            labels="Spam,Opened",
            rule=SPAM,
        )
        # drafts: to a connection never sent, and a reply to a friend left unsent
        self.mail(
            self.at(end - 9),
            ME,
            (self.pick("address", "silent", "silent"),),
            labels="Draft",
            rule=DRAFT,
        )
        self.mail(self.at(end - 2), ME, (friends[0],), labels="Draft", rule=DRAFT)
        # a connection introduced the owner to a colleague with the owner in Bcc
        introducer = self.pick("address", "silent", "silent")
        colleague = self.stranger("fabrikam.example")
        self.mail(
            self.at(end - 50), introducer, (colleague,), labels="Inbox,Category Personal,Opened"
        )
        # forwarded from the owner's work address to the personal one
        for days in (310, 140, 20):
            self.mail(
                self.at(end - days),
                ME_WORK,
                (ME,),
                subject="Fwd: expense report",
                labels="Inbox,Category Personal,Opened",
            )
        # seven in one mail, and a friend's invitation to six: crowds, not relationships
        crowd_member = self.pick("name", "silent", "silent")
        stranger = self.stranger("mail.example")
        self.mail(self.at(end - 90), ME, friends[:4], (crowd_member, stranger), subject="Ski trip!")
        self.mail(self.at(end - 89), friends[4], (ME, *friends[:3]), (stranger, crowd_member))
        # one-way strangers: they wrote and got no answer, or the owner wrote and got none
        recruiter = self.stranger("talentsearch.example")
        self.one_way(recruiter, False, [end - 28, end - 21])
        self.one_way(self.stranger("example.org"), False, [end - 160])
        self.one_way(self.stranger("confs.example"), True, [end - 66])
        # the day after the LinkedIn export, before the Takeout was made: after the as-of date
        thread = self.mail((end + 1) * sg.DAY + 2 * sg.HOUR, friends[1], (ME,))
        self.mail((end + 1) * sg.DAY + 5 * sg.HOUR, ME, (friends[1],), thread=thread)

    def design_meetings(self, friends: list[int]) -> None:
        rng, end = self.rng, self.end
        day = sg._date_of
        # a weekly 1:1 with a connection known by name alone (the calendar's CN); the
        # EXDATE drops the last one, 89 days before the end, so they are warm, not active
        mentee = self.pick("name", "silent", "warm")
        until = day(end - 89)
        first = until - timedelta(weeks=24)
        moved_day = first + timedelta(weeks=13)
        self.event(
            datetime.combine(first, time(10)),
            30,
            ME,
            ((ME, "ACCEPTED"), (mentee, "ACCEPTED")),
            "1:1 mentoring",
            weekly=True,
            weekly_until=until,
            exdates=(until, first + timedelta(weeks=6)),
            moved=((moved_day, datetime.combine(moved_day + timedelta(days=1), time(11))),),
        )
        # climbing with three friends every Thursday evening, open-ended: 18:30 in
        # California is the next day in UTC, which is the meeting's date; a week skipped
        start = day(end - 300)
        start += timedelta(days=(3 - start.weekday()) % 7)
        climbers = ((friends[2], "ACCEPTED"), (ME, "ACCEPTED"))
        climbers += tuple((f, "ACCEPTED") for f in friends[3:5])
        self.event(
            datetime.combine(start, time(18, 30)),
            120,
            friends[2],
            climbers,
            "Climbing",
            weekly=True,
            exdates=(start + timedelta(weeks=17),),
        )
        coffee = self.pick("address", "silent", "active")
        self.one_off(
            end - rng.randint(5, 60), ME, ((ME, "ACCEPTED"), (coffee, "ACCEPTED")), "Coffee"
        )
        host = self.pick("name", "silent", "active")
        self.one_off(
            end - rng.randint(5, 60),
            host,
            ((host, "ACCEPTED"), (ME, "ACCEPTED")),
            "Lunch",
            utc=True,
        )
        # one guest accepts, one declines; a room is booked: counted for the one who came
        came = self.pick("address", "dormant", "active")
        declined = self.pick("address", "silent", "silent")
        self.one_off(
            end - rng.randint(5, 60),
            ME,
            ((ME, "ACCEPTED"), (came, "ACCEPTED"), (declined, "DECLINED")),
            "Architecture review",
            room=True,
        )
        cancelled = self.pick("name", "silent", "silent")
        self.one_off(
            end - 14, ME, ((ME, "ACCEPTED"), (cancelled, "ACCEPTED")), "Catch-up", cancelled=True
        )
        asker = self.pick("name", "silent", "silent")
        self.one_off(end - 8, asker, ((asker, "ACCEPTED"), (ME, "TENTATIVE")), "Pitch", utc=True)
        crowd_member = self.pick("name", "silent", "silent")
        crowd = ((ME, "ACCEPTED"), (crowd_member, "ACCEPTED"), *((f, "ACCEPTED") for f in friends))
        self.one_off(end - 40, friends[0], crowd, "Reunion planning", utc=True)
        later = self.pick("name", "silent", "silent")
        self.one_off(end + 4, ME, ((ME, "ACCEPTED"), (later, "NEEDS-ACTION")), "Intro call")
        # met at a conference, never written to: a person now, by the meeting alone
        met = self.stranger("relecloud.example")
        self.one_off(
            end - 100, met, ((met, "ACCEPTED"), (ME, "ACCEPTED")), "Conference chat", utc=True
        )
        booker = self.stranger(BOOKING_ORGANIZER, "Unknown Organizer")
        self.one_off(end - 70, booker, ((ME, "ACCEPTED"),), "Flight to Seattle (BY 512)", utc=True)
        # an all-day entry with no guests: nobody to meet
        birthday = datetime.combine(day(end - 45), time(0))
        self.events.append(Event(_uid(rng), birthday, 0, None, (), "Dad's birthday", all_day=True))

    def one_off(self, d: int, organizer, attendees, title, *, utc=False, **kw) -> None:
        hour = self.rng.choice((9, 10, 11, 13, 14, 15))
        start = datetime.combine(sg._date_of(d), time(hour))
        self.event(
            start, self.rng.choice((30, 45, 60)), organizer, attendees, title, utc_form=utc, **kw
        )

    def event(self, start, minutes, organizer, attendees, title, **kw) -> None:
        self.events.append(
            Event(_uid(self.rng), start, minutes, organizer, tuple(attendees), title, **kw)
        )


def _uid(rng: random.Random) -> str:
    """Google's event ids: 26 characters of a-v and 0-9, then @google.com."""
    return (
        "".join(rng.choice("abcdefghijklmnopqrstuv0123456789") for _ in range(26)) + "@google.com"
    )


def _message_id(rng: random.Random, m: Mail, contacts: list[Contact]) -> str:
    if m.sender in (ME, ME_WORK):  # written in Gmail
        token = base64.b64encode(rng.randbytes(30)).decode().rstrip("=").replace("/", "_")
        return f"CA{token}@mail.gmail.com"
    domain = contacts[m.sender].address.split("@")[1]
    return f"{rng.getrandbits(64):016x}.{rng.getrandbits(32):08x}@{domain}"


def build_channels(world: sg.World) -> Channels:
    """The owner's mail and calendar for ``world`` (built with the default sample size or
    larger): the same world always gives the same channels."""
    return _Builder(world).build()


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


def _to_utc(wall: datetime) -> datetime:
    return wall.replace(tzinfo=ZoneInfo(ZONE)).astimezone(timezone.utc)


def _stamp(wall: datetime, utc_form: bool, name: str) -> str:
    if utc_form:
        return f"{name}:{_to_utc(wall):%Y%m%dT%H%M%SZ}"
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
            last = _to_utc(datetime.combine(ev.weekly_until, ev.start.time()))
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
    created = _to_utc(ev.start) - timedelta(days=9, hours=3)
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


# -------------------------------------------------------------------------- oracle


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
        starts = [_to_utc(ev.start)]
    else:
        moved = dict(ev.moved)
        last = ev.weekly_until or as_of + timedelta(days=7)
        starts, wall = [], ev.start
        while wall.date() <= last:
            if wall.date() not in ev.exdates:
                starts.append(_to_utc(moved.get(wall.date(), wall)))
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
