"""Every channel at once, end to end: exact tiers, dates, counts and channels per person.

The fixture tests/fixtures/channels (its README.md says which documented structure each
file follows) holds a LinkedIn export, a Gmail Takeout mbox, a Thunderbird folder with a
copy of one Takeout message, a Google calendar and an interactions CSV, with one person
per rule of DESIGN ("Tiers", "Interaction channels"). Every expected value below was
reckoned by hand from the fixture's rows and DESIGN's rules, the reckoning in the comment
beside it; none was read back from the code.

T = 2026-11-21, A = 90, W = 365: T - A = 2026-08-23 (active from there), T - W =
2025-11-21 (warm from there), bounds inclusive, dates in UTC.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from html.parser import HTMLParser

import pytest

from audit.pipeline import run_audit
from audit.report import render_csv, render_html, render_json
from audit.settings import Settings
from tests.helpers import FIXTURES, run_cli

AS_OF = date(2026, 11, 21)
CHANNELS = FIXTURES / "channels"
EXPORT = CHANNELS / "linkedin_export"
MBOX = CHANNELS / "Takeout" / "Mail" / "All mail Including Spam and Trash.mbox"
ARCHIVE = CHANNELS / "Thunderbird" / "Local Folders" / "Archive"
CALENDAR = CHANNELS / "Takeout" / "Calendar" / "Avery Quinn.ics"
CALLS = CHANNELS / "calls.csv"
MESSAGES = EXPORT / "messages.csv"

# The file names as the audit writes them (relative to the PATH, the fixture folder).
MBOX_NAME = "Takeout/Mail/All mail Including Spam and Trash.mbox"
ARCHIVE_NAME = "Thunderbird/Local Folders/Archive"
CALENDAR_NAME = "Takeout/Calendar/Avery Quinn.ics"


@pytest.fixture(scope="module")
def result():
    return run_audit([CHANNELS], Settings(as_of=AS_OF))


@pytest.fixture(scope="module")
def document(result):
    return result.document


def written(n_in, n_out, last_two_way):
    """A LinkedIn or e-mail channel of a person, as DESIGN's JSON writes it."""
    return {"in": n_in, "out": n_out, "last_two_way": last_two_way}


def met(count, last):
    return {"count": count, "last": last}


def rows_of(n_in, n_out, both, last_two_way):
    """A channel of an interactions CSV."""
    return {"in": n_in, "out": n_out, "both": both, "last_two_way": last_two_way}


def url(slug):
    return f"https://www.linkedin.com/in/{slug}"


