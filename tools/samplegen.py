"""Deterministic generator of realistic LinkedIn data exports and vCard address books.

``build_world`` draws, from ``random.Random(seed)`` alone (no wall clock, no network), an
owner, their connections and the people who wrote to them, every conversation with its
messages, invitations, recommendations, endorsements and address-book cards. Each
connection gets an intended tier at the world's end date and a message history designed
to produce it. ``write_linkedin_export`` cuts the world at an export date and writes what
had happened by then, with the quirks of real ``Basic_LinkedInDataExport_MM-DD-YYYY.zip``
files (the ``Notes:`` preamble, rows of only commas, mojibake, a BOM and quoted header in
messages.csv, group threads, drafts, system rows, noise files, the owner's ``Email
Addresses.csv``). ``write_address_book`` writes Google, Apple, Outlook and Android vCards.
``expected_tiers`` is the test oracle: it classifies connections from the designed
conversations, never from the written CSV, so it stays independent of the project's
parser. The owner's mail and calendar (a Google Takeout) are ``tools.samplechannels``,
which builds on this world. Same arguments, same bytes.

Command line: ``python -m tools.samplegen sample_exports`` writes the README sample: the
LinkedIn export, the address book and the Takeout.
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import random
import re
import unicodedata
import uuid
import zipfile
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

# --------------------------------------------------------------------------- constants

OWNER = -1  # participant id of the export's owner
ANON = -2  # a "LinkedIn Member" with no profile URL (deleted or restricted account)
SPONSOR = -3  # a sponsored InMail's sender: a made-up name and no profile URL

# Message kinds. Only MSG counts toward a tier; the others are the rows the rules exclude.
MSG, ACCEPTED, LEFT, DRAFT = 0, 1, 2, 3
AD = 4  # a sponsored InMail (an ad): never counts
# What real exports write (research section 7): flags Yes/No; an ad in LinkedIn's editor
# markup with its mail-merge placeholder left in; a SPAM folder.
FLAG = {True: "Yes", False: "No"}
SPONSOR_NAME = "Contoso Careers"
SPONSORED_TITLE = "Grow your career with Contoso"
SPONSORED_TEXT = (
    '<p class="spinmail-quill-editor__spin-break">Hi %FIRSTNAME%,</p>'
    "<p>Contoso is hiring engineers like you. Apply today!</p>"
)

TIERS = ("active", "warm", "dormant", "one_way_out", "one_way_in", "silent")
# The brief's picture of a 600-connection network; silent takes the rest.
TIER_SHARES = {
    "active": 15 / 600,
    "warm": 35 / 600,
    "dormant": 60 / 600,
    "one_way_out": 40 / 600,
    "one_way_in": 70 / 600,
}

DEFAULT_END = date(2026, 11, 15)
DEFAULT_SEED = 20261115
EPOCH = date(1970, 1, 1)
DAY = 86_400
HOUR = 3_600

OWNER_SLUG = "avery-quinn-a1b2c3"
ANON_NAME = "LinkedIn Member"
# The owner's addresses as Email Addresses.csv lists them: the personal one, which is also
# the Google account of the sample's Takeout, then the work one.
OWNER_EMAILS = ("avery@averyquinn.example", "avery.quinn@northwind.example")

CONNECTIONS_PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses'
    " are missing. You will only see email addresses for connections who have allowed their"
    " connections to see or download their email address using this setting"
    " https://www.linkedin.com/psettings/privacy/email. You can learn more here"
    ' https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)


def _header(line: str) -> tuple[str, ...]:
    """Column names from a header line, written as the real file spells it."""
    return tuple(line.split(","))


CONNECTIONS_HEADER = _header("First Name,Last Name,URL,Email Address,Company,Position,Connected On")
MESSAGES_HEADER = _header(
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    "DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS,IS MESSAGE DRAFT,IS CONVERSATION DRAFT"
)
INVITATIONS_HEADER = _header(
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"
)
PROFILE_HEADER = _header(
    "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
    "Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers"
)
RECOMMENDATIONS_HEADER = _header("First Name,Last Name,Company,Job Title,Text,Creation Date,Status")
EMAIL_ADDRESSES_HEADER = _header("Email Address,Confirmed,Primary,Updated On")
ARTICLE_PATH = "Articles/Articles/2024-05-18_some-post.html"

# ----------------------------------------------------------------------------- pools
# (display, ascii) pairs: the ascii form builds slugs and e-mail addresses, as LinkedIn
# and mail providers fold accents away.
# The tables below are laid out by hand for reading, so the formatter leaves them be.
# fmt: off

FIRST_NAMES = (
    ("James", "james"), ("Mary", "mary"), ("Patricia", "patricia"), ("Michael", "michael"),
    ("Jennifer", "jennifer"), ("David", "david"), ("Linda", "linda"), ("William", "william"),
    ("Elizabeth", "elizabeth"), ("Daniel", "daniel"), ("Sarah", "sarah"), ("Matthew", "matthew"),
    ("Jessica", "jessica"), ("Anthony", "anthony"), ("Karen", "karen"), ("Mark", "mark"),
    ("Nancy", "nancy"), ("Steven", "steven"), ("Lisa", "lisa"), ("Andrew", "andrew"),
    ("Emily", "emily"), ("Joshua", "joshua"), ("Michelle", "michelle"), ("Kevin", "kevin"),
    ("Laura", "laura"), ("Brian", "brian"), ("Rachel", "rachel"), ("Thomas", "thomas"),
    ("Hannah", "hannah"), ("Ethan", "ethan"), ("Olivia", "olivia"), ("Noah", "noah"),
    ("Emma", "emma"), ("Lucas", "lucas"), ("Mia", "mia"), ("Oliver", "oliver"),
    ("Chloé", "chloe"), ("Zoë", "zoe"), ("Renée", "renee"), ("André", "andre"),
    ("François", "francois"), ("Søren", "soren"), ("Åsa", "asa"), ("Björn", "bjorn"),
    ("Małgorzata", "malgorzata"), ("Łukasz", "lukasz"), ("Inês", "ines"), ("João", "joao"),
    ("María", "maria"), ("Sofía", "sofia"), ("Ángel", "angel"), ("Raúl", "raul"),
    ("Chiara", "chiara"), ("Giulia", "giulia"), ("Matteo", "matteo"), ("Luca", "luca"),
    ("Anaïs", "anais"), ("Aoife", "aoife"), ("Siobhán", "siobhan"), ("Seán", "sean"),
    ("Arjun", "arjun"), ("Ananya", "ananya"), ("Rohan", "rohan"), ("Aisha", "aisha"),
    ("Omar", "omar"), ("Fatima", "fatima"), ("Yusuf", "yusuf"), ("Mei", "mei"),
    ("Hiroshi", "hiroshi"), ("Yuki", "yuki"), ("Ji-woo", "ji-woo"), ("Olamide", "olamide"),
    ("Chidi", "chidi"), ("Ngozi", "ngozi"), ("Kwame", "kwame"), ("Amara", "amara"),
    ("Lars", "lars"), ("Astrid", "astrid"), ("Camila", "camila"), ("Valentina", "valentina"),
    ("Diego", "diego"), ("Thiago", "thiago"), ("Tomás", "tomas"), ("Jean-Luc", "jean-luc"),
    ("Anne-Marie", "anne-marie"), ("Ozan", "ozan"), ("Elif", "elif"), ("Ayşe", "ayse"),
    ("Natasha", "natasha"), ("Kofi", "kofi"), ("Tariq", "tariq"), ("Leila", "leila"),
    ("Nikhil", "nikhil"), ("Deepa", "deepa"), ("Grace", "grace"), ("Henry", "henry"),
)
LAST_NAMES = (
    ("Smith", "smith"), ("Johnson", "johnson"), ("Williams", "williams"), ("Brown", "brown"),
    ("Jones", "jones"), ("Garcia", "garcia"), ("Miller", "miller"), ("Davis", "davis"),
    ("Rodriguez", "rodriguez"), ("Martinez", "martinez"), ("Hernandez", "hernandez"),
    ("Lopez", "lopez"), ("Wilson", "wilson"), ("Anderson", "anderson"), ("Taylor", "taylor"),
    ("Moore", "moore"), ("Jackson", "jackson"), ("Martin", "martin"), ("Lee", "lee"),
    ("Thompson", "thompson"), ("White", "white"), ("Harris", "harris"), ("Clark", "clark"),
    ("Lewis", "lewis"), ("Walker", "walker"), ("Hall", "hall"), ("Young", "young"),
    ("Allen", "allen"), ("King", "king"), ("Wright", "wright"), ("Scott", "scott"),
    ("Green", "green"), ("Baker", "baker"), ("Adams", "adams"), ("Nelson", "nelson"),
    ("Hill", "hill"), ("Campbell", "campbell"), ("Mitchell", "mitchell"), ("Carter", "carter"),
    ("Evans", "evans"), ("Turner", "turner"), ("Torres", "torres"), ("Parker", "parker"),
    ("Collins", "collins"), ("Edwards", "edwards"), ("Murphy", "murphy"), ("Cook", "cook"),
    ("O'Neil", "oneil"), ("O'Brien", "obrien"), ("O'Connor", "oconnor"),
    ("D'Angelo", "dangelo"), ("McAllister", "mcallister"), ("MacLeod", "macleod"),
    ("Smith-Jones", "smith-jones"), ("Müller", "muller"), ("Schröder", "schroder"),
    ("Núñez", "nunez"), ("Peña", "pena"), ("Gómez", "gomez"), ("Sánchez", "sanchez"),
    ("Nowak", "nowak"), ("Wiśniewska", "wisniewska"), ("Dubois", "dubois"),
    ("Lefèvre", "lefevre"), ("Bergström", "bergstrom"), ("Sørensen", "sorensen"),
    ("Nakamura", "nakamura"), ("Tanaka", "tanaka"), ("Kim", "kim"), ("Park", "park"),
    ("Nguyen", "nguyen"), ("Tran", "tran"), ("Patel", "patel"), ("Gupta", "gupta"),
    ("Iyer", "iyer"), ("Reddy", "reddy"), ("Khan", "khan"), ("Ahmed", "ahmed"),
    ("Hassan", "hassan"), ("Okafor", "okafor"), ("Adeyemi", "adeyemi"), ("Mensah", "mensah"),
    ("Rossi", "rossi"), ("Russo", "russo"), ("Esposito", "esposito"), ("Silva", "silva"),
    ("Santos", "santos"), ("Oliveira", "oliveira"), ("Costa", "costa"),
    ("van der Berg", "van-der-berg"), ("de la Cruz", "de-la-cruz"), ("Yılmaz", "yilmaz"),
    ("Demir", "demir"), ("Cohen", "cohen"), ("Levi", "levi"), ("Friedman", "friedman"),
    ("Fischer", "fischer"), ("Lindqvist", "lindqvist"), ("Byrne", "byrne"), ("Walsh", "walsh"),
)
# Names written in their own script keep first and last together: mixing them with the
# Latin pools above would make names no one has.
SCRIPT_NAMES = (
    ("伟", "王", "wei", "wang"),
    ("秀英", "李", "xiuying", "li"),
    ("翔太", "佐藤", "shota", "sato"),
    ("美咲", "鈴木", "misaki", "suzuki"),
    ("민준", "김", "minjun", "kim"),
    ("Дмитрий", "Иванов", "dmitriy", "ivanov"),
    ("Ольга", "Смирнова", "olga", "smirnova"),
    ("Νίκος", "Παπαδόπουλος", "nikos", "papadopoulos"),
)
COMPANIES = (
    "Northwind Traders", "Contoso Ltd.", "Fabrikam, Inc.", "Tailspin Toys",
    "Wide World Importers", "Adventure Works", "Litware, Inc.", "Proseware",
    "Woodgrove Bank", "Margie's Travel", "Lucerne Publishing", "Coho Winery",
    "Alpine Ski House", "Fourth Coffee", "Humongous Insurance", "Trey Research",
    "Wingtip Toys", "Blue Yonder Airlines", "City Power & Light", "Southridge Video",
    "Consolidated Messenger", "Relecloud", "VanArsdel, Ltd.", "Datum Corporation",
    "Bluefin Analytics", "Cedar & Pine Consulting", "Helios Energy, LLC",
    "Graphic Design Institute",
    "Self-employed", "Freelance", "Stealth Startup", "Technische Universität München",
    "Université de Montréal", "株式会社サンプル", "",
)
POSITIONS = (
    "Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager",
    "VP, Engineering", "Director, Product Management", "Product Manager", "Data Scientist",
    "UX Designer", "Technical Recruiter", "Founder & CEO", "Co-Founder", "Account Executive",
    "Head of Growth", "CTO", "Marketing Manager", "Sales Director, EMEA", "PhD Candidate",
    "Consultant", "Principal Consultant", "Chief of Staff", "Developer Advocate",
    "Open to work", "Operations Lead", "Talent Partner", "",
)
SKILLS = (
    "Python", "Distributed Systems", "Leadership", "Product Management", "SQL",
    "Machine Learning", "Public Speaking", "Kubernetes", "Data Analysis", "Mentoring",
    "Hiring", "System Design", "Go (Programming Language)", "Negotiation",
)
# Message bodies. Several are multi-line or carry quotes and commas, as real ones do;
# one mentions leaving a conversation in prose, so a system-row test by substring fails.
CONTENTS = (
    "Thanks for connecting!",
    "Hi! Great to meet you at the meetup yesterday.",
    'Loved your talk on "boring technology", especially the part about queues.',
    "Are you free for a coffee next week? Tuesday or Thursday works for me.",
    "Sure, Thursday 10am at the usual place?",
    "Perfect, see you then.",
    "Hey,\n\nquick question: do you know anyone on the payments team at your company?\n\nThanks!",
    "Happy to intro you. Sending an email now.",
    "Congrats on the new role!! 🎉",
    "Thank you so much, that means a lot.",
    'Here is the doc I mentioned: "Q3 planning, draft v2". Comments welcome.',
    "Sorry, I left the conversation hanging last week. Still keen to catch up!",
    "Can you review my CV? I'm applying to a few staff roles.",
    "Of course. Send it over and I'll mark it up this weekend.",
    "Line one\nLine two, with a comma\n\"Line three\" in quotes",
    "I'm hiring for a senior backend engineer, remote-friendly. Interested, or know someone?",
    "Not looking right now, but I'll forward it to a friend.",
    "Would you be open to a reference call for Jamie?",
    "Yes, happy to. Have them reach out &amp; we'll set it up.",
    "Long time no see! How are things at the new place?",
    "All good, busy quarter. Let's grab lunch when you're in town.",
    "Attached the slides from the workshop.",
    "Did you get a chance to look at the proposal?",
    "Thanks for the endorsement, returned the favour :)",
    "Hi Avery,\n\nI came across your profile and was impressed by your background.\n"
    "We have an exciting opportunity at a fast-growing startup.\n\nBest,\nMorgan",
    "Following up on my previous note. Would a 15-minute call this week work?",
    "Happy birthday! Hope you have a great one.",
    "Ha, thank you! 🙏",
    "Quick one: what did you use for the on-call rotation tooling?",
    "PagerDuty plus a small script. I can share it.",
    "See you at the conference, I'm speaking on Friday.",
    "Welcome to the group, everyone! Agenda is in the pinned post.",
    "Count me in for the reunion dinner.",
    "Can't make it this time, have fun!",
    "Who's bringing the projector?",
    "Reminder: RSVP by Friday, please.",
)


def _content(prefix: str) -> int:
    """The index of the message body that starts with ``prefix``."""
    return next(i for i, text in enumerate(CONTENTS) if text.startswith(prefix))


# bodies the designed threads pick by meaning
C_ASK_COFFEE = _content("Are you free for a coffee")
C_THANK_YOU = _content("Thank you so much")
C_NOT_LOOKING = _content("Not looking right now")
C_INMAIL = _content("Hi Avery,")
C_FOLLOW_UP = _content("Following up")
C_WELCOME = _content("Welcome to the group")
C_COUNT_ME_IN = _content("Count me in")
C_CANT_MAKE_IT = _content("Can't make it")
# bodies that read as if a file came with them
ATTACHMENT_CONTENTS = frozenset({_content("Here is the doc"), _content("Attached the slides")})
SUBJECTS = (
    "Senior Platform Engineer opportunity",
    "Exciting role at a Series B startup",
    "Engineering leadership position, confidential search",
    "Quick question about your experience",
    "Staff Engineer, remote (EU/US)",
)
GROUP_TITLES = (
    "Reunion dinner", "Q3 offsite planning", "Bay Area SRE meetup", "Book club",
    "Conference speakers 2025", "Alumni mentoring circle", "Hackathon team",
    "Product guild", "Hiring committee", "Ski trip",
)
INVITATION_NOTES = (
    "",
    "",
    "",
    "Hi Avery, great meeting you at the meetup!",
    "Hello, I enjoyed your article on reliability, would love to connect.",
    "We met at the hiring panel, let's stay in touch.",
)
RECOMMENDATION_TEXTS = (
    "I had the pleasure of working with {first} for two years. {first} is calm under "
    'pressure, generous with time, and "gets things done".',
    "{first} led our migration, end to end.\nThoughtful, clear, and kind: I would work with"
    " {first} again in a heartbeat.",
    "Few people combine technical depth and empathy the way {first} does.",
)

# Fictional-use phone ranges (US 555-01XX, UK Ofcom drama numbers, Australian ACMA
# fiction numbers) that the phonenumbers library still accepts as valid.
US_AREAS = (
    "415", "212", "646", "312", "206", "617", "512", "303", "404", "720", "503", "619",
    "201", "202", "213", "214", "305", "310", "313", "314", "402", "408", "412", "414",
    "469", "480", "502", "504", "505", "510", "602", "608", "612", "614", "615", "650",
    "702", "713", "801", "808", "907", "919",
)
UK_BLOCKS = (
    "20 7946 0", "113 496 0", "114 496 0", "116 496 0", "117 496 0", "118 496 0",
    "121 496 0", "131 496 0", "141 496 0", "151 496 0", "161 496 0", "191 498 0",
    "28 9649 6", "29 2018 0",
)
AU_BLOCKS = ("5550", "7010")
# fmt: on

# ------------------------------------------------------------------------ the model


@dataclass
class Person:
    """A LinkedIn member of the world: a connection, a recruiter or a pending invitee."""

    first: str
    last: str
    slug: str
    company: str = ""
    position: str = ""
    connected_on: date | None = None  # None: not a connection
    email: str = ""  # shown in Connections.csv; only a few members allow it
    role: str = "connection"  # "connection" | "recruiter" | "invitee"
    intended: str = "silent"  # the tier the history was designed for, at the world's end
    mojibake: bool = False  # Connections.csv shows the name double-encoded
    ascii_first: str = ""
    ascii_last: str = ""

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}".strip()

    @property
    def url(self) -> str:
        return f"https://www.linkedin.com/in/{self.slug}"


@dataclass
class Conversation:
    """A messages.csv thread; ``messages`` are (utc_seconds, sender, kind, content) sorted."""

    cid: str
    members: tuple[int, ...]  # people indices and ANON; the owner is implied
    title: str = ""
    subject: str = ""  # InMail subject, written on the oldest row
    folder: str = "INBOX"
    url_sep: str = ","  # group threads disagree on how recipient URLs are joined
    is_draft: bool = False
    messages: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Participants, owner included; an anonymous member counts once."""
        return 1 + len(self.members)


