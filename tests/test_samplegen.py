"""Tests of tools/samplegen.py and tools/samplechannels.py: same seed same bytes,
real-export shapes, a sound oracle.

The LinkedIn oracle (``expected_tiers``) is checked two ways: against the tiers each person
was designed for, and against a small independent recount from the written messages.csv,
so the files and the oracle cannot drift apart silently. The mail and calendar oracle
(``samplechannels.expected_*``) is checked against the tier each contact was designed for,
against occurrence counts reckoned by hand, and against a real audit of sample_exports/.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from audit.normalize import normalize_linkedin_url
from audit.pipeline import run_audit
from audit.settings import Settings
from tools import samplechannels as sc
from tools import samplegen as sg

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_exports"
SAMPLE_ZIP = SAMPLE / "Basic_LinkedInDataExport_11-15-2026.zip"
SAMPLE_VCF = SAMPLE / "contacts.vcf"
# The Takeout was made the morning after the LinkedIn export (samplechannels.TAKEOUT_STAMP).
SAMPLE_TAKEOUT = SAMPLE / "takeout-20261116T091512Z-001.zip"
OWNER_URL = "https://www.linkedin.com/in/avery-quinn-a1b2c3"
END = date(2026, 11, 15)
SEP, OCT = date(2026, 9, 15), date(2026, 10, 15)

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
)
MESSAGES_HEAD = (
    b'\xef\xbb\xbf"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
    b'"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS",'
    b'"IS MESSAGE DRAFT","IS CONVERSATION DRAFT"\n'
)


@pytest.fixture(scope="module")
def world() -> sg.World:
    return sg.build_world()


@pytest.fixture(scope="module")
def exports(world, tmp_path_factory) -> dict[date, Path]:
    out = tmp_path_factory.mktemp("exports")
    return {d: sg.write_linkedin_export(world, d, out) for d in (SEP, OCT, END)}


def read_member(archive: Path, name: str) -> bytes:
    with zipfile.ZipFile(archive) as zf:
        return zf.read(name)


def read_connections(archive: Path) -> list[list[str]]:
    """Data rows of Connections.csv (the 3 preamble lines and the header skipped)."""
    text = read_member(archive, "Connections.csv").decode("utf-8")
    return list(csv.reader(io.StringIO(text)))[4:]


def read_messages(archive: Path) -> list[dict[str, str]]:
    text = read_member(archive, "messages.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def recount_tiers(archive: Path, as_of: date) -> dict[str, str]:
    """DESIGN.md's tier table applied to the written files, independently of samplegen."""
    messages = read_messages(archive)
    members: dict[str, set[str]] = defaultdict(set)
    has_anonymous: dict[str, bool] = defaultdict(bool)
    for row in messages:
        cid = row["CONVERSATION ID"]
        members[cid].update(
            re.findall(r"https://www\.linkedin\.com/in/[^,;]+", row["RECIPIENT PROFILE URLS"])
        )
        if row["SENDER PROFILE URL"]:
            members[cid].add(row["SENDER PROFILE URL"])
        else:
            has_anonymous[cid] = True
    last_in: dict[str, dict[str, datetime]] = defaultdict(dict)
    last_out: dict[str, dict[str, datetime]] = defaultdict(dict)
    for row in messages:
        cid, content = row["CONVERSATION ID"], row["CONTENT"]
        system = content == "Message request accepted" or content.endswith("left the conversation.")
        small = len(members[cid]) + has_anonymous[cid] <= 5
        sent = datetime.strptime(row["DATE"], "%Y-%m-%d %H:%M:%S UTC")
        # Real exports write draft flags Yes/No; spam and ads (no sender URL) never count.
        draft = "Yes" in (row["IS MESSAGE DRAFT"], row["IS CONVERSATION DRAFT"])
        spam = row["FOLDER"] == "SPAM"
        if draft or spam or system or not small or sent.date() > as_of:
            continue
        sender = row["SENDER PROFILE URL"]
        if sender == OWNER_URL:
            for url in members[cid] - {OWNER_URL}:
                last_out[url][cid] = max(last_out[url].get(cid, sent), sent)
        elif sender:
            last_in[sender][cid] = max(last_in[sender].get(cid, sent), sent)
    tiers = {}
    for row in read_connections(archive):
        url = row[2]
        if not url:
            continue
        ins, outs = last_in.get(url, {}), last_out.get(url, {})
        two_way = [min(ins[c], outs[c]) for c in ins if c in outs]
        if two_way:
            age = (as_of - max(two_way).date()).days
            tiers[url] = "active" if age <= 90 else "warm" if age <= 365 else "dormant"
        elif not ins and not outs:
            tiers[url] = "silent"
        elif not ins or (outs and max(outs.values()) > max(ins.values())):
            tiers[url] = "one_way_out"
        else:
            tiers[url] = "one_way_in"
    return tiers