# (name, profile URL or None, is_connection, tier, last_in, last_out, last_two_way,
#  messages_in, messages_out, channels)
PEOPLE = [
    # E-mail: in 08-22, out 08-23, in 08-23. Newest each way 08-23 / 08-23, the older of
    # them 08-23 = T - 90 exactly: active (bound inclusive).
    ("Abe Active", url("abe-active-01"), True, "active",
     "2026-08-23", "2026-08-23", "2026-08-23", 2, 1, {"email": written(2, 1, "2026-08-23")}),
    # out 08-22, in 08-22, out 10-01 (the Thunderbird copy): newest out 10-01, newest in
    # 08-22, two-way 08-22 = T - 91: warm. Her mail of 23:50 -0500 on T is 2026-11-22 in
    # UTC: after as-of, not counted.
    ("Wanda Warm", url("wanda-warm-02"), True, "warm",
     "2026-08-22", "2026-10-01", "2026-08-22", 1, 2, {"email": written(1, 2, "2026-08-22")}),
    # LinkedIn: out 2024-06-01, in 2024-06-02: two-way 2024-06-01, dormant on its own.
    # E-mail: in 2025-11-21 08:00Z, out "Sat, 22 Nov 2025 00:30 +0100" = 2025-11-21 23:30Z:
    # two-way 2025-11-21 = T - 365 exactly: warm. The newest over channels wins.
    ("Yusuf Year", url("yusuf-year-03"), True, "warm",
     "2025-11-21", "2025-11-21", "2025-11-21", 2, 2,
     {"linkedin": written(1, 1, "2024-06-01"), "email": written(1, 1, "2025-11-21")}),
    # in "Fri, 21 Nov 2025 00:15 +0100" = 11-20 23:15Z, out "Fri, 21 Nov 2025 01:30 +0200"
    # = 11-20 23:30Z: two-way 2025-11-20 = T - 366: dormant (by local dates it would be
    # the 21st, warm).
    ("Dirk Dormant", url("dirk-dormant-04"), True, "dormant",
     "2025-11-20", "2025-11-20", "2025-11-20", 1, 1, {"email": written(1, 1, "2025-11-20")}),
    # out 09-01; her newsletter from lena@example.org (List-Unsubscribe) on 10-10 is list
    # mail, ignored: it must not make the exchange two-way. Newest counted is the owner's.
    ("Lena List", url("lena-list-05"), True, "one_way_out",
     None, "2026-09-01", None, 0, 1, {"email": written(0, 1, None)}),
    # The owner's mail of 10-02 to Gil and 4 others has 6 participants: group mail. The
    # owner's 1:1 answer of 10-04 is a deleted Thunderbird copy (X-Mozilla-Status 0009).
    # Left: Gil's own mail of 10-03: one_way_in.
    ("Gil Group", url("gil-group-06"), True, "one_way_in",
     "2026-10-03", None, None, 1, 0, {"email": written(1, 0, None)}),
    # Fay, the owner and 3 Cc: 5 participants, counts. in 10-04, out (reply to all) 10-05:
    # two-way 10-04: active.
    ("Fay Five", url("fay-five-07"), True, "active",
     "2026-10-04", "2026-10-05", "2026-10-04", 1, 1, {"email": written(1, 1, "2026-10-04")}),
    # in 10-06; the owner's Gmail reply of 10-07 is labelled Draft, the LinkedIn one is a
    # draft conversation (IS MESSAGE DRAFT Yes): neither counts. one_way_in.
    ("Dana Draft", url("dana-draft-08"), True, "one_way_in",
     "2026-10-06", None, None, 1, 0, {"email": written(1, 0, None)}),
    # out 09-20; Sam's answer of 10-08 is labelled Spam, his LinkedIn row of 10-09 is in
    # the SPAM folder: one_way_out.
    ("Sam Spam", url("sam-spam-09"), True, "one_way_out",
     None, "2026-09-20", None, 0, 1, {"email": written(0, 1, None)}),
    # in 09-10 (in both mbox files, one Message-ID: once), out 09-11: two-way 09-10.
    ("Dee Duplicate", url("dee-duplicate-10"), True, "active",
     "2026-09-10", "2026-09-11", "2026-09-10", 1, 1, {"email": written(1, 1, "2026-09-10")}),
    # LinkedIn in 10-12, e-mail out 10-13: a message each way on two channels, no two-way
    # exchange (DESIGN: exchanges are two-way within a channel); the newest is the owner's.
    ("Mia Mixed", url("mia-mixed-11"), True, "one_way_out",
     "2026-10-12", "2026-10-13", None, 1, 1,
     {"linkedin": written(1, 0, None), "email": written(0, 1, None)}),
    # nora.n@example.net is in no record; its display name "Nameonly, Nora" (RFC 2047,
    # comma inside) read as "Nora Nameonly" is exactly one connection's name: joins her.
    # in 10-15, out 10-16: two-way 10-15.
    ("Nora Nameonly", url("nora-nameonly-12"), True, "active",
     "2026-10-15", "2026-10-16", "2026-10-15", 1, 1, {"email": written(1, 1, "2026-10-15")}),
    # Two connections are called Chris Common: the address joins neither of them.
    ("Chris Common", url("chris-common-13"), True, "silent", None, None, None, 0, 0, {}),
    ("Chris Common", url("chris-common-14"), True, "silent", None, None, None, 0, 0, {}),
    # ... and, with a two-way exchange (in 10-17, out 10-18), it is a person of its own,
    # not a connection.
    ("Chris Common", None, False, "active",
     "2026-10-17", "2026-10-18", "2026-10-17", 1, 1, {"email": written(1, 1, "2026-10-17")}),
    # LinkedIn: in 09-05, out 09-06, in on T 08:00 (counts: dated on T); the owner's draft
    # on T 10:00 does not. Newest out 09-06, newest in 11-21: two-way 09-06, active.
    ("Lars Linked", url("lars-linked-15"), True, "active",
     "2026-11-21", "2026-09-06", "2026-09-06", 2, 1, {"linkedin": written(2, 1, "2026-09-06")}),
    # In no record: two-way by e-mail (in 11-01; out 11-02 from Avery.Quinn@gmail.com,
    # the owner's avery.quinn@gmail.com with Gmail's dots folded): a person, not a
    # connection.
    ("Pat Penn", None, False, "active",
     "2026-11-01", "2026-11-02", "2026-11-01", 1, 1, {"email": written(1, 1, "2026-11-01")}),
    # Declined the owner's meeting: the owner is its only participant left (no guests).
    ("Dina Declined", url("dina-declined-16"), True, "silent", None, None, None, 0, 0, {}),
    # Tentative is not accepted: nobody but the owner accepted.
    ("Theo Tentative", url("theo-tentative-17"), True, "silent", None, None, None, 0, 0, {}),
    # Cancelled.
    ("Cora Cancelled", url("cora-cancelled-18"), True, "silent", None, None, None, 0, 0, {}),
    # Owner, Ravi and 3 who have not answered (they did not decline: they count toward the
    # size) = 5; the resource and the room are not participants (with them: 7, a group).
    # 10:00 Europe/London (BST) on 10-23 = 09:00Z: a two-way exchange on 10-23.
    ("Ravi Room", url("ravi-room-19"), True, "active",
     "2026-10-23", "2026-10-23", "2026-10-23", 0, 0, {"meeting": met(1, "2026-10-23")}),
    # The dinner has 9 participants: a group meeting. The call to him on 11-05 names him
    # by name only, which is exactly one connection's: joins him. one_way_out.
    ("Gus Gathering", url("gus-gathering-20"), True, "one_way_out",
     None, "2026-11-05", None, 0, 1, {"call": rows_of(0, 1, 0, None)}),
    # Mondays 06-01 ... 08-24 are 13; EXDATE removes 08-24 (which, at T - 89, would be
    # active): 12 meetings, the last 08-17 = T - 96: warm. Joins by the attendee's CN.
    ("Wes Weekly", url("wes-weekly-21"), True, "warm",
     "2026-08-17", "2026-08-17", "2026-08-17", 0, 0, {"meeting": met(12, "2026-08-17")}),
    # COUNT=4 from Tue 06-02: 06-02, 06-09, 06-16, 06-23; the 06-23 one moved to 08-25 by
    # RECURRENCE-ID: still 4, the last 08-25 = T - 88: active (unmoved: 06-23, warm).
    ("Mo Moved", url("mo-moved-22"), True, "active",
     "2026-08-25", "2026-08-25", "2026-08-25", 0, 0, {"meeting": met(4, "2026-08-25")}),
    # An all-day event on T, dated by its date: counts.
    ("Alma Allday", url("alma-allday-23"), True, "active",
     "2026-11-21", "2026-11-21", "2026-11-21", 0, 0, {"meeting": met(1, "2026-11-21")}),
    # Meeting on 11-22: after as-of.
    ("Fritz Future", url("fritz-future-24"), True, "silent", None, None, None, 0, 0, {}),
    # The owner never answered Nils's invitation (NEEDS-ACTION): not accepted by you.
    ("Nils Needs", url("nils-needs-25"), True, "silent", None, None, None, 0, 0, {}),
    # Call "both" on 09-30 by profile URL: a two-way exchange that day (in, out and
    # two-way, no written message). The "out" call on 11-25 is after as-of.
    ("Cal Caller", url("cal-caller-26"), True, "active",
     "2026-09-30", "2026-09-30", "2026-09-30", 0, 0, {"call": rows_of(0, 0, 1, "2026-09-30")}),
    # Text in at 2026-11-03T23:30-02:00 = 2026-11-04 01:30Z; the other row's date
    # "31/10/2026" is unreadable (skipped). one_way_in.
    ("Sid Sms", url("sid-sms-27"), True, "one_way_in",
     "2026-11-04", None, None, 1, 0, {"sms": rows_of(1, 0, 0, None)}),
    ("Sophie Silent", url("sophie-silent-28"), True, "silent", None, None, None, 0, 0, {}),
]  # fmt: skip


