"""``reachable audit --vcf``: the merged address book, read back by vobject and by our reader,
and audited again.

The input is the tiers export (tests/fixtures/linkedin/tiers, whose tiers are reckoned by hand
in test_tiers_end_to_end.py) with tests/fixtures/addressbook/contacts.vcf, four made-up
cards in Google's 3.0 shape:

- Ada Lovelace-Active: Ada Active's LinkedIn URL, so she is Ada Active (connection); a
  nickname, two e-mails (one in capitals), a UK mobile, another company and title, and
  the user's own categories myContacts and Friends.
- Wes Warm: no URL, but WES@example.com, which is Wes Warm's Connections.csv e-mail
  (wes@example.com), so the same person; a US phone, and "Acme, Inc." as on LinkedIn.
- Carl Contact: on no LinkedIn file; a NOTE, and reachable:warm left over from an old book.
- Zoë Ünal-Ißmayer, Ph.D.: on no LinkedIn file; a comma in the name, an ORG line of 83
  octets, and a TITLE line of 31 characters but 81 octets (25 of them CJK, 3 octets each):
  both written lines must be folded, the second without splitting a character.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import vobject

from audit.addressbook import render_address_book
from audit.ingest.vcard import read_vcards
from audit.pipeline import run_audit, write_results
from audit.schemas import ADDRESS_BOOK, frame
from audit.settings import Settings
from tests.helpers import FIXTURES, TIERS, run_cli

CONTACTS = FIXTURES / "addressbook" / "contacts.vcf"
AS_OF = "2026-11-21"

# Reckoned by hand from the fixtures, not from the reader:
# - cards: one per person with a record. Connections.csv has 15 named rows (Ada ... Newbie
#   Ned; the 16th row has no name and no URL and is skipped, so no person); Ada's and Wes's
#   cards join their rows (same URL, same e-mail); Carl and Zoë are two more people: 17.
# - tiers, as-of 2026-11-21 (A = 90, W = 365): Ada Active's last two-way exchange is on
#   2026-08-23 = T - 90 days, so active; Wes Warm's on 2026-08-22 = T - 91, so warm (the
#   bounds of test_tiers_end_to_end.py); Carl and Zoë have no message at all: silent.
# - summary: the 14 connections of the tiers export are unchanged (no card adds a
#   connection), so its hand-counted tiers stand; people: its 24 plus Carl and Zoë = 26.
EXPECTED_CARDS = 17
EXPECTED_SUMMARY = {
    "connections": 14,
    "people": 26,
    "reachable": 5,
    "tiers": {
        "active": 2,
        "warm": 3,
        "dormant": 1,
        "one_way_out": 1,
        "one_way_in": 1,
        "silent": 6,
    },
    # The tiers fixture's 25 message rows less 7 ignored (see test_tiers_end_to_end).
    "channels": {"linkedin": 18},
}
# Per card: the person's names (their name first), e-mails (trimmed, lower case), phones
# in E.164 (+44 20 7946 0018 -> +442079460018; +1 (415) 555-0142 -> +14155550142;
# +49 30 901820 -> +4930901820), organisations and categories, by hand from both files.
EXPECTED = {
    "Ada Active": {
        "fn": ["Ada Active", "Ada Lovelace-Active"],
        "emails": ["ada@lovelace.example", "ada.private@example.org"],
        "phones": ["+442079460018"],
        "org": [["Lovelace Labs"], ["Analytical Engines Ltd"]],
        "title": ["Engineer", "Consultant"],
        "nickname": ["Countess"],
        "url": ["https://www.linkedin.com/in/ada-active-01"],
        "categories": ["myContacts", "Friends", "reachable:active"],
        "tier": "active",
    },
    "Wes Warm": {
        "fn": ["Wes Warm"],
        "emails": ["wes@example.com"],
        "phones": ["+14155550142"],
        "org": [["Acme, Inc."]],
        "title": ["CTO"],
        "nickname": [],
        "url": ["https://www.linkedin.com/in/wes-warm-02"],
        "categories": ["myContacts", "reachable:warm"],
        "tier": "warm",
    },
    "Carl Contact": {
        "fn": ["Carl Contact"],
        "emails": ["carl@contact.example"],
        "phones": ["+4930901820"],
        "org": [],
        "title": [],
        "nickname": [],
        "url": [],
        "categories": ["reachable:silent"],
        "tier": "silent",
    },
    "Zoë Ünal-Ißmayer, Ph.D.": {
        "fn": ["Zoë Ünal-Ißmayer, Ph.D."],
        "emails": ["zoe@example.net"],
        "phones": [],
        "org": [["Internationale Gesellschaft für Zusammenarbeit und Ökologische Forschung e.V."]],
        "title": ["国際交流協会理事長兼事務局長及東京支部代表取締役社"],
        "nickname": [],
        "url": [],
        "categories": ["reachable:silent"],
        "tier": "silent",
    },
}


def _values(card, name: str) -> list:
    return [line.value for line in card.contents.get(name, [])]


@pytest.fixture(scope="module")
def audited(tmp_path_factory) -> dict:
    """Audit the export with the cards, writing the book; then the export with the book."""
    tmp = tmp_path_factory.mktemp("book")
    book = tmp / "merged.vcf"
    first = run_cli(
        "audit", str(TIERS), str(CONTACTS), "--as-of", AS_OF, "--no-history",
        "--out", str(tmp / "first"), "--vcf", str(book),
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert f"Wrote {book}" in first.stdout
    again = run_cli(
        "audit", str(TIERS), str(book), "--as-of", AS_OF, "--no-history",
        "--out", str(tmp / "again"),
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    return {
        "book": book,
        "first": json.loads((tmp / "first" / f"reachable-{AS_OF}.json").read_text()),
        "again": json.loads((tmp / "again" / f"reachable-{AS_OF}.json").read_text()),
    }


def test_the_book_is_vcard_4_read_alike_by_vobject_and_by_our_reader(audited):
    raw = audited["book"].read_bytes()
    cards = list(vobject.readComponents(raw.decode("utf-8")))
    records, skipped = read_vcards(raw, "merged.vcf")
    assert len(cards) == EXPECTED_CARDS
    assert skipped.is_empty()
    assert all(_values(card, "version") == ["4.0"] for card in cards)
    by_vobject = [
        (
            _values(card, "fn")[0],
            _values(card, "email"),
            # 4.0 writes numbers as tel: URIs; the number is what follows the scheme.
            [tel.removeprefix("tel:") for tel in _values(card, "tel")],
        )
        for card in cards
    ]
    by_reader = list(records.select("name", "emails", "phones").iter_rows())
    assert by_vobject == by_reader


def test_every_value_of_the_records_is_on_the_card(audited):
    cards = {
        _values(card, "fn")[0]: card
        for card in vobject.readComponents(audited["book"].read_text(encoding="utf-8"))
    }
    for name, expected in EXPECTED.items():
        card = cards[name]
        assert _values(card, "fn") == expected["fn"], name
        assert _values(card, "email") == expected["emails"], name
        assert _values(card, "tel") == ["tel:" + p for p in expected["phones"]], name
        assert _values(card, "org") == expected["org"], name
        assert _values(card, "title") == expected["title"], name
        assert _values(card, "url") == expected["url"], name
        assert _values(card, "nickname") == expected["nickname"], name
        assert _values(card, "categories") == [expected["categories"]], name
    # N from the LinkedIn row (what the person wrote about themselves), not the card's.
    assert str(cards["Ada Active"].n.value).split() == ["Ada", "Active"]


def test_the_book_is_folded_and_holds_no_note(audited):
    raw = audited["book"].read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b""  # every line ends in CRLF
    assert b"\n" not in b"".join(lines)  # and no bare LF anywhere
    # RFC 6350 3.2: at most 75 octets a line; Zoë's ORG (83 octets) and TITLE (81) fold.
    assert max(len(line) for line in lines) <= 75
    assert sum(line.startswith(b" ") for line in lines) == 2
    # Each physical line is whole UTF-8: no character was cut in two.
    assert all(line.decode("utf-8") for line in lines[:-1])
    text = raw.decode("utf-8")
    assert "NOTE" not in text
    assert "PyCon" not in text and "owes me" not in text


def test_auditing_the_book_again_gives_the_same_tiers(audited):
    first, again = audited["first"], audited["again"]
    assert first["summary"] == EXPECTED_SUMMARY
    assert again["summary"] == EXPECTED_SUMMARY
    tiers_first = {p["name"]: p["tier"] for p in first["people"]}
    tiers_again = {p["name"]: p["tier"] for p in again["people"]}
    assert tiers_again == tiers_first
    for name, expected in EXPECTED.items():
        assert tiers_again[name] == expected["tier"], name
    # Each card joined its Connections.csv row again: Ada is one person of two records.
    ada = next(p for p in again["people"] if p["name"] == "Ada Active")
    assert [r["file"] for r in ada["records"]] == ["Connections.csv", "merged.vcf"]
    assert ada["emails"] == EXPECTED["Ada Active"]["emails"]
    assert ada["phones"] == EXPECTED["Ada Active"]["phones"]


def test_vcf_with_redact_is_a_usage_error_and_writes_nothing(tmp_path: Path):
    book = tmp_path / "book.vcf"
    result = run_cli(
        "audit", str(TIERS), "--no-history", "--redact", "--out", str(tmp_path / "out"),
        "--vcf", str(book),
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        "reachable: --vcf cannot be used with --redact: the address book holds names and numbers\n"
    )
    assert not book.exists() and not (tmp_path / "out").exists()


def test_vcf_over_an_input_is_refused(tmp_path: Path):
    contacts = tmp_path / "contacts.vcf"
    shutil.copy(CONTACTS, contacts)
    result = run_cli(
        "audit", str(TIERS), str(contacts), "--no-history", "--out", str(tmp_path / "out"),
        "--vcf", str(contacts),
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith(f"reachable: {contacts}: this output file is one of the inputs")
    assert contacts.read_bytes() == CONTACTS.read_bytes()


def test_records_of_two_books_of_one_name_are_not_mixed(tmp_path: Path):
    # Two address books both called contacts.vcf: both first cards are "contacts.vcf" #1.
    for folder, name, email in (("a", "Alice Alpha", "alice@a.example"),
                                ("b", "Bruno Beta", "bruno@b.example")):  # fmt: skip
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "contacts.vcf").write_text(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEMAIL:{email}\r\nEND:VCARD\r\n"
        )
    book = tmp_path / "book.vcf"
    settings = Settings(out=tmp_path / "out", vcf=book)
    write_results(
        run_audit([tmp_path / "a" / "contacts.vcf", tmp_path / "b" / "contacts.vcf"], settings),
        settings,
    )
    cards = {
        _values(c, "fn")[0]: c for c in vobject.readComponents(book.read_text(encoding="utf-8"))
    }
    assert sorted(cards) == ["Alice Alpha", "Bruno Beta"]
    assert _values(cards["Alice Alpha"], "fn") == ["Alice Alpha"]
    assert _values(cards["Alice Alpha"], "email") == ["alice@a.example"]
    assert _values(cards["Bruno Beta"], "fn") == ["Bruno Beta"]


def test_special_characters_come_back_as_written():
    # Text with each character vCard escapes (backslash, semicolon, comma, line break).
    row = {
        "person_id": "p-000000000001", "tier": "warm",
        "names": ["Back\\slash; Semi, Colon"], "family_name": "Semi;colon", "given_name": "A,B",
        "nicknames": ["Nick, Name"], "emails": ["x@example.com"], "phones": ["+15551234567"],
        "urls": ["https://www.linkedin.com/in/x"], "companies": ["Acme; R&D, Inc."],
        "positions": ["Line one\nline two"], "categories": ["Work; Friends"],
    }  # fmt: skip
    (card,) = vobject.readComponents(render_address_book(frame([row], ADDRESS_BOOK)))
    assert _values(card, "fn") == ["Back\\slash; Semi, Colon"]
    assert (card.n.value.family, card.n.value.given) == ("Semi;colon", "A,B")
    assert _values(card, "org") == [["Acme; R&D, Inc."]]
    assert _values(card, "title") == ["Line one\nline two"]
    assert _values(card, "categories") == [["Work; Friends", "reachable:warm"]]
    assert _values(card, "nickname") == ["Nick, Name"]