def person(world: sg.World, slug: str) -> sg.Person:
    return next(p for p in world.people if p.slug == slug)


# ------------------------------------------------------------------ determinism


def test_same_seed_gives_the_same_bytes(tmp_path):
    for run in ("a", "b"):
        assert sg.main([str(tmp_path / run), "--connections", "200", "--messages", "900"]) == 0
    names = ("Basic_LinkedInDataExport_11-15-2026.zip", "contacts.vcf", SAMPLE_TAKEOUT.name)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_another_seed_gives_other_bytes(tmp_path):
    a = sg.write_linkedin_export(sg.build_world(seed=1), END, tmp_path / "a")
    b = sg.write_linkedin_export(sg.build_world(seed=2), END, tmp_path / "b")
    assert a.read_bytes() != b.read_bytes()


def members_of(archive: Path) -> list[tuple[str, tuple, bytes]]:
    with zipfile.ZipFile(archive) as zf:
        return [(i.filename, i.date_time, zf.read(i)) for i in zf.infolist()]


def test_committed_sample_is_what_the_cli_writes_today(tmp_path):
    assert sg.main([str(tmp_path)]) == 0
    # member by member, since another zlib build may deflate the same bytes differently
    assert members_of(tmp_path / SAMPLE_ZIP.name) == members_of(SAMPLE_ZIP)
    assert members_of(tmp_path / SAMPLE_TAKEOUT.name) == members_of(SAMPLE_TAKEOUT)
    assert (tmp_path / "contacts.vcf").read_bytes() == SAMPLE_VCF.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in SAMPLE.iterdir() if p.name != ".gitattributes"
    )


def test_the_committed_sample_stays_small():
    assert sum(p.stat().st_size for p in SAMPLE.iterdir()) < 200_000


# ------------------------------------------------------------------ file shapes


def test_zip_holds_the_real_member_list_at_its_root():
    with zipfile.ZipFile(SAMPLE_ZIP) as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos] == [
        "Articles/Articles/2024-05-18_some-post.html",
        "Connections.csv",
        "Email Addresses.csv",
        "Endorsement_Given_Info.csv",
        "Endorsement_Received_Info.csv",
        "Invitations.csv",
        "Positions.csv",
        "Profile.csv",
        "Recommendations_Given.csv",
        "Recommendations_Received.csv",
        "Skills.csv",
        "guide_messages.csv",
        "learning_role_play_messages.csv",
        "messages.csv",
    ]
    assert {i.date_time for i in infos} == {(2026, 11, 15, 0, 0, 0)}


def test_export_without_messages_has_no_messages_csv(world, tmp_path):
    archive = sg.write_linkedin_export(
        world, END, tmp_path, kind="Complete", include_messages=False
    )
    assert archive.name == "Complete_LinkedInDataExport_11-15-2026.zip"
    with zipfile.ZipFile(archive) as zf:
        assert "messages.csv" not in zf.namelist()
        assert "Connections.csv" in zf.namelist()


def test_connections_csv_starts_with_the_real_preamble_and_header():
    text = read_member(SAMPLE_ZIP, "Connections.csv").decode("utf-8")
    assert text.startswith(PREAMBLE)