def _identity(person: dict) -> tuple:
    return (person["name"], person["linkedin_url"], person["is_connection"])


def test_every_person_exactly(document):
    got = {
        _identity(p): (
            p["tier"],
            p["last_in"],
            p["last_out"],
            p["last_two_way"],
            p["messages_in"],
            p["messages_out"],
            p["channels"],
        )
        for p in document["people"]
    }
    # No two people share a name, URL and kind: the table has one entry per person.
    assert len(got) == len(document["people"])
    expected = {(name, link, conn): tuple(rest) for name, link, conn, *rest in PEOPLE}
    for who in expected:
        assert got.get(who) == expected[who], who
    # Nobody else: 28 connections (29 rows, one of them a member who left) + Pat + Chris.
    assert sorted(got, key=str) == sorted(expected, key=str)


def test_summary(document):
    # Connections.csv has 29 data rows; the row of commas is no person: 28 connections.
    # Tiers (from PEOPLE): active Abe, Fay, Dee, Nora, Lars, Ravi, Mo, Alma, Cal = 9;
    # warm Wanda, Yusuf, Wes = 3; dormant Dirk = 1; one_way_out Lena, Sam, Mia, Gus = 4;
    # one_way_in Gil, Dana, Sid = 3; silent Chris x2, Dina, Theo, Cora, Fritz, Nils,
    # Sophie = 8. 9+3+1+4+3+8 = 28. People: 28 + Pat Penn + the third Chris Common = 30.
    assert {k: v for k, v in document["summary"].items() if k != "channels"} == {
        "connections": 28,
        "people": 30,
        "reachable": 12,
        "tiers": {
            "active": 9,
            "warm": 3,
            "dormant": 1,
            "one_way_out": 4,
            "one_way_in": 3,
            "silent": 8,
        },
    }


