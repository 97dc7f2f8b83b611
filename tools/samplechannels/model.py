"""What the sample's mail and calendar are made of: the people, messages and events of
the design, the owner's two addresses, and DESIGN's reasons in DESIGN's words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

ME, ME_WORK = -1, -2  # the owner's addresses, sg.OWNER_EMAILS[0] and [1]
ZONE = "America/Los_Angeles"  # the owner's zone, and the calendar's
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


def to_utc(wall: datetime) -> datetime:
    """A wall time in the owner's zone as a UTC instant."""
    return wall.replace(tzinfo=ZoneInfo(ZONE)).astimezone(timezone.utc)