def test_connections_csv_has_comma_rows_mojibake_and_quoted_commas():
    rows = read_connections(SAMPLE_ZIP)
    raw = read_member(SAMPLE_ZIP, "Connections.csv").decode("utf-8")
    deleted = [r for r in rows if r[:6] == ["", "", "", "", "", ""]]
    assert len(deleted) == 6
    assert all(re.fullmatch(r"\d\d [A-Z][a-z]{2} \d{4}", r[6]) for r in deleted)
    assert "\nJosÃ©,MuÃ±oz,https://www.linkedin.com/in/jose-munoz-4b2a1c17," in raw
    assert '\nSarah,"Chen, PhD",https://www.linkedin.com/in/sarahchenphd,' in raw
    assert len(rows) == 626
    with_email = [r for r in rows if r[3]]
    assert 0 < len(with_email) < len(rows) * 0.1


def test_connections_are_newest_first():
    rows = read_connections(SAMPLE_ZIP)
    days = [datetime.strptime(r[6], "%d %b %Y").date() for r in rows]
    assert days == sorted(days, reverse=True)
    assert days[0] <= END


def test_messages_csv_has_bom_quoted_header_and_real_shapes():
    raw = read_member(SAMPLE_ZIP, "messages.csv")
    assert raw.startswith(MESSAGES_HEAD)
    rows = read_messages(SAMPLE_ZIP)
    assert len(rows) == 4002  # the budget of 4,000, then one SPAM row and one ad
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", r["DATE"]) for r in rows)
    assert all(r["CONVERSATION ID"].startswith("2-") for r in rows)
    assert {r["IS MESSAGE DRAFT"] for r in rows} == {"Yes", "No"}
    assert {r["IS CONVERSATION DRAFT"] for r in rows} == {"Yes", "No"}
    assert {r["FOLDER"] for r in rows} == {"INBOX", "ARCHIVE", "SPAM"}
    ads = [r for r in rows if "spinmail-quill-editor" in r["CONTENT"]]
    assert [(r["SENDER PROFILE URL"], "%FIRSTNAME%" in r["CONTENT"]) for r in ads] == [("", True)]
    assert any("\n" in r["CONTENT"] and '"' in r["CONTENT"] for r in rows)
    groups = [
        r["RECIPIENT PROFILE URLS"] for r in rows if r["RECIPIENT PROFILE URLS"].count("http") > 1
    ]
    assert any(";" in g for g in groups) and any("," in g for g in groups)
    members = [r for r in rows if r["FROM"] == "LinkedIn Member"]
    assert members and all(r["SENDER PROFILE URL"] == "" for r in members)


def test_messages_csv_threads_and_their_rows_come_newest_first():
    rows = read_messages(SAMPLE_ZIP)
    first_seen: dict[str, int] = {}
    for k, row in enumerate(rows):
        first_seen.setdefault(row["CONVERSATION ID"], k)
    starts = sorted(first_seen.values())
    newest_of_thread = [rows[k]["DATE"] for k in starts]
    assert newest_of_thread == sorted(newest_of_thread, reverse=True)
    by_thread = defaultdict(list)
    for row in rows:
        by_thread[row["CONVERSATION ID"]].append(row["DATE"])
    assert all(dates == sorted(dates, reverse=True) for dates in by_thread.values())
    assert len(starts) == len(by_thread)  # each thread's rows are contiguous


