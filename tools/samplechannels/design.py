"""The design: who the owner writes to and meets, and how each exchange should end.

Drawn from ``random.Random(f"{seed}-mail")`` alone, after the world is built, so no
LinkedIn or vCard byte moves. Connections are picked by their LinkedIn tier and given the
tier they should have over every channel (``Contact.intended``); the picks come from the
connections an address on a record names (the Connections.csv column, a vCard matched by
profile URL or address) and from those known only by a name no other record has.
"""

from __future__ import annotations

import base64
import random
import re
from collections import Counter
from datetime import datetime, time, timedelta

from tools import samplegen as sg
from tools.samplechannels.model import (
    BOOKING_ORGANIZER,
    BULK,
    DRAFT,
    ME,
    ME_WORK,
    NO_REPLY,
    SPAM,
    Channels,
    Contact,
    Event,
    Mail,
)

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
