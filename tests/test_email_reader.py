"""The e-mail reader and the streaming input layer: fixtures of every writer's shape, the
real corpus, zips built here, and a fuzzed header scanner.

Expected values come from reading the fixture files by eye (tests/fixtures/email/) and, for
the corpus, from `grep` counts and each folder's PROVENANCE.md, reasoned in the comments;
never from running the reader.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.ingest import InputError, linkedin, read_inputs
from audit.ingest import email as mail
from audit.ingest.sources import archives
from audit.schemas import EMAILS

FIXTURES = Path(__file__).parent / "fixtures" / "email"
CORPUS = Path(__file__).parent.parent.parent / "shared" / "corpus" / "email"
TAKEOUT_MBOX = "Takeout/Mail/All mail Including Spam and Trash.mbox"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def rows(frame) -> list[dict]:
    return frame.sort("file", "record").to_dicts()


def test_takeout_mbox_every_message_with_its_rule():
    inputs = read_inputs([FIXTURES / "takeout"])
    assert inputs.emails.schema == EMAILS
    got = rows(inputs.emails)
    # 8 envelopes ("From 1669…@xxx" x7, "From nobody" x1); the two body lines "From what…"
    # and "From here:…" are not separators (the first is followed by a blank line, the
    # second by ">From", not a header line).
    assert [r["record"] for r in got] == [1, 2, 3, 4, 5, 6, 7]
    assert [r["ignored"] for r in got] == [
        None,  # Inbox,Important,"Project, A": a quoted label with a comma is one label
        "draft",  # =?UTF-8?Q?Archiv=C3=A9s,Brouillons?=: one encoded word, French Drafts
        "spam",  # a CRLF message labelled Spam
        None,  # Corbeille,Trash: mail in the trash was still exchanged
        "list or bulk mail",  # List-Unsubscribe
        "no-reply address",  # noreply@github.com
        None,  # a Chat with no Date header: dated by its envelope
    ]
    first = got[0]
    assert first == {
        "file": TAKEOUT_MBOX,
        "record": 1,
        "message_id": "CAF1@mail.example.de",
        "sent_at": utc(2026, 6, 11, 0, 38, 38),  # Wed, 10 Jun 2026 17:38:38 -0700
        "from_address": "juergen.gross@example.de",
        "from_name": "Jürgen Groß",
        "recipient_addresses": ["avery@example.com", "jane@example.org", "andre@example.fr"],
        "recipient_names": ["Avery Quinn", "Doe, Jane", "André"],  # folded To, Latin-1 Cc
        "delivered_to": ["avery@example.com"],
        "ignored": None,
    }
    assert got[2]["from_address"] == "winner@example.net"  # CRLF headers read alike
    assert got[2]["message_id"] is None
    assert got[6]["sent_at"] == utc(2026, 6, 17, 14, 0, 0)  # "Wed Jun 17 14:00:00 +0000 2026"
    # The last message: a garbage Date, and git's fixed "Mon Sep 17 00:00:00 2001" envelope.
    assert inputs.skipped.to_dicts() == [
        {
            "file": TAKEOUT_MBOX,
            "record": 8,
            "reason": "no readable date: the Date header 'sometime last week' is not a date "
            "nor a dated mbox 'From ' line",
        }
    ]
    assert inputs.kinds == {"mbox": 1}


def test_no_subject_or_body_reaches_the_frame():
    inputs = read_inputs([FIXTURES])
    text = str(inputs.emails.to_dicts()) + str(inputs.skipped.to_dicts())
    for secret in ("Secret", "subject", "plan holds", "unsent", "transcript", "desk of Ada"):
        assert secret not in text


def test_thunderbird_folders_deleted_flag_drafts_and_subfolders():
    inputs = read_inputs([FIXTURES / "thunderbird"])
    got = [(r["file"], r["record"], r["sent_at"], r["ignored"]) for r in rows(inputs.emails)]
    assert got == [
        ("Local Folders/Drafts", 1, utc(2022, 7, 7, 8), "draft"),  # the Drafts folder
        ("Local Folders/Inbox", 1, utc(2022, 7, 5, 16, 44, 15), None),  # X-Mozilla-Status 0001
        ("Local Folders/Inbox", 2, utc(2022, 7, 6, 7), "deleted"),  # 0009: 0x0008 set
        # No Date header: ImportExportTools' "From - Sat Apr 12 2025 15:59:28", no zone: UTC
        ("Local Folders/Inbox.sbd/Work", 1, utc(2025, 4, 12, 15, 59, 28), None),
    ]
    assert "Local Folders/Inbox.msf" in inputs.ignored_files
    assert inputs.skipped.is_empty()


def test_maildir_flags_and_tmp():
    inputs = read_inputs([FIXTURES / "maildir"])
    got = [(r["file"], r["sent_at"], r["ignored"]) for r in rows(inputs.emails)]
    assert got == [
        ("Mail/cur/1700000000.M1P1.host:2,S", utc(2026, 3, 2, 10), None),  # seen
        ("Mail/cur/1700000001.M2P1.host:2,ST", utc(2026, 3, 2, 11), "deleted"),  # trashed
        ("Mail/new/1700000002.M3P1.host", utc(2026, 3, 3, 8), None),  # +0100
    ]
    assert inputs.ignored_files == ["Mail/tmp/1700000003.M4P1.host"]  # not delivered yet
    assert inputs.kinds == {"maildir": 3}


def test_emlx_and_eml():
    inputs = read_inputs([FIXTURES / "apple", FIXTURES / "single.eml"])
    got = rows(inputs.emails)
    assert [(r["file"], r["from_address"], r["from_name"], r["sent_at"]) for r in got] == [
        (
            "Work.mbox/A1B2/Data/Messages/7.emlx",
            "grace@example.com",
            "Grace Hopper",
            utc(2026, 3, 5, 13, 30),
        ),
        ("single.eml", "ada@example.com", "Lovelace, Ada", utc(2026, 3, 6, 10)),
    ]
    assert inputs.kinds == {"emlx": 1, "eml": 1}


def test_takeout_zip_is_streamed_whatever_its_size(tmp_path: Path, monkeypatch):
    archive = tmp_path / "takeout-20261201T000000Z-001.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.write(FIXTURES / "takeout" / TAKEOUT_MBOX, TAKEOUT_MBOX)
        handle.write(FIXTURES / "single.eml", "Takeout/single.eml")
    # The caps on what is read whole do not apply to mail: shrink them below the mbox.
    monkeypatch.setattr(archives, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(archives, "MAX_INFLATED_TOTAL", 100)
    told: list[int] = []
    inputs = read_inputs([archive], progress=told.append)
    assert inputs.emails.height == 7 + 1
    assert inputs.skipped.height == 1
    size = (FIXTURES / "takeout" / TAKEOUT_MBOX).stat().st_size
    assert sum(told) == inputs.mail_bytes == size  # progress: every byte of the mbox


def test_mail_member_past_the_ratio_is_refused(tmp_path: Path, monkeypatch):
    archive = tmp_path / "takeout.zip"
    header = (
        b"From a@b Mon Jun 01 10:00:00 2009\nFrom: a@b\nDate: Mon, 1 Jun 2009 10:00:00 +0000\n\n"
    )
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("Takeout/Mail/x.mbox", header + b"a" * (4 * 1024**2))
    packed = archive.stat().st_size
    assert 200 * packed < 4 * 1024**2  # zeros of a kind pack far past MAX_RATIO
    with pytest.raises(InputError, match="x.mbox inflates to at least 4,1"):
        read_inputs([archive])  # from the declared sizes, before inflating anything
    # Had the header lied, the stream itself stops once past the ratio (1 MiB, the floor):
    # the member is skipped whole, none of its rows kept, and the run goes on.
    monkeypatch.setattr(archives, "_too_packed", lambda member: False)
    inputs = read_inputs([archive, FIXTURES / "single.eml"])
    assert inputs.emails["file"].to_list() == ["single.eml"]
    [row] = inputs.skipped.to_dicts()
    assert row["file"] == "Takeout/Mail/x.mbox" and row["record"] is None
    assert row["reason"].startswith("file skipped: archive member Takeout/Mail/x.mbox inflates")


def test_unusable_named_mail_file_is_one_line(tmp_path: Path):
    bad = tmp_path / "inbox.mbox"
    bad.write_bytes(b"This isn't an mbox.\n")
    with pytest.raises(InputError) as caught:
        read_inputs([bad])
    assert str(caught.value) == (
        "inbox.mbox: cannot be used (not an e-mail file: it starts with neither an mbox "
        "'From ' line nor a header block)"
    )


# ------------------------------------------------------------------------------------------
# The corpus: real files from other projects' test suites (see each PROVENANCE.md).

# Messages per mbox file, by hand: `grep -c '^From '` gives the envelope candidates, less
# those not after a blank line (`awk '/^From /{print prev} {prev=$0}'`) or not before a
# header line.
CORPUS_MBOX = {
    "apache-tika/complex.mbox": 3,
    "apache-tika/headers.mbox": 1,
    # 2 "From envelope-sender-mailbox-name <date>" lines, each followed by a blank line (no
    # header at all): whole envelopes, so two messages, as PROVENANCE counts.
    "apache-tika/simple.mbox": 2,
    "apache-tika/single_mail.mbox": 1,
    "apache-tika/testMBOX_complex.mbox": 1,
    "apache-tika/testMBOX_lengthy_x-headers.mbox": 1,
    "git/embed-from.in": 1,  # the body's ">From <sha1>" is quoted
    "git/quoted-cr.mbox": 2,
    "git/rfc2047-samples.mbox": 11,
    # 18 "From " lines; those at lines 436, 559, 653 and 702 follow a non-blank line
    # ("…the", "1.5.6.5", "1.6.4.1", "+New content"): 14 (git's mailsplit is laxer: 18).
    "git/sample.mbox": 14,
    # 3 "From " lines; "From not mangled…" follows ">>From escaped": 2, as git expects.
    "git/sample.mboxrd": 2,
    "mailbagit/sample1.mbox": 2,
    "node-mbox/test-4-message.mbox": 4,
}
# `find . -type f | wc -l` = 130: 9 PROVENANCE.md, 13 mbox files above, 2 non-mail .mbox
# (test-attached.mbox starts with prose; test-not-an.mbox), 1 empty mbox
# (test-0-message.mbox), 1 file in mu's tmp/, so 104 one-message files.
ONE_MESSAGE_FILES = 104
# Messages with no readable date, by PROVENANCE's no-Date / bad-Date tags: rfc2047-samples
# has no Date header (grep -c '^Date:' is 0) and only git's fixed envelope date (11);
# mikel-mail 7; mu 3; notmuch 1; talon 1. mikel-mail's raw_email_incorrect_header.eml is
# tagged no-Date because the stdlib stops its header at the damaged "quite Delivered-To:"
# line; its Date comes after that line, in the header block, and is read here.
NO_DATE = {
    *{("git/rfc2047-samples.mbox", n) for n in range(1, 12)},
    ("mikel-mail/error_emails/bad_date_header.eml", 1),  # "<HR>"
    ("mikel-mail/error_emails/bad_date_header2.eml", 1),  # "59:10" with no hour
    ("mikel-mail/error_emails/invalid_subject_characters.eml", 1),
    ("mikel-mail/error_emails/multiple_references_with_one_invalid.eml", 1),
    ("mikel-mail/multi_charset/japanese_iso_2022.eml", 1),
    ("mikel-mail/plain_emails/raw_email_with_bad_date.eml", 1),  # Polish day and month
    ("mikel-mail/rfc6532/utf8_headers.eml", 1),
    ("mu/testdir/cur/1283599333.1840_11.cthulhu!2,", 1),
    ("mu/testdir/cur/1305664394.2171_402.cthulhu!2,", 1),
    ("mu/testdir2/Foo/cur/fraiche.eml", 1),  # "2012-12-08 00:48"
    ("notmuch/attachment/text-calendar.eml", 1),
    ("talon/outlook.eml", 1),
}


@pytest.fixture(scope="module")
def corpus():
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing: {CORPUS}")
    return read_inputs([CORPUS])


def test_corpus_every_message_accounted(corpus):
    counted = corpus.emails.group_by("file").len()
    per_file = dict(zip(counted["file"], counted["len"], strict=True))
    skipped = corpus.skipped.filter(corpus.skipped["record"].is_not_null())
    for row in skipped.iter_rows(named=True):
        per_file[row["file"]] = per_file.get(row["file"], 0) + 1
    assert {f: n for f, n in per_file.items() if f in CORPUS_MBOX} == CORPUS_MBOX
    singles = {f: n for f, n in per_file.items() if f not in CORPUS_MBOX}
    assert len(singles) == ONE_MESSAGE_FILES and set(singles.values()) == {1}
    assert set(zip(skipped["file"], skipped["record"], strict=True)) == NO_DATE
    assert corpus.emails.height + skipped.height == sum(CORPUS_MBOX.values()) + ONE_MESSAGE_FILES


def test_corpus_files_not_mail(corpus):
    whole = corpus.skipped.filter(corpus.skipped["record"].is_null())
    assert sorted(whole["file"]) == ["node-mbox/test-attached.mbox", "node-mbox/test-not-an.mbox"]
    assert "node-mbox/test-0-message.mbox" in corpus.ignored_files
    assert "mu/testdir/tmp/1220863087.12663.ignore" in corpus.ignored_files


def test_corpus_gmail_takeout_and_maildir_shapes(corpus):
    takeout = rows(corpus.emails.filter(corpus.emails["file"] == "mailbagit/sample1.mbox"))
    # X-Gmail-Labels "Unread,Inbox" and List-Unsubscribe on the first; the second is from
    # andy-noreply@google.com.
    assert [(r["from_address"], r["ignored"]) for r in takeout] == [
        ("info@chuckschumer.com", "list or bulk mail"),
        ("andy-noreply@google.com", "no-reply address"),
    ]
    assert takeout[0]["delivered_to"] == ["ualbanymodernpoliticalarchives@gmail.com"]
    # mu's Maildir uses "!2," before the flags; multirecip has 5 recipients (PROVENANCE).
    multirecip = corpus.emails.filter(corpus.emails["file"] == "mu/testdir/cur/multirecip!2,S")
    assert multirecip["recipient_addresses"].list.len().to_list() == [5]
    # notmuch broken-cc has a "Cc:" and a "cc:" header: 3 recipients in all (PROVENANCE).
    broken = corpus.emails.filter(corpus.emails["file"] == "notmuch/broken/broken-cc")
    assert broken["recipient_addresses"].list.len().to_list() == [3]


# ------------------------------------------------------------------------------------------
# The scanner, fuzzed


@given(st.binary(max_size=2000), st.integers(min_value=1, max_value=64))
def test_any_bytes_give_messages_or_the_clean_error(data: bytes, chunk: int):
    try:
        messages = list(mail.scan_mbox(io.BytesIO(data), chunk=chunk))
    except linkedin.UnreadableFile:
        return
    assert sum(len(h) for _, h in messages) <= len(data)
    emails, skipped = mail.read_mbox(io.BytesIO(data), "x.mbox")
    assert emails.height + skipped.height == len(messages)


WORDS = st.text(alphabet="abcdefghij ", min_size=1, max_size=30).map(str.strip).filter(bool)
BODY_LINE = st.one_of(
    WORDS,
    st.just(""),
    WORDS.map(lambda w: "From " + w),  # an unescaped From line, never before a header
    WORDS.map(lambda w: ">From " + w),
)
MESSAGE = st.tuples(
    st.integers(min_value=0, max_value=999),  # sender
    st.lists(st.integers(min_value=0, max_value=999), max_size=4),  # recipients
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 1, 1)),
    st.lists(BODY_LINE, max_size=6),
)


@given(st.lists(MESSAGE, max_size=6), st.booleans(), st.integers(min_value=1, max_value=97))
def test_generated_messages_come_back_exactly(messages, crlf: bool, chunk: int):
    end = "\r\n" if crlf else "\n"
    lines: list[str] = []
    for sender, recipients, when, body in messages:
        lines.append(f"From MAILER-DAEMON {when:%a %b %d %H:%M:%S %Y}")
        lines.append(f"From: P{sender} <p{sender}@example.com>")
        if recipients:
            lines.append("To: " + f",{end} ".join(f"r{n}@example.org" for n in recipients))
        lines.append(f"Date: {when:%a, %d %b %Y %H:%M:%S} +0000")
        lines += ["", *body, ""]
    data = end.join(lines).encode()
    emails, skipped = mail.read_mbox(io.BytesIO(data), "x.mbox")
    assert skipped.is_empty()
    got = [
        (r["from_address"], r["recipient_addresses"], r["sent_at"])
        for r in emails.sort("record").to_dicts()
    ]
    want = [
        (
            f"p{s}@example.com",
            [f"r{n}@example.org" for n in r],
            when.replace(microsecond=0, tzinfo=timezone.utc),
        )
        for s, r, when, _ in messages
    ]
    assert got == want