def test_side_files_have_their_real_headers_and_date_formats():
    def lines(name: str) -> list[str]:
        return read_member(SAMPLE_ZIP, name).decode("utf-8-sig").splitlines()

    invitations = lines("Invitations.csv")
    assert invitations[0] == "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"
    assert re.search(r',"\d{1,2}/\d{1,2}/26, \d{1,2}:\d\d [AP]M",', invitations[1])
    given = lines("Endorsement_Given_Info.csv")
    assert given[0] == (
        "Endorsement Date,Skill Name,Endorsee First Name,Endorsee Last Name,"
        "Endorsee Public Url,Endorsement Status"
    )
    assert re.match(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d UTC,", given[1])
    received = lines("Endorsement_Received_Info.csv")
    assert received[0].startswith("Endorsement Date,Skill Name,Endorser First Name,")
    recommendations = lines("Recommendations_Received.csv")
    assert recommendations[0] == "First Name,Last Name,Company,Job Title,Text,Creation Date,Status"
    text = read_member(SAMPLE_ZIP, "Recommendations_Received.csv").decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4
    assert all(re.fullmatch(r"\d\d/\d\d/\d\d, \d\d:\d\d [AP]M", r["Creation Date"]) for r in rows)
    assert [r["Status"] for r in rows].count("HIDDEN") == 1
    profile = list(csv.reader(io.StringIO(read_member(SAMPLE_ZIP, "Profile.csv").decode())))
    assert profile[0][:2] == ["First Name", "Last Name"] and profile[1][:2] == ["Avery", "Quinn"]
    assert read_member(SAMPLE_ZIP, "guide_messages.csv").startswith(MESSAGES_HEAD)


def test_email_addresses_csv_has_the_real_header_and_flags():
    # research/linkedin-export-format.md 1.6: "Email Address,Confirmed,Primary,Updated On",
    # Yes/No flags, "Updated On" like "10/24/13, 8:43 AM" or the literal "Not Available"
    text = read_member(SAMPLE_ZIP, "Email Addresses.csv").decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "Email Address,Confirmed,Primary,Updated On"
    assert re.fullmatch(
        r'avery@averyquinn\.example,Yes,Yes,"\d{1,2}/\d{1,2}/\d\d, \d{1,2}:\d\d [AP]M"', lines[1]
    )
    assert lines[2:] == ["avery.quinn@northwind.example,Yes,No,Not Available"]


# ---------------------------------------------------------------- cut at a date


def test_an_earlier_export_has_fewer_connections_and_no_later_messages(exports):
    counts = {}
    for when, archive in exports.items():
        rows = read_connections(archive)
        days = [datetime.strptime(r[6], "%d %b %Y").date() for r in rows]
        assert max(days) <= when
        sent = [r["DATE"][:10] for r in read_messages(archive)]
        assert max(sent) <= when.isoformat()
        counts[when] = (len([r for r in rows if r[2]]), len(sent))
    # the SPAM row (2026-11-01) and the ad (2026-11-06) come after the October export
    assert counts == {SEP: (595, 3799), OCT: (606, 3897), END: (620, 4002)}


def test_export_after_the_world_ends_is_refused(world, tmp_path):
    with pytest.raises(ValueError):
        sg.write_linkedin_export(world, date(2026, 11, 16), tmp_path)


# ---------------------------------------------------------------------- oracle


def test_expected_summary_of_the_committed_sample_sums_to_its_connections(world):
    summary = sg.expected_summary(world, END)
    on_file = [r for r in read_connections(SAMPLE_ZIP) if r[2]]
    assert summary["connections"] == len(on_file) == 620
    assert sum(summary["tiers"].values()) == 620
    assert summary == {
        "connections": 620,
        "reachable": 52,
        "tiers": {
            "active": 16,
            "warm": 36,
            "dormant": 62,
            "one_way_out": 41,
            "one_way_in": 72,
            "silent": 393,
        },
    }


def test_oracle_gives_every_connection_its_designed_tier(world):
    tiers = sg.expected_tiers(world, END)
    designed = {p.url: p.intended for p in world.people if p.role == "connection"}
    assert tiers == designed


def test_oracle_agrees_with_a_recount_of_the_written_files(exports, world):
    for when, archive in exports.items():
        assert recount_tiers(archive, when) == sg.expected_tiers(world, when)


def test_people_move_between_tiers_month_to_month(world):
    sep, oct_, nov = (sg.expected_tiers(world, d) for d in (SEP, OCT, END))

    def moves(before, after):
        return Counter((before[u], after[u]) for u in before if before[u] != after[u])

    assert moves(sep, oct_) == Counter(
        {
            ("active", "warm"): 10,
            ("silent", "one_way_in"): 6,
            ("silent", "one_way_out"): 2,
            ("warm", "active"): 3,
            ("warm", "dormant"): 2,
        }
    )
    assert moves(oct_, nov) == Counter(
        {
            ("silent", "one_way_in"): 17,
            ("silent", "one_way_out"): 2,
            ("warm", "dormant"): 3,
            ("active", "warm"): 8,
            ("warm", "active"): 2,
            ("one_way_out", "one_way_in"): 1,
        }
    )
    assert (len(oct_) - len(sep), len(nov) - len(oct_)) == (11, 14)


def test_hand_placed_cases_get_the_tiers_the_rules_give(world):
    tiers = sg.expected_tiers(world, END)
    assert tiers[person(world, "noor-haddad-5e6f70").url] == "warm"  # only in a 4-person group
    tomas = person(world, "tomas-herrera-8f1e2d").url  # only in a 5-person group
    assert (tiers[tomas], sg.expected_tiers(world, END, max_group=4)[tomas]) == ("warm", "silent")
    liam = person(world, "liam-oneil-77c1d2").url  # two threads, neither two-way
    assert (sg.expected_tiers(world, OCT)[liam], tiers[liam]) == ("one_way_out", "one_way_in")
    assert tiers[person(world, "ingrid-solberg-haugen").url] == "warm"
    twins = [p.url for p in world.people if p.name == "Priya Sharma"]
    assert [tiers[u] for u in twins] == ["warm", "silent"]


def test_big_groups_do_not_count_unless_max_group_allows(world):
    big = next(c for c in world.conversations if c.size == 6 and sg.ANON in c.members)
    named = [world.people[m].url for m in big.members if m >= 0]
    assert len(named) == 4
    assert {sg.expected_tiers(world, END)[u] for u in named} == {"silent"}
    wider = sg.expected_tiers(world, END, max_group=6)
    assert {wider[u] for u in named} != {"silent"}


def test_recruiters_are_people_but_not_connections(world):
    everyone = sg.expected_tiers(world, END, connections_only=False)
    recruiters = [p.url for p in world.people if p.role == "recruiter"]
    assert Counter(everyone[u] for u in recruiters) == Counter({"one_way_in": 11, "active": 1})
    assert not set(recruiters) & set(sg.expected_tiers(world, END))


def test_expected_facts_give_the_two_way_date_of_the_older_side(world):
    facts = sg.expected_facts(world, END)[person(world, "noor-haddad-5e6f70").url]
    assert facts.last_two_way == facts.last_out < facts.last_in
    assert (facts.messages_in, facts.messages_out) == (1, 1)


# ---------------------------------------------------------------------- vCards


def test_address_book_mixes_four_styles_with_crlf():
    raw = SAMPLE_VCF.read_bytes()
    assert raw.count(b"BEGIN:VCARD\r\n") == 40
    assert raw.count(b"\n") == raw.count(b"\r\n")
    text = raw.decode("utf-8")
    assert "X-SOCIALPROFILE;type=linkedin;x-user=" in text
    assert "X-ABLabel:LinkedIn" in text and re.search(r"item\d\.EMAIL;TYPE=INTERNET:", text)
    assert "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 Mu=C3=B1oz" in text
    assert text.count("VERSION:2.1") == 11 and text.count("VERSION:3.0") == 29


def test_address_book_has_robert_and_bob_with_one_number(world):
    kowalski = [c for c in world.cards if c.last == "Kowalski"]
    assert sorted(c.first for c in kowalski) == ["Bob", "Robert"]
    digits = {re.sub(r"\D", "", c.phones[0])[-10:] for c in kowalski}
    assert len(digits) == 1
    assert Counter(c.match for c in world.cards) == Counter(
        {"linkedin_url": 20, "email": 8, "none": 7, "name": 4, "duplicate": 1}
    )


def test_address_book_can_be_cut_short(world, tmp_path):
    path = sg.write_address_book(world, tmp_path / "few.vcf", n_cards=5)
    assert path.read_bytes().count(b"BEGIN:VCARD") == 5


# ------------------------------------------------------------ mail and calendar


@pytest.fixture(scope="module")
def channels(world) -> sc.Channels:
    return sc.build_channels(world)


def read_takeout(name: str) -> bytes:
    with zipfile.ZipFile(SAMPLE_TAKEOUT) as zf:
        return zf.read(name)


def mbox_messages() -> list[bytes]:
    """The mbox cut at its envelope lines (the sample has no unescaped envelope-like line
    in a body: its "From what I hear" line is followed by prose, not a header)."""
    raw = read_takeout(sc.MBOX_MEMBER)
    starts = [m.start() for m in re.finditer(rb"^From \d+@xxx ", raw, re.M)]
    return [raw[a:b] for a, b in zip(starts, [*starts[1:], len(raw)], strict=True)]


def test_takeout_holds_google_paths():
    with zipfile.ZipFile(SAMPLE_TAKEOUT) as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos] == [
        "Takeout/Calendar/avery@averyquinn.example.ics",
        "Takeout/Mail/All mail Including Spam and Trash.mbox",
        "Takeout/archive_browser.html",
    ]
    assert {i.date_time for i in infos} == {(2026, 11, 16, 0, 0, 0)}