@dataclass(frozen=True)
class Invitation:
    """An invitation between the owner and ``person``, accepted or still pending."""

    person: int
    direction: str  # "INCOMING" | "OUTGOING"
    sent_at: int  # utc seconds
    note: str


@dataclass(frozen=True)
class Give:
    """A recommendation or endorsement, given to or received from ``person``."""

    person: int
    given: bool
    at: int  # utc seconds
    text: str  # recommendation text or skill name
    status: str
    url_without_scheme: bool = False


@dataclass(frozen=True)
class Card:
    """One vCard; ``person``/``match`` record how it should resolve, for tests."""

    style: str  # "google" | "apple" | "outlook" | "android"
    first: str
    last: str
    person: int | None  # index into World.people; None: not on LinkedIn
    match: str  # "linkedin_url" | "email" | "name" | "duplicate" | "none"
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    linkedin_url: str = ""  # as the address book wrote it
    org: str = ""
    title: str = ""
    birthday: str = ""
    prefix: str = ""


@dataclass
class World:
    """Everything that ever happens to the owner's network up to ``end``."""

    seed: int
    end: date
    owner: Person
    people: list[Person]
    conversations: list[Conversation]
    deleted_rows: list[date]  # Connections.csv rows of only commas and a date
    invitations: list[Invitation]
    gives: list[Give]
    cards: list[Card]

    def connections(self, as_of: date) -> list[int]:
        """Indices of the people who were connections on ``as_of``."""
        return [
            i
            for i, p in enumerate(self.people)
            if p.connected_on is not None and p.connected_on <= as_of
        ]


@dataclass(frozen=True)
class Facts:
    """A person's counted interaction with the owner, as the DESIGN's tier rules define it."""

    last_in: datetime | None
    last_out: datetime | None
    last_two_way: datetime | None
    messages_in: int
    messages_out: int


@dataclass
class _Window:
    """A span of a thread where filler messages change no one's tier at the world's end."""

    conv: Conversation
    lo: int
    hi: int
    weight: float
    senders: tuple[int, ...]


# ------------------------------------------------------------------- small helpers


def _day_of(d: date) -> int:
    return (d - EPOCH).days


def _date_of(day: int) -> date:
    return EPOCH + timedelta(days=day)


def _utc(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, tz=timezone.utc)