def test_channels_counted(document):
    assert document["summary"]["channels"] == {
        # messages.csv rows: Lars 09-05, 09-06, 11-21 08:00; Mia 10-12; Yusuf 2024-06-01,
        # 2024-06-02 = 6 (the 2 drafts and the SPAM row are ignored).
        "linkedin": 6,
        # Takeout 33 messages, 25 counted: Abe 3, Wanda 2, Yusuf 2, Dirk 2, Lena 1 (the
        # owner's), Gil 1, Fay 2, Dana 1, Sam 1, Dee 2, Mia 1, Nora 2, Chris 2, Pat 2,
        # Olive 1 (a counterpart who is no person still counts). Thunderbird: Wanda's
        # 10-01 and Dee's copy (one message with the Takeout copy: counted once) = 1 more.
        "email": 26,
        # Occurrences: Ravi 1 + Wes 12 + Mo 3 + Mo's moved one 1 + Alma 1 = 18.
        "meeting": 18,
        # calls.csv: Cal "both" 09-30, Gus "out" 11-05 (Cal's 11-25 is after T).
        "call": 2,
        # Sid's 11-04 (the other row is skipped).
        "sms": 1,
    }


def test_ignored_per_channel_and_reason(document):
    assert document["ignored"] == {
        # Lars's reply drafted on T (Yes,No), Dana's draft conversation (Yes,Yes); Sam's
        # row in the SPAM folder.
        "linkedin": {"draft": 2, "spam": 1},
        "email": {
            "after as-of": 1,  # Wanda, 23:50 -0500 on T = 04:50Z on 11-22
            "between your own addresses": 1,  # avery@example.com -> avery.quinn@gmail.com
            "deleted": 1,  # Thunderbird copy with X-Mozilla-Status 0009 (owner -> Gil)
            "draft": 1,  # X-Gmail-Labels: Draft (owner -> Dana)
            "duplicate Message-ID": 1,  # Dee's mail, in both files
            "group mail": 1,  # owner + Gil + Kim + Lou + Max + Ned = 6 > 5
            "list or bulk mail": 1,  # Lena's newsletter (List-Unsubscribe)
            "no-reply address": 1,  # no-reply@accounts.example.com
            "not with the owner": 1,  # Abe -> Quentin, the owner in Bcc
            "spam": 1,  # X-Gmail-Labels: Spam (Sam)
        },
        "meeting": {
            "after as-of": 1,  # Fritz, 2026-11-22
            "cancelled": 1,  # Cora, STATUS:CANCELLED
            "group meeting": 1,  # Gus's dinner: 9 participants
            "no guests": 1,  # Dina declined: the owner alone is left
            "no one else accepted": 1,  # Theo is tentative
            "not accepted by you": 1,  # Nils's invitation, the owner NEEDS-ACTION
        },
        "call": {"after as-of": 1},  # Cal, 2026-11-25
    }