def test_mbox_is_shaped_like_gmail_takeout(channels):
    messages = mbox_messages()
    assert len(messages) == len(channels.mails) == 281
    # research/channels.md 1: "From 1669160939957813740@xxx Thu Jun 11 00:38:38 +0000 2020",
    # then X-GM-THRID and X-Gmail-Labels first; the envelope ends in LF, the message in CRLF
    envelope = re.compile(
        rb"From (\d{19})@xxx [A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d \+0000 20\d\d\n"
    )
    for message in messages:
        first = envelope.match(message)
        assert first, message[:80]
        head = message[first.end() :].split(b"\r\n")
        assert head[0].startswith(b"X-GM-THRID: ") and head[1].startswith(b"X-Gmail-Labels: ")
        assert b"\n" not in message[first.end() :].replace(b"\r\n", b"")
    raw = read_takeout(sc.MBOX_MEMBER)
    ids = re.findall(rb"^Message-ID: <([^>]+)>", raw, re.M)
    assert len(ids) == len(set(ids)) == 281
    assert raw.count(b"\r\nDelivered-To: avery@averyquinn.example\r\n") > 100
    assert re.search(rb"^From: =\?UTF-8\?[BQ]\?", raw, re.M)  # RFC 2047 names
    assert b"\r\nList-Unsubscribe: <" in raw and b"\r\nList-Id: <bay-area-sre." in raw
    assert b"<no-reply@alerts.woodgrove.example>" in raw
    labels = Counter(re.findall(rb"^X-Gmail-Labels: (.*)\r$", raw, re.M))
    assert {b"Spam,Unread", b"Draft", b"Trash,Category Personal,Opened"} <= set(labels)
    assert labels[b"Archived,Sent"] > 10 and b'"Project, Atlas"' in b"".join(labels)
    # a body line starting "From " written unescaped, and one escaped the mboxo way
    assert b"\r\n\r\nFrom what I hear" in raw and b"\r\n\r\n>From the minutes" in raw


