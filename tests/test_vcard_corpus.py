"""vCard ingest over every .vcf of the shared corpus (real files from other projects'
test suites): no card is lost, and names come out as the characters that were written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from audit.ingest.vcard import read_vcards

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "vcard"
FILES = sorted(CORPUS.rglob("*.vcf"))

# A BEGIN:VCARD line as a reader sees it: any case, leading blanks (l0b0
# continuation_at_start), a group prefix (l0b0 mismatch_group ``TEST.BEGIN``,
# dot_at_line_start ``.BEGIN``).
BEGIN_LINE = re.compile(rb"^[ \t]*(?:[A-Za-z0-9-]*\.)?BEGIN:VCARD[ \t]*$", re.I | re.M)

# Files where counting BEGIN lines is not what a person reading the file would say.
HUMAN_COUNTS = {
    # one card with two vCards nested inside it (2.1 AGENT style): the nested ones are
    # part of the card, not cards of the address book
    "android-vcard/v21_nest.vcf": 1,
    # one card whose BEGIN line is missing: VERSION, N, FN, END
    "l0b0-vcard/missing_start.vcf": 1,
    # one card whose BEGIN line reads BEGIN:VCARDinvalid
    "l0b0-vcard/invalid_begin.vcf": 1,
}


def count_cards_by_eye(path: Path) -> int:
    """How many cards the file holds, counted from its raw bytes, not by the reader."""
    relative = path.relative_to(CORPUS).as_posix()
    if relative in HUMAN_COUNTS:
        return HUMAN_COUNTS[relative]
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        data = data.decode("utf-16").encode("utf-8")
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return len(BEGIN_LINE.findall(lines))


def read_corpus_file(relative: str):
    return read_vcards((CORPUS / relative).read_bytes(), relative)


def test_corpus_is_there():
    assert len(FILES) >= 187, CORPUS


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.relative_to(CORPUS).as_posix())
def test_every_card_is_a_record_or_skipped(path: Path):
    relative = path.relative_to(CORPUS).as_posix()
    records, skipped = read_corpus_file(relative)
    numbers = sorted(records["record"].to_list() + skipped["record"].to_list())
    assert numbers == list(range(1, count_cards_by_eye(path) + 1))
    assert set(records["file"].to_list() + skipped["file"].to_list()) <= {relative}
    assert set(records["source"].to_list()) <= {"vcard"}


def test_cards_skipped_in_the_corpus_are_only_those_naming_nobody():
    skipped = {}
    for path in FILES:
        relative = path.relative_to(CORPUS).as_posix()
        for row in read_corpus_file(relative)[1].iter_rows(named=True):
            skipped[(relative, row["record"])] = row["reason"]
    nobody = "card has no name, email, phone or profile URL"
    assert skipped == {
        # only X-ANDROID-CUSTOM rows of custom MIME types
        ("android-vcard/v21_android_custom_prop.vcf", 1): nobody,
        # empty N, an address LABEL and a UID
        ("kcontacts/vcard7.vcf", 1): nobody,
        # BEGIN and END only
        ("l0b0-vcard/missing_properties.vcf", 1): nobody,
        # VERSION and a broken PHOTO only
        ("node-vcf/photo-base64.vcf", 1): nobody,
        # iCloud: empty FN, N of empty parts, UID, PRODID, REV
        ("rcmcarddav/EmptyFNBlank.vcf", 1): nobody,
    }


# (file, card, column, value): names decoded from Shift_JIS, from folds that split a
# UTF-8 character, and from 2.1 quoted-printable with soft line breaks.
DECODED = [
    # Shift_JIS with CHARSET=SHIFT_JIS, 2.1 and 3.0 (AOSP)
    ("android-vcard/v21_japanese_1.vcf", 1, "name", "安藤ロイド"),
    ("android-vcard/v21_japanese_2.vcf", 1, "name", "安藤 ロイド 1"),
    ("android-vcard/v21_japanese_2.vcf", 1, "first_name", "ロイド1"),
    ("android-vcard/v21_japanese_2.vcf", 1, "last_name", "安藤"),
    # 能 is 94 5C in Shift_JIS: its second byte is a backslash, not an escape
    ("android-vcard/v21_japanese_3.vcf", 1, "name", "伊能 圭一 伊予"),
    ("android-vcard/v21_japanese_3.vcf", 1, "first_name", "圭一"),
    ("android-vcard/v21_japanese_3.vcf", 1, "last_name", "伊能"),
    ("android-vcard/v30_japanese.vcf", 1, "name", "伊能 圭一 伊予"),
    ("android-vcard/v21_multiple_entry.vcf", 1, "name", "安藤ロイド3"),
    ("android-vcard/v21_multiple_entry.vcf", 2, "name", "安藤ロイド4"),
    ("android-vcard/v21_multiple_entry.vcf", 3, "name", "安藤ロイド5"),
    ("android-vcard/v40_sort_as.vcf", 1, "company", "グーグル"),
    # Greek and Bopomofo in UTF-8, folded at 75 octets in the middle of characters
    ("kcontacts/vcard9.vcf", 1, "name", "βγδεαβγδ1" * 11),
    ("kcontacts/vcard9.vcf", 1, "last_name", "123ㄓㄕㄖbcde" + "αβγδ" * 6 + "αβㄤㄓㄕㄖ"),
    # Chinese (obsidian demo data, the first of two FN lines) and Korean
    ("obsidian-vcf-contacts/contacts.vcf", 1, "name", "伟 李"),
    ("obsidian-vcf-contacts/contacts.vcf", 1, "first_name", "伟"),
    ("obsidian-vcf-contacts/contacts.vcf", 1, "last_name", "李"),
    ("obsidian-vcf-contacts/contacts.vcf", 1, "company", "竹语科技有限公司"),
    ("obsidian-vcf-contacts/contacts.vcf", 1, "city", "成都"),
    ("obsidian-vcf-contacts/contacts.vcf", 1, "categories", ["自然", "编程", "茶"]),
    ("obsidian-vcf-contacts/contacts.vcf", 12, "name", "Elin Lindström"),
    ("khard/korean-c.vcf", 1, "name", "최유림"),
    # 2.1 quoted-printable, CHARSET=UTF-8, soft breaks inside names (ez-vcard Android export)
    ("ez-vcard/John_Doe_ANDROID.vcf", 3, "name", "Ñ Ñ Ñ Ñ Ñ"),
    ("ez-vcard/John_Doe_ANDROID.vcf", 4, "name", "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ"),
    ("ez-vcard/John_Doe_ANDROID.vcf", 5, "first_name", "Ñ Ñ Ñ"),
    ("ez-vcard/John_Doe_ANDROID.vcf", 5, "emails", ["bob@company.com", "Ñ" * 14]),
    ("ez-vcard/John_Doe_ANDROID.vcf", 6, "company", "Ñ" * 44),  # a blank line ends it
    # KDE: QP soft break in the middle of "für"; QP ADR, then the URL after it survives
    ("kcontacts/vcard10.vcf", 4, "position", "Facharzt für Allgemeinmedizin"),
    ("kcontacts/vcard10.vcf", 2, "city", "Urt"),
    ("kcontacts/vcard10.vcf", 1, "name", "Bike Shop"),  # no FN or N: the ORG
    # Android 2.1 nickname in X-ANDROID-CUSTOM is the only name of the card
    ("android-vcard/v21_im.vcf", 1, "name", "Nick"),
]


@pytest.mark.parametrize(("relative", "card", "column", "value"), DECODED)
def test_values_decode_to_the_written_characters(relative, card, column, value):
    records, _ = read_corpus_file(relative)
    assert records.filter(records["record"] == card)[column].to_list() == [value]


def test_outlook_21_export_with_quoted_printable_labels():
    # QP LABEL lines continue on lines that look like nothing; a PHOTO ends with a blank
    # line; every property after them must still be read.
    records, skipped = read_corpus_file("ez-vcard/John_Doe_MS_OUTLOOK.vcf")
    assert skipped.is_empty()
    assert records.drop("source", "file").to_dicts() == [
        {
            "record": 1,
            "name": "Mr. John Richter James Doe Sr.",
            "first_name": "John",
            "last_name": "Doe",
            "nicknames": ["Johny"],
            "linkedin_url": None,
            "emails": ["john.doe@ibm.cm"],
            "phones": ["(905) 555-1234", "(905) 666-1234"],
            "company": "IBM",
            "position": "Money Counter",
            "connected_on": None,
            "birthday": "1980-03-22",
            "city": "Albaney",
            "country": "United States of America",
            "address": "Cresent moon drive",
            "postcode": "12345",
            "categories": [],
            "uid": None,
        }
    ]


def test_outlook_2003_export_with_soft_breaks_and_indented_key():
    records, _ = read_corpus_file("ez-vcard/outlook-2003.vcf")
    row = records.to_dicts()[0]
    assert (row["name"], row["company"], row["position"], row["birthday"], row["city"]) == (
        "John Doe III",
        "Company, The",
        "The Job Title",
        "1980-03-21",
        "Austin",
    )
    assert row["emails"] == ["jdoe@hotmail.com"]  # after the multi-line KEY block


def test_card_that_lost_its_end_does_not_take_the_next_ones():
    # obsidian demo data: the 15th card has no END; three more cards follow it
    records, skipped = read_corpus_file("obsidian-vcf-contacts/contacts.vcf")
    assert skipped.is_empty()
    assert records["name"].to_list()[13:] == [
        "Bao Nguyen",
        "Anya Volkova",
        "India Gate (1931)",
        "Snip & Sip AB",
        'kite surf spot "zandmotor"',
    ]