def test_owner(document):
    assert document["owner"] == {
        "name": "Avery Quinn",  # Profile.csv, and the URL in every conversation
        "linkedin_url": "https://www.linkedin.com/in/avery-quinn-7a1b2c",
        "how": "detected",
        # Email Addresses.csv's two rows as written there (lower case), sorted: "." sorts
        # before "@". The Gmail one still matches averyquinn@gmail.com: the comparison
        # folds its dots, the report shows what the user wrote.
        "emails": ["avery.quinn@gmail.com", "avery@example.com"],
        "emails_from": ["Email Addresses.csv"],
    }


def test_joins_by_display_name_carry_their_reason(result, document):
    by_identity = {_identity(p): p for p in document["people"]}
    same_name = "same name as e-mail sender"
    nora = by_identity[("Nora Nameonly", url("nora-nameonly-12"), True)]
    wes = by_identity[("Wes Weekly", url("wes-weekly-21"), True)]
    gus = by_identity[("Gus Gathering", url("gus-gathering-20"), True)]
    for person in (nora, wes, gus):
        assert same_name in person["match_reasons"], person["name"]
    # The shared name joined neither connection.
    for slug in ("chris-common-13", "chris-common-14"):
        chris = by_identity[("Chris Common", url(slug), True)]
        assert same_name not in chris["match_reasons"]
    # The report's list, sorted by key: the two addresses, then the CSV's bare name.
    assert result.extras["name_joins"] == [
        {"id": nora["id"], "name": "Nora Nameonly", "address": "nora.n@example.net"},
        {"id": wes["id"], "name": "Wes Weekly", "address": "wes.w@example.net"},
        {"id": gus["id"], "name": "Gus Gathering", "address": None},
    ]
    # The people who became people by e-mail have no records, only their address.
    pat = by_identity[("Pat Penn", None, False)]
    third_chris = by_identity[("Chris Common", None, False)]
    assert (pat["records"], pat["emails"]) == ([], ["pat@example.org"])
    assert (third_chris["records"], third_chris["emails"]) == ([], ["chris.c@example.net"])


def test_one_way_addresses(result):
    # Counterparts matching no person, with no two-way exchange: Olive (wrote once, on T)
    # and Carl, Cleo, Cody Copy (only Cc'd on the owner's reply to Fay). Kim, Lou, Max,
    # Ned were only in the ignored group mail; Hal, Ivy, Jon never accepted Ravi's
    # meeting; the 7 dinner guests were in an ignored group meeting: none of them count.
    assert result.extras["one_way_addresses"] == 4


def test_skipped_and_ignored_files(result, document):
    assert document["skipped"] == [
        {"file": CALENDAR_NAME, "record": 12, "reason": "event has no DTSTART"},
        {
            "file": ARCHIVE_NAME,
            "record": 4,
            "reason": "no readable date: the Date header 'Freitag, 31. Februar' is not a "
            "date nor a dated mbox 'From ' line",
        },
        {"file": "calls.csv", "record": 5, "reason": "unreadable date '31/10/2026'"},
        {
            "file": "linkedin_export/Connections.csv",
            "record": 16,
            "reason": "connection with no name and no profile URL (left LinkedIn or restricted)",
        },
    ]
    # The fixture's README.md is the one file of no known kind.
    assert result.extras["ignored_files"] == ["README.md"]