def test_calendar_is_shaped_like_google_calendar():
    raw = read_takeout(sc.ICS_MEMBER)
    assert raw.count(b"\n") == raw.count(b"\r\n")
    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75  # RFC 5545 3.1: folded at 75 octets
    assert any(line.startswith(b" ") for line in lines)
    text = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN")
    assert "BEGIN:VTIMEZONE\r\nTZID:America/Los_Angeles" in text
    assert "RRULE:FREQ=WEEKLY;WKST=SU;UNTIL=20260818T170000Z;BYDAY=TU" in text
    assert "EXDATE;TZID=America/Los_Angeles:20260818T100000" in text
    assert "RECURRENCE-ID;TZID=America/Los_Angeles:20260602T100000" in text
    assert "PARTSTAT=DECLINED" in text and "PARTSTAT=TENTATIVE" in text
    assert "ATTENDEE;CUTYPE=RESOURCE;" in text and "@resource.calendar.google.com" in text
    assert "STATUS:CANCELLED" in text and "unknownorganizer@calendar.google.com" in text
    assert text.count("BEGIN:VEVENT") == 13  # 12 events and a moved occurrence


def test_contacts_get_the_tiers_they_were_designed_for(world, channels):
    tiers = sc.expected_tiers(world, channels, END)
    linkedin_only = sg.expected_tiers(world, END)
    designed = {
        world.people[c.person].url: c.intended for c in channels.contacts if c.person is not None
    }
    assert len(designed) == 32
    assert {u: tiers[u] for u in designed} == designed
    # everyone else keeps the tier LinkedIn gave them
    assert {u: t for u, t in tiers.items() if u not in designed} == {
        u: t for u, t in linkedin_only.items() if u not in designed
    }


