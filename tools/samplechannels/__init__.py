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

from tools.samplechannels.design import build_channels
from tools.samplechannels.model import ME, ME_WORK, Channels, Contact, Event, Mail
from tools.samplechannels.oracle import (
    channel_facts,
    expected_ignored,
    expected_strangers,
    expected_summary,
    expected_tiers,
    judge_mail,
    judge_meeting,
    occurrences,
)
from tools.samplechannels.takeout import (
    ICS_MEMBER,
    MBOX_MEMBER,
    render_calendar,
    render_mbox,
    takeout_name,
    write_takeout,
)

__all__ = [
    "ICS_MEMBER",
    "MBOX_MEMBER",
    "ME",
    "ME_WORK",
    "Channels",
    "Contact",
    "Event",
    "Mail",
    "build_channels",
    "channel_facts",
    "expected_ignored",
    "expected_strangers",
    "expected_summary",
    "expected_tiers",
    "judge_mail",
    "judge_meeting",
    "occurrences",
    "render_calendar",
    "render_mbox",
    "takeout_name",
    "write_takeout",
]