# ---------------------------------------------------------------------------------------
# Conservation: for every interaction file, read = counted + ignored + skipped, with
# "read" counted here independently of the reader.


def count_from_lines(path) -> int:
    """``grep -c '^From '``."""
    return sum(1 for line in path.read_bytes().split(b"\n") if line.startswith(b"From "))


def test_independent_counts_of_the_files():
    # 34 lines start "From " in the Takeout file; one of them is the body line "From the
    # notes I took at the meetup" in Pat's mail (after a blank line, but followed by
    # prose, not a header): 33 messages, as the README's list of 33 says.
    assert count_from_lines(MBOX) == 34
    # Thunderbird: 4 envelopes, no body line starting "From ".
    assert count_from_lines(ARCHIVE) == 4
    # 12 VEVENTs: 9 single events (Dina, Theo, Cora, Ravi, Gus, Alma, Fritz, Nils, and
    # Mo's moved copy), Wes's series (12 occurrences up to T), Mo's series (4, less the
    # one the copy replaces: 3) and one without DTSTART: 9 + 12 + 3 = 24 occurrences.
    assert CALENDAR.read_text(encoding="utf-8").count("BEGIN:VEVENT") == 12
    # Data rows, by the csv module.
    assert len(list(csv.reader(io.StringIO(CALLS.read_text(encoding="utf-8"))))) - 1 == 5
    assert len(list(csv.reader(io.StringIO(MESSAGES.read_text(encoding="utf-8"))))) - 1 == 9


def _skipped_in(document, *names) -> int:
    return sum(1 for s in document["skipped"] if s["file"] in names)


@pytest.mark.parametrize(
    ("channels", "files", "read"),
    [
        # 33 Takeout messages + 4 Thunderbird ones.
        (("email",), (MBOX_NAME, ARCHIVE_NAME), 33 + 4),
        # 24 occurrences + the VEVENT without a start.
        (("meeting",), (CALENDAR_NAME,), 24 + 1),
        (("call", "sms"), ("calls.csv",), 5),
        (("linkedin",), ("linkedin_export/messages.csv",), 9),
    ],
)
def test_read_is_counted_plus_ignored_plus_skipped(document, channels, files, read):
    counted = sum(document["summary"]["channels"][c] for c in channels)
    ignored = sum(sum(document["ignored"].get(c, {}).values()) for c in channels)
    assert counted + ignored + _skipped_in(document, *files) == read


@pytest.mark.parametrize(
    ("mail", "read", "counted", "ignored", "skipped"),
    [
        # Alone, the Takeout file: 25 counted (see test_channels_counted), 8 ignored (all
        # the e-mail reasons but "deleted" and "duplicate Message-ID"), 0 skipped.
        (MBOX, 33, 25, 8, 0),
        # Alone, the Thunderbird folder: Wanda's and Dee's (no duplicate now) counted, the
        # deleted copy ignored, the undated one skipped.
        (ARCHIVE, 4, 2, 1, 1),
    ],
)
def test_each_mail_file_on_its_own(mail, read, counted, ignored, skipped):
    alone = run_audit([EXPORT, mail], Settings(as_of=AS_OF)).document
    got = (
        alone["summary"]["channels"]["email"],
        sum(alone["ignored"]["email"].values()),
        sum(1 for s in alone["skipped"] if s["file"] == mail.name),
    )
    assert got == (counted, ignored, skipped)
    assert sum(got) == read


# ---------------------------------------------------------------------------------------
# The report and the command


