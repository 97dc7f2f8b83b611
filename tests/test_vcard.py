"""vCard ingest on small real-shaped fixtures: what the shared corpus lacks (LinkedIn in
Apple's and Google's forms, Outlook's Windows-125x bytes, UTF-16) and broken structure."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit import schemas
from audit.ingest.vcard import looks_like_vcard, read_vcards

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "vcard"

# Every RECORDS column a vCard leaves empty unless a test says otherwise.
EMPTY = {
    "source": "vcard",
    "name": None,
    "first_name": None,
    "last_name": None,
    "nicknames": [],
    "linkedin_url": None,
    "emails": [],
    "phones": [],
    "company": None,
    "position": None,
    "connected_on": None,
    "birthday": None,
    "city": None,
    "country": None,
    "address": None,
    "postcode": None,
    "categories": [],
    "uid": None,
}


def read_fixture(name: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    return read_vcards((FIXTURES / name).read_bytes(), name)


def expect(file: str, record: int, **fields) -> dict:
    return {**EMPTY, "file": file, "record": record, **fields}


def list_rows(frame: pl.DataFrame) -> list[dict]:
    return frame.to_dicts()


def parse_one(text: bytes) -> dict:
    records, skipped = read_vcards(text, "inline.vcf")
    assert skipped.is_empty(), skipped.to_dicts()
    assert len(records) == 1
    return records.to_dicts()[0]


def test_icloud_export_gives_linkedin_from_x_socialprofile_and_impp():
    records, skipped = read_fixture("icloud_socialprofile.vcf")
    assert skipped.is_empty()
    f = "icloud_socialprofile.vcf"
    assert list_rows(records) == [
        expect(
            f,
            1,
            name="Ada Lovelace",
            first_name="Ada",
            last_name="Lovelace",
            # the profile in X-SOCIALPROFILE wins over the one named in the NOTE
            linkedin_url="http://www.linkedin.com/in/ada-lovelace",
            emails=["ada@example.com", "ada.lovelace@work.example.org"],
            phones=["+44 20 7946 0958", "020 7946 0000"],
            company="Analytical Engines Ltd",
            position="Programmer",
            birthday="--12-10",  # X-APPLE-OMIT-YEAR=1604
            city="London",
            address="12 St James's Square",
            postcode="SW1Y 4JH",
            country="United Kingdom",  # folded across two lines
            categories=["Mathematicians", "Friends"],
            uid="6E3B8D1C-3C5A-4F4E-9D52-0A1B2C3D4E5F",
        ),
        expect(
            f,
            2,
            name="Charles Babbage",
            first_name="Charles",
            last_name="Babbage",
            linkedin_url="https://www.linkedin.com/in/charles-babbage",  # from x-user=
            company="University of Cambridge",
            birthday="1791-12-26",
            city="Cambridge",
            address="Trinity Street",
            postcode="CB2 1TQ",
            country="UK",
        ),
        expect(
            f,
            3,
            name="Grace Hopper",
            first_name="Grace",
            last_name="Hopper",
            linkedin_url="https://www.linkedin.com/in/grace-hopper",  # IMPP x-apple:<slug>
            emails=["grace@navy.example.mil"],
            company="US Navy",
            birthday="1906-12-09",
        ),
    ]


def test_google_export_gives_linkedin_from_labelled_item_urls():
    records, skipped = read_fixture("google_item_labels.vcf")
    assert skipped.is_empty()
    f = "google_item_labels.vcf"
    assert list_rows(records) == [
        expect(
            f,
            1,
            name="José García",
            first_name="José",
            last_name="García",
            linkedin_url="https://www.linkedin.com/in/josegarcia",  # ``https\://`` unescaped
            emails=["jose.garcia@example.es", "jgarcia@gmail.com"],
            phones=["+34 612 34 56 78"],
            company="Telefónica",
            position="Ingeniero de datos",
            birthday="1985-07-04",
            city="Madrid",
            address="Calle Mayor 1",
            postcode="28013",
            country="España",
            categories=["myContacts", "starred"],
        ),
        expect(
            f,
            2,
            name="Maria Rossi",
            first_name="Maria",
            last_name="Rossi",
            nicknames=["Mari"],
            # the company page before it is not a profile; the item labelled LinkedIn is
            linkedin_url="linkedin.com/in/maria-rossi-1a2b3c",
            emails=["maria.rossi@example.it"],
            birthday="--03-15",
            city="Milano",
            address="Via Roma 10",
            postcode="20121",
            country="Italia",
            categories=["myContacts"],
        ),
        # empty FN and N: the phone is all there is to name the card
        expect(f, 3, name="+1 650 555 0100", phones=["+1 650 555 0100"], categories=["myContacts"]),
    ]


def test_outlook_21_export_in_windows_1252_decodes_accents():
    records, skipped = read_fixture("outlook_windows1252.vcf")
    assert skipped.is_empty()
    f = "outlook_windows1252.vcf"
    assert list_rows(records) == [
        expect(
            f,
            1,
            name="Renée Dupré",
            first_name="Renée",
            last_name="Dupré",
            linkedin_url="https://www.linkedin.com/in/renee-dupre",
            emails=["renee.dupre@example.fr"],
            phones=["+33 1 42 14 20 00", "06 12 34 56 78"],
            company="Société Générale",
            position="Contrôleuse de gestion",
            birthday="1979-02-14",
            city="Paris",
            address="29 boulevard Haussmann",
            postcode="75009",
            country="France",
        ),
        expect(
            f,
            2,
            name="Jürgen Müller",  # quoted-printable with a soft break inside "Müller"
            first_name="Jürgen",
            last_name="Müller",
            nicknames=["Jürgi"],  # no CHARSET: not UTF-8, so cp1252
            emails=["j.mueller@example.de"],
            phones=["+49 221 123456"],
            company="Müller & Söhne GmbH",
            position="Geschäftsführer",
            birthday="1965-09-30",
            city="Köln",
            address="Hohe Straße 1",
            postcode="50667",
            country="Deutschland",
        ),
    ]


def test_outlook_21_export_in_windows_1251_decodes_cyrillic():
    records, skipped = read_fixture("outlook_windows1251_cyrillic.vcf")
    assert skipped.is_empty()
    f = "outlook_windows1251_cyrillic.vcf"
    assert list_rows(records) == [
        expect(
            f,
            1,
            name="Иван Петров",
            first_name="Иван",
            last_name="Петров",
            emails=["ivan.petrov@example.ru"],
            phones=["+7 916 123-45-67"],
            company="Газпром нефть",
            position="Главный инженер",
            city="Москва",
            address="ул. Тверская, 1",
            postcode="125009",
            country="Россия",
        ),
        expect(
            f,
            2,
            name="Ольга Смирнова",
            first_name="Ольга",
            last_name="Смирнова",
            emails=["olga@example.ru"],
        ),
    ]


def test_utf16_le_file_with_bom():
    records, skipped = read_fixture("utf16le_bom.vcf")
    assert skipped.is_empty()
    f = "utf16le_bom.vcf"
    assert list_rows(records) == [
        expect(
            f,
            1,
            name="Zoë Ångström",
            first_name="Zoë",
            last_name="Ångström",
            emails=["zoe@example.se"],
            phones=["+46 8 123 456 78"],
            company="Volvo Cars",
            position="Designer",
            birthday="1990-05-17",
            city="Göteborg",
            address="Drottninggatan 5",
            postcode="411 14",
            country="Sverige",
        ),
        expect(
            f,
            2,
            name="山田 太郎",
            first_name="太郎",
            last_name="山田",
            linkedin_url="https://jp.linkedin.com/in/taro-yamada",
            emails=["taro.yamada@example.jp"],
        ),
    ]


def test_broken_structure_loses_no_card():
    records, skipped = read_fixture("broken_structure.vcf")
    f = "broken_structure.vcf"
    assert list_rows(records) == [
        expect(f, 1, name="Lower Case", emails=["lower@example.com"]),
        # the AGENT's nested card is part of card 2, not a card of its own
        expect(f, 2, name="Big Boss", first_name="Big", last_name="Boss", phones=["+1 555 0199"]),
        expect(f, 3, name="No End", emails=["noend@example.com"]),
        expect(f, 4, name="After No End"),
        expect(f, 5, name="No Begin", phones=["+1 555 0123"]),
    ]
    assert list_rows(skipped) == [
        {"file": f, "record": 6, "reason": "card has no name, email, phone or profile URL"}
    ]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        # a fold at 75 octets in the middle of "ë" (C3 AB): unfold before decoding
        (
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zo\xc3\r\n \xab Ren\xc3\xa9\r\nEND:VCARD\r\n",
            "Zoë René",
        ),
        (b"BEGIN:VCARD\rVERSION:3.0\rFN:Bare CR\rEND:VCARD\r", "Bare CR"),
        (b"BEGIN:VCARD\r\r\nVERSION:3.0\r\r\nFN:iPhone\r\r\nEND:VCARD\r\r\n", "iPhone"),
        (b"\xef\xbb\xbfBEGIN:VCARD\nVERSION:3.0\nFN:With BOM\nEND:VCARD\n", "With BOM"),
        ("BEGIN:VCARD\nFN:Big Endian Ünal\nEND:VCARD\n".encode("utf-16-be"), "Big Endian Ünal"),
        # unknown and non-text CHARSET names fall through to UTF-8
        (b"BEGIN:VCARD\nFN;CHARSET=Murks:J\xc3\xb6rg\nEND:VCARD\n", "Jörg"),
        (b"BEGIN:VCARD\nFN;CHARSET=base64:J\xc3\xb6rg\nEND:VCARD\n", "Jörg"),
        # a Latin-1 label on UTF-8 bytes is a mislabel
        (b"BEGIN:VCARD\nFN;CHARSET=ISO-8859-1:J\xc3\xb6rg\nEND:VCARD\n", "Jörg"),
        # phones write cp932 (here NEC's circled one) and call it Shift_JIS
        (b"BEGIN:VCARD\nFN;CHARSET=SHIFT_JIS:\x88\xc0\x93\xa1\x87\x40\nEND:VCARD\n", "安藤①"),
        # ISO-2022-JP is 7-bit: "山田太郎" is ESC $ B, the JIS X 0208 codes of the four
        # characters (3B33 4544 4240 4F3A, as Python's iso2022_jp codec writes them), ESC ( B
        (
            b"BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=ISO-2022-JP:\x1b$B;3EDB@O:\x1b(B\nEND:VCARD\n",
            "山田太郎",
        ),
        # ... also with the CHARSET on another property of the card only
        (
            b"BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=ISO-2022-JP:\x1b$B;3ED\x1b(B;\x1b$BB@O:\x1b(B\n"
            b"FN:\x1b$B;3EDB@O:\x1b(B\nEND:VCARD\n",
            "山田太郎",
        ),
        # ... but an ESC in UTF-8 text (a terminal's colour code) is only a character: the
        # card's Cyrillic charset is not for it (read as cp1251, "Пётр" became "РџС‘С‚СЂ")
        (
            b"BEGIN:VCARD\nVERSION:2.1\nORG;CHARSET=WINDOWS-1251:x\n"
            b"FN:\xd0\x9f\xd1\x91\xd1\x82\xd1\x80\x1b[0m\nEND:VCARD\n",
            "Пётр\x1b[0m",
        ),
        # ... and 7-bit text with an ESC is ASCII to any charset but ISO-2022's
        (b"BEGIN:VCARD\nFN;CHARSET=UTF-7:A+ZeVnLDqe-\x1b[0m\nEND:VCARD\n", "A+ZeVnLDqe-\x1b[0m"),
        # (an IDNA label on "xn--a" and an ESC: the codec raised, and the card was skipped)
        (b"BEGIN:VCARD\nFN;CHARSET=IDNA:xn--a\x1b.b\nEND:VCARD\n", "xn--a\x1b.b"),
        # a multi-byte character cut by a truncated quoted-printable value stays UTF-8
        (
            b"BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg =C3\n"
            b"END:VCARD\n",
            "Jörg \ufffd",
        ),
        # a lone "FN" line without colon is dropped, not glued onto the name
        (b"BEGIN:VCARD\nFN:Kept Name\nFN\nEND:VCARD\n", "Kept Name"),
        # a 2.1 base64 PHOTO whose lines are not folded, with no blank line after it
        (
            b"BEGIN:VCARD\nVERSION:2.1\nPHOTO;ENCODING=BASE64;JPEG:/9j/4AAQ\nSkZJRgAB+/AQ==\n"
            b"FN:After Photo\nEND:VCARD\n",
            "After Photo",
        ),
        # ``data:`` URI inside a 3.0 ENCODING=b PHOTO (Radicale): never decoded
        (
            b"BEGIN:VCARD\nVERSION:3.0\nPHOTO;ENCODING=b;TYPE=JPEG:data:image/jpeg;base64,/9j\n"
            b"FN:Data Uri\nEND:VCARD\n",
            "Data Uri",
        ),
    ],
)
def test_bytes_decode_to_the_written_name(data: bytes, name: str):
    assert parse_one(data)["name"] == name


@pytest.mark.parametrize(
    ("line", "birthday"),
    [
        (b"BDAY:1980-03-22", "1980-03-22"),
        (b"BDAY:19800322", "1980-03-22"),
        (b"BDAY;VALUE=DATE-TIME:19531015T231000Z", "1953-10-15"),
        (b"BDAY:1996-04-15T201243+04:00", "1996-04-15"),
        (b"BDAY:--0415", "--04-15"),
        (b"BDAY:--12-24", "--12-24"),
        (b"BDAY:16040101", "--01-01"),  # Thunderbird CardBook: year unknown
        (b"BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29", "--02-29"),
        (b"BDAY:2001-02-29", None),  # no such day
        (b"BDAY;VALUE=text:circa 1800", None),
    ],
)
def test_birthday_is_iso_or_month_day(line: bytes, birthday: str | None):
    card = b"BEGIN:VCARD\nVERSION:4.0\nFN:Someone\n" + line + b"\nEND:VCARD\n"
    assert parse_one(card)["birthday"] == birthday


@pytest.mark.parametrize(
    ("lines", "url"),
    [
        (b"URL:https://www.linkedin.com/in/ada", "https://www.linkedin.com/in/ada"),
        (b"URL:https://www.linkedin.com/company/acme", None),
        (b"X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/company/acme", None),
        (
            b'X-SOCIALPROFILE;type=linkedin;x-user="http://www.linkedin.com/in/ada":x-apple:ada',
            "http://www.linkedin.com/in/ada",
        ),
        (b"IMPP;X-SERVICE-TYPE=LinkedIn:x-apple:ada-l", "https://www.linkedin.com/in/ada-l"),
        (b"X-LINKEDIN:ada-l", "https://www.linkedin.com/in/ada-l"),
        (b"URL:http://uk.linkedin.com/pub/ada-l/1/2/3 ", "http://uk.linkedin.com/pub/ada-l/1/2/3"),
        (b"NOTE:Profile: www.linkedin.com/in/ada-l.", "www.linkedin.com/in/ada-l"),
        (b"IMPP;X-SERVICE-TYPE=Skype:skype:ada", None),
    ],
)
def test_linkedin_url_wherever_it_hides(lines: bytes, url: str | None):
    card = b"BEGIN:VCARD\nVERSION:3.0\nFN:Ada\n" + lines + b"\nEND:VCARD\n"
    assert parse_one(card)["linkedin_url"] == url


def test_typed_linkedin_url_keeps_any_profile_path():
    # /profile/view is not /in/ or /pub/, but the card says it is the LinkedIn profile
    card = b"BEGIN:VCARD\nFN:Ada\nURL;TYPE=linkedin:https://www.linkedin.com/profile/view?id=42\n"
    card += b"END:VCARD\n"
    assert parse_one(card)["linkedin_url"] == "https://www.linkedin.com/profile/view?id=42"


def test_card_with_only_a_profile_url_is_a_record():
    record = parse_one(b"BEGIN:VCARD\nURL:https://www.linkedin.com/in/anon\nEND:VCARD\n")
    assert record["name"] is None
    assert record["linkedin_url"] == "https://www.linkedin.com/in/anon"


@pytest.mark.parametrize(
    "data",
    [b"", b"\xef\xbb\xbf", b"Name,Email\nAda,ada@example.com\n", b"%PDF-1.4\n\x00\x01\x02"],
)
def test_bytes_without_cards_give_empty_frames(data: bytes):
    records, skipped = read_vcards(data, "x.vcf")
    assert records.is_empty() and skipped.is_empty()
    assert records.schema == pl.Schema(schemas.RECORDS)
    assert skipped.schema == pl.Schema(schemas.SKIPPED)


def test_frames_have_exactly_the_schema_columns():
    records, skipped = read_fixture("broken_structure.vcf")
    assert records.schema == pl.Schema(schemas.RECORDS)
    assert skipped.schema == pl.Schema(schemas.SKIPPED)


@pytest.mark.parametrize(
    ("head", "is_vcard"),
    [
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\n", True),
        (b"begin:vcard\nversion:2.1\n", True),
        (b"\xef\xbb\xbfBEGIN:VCARD\r\n", True),
        (b"\xff\xfe" + "BEGIN:VCARD\r\nVERSION:3.0\r\n".encode("utf-16-le"), True),
        (b"\xfe\xff" + "BEGIN:VCARD\r\nVERSION:3.0\r\n".encode("utf-16-be"), True),
        ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\n".encode("utf-16-le"), True),
        (b"Exported by a script\r\n\r\nBEGIN:VCARD\r\n", True),
        (b"VERSION:3.0\r\nFN:Lost Begin\r\nEND:VCARD\r\n", True),  # a card that lost BEGIN
        (b"First Name,Last Name,URL,Email Address\r\n", False),
        (b"To import, the file must start with BEGIN:VCARD.\n", False),
        (b"", False),
    ],
)
def test_looks_like_vcard(head: bytes, is_vcard: bool):
    assert looks_like_vcard(head) is is_vcard


def test_looks_like_vcard_on_a_fixture_head():
    for path in sorted(FIXTURES.glob("*.vcf")):
        assert looks_like_vcard(path.read_bytes()[:4096]), path.name


CORPUS_OF_FIXTURES = b"".join(path.read_bytes() for path in sorted(FIXTURES.glob("*.vcf")))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_never_raises_on_random_bytes(data: bytes):
    assert_consistent(*read_vcards(data, "fuzz.vcf"))


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, len(CORPUS_OF_FIXTURES)),
    st.integers(0, 400),
    st.binary(max_size=40),
)
def test_never_raises_on_damaged_fixtures(start: int, cut: int, junk: bytes):
    damaged = CORPUS_OF_FIXTURES[:start] + junk + CORPUS_OF_FIXTURES[start + cut :]
    assert_consistent(*read_vcards(damaged, "fuzz.vcf"))


def assert_consistent(records: pl.DataFrame, skipped: pl.DataFrame) -> None:
    """Each card is one row, numbered 1..n in file order, and no row is a crash."""
    numbers = sorted(records["record"].to_list() + skipped["record"].to_list())
    assert numbers == list(range(1, len(numbers) + 1))
    assert not any("could not be read" in reason for reason in skipped["reason"].to_list())
    assert records.schema == pl.Schema(schemas.RECORDS)


def test_a_file_of_unended_cards_is_every_card_skipped_once():
    # Each BEGIN opens a card inside the last; none ends. Every one is a card of its own.
    records, skipped = read_vcards(b"BEGIN:VCARD\r\n" * 40000, "begins.vcf")
    assert records.is_empty()
    assert skipped["record"].to_list() == list(range(1, 40001))


# Outlook- and Nokia-era 2.1 cards declare the code page on one property only (here
# ORG, NOTE or ADR) while N and FN carry the same 8-bit text with no CHARSET. The bytes
# are written here in the legacy code page itself; the expected text is the Python
# string that was encoded, so the oracle is the codec, not the reader.
@pytest.mark.parametrize(
    ("codec", "declared", "first", "last", "org"),
    [
        ("cp1251", "Windows-1251", "Иван", "Петров", "Газпром нефть"),
        ("cp1253", "Windows-1253", "Γιώργος", "Παπαδόπουλος", "Εταιρεία Ψ"),
        ("cp1250", "Windows-1250", "Łukasz", "Dvořák", "Škoda Ústí"),
        ("iso8859-2", "ISO-8859-2", "Zoltán", "Kővári", "Győr Kft"),
    ],
)
def test_charset_declared_on_another_property_decodes_the_whole_card(
    codec, declared, first, last, org
):
    card = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        + f"N:{last};{first}\r\n".encode(codec)
        + f"FN:{first} {last}\r\n".encode(codec)
        + f"ORG;CHARSET={declared}:{org}\r\n".encode(codec)
        + b"TEL;CELL:+30 210 1234567\r\nEND:VCARD\r\n"
    )
    row = parse_one(card)
    assert (row["name"], row["first_name"], row["last_name"], row["company"]) == (
        f"{first} {last}",
        first,
        last,
        org,
    )


def test_card_charset_does_not_touch_utf8_values_or_other_cards():
    # Card 1: a UTF-8 FN beside a Windows-1251 ORG keeps its UTF-8 (it is valid UTF-8).
    # Card 2: no CHARSET anywhere, cp1252 bytes: read as cp1252, as before (the other
    # card's declaration is not this card's).
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        + "FN:Zoë Brandt\r\n".encode()
        + "ORG;CHARSET=Windows-1251:Газпром\r\n".encode("cp1251")
        + b"END:VCARD\r\n"
        + b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        + "FN:José Muñoz\r\n".encode("cp1252")
        + b"END:VCARD\r\n"
    )
    records, skipped = read_vcards(data, "mixed.vcf")
    assert skipped.is_empty()
    assert records["name"].to_list() == ["Zoë Brandt", "José Muñoz"]
    assert records["company"].to_list() == ["Газпром", None]