def _fold_ascii(text: str) -> str:
    """Drop accents the way address books typed on a US keyboard do ("José" -> "Jose")."""
    text = text.translate(str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L"}))
    text = text.replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _mojibake(text: str) -> str:
    """UTF-8 bytes read back as cp1252, the double encoding seen in real exports."""
    try:
        return text.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return text.encode("utf-8").decode("latin-1")


def _ts_in_day(rng: random.Random, day: int) -> int:
    """A time on ``day`` during waking hours, when people write messages."""
    return day * DAY + rng.randrange(7 * HOUR, 22 * HOUR)


def _conversation_id(rng: random.Random) -> str:
    """Opaque id shaped like LinkedIn's: "2-" + base64 of "<uuid>_0<nn>"."""
    raw = f"{uuid.UUID(int=rng.getrandbits(128), version=4)}_0{rng.choice(('10', '00'))}"
    return "2-" + base64.b64encode(raw.encode("ascii")).decode("ascii")


# ----------------------------------------------------------------- world building


# Hand-placed people for the cases tests need by name. Fields: first, last, slug, intended
# tier, days connected before the end, and a key under which _Builder.special finds them
# for the steps that treat them apart.
SPECIAL_PEOPLE = (
    ("José", "Muñoz", "jose-munoz-4b2a1c17", "warm", 1200, "mojibake"),
    ("Liam", "O'Neil", "liam-oneil-77c1d2", "one_way_in", 800, "split_threads"),
    ("Ingrid", "Solberg-Haugen", "ingrid-solberg-haugen", "warm", 1500, "two_threads"),
    ("Noor", "Haddad", "noor-haddad-5e6f70", "warm", 1000, "group_only"),
    ("Tomás", "Herrera", "tomas-herrera-8f1e2d", "warm", 900, "group_of_five"),
    ("Robert", "Kowalski", "robert-kowalski-0b9e2a", "active", 2000, "card_duplicate"),
    ("Priya", "Sharma", "priya-sharma-4a7b19", "warm", 600, ""),
    ("Priya", "Sharma", "priya-sharma-b2c3d4", "silent", 300, ""),
    ("Sarah", "Chen, PhD", "sarahchenphd", "warm", 700, ""),
    ("Bea", "<b>Bold</b>", "bea-bold-31f2e9", "one_way_in", 400, ""),
    ("<img src=x onerror=alert(1)>", "Smith", "img-smith-9c8d7e", "active", 500, ""),
    ("Sam", "Lee & <i>Co</i>", "sam-lee-co-2a3b4c", "dormant", 2500, ""),
    ("=cmd|' /C calc'!A0", "Formula", "cmd-formula-6d5e4f", "active", 365, ""),
    ("Jürgen", "Weiß", "j%C3%BCrgen-wei%C3%9F-7b3a91", "dormant", 3000, ""),
)


class _Builder:
    """Draws one world step by step from a single random stream (the order is the seed's)."""

    def __init__(self, seed: int, end: date, n_connections: int, n_messages: int, n_cards: int):
        if n_connections < 40:
            raise ValueError("n_connections must be at least 40 (the hand-placed cases need room)")
        self.rng = random.Random(seed)
        self.seed = seed
        self.end = end
        self.end_day = _day_of(end)
        self.n_connections = n_connections
        self.n_messages = n_messages
        self.n_cards = n_cards
        self.people: list[Person] = []
        self.conversations: list[Conversation] = []
        self.windows: list[_Window] = []
        # ts before which a two-way person's past may be filled without changing their tier
        self.history_end: dict[int, int] = {}
        self.special: dict[str, int] = {}  # special plan -> person index
        self.slugs: set[str] = {OWNER_SLUG}
        self.emails: set[str] = set()
        self.names: set[str] = {"Avery Quinn"}

    # ---- people

    def build(self) -> World:
        """Run every step in a fixed order and return the finished world."""
        self.add_connections()
        self.add_special_people()
        self.assign_intended_tiers()
        self.add_designed_threads()
        self.add_small_groups()
        self.add_large_groups()
        self.add_recruiters()
        self.add_anonymous_threads()
        self.add_draft_only_threads()
        self.fill_messages()
        self.add_spam_and_ad()
        for conv in self.conversations:
            conv.messages.sort()
        deleted = self.draw_deleted_rows()
        invitations = self.draw_invitations()
        gives = self.draw_recommendations() + self.draw_endorsements()
        cards = _CardMaker(self).draw_cards()
        owner = Person("Avery", "Quinn", OWNER_SLUG, "Northwind Traders", "Engineering Manager")
        return World(
            seed=self.seed,
            end=self.end,
            owner=owner,
            people=self.people,
            conversations=self.conversations,
            deleted_rows=deleted,
            invitations=invitations,
            gives=gives,
            cards=cards,
        )

    def draw_name(self) -> tuple[str, str, str, str]:
        """A (first, last, ascii first, ascii last) not yet used while names remain free."""
        rng = self.rng
        for _ in range(6):
            if rng.random() < 0.02:
                first, last, a_first, a_last = rng.choice(SCRIPT_NAMES)
            else:
                first, a_first = rng.choice(FIRST_NAMES)
                last, a_last = rng.choice(LAST_NAMES)
            if f"{first} {last}" not in self.names:
                break
        return first, last, a_first, a_last

    def draw_slug(self, a_first: str, a_last: str) -> str:
        """A unique, lower-case slug; most carry a hex or numeric suffix like real ones."""
        rng = self.rng
        base = f"{a_first}-{a_last}".replace(" ", "-")
        while True:
            roll = rng.random()
            if roll < 0.1:
                slug = base.replace("-", "") if rng.random() < 0.5 else base
            elif roll < 0.3:
                slug = f"{base}-{rng.randrange(10**6, 10**9)}"
            else:
                slug = f"{base}-{rng.getrandbits(32):08x}"[: len(base) + 1 + rng.choice((6, 8))]
            if slug not in self.slugs:
                self.slugs.add(slug)
                return slug

    def draw_email(self, a_first: str, a_last: str, company: str) -> str:
        """A unique address on a reserved example domain (no real mailbox can match)."""
        domain_from_company = _fold_ascii(company).lower()
        domain_from_company = "".join(c for c in domain_from_company if c.isalnum())[:14]
        domains = ("example.com", "example.org", "example.net", "mail.example")
        if domain_from_company:
            domains += (f"{domain_from_company}.example",)
        local = re.sub(r"[^a-z0-9.-]+", "", f"{a_first}.{a_last}".lower()) or "contact"
        address = f"{local}@{self.rng.choice(domains)}"
        n = 2
        while address in self.emails:
            address = f"{local}{n}@{address.split('@')[1]}"
            n += 1
        self.emails.add(address)
        return address

    def draw_connected_day(self) -> int:
        """Ten years of connecting, denser in recent years (the power skews toward now)."""
        return self.end_day - int(3650 * self.rng.random() ** 1.3)

    def add_person(self, first, last, a_first, a_last, slug, role, connected_day) -> int:
        rng = self.rng
        company = rng.choice(COMPANIES)
        person = Person(
            first=first,
            last=last,
            slug=slug,
            company=company,
            position=rng.choice(POSITIONS) if company else "",
            connected_on=_date_of(connected_day) if connected_day is not None else None,
            role=role,
            ascii_first=a_first,
            ascii_last=a_last,
        )
        if role == "connection" and rng.random() < 0.05:
            person.email = self.draw_email(a_first, a_last, company)
        self.names.add(person.name)
        self.people.append(person)
        return len(self.people) - 1

    def add_connections(self) -> None:
        """Plain connections; the hand-placed ones overwrite the first few afterwards."""
        for _ in range(self.n_connections):
            first, last, a_first, a_last = self.draw_name()
            slug = self.draw_slug(a_first, a_last)
            self.add_person(
                first, last, a_first, a_last, slug, "connection", self.draw_connected_day()
            )

    def add_special_people(self) -> None:
        """Put the hand-placed cases at the front of the list, with their fixed facts."""
        for i, (first, last, slug, intended, days_ago, plan) in enumerate(SPECIAL_PEOPLE):
            p = self.people[i]
            self.slugs.discard(p.slug)
            p.first, p.last, p.slug, p.intended = first, last, slug, intended
            p.ascii_first = _fold_ascii(first).lower()
            p.ascii_last = _fold_ascii(last).lower()
            p.connected_on = _date_of(self.end_day - days_ago)
            p.email = ""  # drawn for the name this row had before
            self.slugs.add(slug)
            self.names.add(p.name)
            if plan:
                self.special[plan] = i
        jose = self.people[self.special["mojibake"]]
        jose.mojibake = True
        jose.email = self.draw_email("jose", "munoz", jose.company)
        self.mark_mojibake()

    def mark_mojibake(self) -> None:
        """A few more accented names get double-encoded in Connections.csv."""
        extra = max(2, self.n_connections // 200)
        plain = range(len(SPECIAL_PEOPLE), len(self.people))
        accented = [i for i in plain if self.people[i].name != _fold_ascii(self.people[i].name)]
        accented = [i for i in accented if not any(ord(c) > 0x24F for c in self.people[i].name)]
        for i in self.rng.sample(accented, min(extra, len(accented))):
            self.people[i].mojibake = True

    def assign_intended_tiers(self) -> None:
        """Give each plain connection a tier its connection date leaves room for."""
        end = self.end_day
        # most constrained first: a dormant exchange needs a year of past, warm 3 months
        needs = (
            ("dormant", end - 400),
            ("warm", end - 92),
            ("active", end - 3),
            ("one_way_out", end),
            ("one_way_in", end),
        )
        counts = {t: round(self.n_connections * TIER_SHARES[t]) for t in TIER_SHARES}
        for p in self.people[: len(SPECIAL_PEOPLE)]:
            if p.intended in counts:
                counts[p.intended] -= 1
        free = list(range(len(SPECIAL_PEOPLE), len(self.people)))
        self.rng.shuffle(free)
        for tier, latest in needs:
            chosen = [i for i in free if _day_of(self.people[i].connected_on) <= latest]
            chosen = chosen[: max(0, counts[tier])]
            for i in chosen:
                self.people[i].intended = tier
            taken = set(chosen)
            free = [i for i in free if i not in taken]

    # ---- conversations

    def new_conversation(self, members: tuple[int, ...], **kwargs) -> Conversation:
        conv = Conversation(_conversation_id(self.rng), members, **kwargs)
        self.conversations.append(conv)
        return conv

    def add_exchange(self, conv: Conversation, pi: int, day: int) -> int:
        """One message and its reply, the first on ``day``; returns the first one's time.

        The reply comes later, so the conversation's two-way date is ``day``.
        """
        rng = self.rng
        first = rng.choice((OWNER, pi))
        second = pi if first == OWNER else OWNER
        a = day * DAY + rng.randrange(8 * HOUR, 17 * HOUR)
        gap = min(rng.choice((0, 0, 0, 1, 1, 2, 3, 6)), self.end_day - day)
        b = _ts_in_day(rng, day + gap) if gap else a + rng.randrange(2 * 60, 5 * HOUR)
        conv.messages.append((a, first, MSG, rng.randrange(len(CONTENTS))))
        conv.messages.append((b, second, MSG, rng.randrange(len(CONTENTS))))
        return a

    def add_two_way(self, pi: int, final_day: int, prior_day: int | None = None) -> Conversation:
        """A 1:1 thread whose last two-way exchange is on ``final_day``.

        With ``prior_day`` an earlier exchange comes first and the gap between stays empty,
        so the person was cooler before the final exchange (a tie that warmed up again).
        Filler may go anywhere before the first designed message.
        """
        conv = self.new_conversation((pi,))
        start = self.add_exchange(conv, pi, final_day)
        if prior_day is not None:
            start = self.add_exchange(conv, pi, prior_day)
        self.history_end[pi] = start
        lo = (_day_of(self.people[pi].connected_on) + 1) * DAY
        weight = {"active": 10.0, "warm": 5.0, "dormant": 3.0}[self.people[pi].intended]
        self.windows.append(_Window(conv, lo, start, weight, (OWNER, pi)))
        return conv

    def add_one_way(self, pi: int, sender: int, days: list[int]) -> Conversation:
        """Messages from one side only, one per day in ``days``."""
        conv = self.new_conversation((pi,))
        for day in sorted(days):
            conv.messages.append(
                (_ts_in_day(self.rng, day), sender, MSG, self.rng.randrange(len(CONTENTS)))
            )
        return conv

    def add_designed_threads(self) -> None:
        """Give every connection the history its intended tier calls for."""
        # Noor's and Tomás's threads are groups, written with the small groups
        custom = ("split_threads", "two_threads", "group_only", "group_of_five")
        planned = {self.special[k] for k in custom}
        for pi, person in enumerate(self.people):
            if pi in planned or person.role != "connection":
                continue
            plan = getattr(self, f"plan_{person.intended}")
            plan(pi, _day_of(person.connected_on))
        self.plan_split_threads(self.special["split_threads"])
        self.plan_two_threads(self.special["two_threads"])

    def plan_active(self, pi: int, c: int) -> None:
        rng, end = self.rng, self.end_day
        # About a third were warm one or two months ago and wrote again since; their
        # earlier exchange sits 4 to 10 months back (the "warm -> active" monthly movement).
        if c <= end - 400 and rng.random() < 0.35:
            final = rng.randint(end - 59, end)
            self.add_two_way(pi, final, prior_day=final - rng.randint(125, 300))
        else:
            self.add_two_way(pi, rng.randint(max(c + 1, end - 90), end))

    def plan_warm(self, pi: int, c: int) -> None:
        rng, end = self.rng, self.end_day
        # A third cooled recently: still active at the 2- and 1-month-earlier exports.
        if rng.random() < 0.35:
            final = rng.randint(max(c + 1, end - 150), end - 91)
        else:
            final = rng.randint(max(c + 1, end - 365), end - 91)
        self.add_two_way(pi, final)

    def plan_dormant(self, pi: int, c: int) -> None:
        self.add_two_way(pi, self.rng.randint(c + 1, self.end_day - 366))

    def plan_one_way_out(self, pi: int, c: int) -> None:
        rng = self.rng
        last = rng.randint(c, self.end_day)
        days = [last] + [max(c, last - rng.randint(7, 60)) for _ in range(rng.choice((0, 0, 1, 2)))]
        conv = self.add_one_way(pi, OWNER, days)
        if rng.random() < 0.4:
            # they accepted the owner's message request and never wrote back
            first_ts = min(m[0] for m in conv.messages)
            accepted = min(first_ts + rng.randrange(HOUR, 20 * HOUR), (self.end_day + 1) * DAY - 1)
            conv.messages.append((accepted, pi, ACCEPTED, -1))

    def plan_one_way_in(self, pi: int, c: int) -> None:
        rng, end = self.rng, self.end_day
        # A quarter wrote for the first time in the last month: silent -> one_way_in.
        if c <= end - 62 and rng.random() < 0.25:
            last = rng.randint(end - 29, end)
        else:
            last = rng.randint(c, end)
        days = [last] + [max(c, last - rng.randint(3, 40)) for _ in range(rng.choice((0, 0, 1)))]
        conv = self.add_one_way(pi, pi, days)
        if rng.random() < 0.3 and last < end:
            # the owner started a reply and left it as a draft: still a reply owed
            draft_ts = _ts_in_day(rng, rng.randint(last + 1, end))
            conv.messages.append((draft_ts, OWNER, DRAFT, rng.randrange(len(CONTENTS))))

    def plan_silent(self, pi: int, c: int) -> None:
        """Silent people get no thread of their own (groups and drafts come later)."""

    def plan_split_threads(self, pi: int) -> None:
        """Two 1:1 threads, neither two-way: the owner wrote in one, the person in the other."""
        end = self.end_day
        self.add_one_way(pi, OWNER, [end - 400, end - 385])
        self.add_one_way(pi, pi, [end - 20])

    def plan_two_threads(self, pi: int) -> None:
        """Two separate two-way threads, an old one and a warm one."""
        end = self.end_day
        self.add_two_way(pi, end - 700)
        recent = self.new_conversation((pi,))
        self.add_exchange(recent, pi, end - 200)

    def draw_group(self, candidates: list[int], k: int) -> tuple[list[int], int, int] | None:
        """k members whose pasts all leave room for a group thread: (members, lo, hi)."""
        for _ in range(30):
            members = self.rng.sample(candidates, k)
            lo = max((_day_of(self.people[m].connected_on) + 1) * DAY for m in members)
            hi = min(self.history_end[m] for m in members) - DAY
            if hi - lo >= 14 * DAY:
                return members, lo, hi
        return None

    def add_group_messages(self, conv: Conversation, lo: int, hi: int, named: list[int]) -> None:
        """The owner and at least one member write inside [lo, hi)."""
        rng = self.rng
        span = hi - lo
        conv.messages.append((lo + rng.randrange(span // 4), OWNER, MSG, C_WELCOME))
        for m in rng.sample(named, rng.randint(1, len(named))):
            conv.messages.append((lo + rng.randrange(span), m, MSG, rng.randrange(len(CONTENTS))))
        if rng.random() < 0.4:
            conv.messages.append(
                (lo + rng.randrange(span), OWNER, MSG, rng.randrange(len(CONTENTS)))
            )

    def add_small_groups(self) -> None:
        """Threads of 3 to 5 participants, which count: members are already two-way people.

        Their messages stay before each member's designed final exchange, so no tier at
        the world's end changes. One group has exactly 5 named participants, one has an
        anonymous member (still 5); Noor and Tomás answer the owner only in a group.
        """
        rng = self.rng
        custom = set(self.special.values())
        candidates = [i for i in self.history_end if i not in custom]
        n_groups = max(3, self.n_connections // 120)
        for g in range(n_groups):
            k = 4 if g == 0 else 3 if g == 1 else rng.randint(2, 4)
            drawn = self.draw_group(candidates, k) if len(candidates) >= k else None
            if drawn is None:
                continue
            members, lo, hi = drawn
            with_anon = g == 1
            conv = self.new_conversation(
                tuple(members) + ((ANON,) if with_anon else ()),
                title=rng.choice(GROUP_TITLES),
                url_sep=rng.choice((",", ";")),
            )
            self.add_group_messages(conv, lo, hi, members)
            if with_anon:
                conv.messages.append((lo + rng.randrange(hi - lo), ANON, MSG, C_COUNT_ME_IN))
            if rng.random() < 0.3:
                conv.messages.append((hi, rng.choice(members), LEFT, -1))
            self.windows.append(_Window(conv, lo, hi, 2.0, (OWNER, *members)))
        self.add_group_only_thread(candidates, "group_only", 2, "Platform guild")
        self.add_group_only_thread(candidates, "group_of_five", 3, "Mentoring circle")

    def add_group_only_thread(self, candidates: list[int], key: str, n_others: int, title: str):
        """The person under ``key`` answers the owner only in a group of ``n_others`` + 2.

        Their two-way date is the owner's message. Noor's group has 4 participants and
        Tomás's 5, the largest that counts, so the bound is tested inclusive.
        """
        rng, end = self.rng, self.end_day
        answerer = self.special[key]
        owner_ts = _ts_in_day(rng, rng.randint(end - 300, end - 120))
        reply_ts = owner_ts + rng.randrange(HOUR, 3 * DAY)
        others = [i for i in candidates if self.history_end[i] > reply_ts + DAY]
        others = [i for i in others if (_day_of(self.people[i].connected_on) + 6) * DAY < owner_ts]
        members = rng.sample(others, min(n_others, len(others)))
        conv = self.new_conversation((answerer, *members), title=title, url_sep=";")
        conv.messages.append((owner_ts, OWNER, MSG, C_WELCOME))
        conv.messages.append((reply_ts, answerer, MSG, C_COUNT_ME_IN))
        for m in members:
            conv.messages.append((owner_ts - rng.randrange(HOUR, 5 * DAY), m, MSG, C_COUNT_ME_IN))

    def add_large_groups(self) -> None:
        """Threads of 6 to 12 participants: they never count, whoever is in them.

        One has 4 silent members plus an anonymous one (6 with the owner), and one is
        recent, so a parser that counts big groups gets tiers wrong at once.
        """
        rng, end = self.rng, self.end_day
        connections = [i for i, p in enumerate(self.people) if p.role == "connection"]
        # sorted by connection day, so "connected before the group began" is a prefix
        connections.sort(key=lambda i: self.people[i].connected_on)
        silent = [i for i in connections if self.people[i].intended == "silent"]
        pools = {
            name: (pool, [_day_of(self.people[i].connected_on) for i in pool])
            for name, pool in (("silent", silent), ("all", connections))
        }
        for g in range(max(3, self.n_connections // 50)):
            start = rng.randint(end - 20, end - 5) if g < 2 else rng.randint(end - 1500, end - 10)
            span = rng.randint(1, min(60, end - start)) * DAY
            pool, days = pools["silent" if g == 0 else "all"]
            n_eligible = bisect_left(days, start)
            k = 4 if g == 0 else rng.randint(5, 11)  # 6 to 12 with the owner
            if n_eligible < k:
                continue
            members = [pool[j] for j in rng.sample(range(n_eligible), k)]
            extra = (ANON,) if g == 0 or (k < 11 and rng.random() < 0.15) else ()
            conv = self.new_conversation(
                tuple(members) + extra,
                title=rng.choice(GROUP_TITLES),
                folder=rng.choice(("INBOX", "INBOX", "ARCHIVE")),
                url_sep=rng.choice((",", ";")),
            )
            lo, hi = start * DAY + 8 * HOUR, start * DAY + span
            self.add_group_messages(conv, lo, hi, members)
            if extra:
                conv.messages.append((lo + rng.randrange(hi - lo), ANON, MSG, C_CANT_MAKE_IT))
            if rng.random() < 0.3:
                conv.messages.append((hi + HOUR, rng.choice(members), LEFT, -1))
            self.windows.append(_Window(conv, lo, hi, 3.0, (OWNER, *members)))

    def add_recruiters(self) -> None:
        """Non-connections who write in (InMail); the first one got a reply."""
        rng, end = self.rng, self.end_day
        for r in range(max(3, round(self.n_connections * 0.02))):
            first, last, a_first, a_last = self.draw_name()
            pi = self.add_person(
                first, last, a_first, a_last, self.draw_slug(a_first, a_last), "recruiter", None
            )
            self.people[pi].position = rng.choice(("Technical Recruiter", "Talent Partner"))
            self.people[pi].intended = "active" if r == 0 else "one_way_in"
            last_day = rng.randint(end - 25, end - 5) if r < 2 else rng.randint(end - 700, end)
            subject = rng.choice(SUBJECTS)
            conv = self.new_conversation(
                (pi,), title=subject, subject=subject, folder="ARCHIVE" if r % 3 == 2 else "INBOX"
            )
            first_ts = _ts_in_day(rng, last_day - rng.choice((0, 0, 4, 9)))
            conv.messages.append((first_ts, pi, MSG, C_INMAIL))
            if first_ts // DAY < last_day:
                conv.messages.append((_ts_in_day(rng, last_day), pi, MSG, C_FOLLOW_UP))
            if r == 0:
                conv.messages.append((first_ts + 2 * HOUR, OWNER, MSG, C_NOT_LOOKING))
            elif rng.random() < 0.5:
                # the owner accepted the request: a system row, not a reply
                conv.messages.append((first_ts + HOUR, OWNER, ACCEPTED, -1))

    def add_anonymous_threads(self) -> None:
        """1:1 threads with deleted members, who appear as "LinkedIn Member" with no URL."""
        rng, end = self.rng, self.end_day
        for _ in range(max(2, self.n_connections // 200)):
            conv = self.new_conversation((ANON,), folder=rng.choice(("INBOX", "ARCHIVE")))
            day = rng.randint(end - 2000, end - 30)
            conv.messages.append((_ts_in_day(rng, day), ANON, MSG, rng.randrange(len(CONTENTS))))
            if rng.random() < 0.5:
                conv.messages.append((_ts_in_day(rng, day + 2), OWNER, MSG, C_THANK_YOU))

    def add_spam_and_ad(self) -> None:
        """A silent connection's message in the SPAM folder (still silent) and a sponsored
        InMail (nobody). Drawn from a random stream of their own, after everything else,
        so that adding them moved no other row of the sample."""
        rng, end = random.Random(f"{self.seed}-junk"), self.end_day
        silent = [
            i
            for i, p in enumerate(self.people)
            if p.intended == "silent" and p.role == "connection"
        ]
        pi = silent[rng.randrange(len(silent))]
        day = rng.randint(max(_day_of(self.people[pi].connected_on) + 1, end - 60), end - 1)
        spam = Conversation(_conversation_id(rng), (pi,), folder="SPAM")
        spam.messages.append((_ts_in_day(rng, day), pi, MSG, C_INMAIL))
        title = SPONSORED_TITLE
        ad = Conversation(_conversation_id(rng), (SPONSOR,), title=title, subject=title)
        ad.messages.append((_ts_in_day(rng, end - rng.randint(1, 30)), SPONSOR, AD, -1))
        self.conversations += [spam, ad]

    def add_draft_only_threads(self) -> None:
        """Silent people the owner wrote to but never sent: still silent."""
        rng, end = self.rng, self.end_day
        silent = [
            i
            for i, p in enumerate(self.people)
            if p.intended == "silent" and p.role == "connection"
        ]
        for pi in rng.sample(silent, min(len(silent), max(1, self.n_connections // 200))):
            c = _day_of(self.people[pi].connected_on)
            conv = self.new_conversation((pi,), is_draft=True)
            conv.messages.append((_ts_in_day(rng, rng.randint(c, end)), OWNER, DRAFT, C_ASK_COFFEE))

    def fill_messages(self) -> None:
        """Spread the rest of the message budget over the windows, heavy-tailed.

        Busy ties get most of it, as in real inboxes, and a thread of a few days gets
        less than one of years. Filler lies before each thread's designed messages, so the
        tiers at the world's end do not move.
        """
        rng = self.rng
        budget = self.n_messages - sum(len(c.messages) for c in self.conversations)
        windows = [w for w in self.windows if w.hi - w.lo > HOUR]
        if budget <= 0 or not windows:
            return
        weights = [
            w.weight * (0.2 + rng.expovariate(1.0)) * min(1.0, (w.hi - w.lo) / (60 * DAY))
            for w in windows
        ]
        total = sum(weights)
        shares = [budget * wt / total for wt in weights]
        counts = [int(s) for s in shares]
        by_remainder = sorted(range(len(windows)), key=lambda i: counts[i] - shares[i])
        for i in by_remainder[: budget - sum(counts)]:
            counts[i] += 1
        for window, n in zip(windows, counts, strict=True):
            self.fill_window(window, n)

    def fill_window(self, window: _Window, n: int) -> None:
        """``n`` messages at random in the window, moved into waking hours when they fit.

        This loop writes most of a big world's messages, so it keeps to bare arithmetic.
        """
        random_ = self.rng.random
        lo, hi, senders = window.lo, window.hi, window.senders
        span, n_senders, n_contents = hi - lo, len(senders), len(CONTENTS)
        append = window.conv.messages.append
        for _ in range(n):
            ts = lo + int(random_() * span)
            # squeeze the day's 24 hours into 07:00-22:00
            awake = ts - ts % DAY + 7 * HOUR + (ts % DAY) * 5 // 8
            if lo <= awake < hi:
                ts = awake
            append((ts, senders[int(random_() * n_senders)], MSG, int(random_() * n_contents)))

    # ---- other files

    def draw_deleted_rows(self) -> list[date]:
        """Members who left LinkedIn: rows of only commas and a connection date."""
        n = max(3, self.n_connections // 100)
        return [_date_of(self.draw_connected_day()) for _ in range(n)]

    def draw_invitations(self) -> list[Invitation]:
        """Invitations behind recent connections, plus pending ones with non-connections."""
        rng, end = self.rng, self.end_day
        out: list[Invitation] = []
        for pi, p in enumerate(self.people):
            if (
                p.role == "connection"
                and _day_of(p.connected_on) > end - 240
                and rng.random() < 0.75
            ):
                sent = _ts_in_day(rng, _day_of(p.connected_on) - rng.choice((0, 0, 1, 2, 6)))
                out.append(
                    Invitation(
                        pi, rng.choice(("INCOMING", "OUTGOING")), sent, rng.choice(INVITATION_NOTES)
                    )
                )
        for k in range(max(2, self.n_connections // 100)):
            first, last, a_first, a_last = self.draw_name()
            pi = self.add_person(
                first, last, a_first, a_last, self.draw_slug(a_first, a_last), "invitee", None
            )
            direction = "OUTGOING" if k % 2 == 0 else "INCOMING"
            out.append(
                Invitation(
                    pi,
                    direction,
                    _ts_in_day(rng, rng.randint(end - 60, end)),
                    rng.choice(INVITATION_NOTES),
                )
            )
        return out

    def draw_recommendations(self) -> list[Give]:
        """A few recommendations each way, with people the owner has really worked with."""
        rng = self.rng
        pool = [
            i
            for i, p in enumerate(self.people)
            if p.intended in ("active", "warm", "dormant") and p.role == "connection"
        ]
        out: list[Give] = []
        for given, n in (
            (True, 3 + self.n_connections // 2000),
            (False, 4 + self.n_connections // 1500),
        ):
            for k, pi in enumerate(rng.sample(pool, min(n, len(pool)))):
                p = self.people[pi]
                at = _ts_in_day(rng, rng.randint(_day_of(p.connected_on), self.end_day))
                text = rng.choice(RECOMMENDATION_TEXTS).format(first=p.first)
                status = "HIDDEN" if not given and k == 0 else "VISIBLE"
                out.append(Give(pi, given, at, text, status))
        return out

    def draw_endorsements(self) -> list[Give]:
        rng = self.rng
        pool = [i for i, p in enumerate(self.people) if p.role == "connection"]
        out: list[Give] = []
        for given, share in ((True, 0.04), (False, 0.08)):
            for pi in rng.sample(pool, max(2, round(len(pool) * share))):
                at = _ts_in_day(
                    rng, rng.randint(_day_of(self.people[pi].connected_on), self.end_day)
                )
                # some files write the URL without its scheme, as the research note says
                out.append(Give(pi, given, at, rng.choice(SKILLS), "ACCEPTED", rng.random() < 0.2))
        return out


class _CardMaker:
    """Draws the address book: who has a card, in which app's style, matching how."""

    def __init__(self, builder: _Builder):
        self.b = builder
        self.rng = builder.rng
        self.phones: set[str] = set()

    def draw_phone(self) -> str:
        """A unique number from a fictional range, written the way its region writes it.

        US numbers mostly in national format, the others always international. The
        region is drawn again on every try, so a full range never stalls the draw.
        """
        rng = self.rng
        while True:
            region = rng.choices(("US", "UK", "AU"), (55, 25, 20))[0]
            if region == "US":
                area, line = rng.choice(US_AREAS), f"01{rng.randrange(100):02d}"
                national = rng.random() < 0.6
                text = f"({area}) 555-{line}" if national else f"+1 {area}-555-{line}"
                key = f"+1{area}555{line}"
            elif region == "UK":
                text = f"+44 {rng.choice(UK_BLOCKS)}{rng.randrange(1000):03d}"
                key = text.replace(" ", "")
            else:
                area, block = rng.choice("2378"), rng.choice(AU_BLOCKS)
                text = f"+61 {area} {block} {rng.randrange(10_000):04d}"
                key = text.replace(" ", "")
            if key not in self.phones:
                self.phones.add(key)
                return text

    def draw_phones(self) -> tuple[str, ...]:
        return tuple(self.draw_phone() for _ in range(self.rng.choices((0, 1, 2), (10, 70, 20))[0]))

    def draw_url(self, slug: str) -> str:
        """The many ways people paste a profile link into an address book."""
        return self.rng.choice(
            (
                f"https://www.linkedin.com/in/{slug}",
                f"https://www.linkedin.com/in/{slug}/",
                f"http://linkedin.com/in/{slug}",
                f"www.linkedin.com/in/{slug}",
                f"https://www.linkedin.com/in/{slug}?trk=public_profile",
            )
        )

    def card_for(self, pi: int, style: str, match: str) -> Card:
        rng, p = self.rng, self.b.people[pi]
        first, last = p.first, p.last
        if match == "name" and rng.random() < 0.5:
            first, last = _fold_ascii(first), _fold_ascii(last)
        emails: tuple[str, ...] = ()
        if match == "email":
            emails = (p.email.title() if rng.random() < 0.3 else p.email,)
        elif rng.random() < 0.4:
            emails = (self.b.draw_email(p.ascii_first, p.ascii_last, ""),)
        phones = self.draw_phones()
        if match == "name" and not phones:
            phones = (self.draw_phone(),)
        org = p.company if rng.random() < 0.7 else rng.choice(COMPANIES)
        return Card(
            style=style,
            first=first,
            last=last,
            person=pi,
            match=match,
            emails=emails,
            phones=phones,
            linkedin_url=self.draw_url(p.slug) if match == "linkedin_url" else "",
            org=org,
            title=p.position if org == p.company else "",
            birthday=f"19{rng.randint(60, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.15
            else "",
        )

    def card_for_stranger(self, style: str) -> Card:
        """Someone who is not on LinkedIn at all: family, a dentist, a plumber."""
        b = self.b
        # a free name while the pools have one; a huge world reuses names, as life does
        first, last, a_first, a_last = b.draw_name()
        b.names.add(f"{first} {last}")
        emails = (b.draw_email(a_first, a_last, ""),) if self.rng.random() < 0.5 else ()
        return Card(style, first, last, None, "none", emails, (self.draw_phone(),))

    def draw_cards(self) -> list[Card]:
        """The mix the brief asks for, shuffled into file order."""
        rng, b, n = self.rng, self.b, self.b.n_cards
        if n <= 0:
            return []
        robert_i = b.special["card_duplicate"]
        jose_i = b.special["mojibake"]
        robert = b.people[robert_i]
        # the same number, once national and once international, on two cards of one man
        area, line = rng.choice(US_AREAS), f"01{rng.randrange(100):02d}"
        self.phones.add(f"+1{area}555{line}")
        cards = [
            Card(
                style="apple",
                first="Robert",
                last="Kowalski",
                person=robert_i,
                match="linkedin_url",
                phones=(f"({area}) 555-{line}",),
                linkedin_url=self.draw_url(robert.slug),
                org=robert.company,
            ),
            Card(
                "android",
                "Bob",
                "Kowalski",
                robert_i,
                "duplicate",
                phones=(f"+1 {area}-555-{line}",),
            ),
            self.card_for(jose_i, "outlook", "email"),
            Card(
                style="google",
                first="Hannah",
                last="Keller",
                person=None,
                match="none",
                phones=(self.draw_phone(),),
                org="Keller Family Dentistry",
                prefix="Dr.",
            ),
            Card("apple", "Mom", "", None, "none", phones=(self.draw_phone(),)),
        ][:n]
        used = {robert_i, jose_i}
        connections = [
            i for i, p in enumerate(b.people) if p.role == "connection" and i not in used
        ]
        # people one talks to are the ones with a card; silent connections rarely are
        talked = [i for i in connections if b.people[i].intended != "silent"]
        quiet = [i for i in connections if b.people[i].intended == "silent"]
        rng.shuffle(talked)
        rng.shuffle(quiet)
        order = talked + quiet
        with_email = [i for i in order if b.people[i].email]
        left = n - len(cards)
        n_none = round(left * 0.15)
        n_email = min(round(left * 0.20), len(with_email))
        n_name = round(left * 0.10)
        for pi in with_email[:n_email]:
            cards.append(
                self.card_for(pi, rng.choice(("google", "apple", "outlook", "android")), "email")
            )
            used.add(pi)
        order = [i for i in order if i not in used]
        for pi in order[:n_name]:
            cards.append(
                self.card_for(pi, rng.choice(("google", "apple", "outlook", "android")), "name")
            )
        rest = order[n_name : n_name + max(0, n - len(cards) - n_none)]
        for pi in rest:
            cards.append(self.card_for(pi, rng.choice(("google", "apple")), "linkedin_url"))
        while len(cards) < n:
            cards.append(
                self.card_for_stranger(rng.choice(("google", "apple", "outlook", "android")))
            )
        rng.shuffle(cards)
        return cards


def build_world(
    seed: int = DEFAULT_SEED,
    n_connections: int = 620,
    n_messages: int = 4000,
    n_cards: int = 40,
    end: date = DEFAULT_END,
) -> World:
    """Draw a whole world from ``seed``: the same arguments always give the same world.

    ``n_messages`` is the number of messages.csv rows at ``end`` (more only when the
    designed cases alone need more). Connections made after ``end`` do not exist.
    """
    return _Builder(seed, end, n_connections, n_messages, n_cards).build()


# ---------------------------------------------------------------------------- oracle


def _scan_thread(conv: Conversation, limit: int) -> tuple[int | None, int, dict, dict]:
    """The owner's last counted message and count, and each member's, before ``limit``."""
    last_out, n_out = None, 0
    last_in: dict[int, int] = {}
    n_in: dict[int, int] = {}
    for ts, sender, kind, _ in conv.messages:
        if ts >= limit:
            break
        if kind != MSG:
            continue  # drafts, ads and system rows never count
        if sender == OWNER:
            last_out, n_out = ts, n_out + 1
        elif sender >= 0:
            last_in[sender] = ts
            n_in[sender] = n_in.get(sender, 0) + 1
    return last_out, n_out, last_in, n_in


def _tally(world: World, as_of: date, max_group: int) -> dict[int, list]:
    """Per person index: [last_in, last_out, last_two_way, n_in, n_out] in utc seconds.

    This follows DESIGN.md from the designed threads, not from any written file: only
    threads of at most ``max_group`` participants, only real messages dated on or before
    ``as_of``; the owner's message in a small group counts toward every member, a
    member's only toward themself; the two-way date of a thread is the older of the two
    sides' last messages, and a person's is the newest over their threads.
    """
    limit = (_day_of(as_of) + 1) * DAY
    tally: dict[int, list] = {}
    for conv in world.conversations:
        if conv.size > max_group or conv.folder == "SPAM":
            continue  # spam never counts, whoever sent it
        last_out, n_out, last_in, n_in = _scan_thread(conv, limit)
        for m in conv.members:
            if m < 0 or (last_out is None and m not in last_in):
                continue
            t = tally.setdefault(m, [None, None, None, 0, 0])
            mine = last_in.get(m)
            t[0] = _newest(t[0], mine)
            t[1] = _newest(t[1], last_out)
            if mine is not None and last_out is not None:
                t[2] = _newest(t[2], min(mine, last_out))
            t[3] += n_in.get(m, 0)
            t[4] += n_out
    return tally


def _newest(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _tier_of(t: list | None, as_of: date, active_days: int, window_days: int) -> str:
    """The DESIGN.md tier table, first rule that holds, on UTC calendar dates."""
    if t is None or (t[0] is None and t[1] is None):
        return "silent"
    last_in, last_out, two_way = t[0], t[1], t[2]
    if two_way is not None:
        days_ago = _day_of(as_of) - two_way // DAY
        if days_ago <= active_days:
            return "active"
        return "warm" if days_ago <= window_days else "dormant"
    if last_in is None:
        return "one_way_out"
    if last_out is None:
        return "one_way_in"
    return "one_way_out" if last_out > last_in else "one_way_in"


def expected_facts(world: World, as_of: date, *, max_group: int = 5) -> dict[str, Facts]:
    """Per profile URL: the counted interaction facts of everyone who had any by ``as_of``."""
    facts = {}
    for i, t in _tally(world, as_of, max_group).items():
        when = [None if ts is None else _utc(ts) for ts in t[:3]]
        facts[world.people[i].url] = Facts(when[0], when[1], when[2], t[3], t[4])
    return facts


def expected_tiers(
    world: World,
    as_of: date,
    active_days: int = 90,
    window_days: int = 365,
    max_group: int = 5,
    *,
    connections_only: bool = True,
) -> dict[str, str]:
    """The intended tier per connection URL on ``as_of``: the oracle for tests.

    Computed from the world's designed threads (never by reading a CSV), for the people
    who were connections on ``as_of``. With ``connections_only=False`` it adds the
    non-connections (recruiters) who had a counted message by then.
    """
    tally = _tally(world, as_of, max_group)
    chosen = set(world.connections(as_of))
    if not connections_only:
        chosen |= set(tally)
    return {
        world.people[i].url: _tier_of(tally.get(i), as_of, active_days, window_days)
        for i in sorted(chosen)
    }


def expected_linkedin_count(world: World, as_of: date, max_group: int = 5) -> int:
    """messages.csv rows that count for at least one person by ``as_of`` (``summary.channels``
    ``linkedin``): real messages, not in SPAM, in threads of at most ``max_group`` with
    someone who has a profile (a thread with only a hidden member counts for nobody)."""
    limit = (_day_of(as_of) + 1) * DAY
    return sum(
        1
        for conv in world.conversations
        if conv.folder != "SPAM" and conv.size <= max_group and any(m >= 0 for m in conv.members)
        for ts, _, kind, _ in conv.messages
        if kind == MSG and ts < limit
    )


def expected_summary(
    world: World,
    as_of: date,
    active_days: int = 90,
    window_days: int = 365,
    max_group: int = 5,
) -> dict:
    """``summary`` of the audit JSON without ``people``: connections, reachable, tiers."""
    tiers = expected_tiers(world, as_of, active_days, window_days, max_group)
    counts = {tier: 0 for tier in TIERS}
    for tier in tiers.values():
        counts[tier] += 1
    return {
        "connections": len(tiers),
        "reachable": counts["active"] + counts["warm"],
        "tiers": counts,
    }


# --------------------------------------------------------------- LinkedIn export

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _connected_on_text(d: date) -> str:
    """``05 Mar 2024``; English month names whatever the machine's locale."""
    return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"


def _clock_12h(dt: datetime, pad_hour: bool) -> str:
    hour = dt.hour % 12 or 12
    half = "AM" if dt.hour < 12 else "PM"
    return f"{hour:02d}:{dt.minute:02d} {half}" if pad_hour else f"{hour}:{dt.minute:02d} {half}"


def _invitation_time_text(ts: int) -> str:
    """``7/8/26, 3:43 PM``: Invitations.csv writes no padding and no time zone."""
    dt = _utc(ts)
    return f"{dt.month}/{dt.day}/{dt.year % 100:02d}, {_clock_12h(dt, False)}"


def _recommendation_time_text(ts: int) -> str:
    """``04/12/23, 10:02 AM``: Recommendations pad every field."""
    dt = _utc(ts)
    return f"{dt.month:02d}/{dt.day:02d}/{dt.year % 100:02d}, {_clock_12h(dt, True)}"


def _endorsement_time_text(ts: int) -> str:
    """``2023/03/01 19:52:23 UTC``."""
    return _utc(ts).strftime("%Y/%m/%d %H:%M:%S UTC")


def _render_csv(header: tuple[str, ...], rows, *, quote_header: bool = False) -> str:
    """A CSV text as LinkedIn writes it: LF line ends, quotes only where needed."""
    out = io.StringIO()
    if quote_header:
        out.write(",".join(f'"{h}"' for h in header) + "\n")
    writer = csv.writer(out, lineterminator="\n")
    if not quote_header:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _render_connections(world: World, as_of: date) -> str:
    """Connections.csv: preamble, header, newest first, with the deleted members' rows."""
    entries = []
    for i in world.connections(as_of):
        p = world.people[i]
        first, last = (_mojibake(p.first), _mojibake(p.last)) if p.mojibake else (p.first, p.last)
        row = (
            first,
            last,
            p.url,
            p.email,
            p.company,
            p.position,
            _connected_on_text(p.connected_on),
        )
        entries.append((p.connected_on, i, row))
    for k, d in enumerate(world.deleted_rows):
        if d <= as_of:
            entries.append((d, -1 - k, ("", "", "", "", "", "", _connected_on_text(d))))
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    return CONNECTIONS_PREAMBLE + _render_csv(CONNECTIONS_HEADER, (e[2] for e in entries))


def _render_invitations(world: World, as_of: date) -> str:
    """Invitations.csv: only the last four months, as real exports keep only recent ones."""
    owner, lo, hi = world.owner, (_day_of(as_of) - 120) * DAY, (_day_of(as_of) + 1) * DAY
    rows = []
    for inv in sorted(world.invitations, key=lambda v: v.sent_at, reverse=True):
        if not lo <= inv.sent_at < hi:
            continue
        p = world.people[inv.person]
        sender, receiver = (p, owner) if inv.direction == "INCOMING" else (owner, p)
        rows.append(
            (
                sender.name,
                receiver.name,
                _invitation_time_text(inv.sent_at),
                inv.note,
                inv.direction,
                sender.url,
                receiver.url,
            )
        )
    return _render_csv(INVITATIONS_HEADER, rows)


def _render_recommendations(world: World, as_of: date, given: bool) -> str:
    """Recommendations_Given.csv / _Received.csv: the other person's name, newest first."""
    limit = (_day_of(as_of) + 1) * DAY
    rows = []
    for g in sorted(world.gives, key=lambda v: v.at, reverse=True):
        if g.given == given and g.status != "ACCEPTED" and g.at < limit:
            p = world.people[g.person]
            rows.append(
                (
                    p.first,
                    p.last,
                    p.company,
                    p.position,
                    g.text,
                    _recommendation_time_text(g.at),
                    g.status,
                )
            )
    return _render_csv(RECOMMENDATIONS_HEADER, rows)


def _render_endorsements(world: World, as_of: date, given: bool) -> str:
    """Endorsement_Given_Info.csv / _Received_Info.csv; their headers differ by one word."""
    limit = (_day_of(as_of) + 1) * DAY
    who = "Endorsee" if given else "Endorser"
    header = (
        "Endorsement Date",
        "Skill Name",
        f"{who} First Name",
        f"{who} Last Name",
        f"{who} Public Url",
        "Endorsement Status",
    )
    rows = []
    for g in sorted(world.gives, key=lambda v: v.at, reverse=True):
        if g.given == given and g.status == "ACCEPTED" and g.at < limit:
            p = world.people[g.person]
            url = p.url.removeprefix("https://") if g.url_without_scheme else p.url
            rows.append((_endorsement_time_text(g.at), g.text, p.first, p.last, url, g.status))
    return _render_csv(header, rows)


def _render_profile(world: World) -> str:
    """Profile.csv: the owner's name (the only check on owner detection) and list fields."""
    o = world.owner
    summary = (
        "I build calm, reliable platforms and the teams behind them.\n\n"
        'Previously: "boring technology" advocate, on-call veteran.'
    )
    row = (
        o.first,
        o.last,
        "",
        "",
        "",
        "Engineering Manager at Northwind Traders | Platform, SRE",
        summary,
        "Software Development",
        "94110",
        "San Francisco Bay Area",
        "[averyq]",
        "[PERSONAL:https://averyquinn.example,BLOG:https://blog.averyquinn.example]",
        "",
    )
    return _render_csv(PROFILE_HEADER, [row])


def _render_email_addresses(world: World) -> str:
    """Email Addresses.csv: the owner's addresses, ``Yes``/``No`` flags, and ``Updated On``
    written like Invitations' ``Sent At`` (research 1.6: ``"10/24/13, 8:43 AM"``)."""
    updated = ((_day_of(world.end) - 2400) * DAY + 15 * HOUR + 7 * 60, None)
    rows = [
        (address, FLAG[True], FLAG[k == 0], _invitation_time_text(ts) if ts else "Not Available")
        for k, (address, ts) in enumerate(zip(OWNER_EMAILS, updated, strict=True))
    ]
    return _render_csv(EMAIL_ADDRESSES_HEADER, rows)


def _render_positions() -> str:
    """Positions.csv, one of the owner's files the audit must ignore."""
    return (
        "Company Name,Title,Description,Location,Started On,Finished On\n"
        "Northwind Traders,Engineering Manager,Platform and SRE teams.,"
        "San Francisco Bay Area,Mar 2022,\n"
        '"Fabrikam, Inc.",Staff Engineer,"Payments infrastructure, on-call lead.",'
        '"Seattle, Washington, United States",Jun 2017,Feb 2022\n'
    )


def _render_side_messages(world: World, as_of: date, bot: str, lines: tuple[str, ...]) -> str:
    """guide_messages.csv / learning_role_play_messages.csv: not member DMs, to be ignored."""
    o = world.owner
    base = (_day_of(world.end) - 300) * DAY + 10 * HOUR
    rows = []
    for k, text in enumerate(lines):
        ts = base + k * 90
        if ts >= (_day_of(as_of) + 1) * DAY:
            continue
        sender, sender_url, to, to_url = (
            (o.name, o.url, bot, "") if k % 2 == 0 else (bot, "", o.name, o.url)
        )
        cid = f"2-{base64.b64encode(f'{bot}-{world.seed}'.encode()).decode()}"
        rows.append(
            (
                cid,
                "",
                sender,
                sender_url,
                to,
                to_url,
                _message_time_text(ts),
                "",
                text,
                "INBOX",
                "",
                FLAG[False],
                FLAG[False],
            )
        )
    rows.reverse()
    return "\ufeff" + _render_csv(MESSAGES_HEADER, rows, quote_header=True)


def _render_article() -> str:
    """An article under Articles/Articles/, which is not a CSV at all."""
    return (
        "<html><head><title>Some post</title></head><body>\n"
        "<h1>What I learned from a year of on-call</h1>\n"
        "<p>Created on 2024-05-18 09:12</p>\n"
        "<p>Pages at 3am teach you which alerts matter.</p>\n"
        "</body></html>\n"
    )


def _message_time_text(ts: int) -> str:
    return _utc(ts).strftime("%Y-%m-%d %H:%M:%S UTC")


def _render_small_members(world: World, as_of: date) -> dict[str, str]:
    """Every member of the export except messages.csv, which is streamed."""
    return {
        ARTICLE_PATH: _render_article(),
        "Connections.csv": _render_connections(world, as_of),
        "Email Addresses.csv": _render_email_addresses(world),
        "Endorsement_Given_Info.csv": _render_endorsements(world, as_of, True),
        "Endorsement_Received_Info.csv": _render_endorsements(world, as_of, False),
        "Invitations.csv": _render_invitations(world, as_of),
        "Positions.csv": _render_positions(),
        "Profile.csv": _render_profile(world),
        "Recommendations_Given.csv": _render_recommendations(world, as_of, True),
        "Recommendations_Received.csv": _render_recommendations(world, as_of, False),
        "Skills.csv": _render_csv(("Name",), [(s,) for s in SKILLS[:8]]),
        "guide_messages.csv": _render_side_messages(
            world,
            as_of,
            "LinkedIn Guide",
            ("How do I make my profile stand out?", "Start with a clear headline."),
        ),
        "learning_role_play_messages.csv": _render_side_messages(
            world, as_of, "LinkedIn Learning Coach", ("Let's practise a salary negotiation.",)
        ),
    }


class _Addressing:
    """FROM/TO columns of a thread per sender, computed once per thread."""

    def __init__(self, world: World, conv: Conversation):
        self.world = world
        self.conv = conv
        self.cache: dict[int, tuple[str, str, str, str]] = {}

    def identity(self, who: int) -> tuple[str, str]:
        if who == OWNER:
            return self.world.owner.name, self.world.owner.url
        if who == ANON:
            return ANON_NAME, ""
        if who == SPONSOR:
            return SPONSOR_NAME, ""
        p = self.world.people[who]
        return p.name, p.url

    def columns(self, sender: int) -> tuple[str, str, str, str]:
        """(FROM, SENDER PROFILE URL, TO, RECIPIENT PROFILE URLS) for ``sender``'s rows."""
        found = self.cache.get(sender)
        if found is None:
            others = [m for m in (OWNER, *self.conv.members) if m != sender]
            ids = [self.identity(m) for m in others]
            names = ", ".join(name for name, _ in ids)
            urls = self.conv.url_sep.join(url for _, url in ids if url)
            found = (*self.identity(sender), names, urls)
            self.cache[sender] = found
        return found


def _system_text(world: World, kind: int, sender: int) -> str:
    if kind == ACCEPTED:
        return "Message request accepted"
    if sender == ANON:
        return "A LinkedIn member left the conversation."
    return f"{world.people[sender].name} left the conversation."


def _message_rows(world: World, conv: Conversation, upto: int, day_texts: dict[int, str]):
    """The thread's rows up to index ``upto``, newest first, as messages.csv holds them."""
    addressing = _Addressing(world, conv)
    conv_draft = FLAG[conv.is_draft]
    for k in range(upto - 1, -1, -1):
        ts, sender, kind, content = conv.messages[k]
        day, second = divmod(ts, DAY)
        day_text = day_texts.get(day)
        if day_text is None:
            day_text = day_texts[day] = _date_of(day).isoformat()
        hour, rest = divmod(second, HOUR)
        when = f"{day_text} {hour:02d}:{rest // 60:02d}:{rest % 60:02d} UTC"
        if kind == AD:
            text = SPONSORED_TEXT
        elif kind in (MSG, DRAFT):
            text = CONTENTS[content]
        else:
            text = _system_text(world, kind, sender)
        attachment = ""
        if content in ATTACHMENT_CONTENTS and kind == MSG:
            attachment = f"https://www.linkedin.com/dms/prv/attachment/{conv.cid[2:18]}{k}"
        yield (
            conv.cid,
            conv.title,
            *addressing.columns(sender),
            when,
            conv.subject if k == 0 else "",
            text,
            conv.folder,
            attachment,
            FLAG[kind == DRAFT],
            conv_draft,
        )


def _write_messages_csv(world: World, as_of: date, raw) -> int:
    """Stream messages.csv into ``raw`` (a binary stream); returns the number of rows.

    Threads come newest first and each thread's rows newest first, which is how
    LinkedIn lays the file out; a BOM and a header with every name quoted come first.
    """
    limit = (_day_of(as_of) + 1) * DAY
    threads = []
    for order, conv in enumerate(world.conversations):
        upto = bisect_left(conv.messages, (limit,))
        if upto:
            threads.append((-conv.messages[upto - 1][0], order, conv, upto))
    threads.sort(key=lambda t: (t[0], t[1]))
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    text.write("\ufeff" + ",".join(f'"{h}"' for h in MESSAGES_HEADER) + "\n")
    writer = csv.writer(text, lineterminator="\n")
    day_texts: dict[int, str] = {}
    rows = 0
    for _, _, conv, upto in threads:
        writer.writerows(_message_rows(world, conv, upto, day_texts))
        rows += upto
    text.flush()
    text.detach()
    return rows


def _zip_info(name: str, stamp: date) -> zipfile.ZipInfo:
    """A member header with fixed time and attributes, so the archive's bytes repeat."""
    info = zipfile.ZipInfo(name, date_time=(stamp.year, stamp.month, stamp.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info


def export_name(export_date: date, kind: str = "Basic") -> str:
    """``Basic_LinkedInDataExport_MM-DD-YYYY.zip``, the name LinkedIn gives the archive."""
    return f"{kind}_LinkedInDataExport_{export_date:%m-%d-%Y}.zip"


def write_linkedin_export(
    world: World,
    export_date: date,
    out_dir: Path | str,
    *,
    kind: str = "Basic",
    include_messages: bool = True,
) -> Path:
    """Write the export LinkedIn would have produced on ``export_date``; returns its path.

    Only what had happened by that date is in it: connections made on or before it and
    messages dated on or before it (UTC). Members sit at the archive root.
    """
    if export_date > world.end:
        raise ValueError(f"export date {export_date} is after the world's end {world.end}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / export_name(export_date, kind)
    members = _render_small_members(world, export_date)
    with zipfile.ZipFile(path, "w") as zf:
        for name in sorted(members):
            zf.writestr(_zip_info(name, export_date), members[name].encode("utf-8"))
        if include_messages:
            with zf.open(_zip_info("messages.csv", export_date), "w") as raw:
                _write_messages_csv(world, export_date, raw)
    return path


# ----------------------------------------------------------------------- vCards


def _escape_v3(value: str) -> str:
    """vCard 3.0 text escaping (RFC 2426 5.2)."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _fold_v3(line: str) -> list[str]:
    """Fold at 75 octets without splitting a UTF-8 character, as Apple and Google do."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines start with a space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def _qp_lines(prefix: str, value: str, every_byte: bool) -> list[str]:
    """A vCard 2.1 QUOTED-PRINTABLE property with ``=`` soft breaks at 76 characters.

    Outlook encodes only what is not printable ASCII; Android encodes every byte.
    The ``;`` that separates N components stays literal in both.
    """
    tokens = []
    for ch in value:
        if ch == ";" or (not every_byte and ch.isascii() and ch.isprintable() and ch != "="):
            tokens.append(ch)
        else:
            tokens.extend(f"={b:02X}" for b in ch.encode("utf-8"))
    lines, current = [], f"{prefix};CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
    for token in tokens:
        if len(current) + len(token) > 75:
            lines.append(current + "=")
            current = ""
        current += token
    lines.append(current)
    return lines


def _v21(prefix: str, value: str, every_byte: bool = False) -> list[str]:
    if value.isascii():
        return [f"{prefix}:{value}"]
    return _qp_lines(prefix, value, every_byte)


def _slug_of(url: str) -> str:
    found = re.search(r"/in/([^/?]+)", url)
    return found.group(1) if found else ""


def _full_name(card: Card) -> str:
    return " ".join(part for part in (card.prefix, card.first, card.last) if part)


def _render_google(card: Card) -> list[str]:
    """Google Contacts export: 3.0, grouped ``itemN.`` properties with X-ABLabel."""
    lines = [
        "VERSION:3.0",
        f"FN:{_escape_v3(_full_name(card))}",
        f"N:{_escape_v3(card.last)};{_escape_v3(card.first)};;{_escape_v3(card.prefix)};",
    ]
    item = 0
    for k, email in enumerate(card.emails):
        item += 1
        lines += [
            f"item{item}.EMAIL;TYPE=INTERNET:{email}",
            f"item{item}.X-ABLabel:{('Work', 'Personal')[k % 2]}",
        ]
    for k, phone in enumerate(card.phones):
        lines.append(f"TEL;TYPE={('CELL', 'WORK')[k % 2]}:{phone}")
    if card.org:
        lines.append(f"ORG:{_escape_v3(card.org)}")
    if card.title:
        lines.append(f"TITLE:{_escape_v3(card.title)}")
    if card.birthday:
        lines.append(f"BDAY:{card.birthday}")
    if card.linkedin_url:
        item += 1
        # Google escapes the colon of URLs in its exports
        lines += [
            f"item{item}.URL:{card.linkedin_url.replace(':', chr(92) + ':')}",
            f"item{item}.X-ABLabel:LinkedIn",
        ]
    lines.append("CATEGORIES:myContacts")
    return lines


def _render_apple(card: Card) -> list[str]:
    """iCloud / macOS Contacts: 3.0 with X-SOCIALPROFILE and/or a LinkedIn-labelled URL."""
    lines = [
        "VERSION:3.0",
        "PRODID:-//Apple Inc.//iPhone OS 17.5.1//EN",
        f"N:{_escape_v3(card.last)};{_escape_v3(card.first)};;{_escape_v3(card.prefix)};",
        f"FN:{_escape_v3(_full_name(card))}",
    ]
    if card.org:
        lines.append(f"ORG:{_escape_v3(card.org)};")
    if card.title:
        lines.append(f"TITLE:{_escape_v3(card.title)}")
    for k, email in enumerate(card.emails):
        pref = ";type=pref" if k == 0 else ""
        lines.append(f"EMAIL;type=INTERNET;type={('HOME', 'WORK')[k % 2]}{pref}:{email}")
    for k, phone in enumerate(card.phones):
        lines.append(
            f"TEL;type={('CELL', 'WORK')[k % 2]};type=VOICE{';type=pref' if k == 0 else ''}:{phone}"
        )
    if card.linkedin_url:
        slug = _slug_of(card.linkedin_url)
        # Apple keeps the profile either as a social profile, a labelled URL, or both
        variant = sum(map(ord, slug)) % 3
        if variant != 0:
            lines += [f"item1.URL;type=pref:{card.linkedin_url}", "item1.X-ABLabel:LinkedIn"]
        if variant != 1:
            lines.append(
                f"X-SOCIALPROFILE;type=linkedin;x-user={slug}:http://www.linkedin.com/in/{slug}"
            )
    if card.birthday:
        lines.append(f"BDAY:{card.birthday}")
    return lines


def _render_outlook(card: Card, rev: str) -> list[str]:
    """Outlook: 2.1, QUOTED-PRINTABLE with CHARSET=UTF-8 for anything not ASCII."""
    lines = ["VERSION:2.1"]
    lines += _v21("N;LANGUAGE=en-us", f"{card.last};{card.first};;{card.prefix};")
    lines += _v21("FN", _full_name(card))
    if card.org:
        lines += _v21("ORG", card.org)
    if card.title:
        lines += _v21("TITLE", card.title)
    for k, phone in enumerate(card.phones):
        lines.append(f"TEL;{('WORK', 'CELL')[k % 2]};VOICE:{phone}")
    for k, email in enumerate(card.emails):
        lines.append(f"EMAIL;{'PREF;' if k == 0 else ''}INTERNET:{email}")
    lines += ["X-MS-OL-DEFAULT-POSTAL-ADDRESS:0", f"REV:{rev}"]
    return lines


def _render_android(card: Card) -> list[str]:
    """Android contacts export: 2.1, every byte of a non-ASCII value quoted-printable."""
    lines = ["VERSION:2.1"]
    lines += _v21("N", f"{card.last};{card.first};;{card.prefix};", every_byte=True)
    lines += _v21("FN", _full_name(card), every_byte=True)
    for k, phone in enumerate(card.phones):
        lines.append(f"TEL;{('CELL', 'HOME')[k % 2]}:{phone}")
    for email in card.emails:
        lines.append(f"EMAIL;HOME:{email}")
    if card.org:
        lines += _v21("ORG", card.org, every_byte=True)
    return lines


def _render_card(card: Card, rev: str) -> str:
    if card.style == "google":
        body = _render_google(card)
    elif card.style == "apple":
        body = _render_apple(card)
    elif card.style == "outlook":
        body = _render_outlook(card, rev)
    else:
        body = _render_android(card)
    if card.style in ("google", "apple"):
        body = [part for line in body for part in _fold_v3(line)]
    return "\r\n".join(["BEGIN:VCARD", *body, "END:VCARD"]) + "\r\n"


def write_address_book(world: World, path: Path | str, *, n_cards: int | None = None) -> Path:
    """Write the world's address book (its first ``n_cards`` cards) as one .vcf, CRLF."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rev = f"{world.end - timedelta(days=40):%Y%m%d}T101500Z"
    cards = world.cards if n_cards is None else world.cards[:n_cards]
    path.write_bytes("".join(_render_card(card, rev) for card in cards).encode("utf-8"))
    return path


# -------------------------------------------------------------------------- CLI


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tools.samplegen",
        description="Write a deterministic sample LinkedIn export, address book and Google "
        "Takeout (mail and calendar).",
    )
    parser.add_argument("out_dir", type=Path, help="folder to write into (created if missing)")
    parser.add_argument("--connections", type=int, default=620, help="connections (min 40)")
    parser.add_argument("--messages", type=int, default=4000, help="rows of messages.csv")
    parser.add_argument("--cards", type=int, default=40, help="cards in contacts.vcf")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--date",
        type=date.fromisoformat,
        default=DEFAULT_END,
        help="the world's end and the export date, YYYY-MM-DD (default 2026-11-15)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build the world, write the export and the address book, print what was written."""
    args = _parse_args(argv)
    world = build_world(
        seed=args.seed,
        n_connections=args.connections,
        n_messages=args.messages,
        n_cards=args.cards,
        end=args.date,
    )
    # The mail and calendar module builds on this one's world, so it is imported here.
    from tools import samplechannels

    archive = write_linkedin_export(world, args.date, args.out_dir)
    book = write_address_book(world, args.out_dir / "contacts.vcf")
    print(f"wrote {archive}")
    print(f"wrote {book} ({len(world.cards)} cards)")
    try:
        channels = samplechannels.build_channels(world)
    except ValueError as exc:
        print(f"no Takeout: {exc}")
        print(f"expected summary as of {args.date}: {expected_summary(world, args.date)}")
        return 0
    takeout = samplechannels.write_takeout(world, channels, args.out_dir)
    print(f"wrote {takeout} ({len(channels.mails)} messages, {len(channels.events)} events)")
    summary = samplechannels.expected_summary(world, channels, args.date)
    print(f"expected summary as of {args.date}: {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