def test_weekly_series_occurrences_reckoned_by_hand(channels):
    mentoring, climbing = channels.events[:2]
    # 1:1 mentoring: Tuesdays 3 March to 18 August 2026 = 24 weeks apart, 25 dates; EXDATE
    # 14 April and 18 August leave 23; 2 June moved to Wednesday 3 June, 11:00 PDT
    starts = sc.occurrences(mentoring, END)
    assert len(starts) == 23 and starts[-1].date() == date(2026, 8, 11)
    assert datetime(2026, 6, 3, 18, tzinfo=starts[0].tzinfo) in starts
    # without the EXDATE the last one is 89 days before 15 November: active, not warm
    kept = replace(mentoring, exdates=mentoring.exdates[1:])
    assert sc.occurrences(kept, END)[-1].date() == date(2026, 8, 18)
    # climbing: Thursdays 18:30 PST/PDT from 22 January, open-ended, dated the next day in
    # UTC; 22 January to 12 November is 42 weeks, 43 Thursdays, less the EXDATE 21 May
    starts = sc.occurrences(climbing, END)
    assert len(starts) == 42
    assert (starts[0].date(), starts[-1].date()) == (date(2026, 1, 23), date(2026, 11, 13))


def test_the_sample_audit_matches_the_channel_oracle(world, channels):
    """A real audit of sample_exports/ (LinkedIn zip, vCards, Takeout) against the oracle."""
    result = run_audit([SAMPLE], Settings())
    document = result.document
    summary = {k: document["summary"][k] for k in ("connections", "reachable", "tiers", "channels")}
    assert summary == sc.expected_summary(world, channels, END)
    assert summary["reachable"] == 67 and summary["channels"]["email"] == 201
    ignored = document["ignored"]
    assert {c: ignored[c] for c in ("email", "meeting")} == sc.expected_ignored(channels, END)
    expected = {
        normalize_linkedin_url(u): t for u, t in sc.expected_tiers(world, channels, END).items()
    }
    assert {
        p["linkedin_url"]: p["tier"] for p in document["people"] if p["is_connection"]
    } == expected
    assert document["owner"]["emails"] == sorted(sg.OWNER_EMAILS)
    assert document["owner"]["emails_from"] == ["Email Addresses.csv"]
    met, one_way = sc.expected_strangers(channels, END)
    new_people = {
        e
        for p in document["people"]
        if not p["records"] and p.get("channels", {}).keys() - {"linkedin"}
        for e in p["emails"]
    }
    assert new_people == met and len(met) == 6
    assert result.extras["one_way_addresses"] == len(one_way) == 3
    # every address joined by display name is a connection the design wrote under a name only
    named = {c.address for c in channels.contacts if c.joins_by == "name"}
    joined = {j["address"] for j in result.extras["name_joins"]}
    counted = {
        channels.contacts[c].address
        for c in sc.channel_facts(channels, END, 5)
        if channels.contacts[c].joins_by == "name"
    }
    assert counted <= joined <= named