class ChannelsSection(HTMLParser):
    """The text of each table row, list item and paragraph inside section#channels."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # sections open inside (and including) #channels
        self.rows: list[list[str]] = []
        self.items: list[str] = []
        self.paragraphs: list[str] = []
        self._cell: list[str] | None = None
        self._item: list[str] | None = None
        self._paragraph: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "section" and (self.depth or dict(attrs).get("id") == "channels"):
            self.depth += 1
        if not self.depth:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "li":
            self._item = []
        elif tag == "p":
            self._paragraph = []

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "section":
            self.depth -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "li" and self._item is not None:
            self.items.append(" ".join("".join(self._item).split()))
            self._item = None
        elif tag == "p" and self._paragraph is not None:
            self.paragraphs.append(" ".join("".join(self._paragraph).split()))
            self._paragraph = None

    def handle_data(self, data):
        for part in (self._cell, self._item, self._paragraph):
            if part is not None:
                part.append(data)


def test_report_where_you_talk(result):
    section = ChannelsSection()
    section.feed(render_html(result.document, result.extras))
    table = section.rows[: 1 + 5]
    # People two-way in the window (last two-way or last meeting on or after 2025-11-21),
    # of them connections, and those with a recent two-way on this channel alone:
    assert table == [
        ["Channel", "Counted", "People two-way", "… of them connections",
         "… through this channel alone"],
        # Lars only (Yusuf's LinkedIn two-way is of 2024; Mia's is one-way).
        ["LinkedIn messages", "6", "1", "1", "1"],
        # Abe, Wanda, Yusuf (2025-11-21, on the bound), Fay, Dee, Nora + Pat and the third
        # Chris (not connections) = 8, 6 connections; Dirk's 2025-11-20 is out of the
        # window. Yusuf's LinkedIn is old, so all 8 through e-mail alone.
        ["E-mail", "26", "8", "6", "8"],
        # Ravi, Wes, Mo, Alma.
        ["Meetings", "18", "4", "4", "4"],
        # Cal's "both" row; Gus's call went one way.
        ["Call", "2", "1", "1", "1"],
        # Sid's text went one way.
        ["Sms", "1", "0", "0", "0"],
    ]  # fmt: skip
    people_lists = section.rows[6:]
    # "People you meet but never write to", newest meeting first: Alma 11-21, Ravi 10-23,
    # Mo 08-25, Wes 08-17 (Gus's only counted exchange is a call, and no meeting counted).
    met_rows = [
        r[:2]
        for r in people_lists
        if r and r[0] in ("Alma Allday", "Ravi Room", "Mo Moved", "Wes Weekly")
    ]
    assert met_rows == [
        ["Alma Allday", "2026-11-21"],
        ["Ravi Room", "2026-10-23"],
        ["Mo Moved", "2026-08-25"],
        ["Wes Weekly", "2026-08-17"],
    ]  # fmt: skip
    text = " ".join(section.paragraphs)
    assert "4 addresses only wrote to you or only heard from you" in text
    # "Matched by name only": the CSV's bare name has no address beside it.
    assert section.items == [
        "Nora Nameonly (nora.n@example.net)",
        "Wes Weekly (wes.w@example.net)",
        "Gus Gathering",
    ]


def test_report_lists_people_you_talk_with_who_are_not_connections(result):
    section = ChannelsSection()
    section.feed(render_html(result.document, result.extras))
    names = [r[0] for r in section.rows if r and r[0] in ("Pat Penn", "Chris Common")]
    # Two-way in the window, no connection: Pat (11-01), then the third Chris (10-17).
    assert names == ["Pat Penn", "Chris Common"]


def test_no_subject_title_or_body_reaches_any_output(result):
    outputs = (
        render_html(result.document, result.extras),
        render_json(result.document),
        render_csv(result.document),
    )
    for secret in (
        "Coffee next week",
        "Private title",
        "Buy milk",
        "one more role came up",
        "From the notes",
        "Security alert",
        "Lena Letters, issue 42",
    ):
        for output in outputs:
            assert secret not in output, secret  # fmt: skip


def test_the_command_writes_the_same_document(result, tmp_path):
    done = run_cli(
        "audit", str(CHANNELS), "--out", str(tmp_path), "--as-of", "2026-11-21", "--no-history"
    )
    assert done.returncode == 0, done.stderr
    written = json.loads((tmp_path / "reachable-2026-11-21.json").read_text(encoding="utf-8"))
    expected = json.loads(render_json(result.document))
    for key in ("as_of", "summary", "owner", "ignored", "skipped", "people"):
        assert written[key] == expected[key], key
    assert written["as_of_source"] == "--as-of"
    # One CSV row per person: 30.
    with open(tmp_path / "reachable-2026-11-21.csv", encoding="utf-8", newline="") as f:
        assert len(list(csv.DictReader(f))) == 30
