"""normalize: the keys resolve compares, one rule each (URLs, emails, phones, names)."""

from __future__ import annotations

import polars as pl
import pytest

from audit.normalize import (
    normalize_company,
    normalize_email,
    normalize_email_domain,
    normalize_given_name,
    normalize_linkedin_url,
    normalize_match_keys,
    normalize_name,
    normalize_name_parts,
    normalize_phone,
    normalize_records,
    normalize_street,
    read_nicknames,
)
from audit.schemas import RECORD_KEYS, RECORDS, frame

ADA = "https://www.linkedin.com/in/ada-lovelace"


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.linkedin.com/in/ada-lovelace",
        "http://www.linkedin.com/in/ada-lovelace/",
        "https://uk.linkedin.com/in/Ada-Lovelace",
        "www.linkedin.com/in/ada-lovelace?trk=public_profile",
        "linkedin.com/in/ada-lovelace/#experience",
        "https://de.linkedin.com/in/ada-lovelace/en",
        "  https://LINKEDIN.com/in/ADA-LOVELACE/  ",
        "https://www.linkedin.com/in/ada%2Dlovelace",
    ],
)
def test_every_way_of_writing_a_profile_url_gives_one_key(raw):
    assert normalize_linkedin_url(raw) == ADA


def test_slug_is_percent_decoded_and_lower_cased():
    url = "https://www.linkedin.com/in/J%C3%BCrgen-M%C3%BCller-1a2b3c/"
    assert normalize_linkedin_url(url) == "https://www.linkedin.com/in/jürgen-müller-1a2b3c"


@pytest.mark.parametrize(
    "raw, key",
    [
        # LinkedIn redirects /pub/<name>/<a>/<b>/<c> to /in/<name>-<c><b><a>, b and c padded to 3.
        (
            "https://sy.linkedin.com/pub/krzysztof-marzec/a7/576/b50?trk=biz_employee_pub",
            "https://www.linkedin.com/in/krzysztof-marzec-b50576a7",
        ),
        (
            "http://uk.linkedin.com/pub/abdi-ahmed/100/384/6b0/",
            "https://www.linkedin.com/in/abdi-ahmed-6b0384100",
        ),
        ("linkedin.com/pub/ada-l/1/2/3", "https://www.linkedin.com/in/ada-l-0030021"),
        ("https://www.linkedin.com/pub/ada-lovelace", ADA),
    ],
)
def test_legacy_pub_urls_are_the_profile_they_redirect_to(raw, key):
    assert normalize_linkedin_url(raw) == key


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "https://www.linkedin.com/company/analytical-engines",
        "https://www.linkedin.com/pub/dir/ada/lovelace",
        "https://www.linkedin.com/in/",
        "https://linkedin.com.evil.example/in/ada-lovelace",
        "https://notlinkedin.com/in/ada-lovelace",
        "ada@example.com",
    ],
)
def test_anything_but_a_profile_url_has_no_key(raw):
    assert normalize_linkedin_url(raw) is None


@pytest.mark.parametrize(
    "raw, key",
    [
        ("Ada.Lovelace+news@GoogleMail.com", "adalovelace@gmail.com"),
        ("ada.lovelace@gmail.com", "adalovelace@gmail.com"),
        ("MAILTO:Ada@Example.COM", "ada@example.com"),
        (" <ada@example.com> ", "ada@example.com"),
        # Only Gmail ignores dots and +tags: elsewhere they are different mailboxes.
        ("ada.lovelace+news@example.com", "ada.lovelace+news@example.com"),
        ("ada.lovelace@outlook.com", "ada.lovelace@outlook.com"),
        ("not an email", None),
        ("ada@localhost", None),
        (None, None),
    ],
)
def test_emails_fold_case_everywhere_and_dots_and_tags_only_for_gmail(raw, key):
    assert normalize_email(raw) == key


@pytest.mark.parametrize(
    "email, organisation",
    [
        ("jo@acme.com", "acme"),
        ("jo@eu.acme-corp.co.uk", "acmecorp"),
        ("jo@mail.kessler-logistik.de", "kesslerlogistik"),
        ("jo@gmail.com", None),
        ("jo@yahoo.com", None),
        (None, None),
    ],
)
def test_email_domain_names_the_organisation_unless_a_free_mail_provider(email, organisation):
    assert normalize_email_domain(email) == organisation


@pytest.mark.parametrize(
    "raw, region, key",
    [
        ("+44 20 7946 0958", "US", "+442079460958"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 (0)20 7946 0958", "US", "+442079460958"),
        ("(415) 555-0100", "US", "+14155550100"),
        ("tel:+1-415-555-0100", "GB", "+14155550100"),
        ("415-555-0100 ext. 12", "US", "+14155550100"),
        # Dialled without the area code: the same digits are someone else in the next town.
        ("555-0100", "US", None),
        ("call me", "US", None),
        (None, "US", None),
    ],
)
def test_phones_become_e164(raw, region, key):
    assert normalize_phone(raw, region) == key


@pytest.mark.parametrize(
    "raw, key",
    [
        ("Dr. Jane Doe, PhD", "jane doe"),
        ("Prof. Dr. Hans Müller", "hans muller"),
        ("Jane Doe, MBA, PMP", "jane doe"),
        ("Jane Doe (she/her)", "jane doe"),
        ("Jane Doe she/they", "jane doe"),
        ("Jane Doe 🚀✨", "jane doe"),
        ("Jürgen 👨\u200d👩\u200d👧 Koch", "jurgen koch"),
        ("José García | Helping startups grow", "jose garcia"),
        ("Renée O'Neil-Smith", "renee oneil smith"),
        ("ＪＡＮＥ ＤＯＥ", "jane doe"),
        ("Doe, Jane", "doe jane"),
        # Ma is a family name, MA a degree only after a comma.
        ("Ma Yun", "ma yun"),
        ("Yun Ma, MA", "yun ma"),
        ("Дмитрий Волков", "dmitriy volkov"),
        ("Σωκράτης Παπαδόπουλος", "sokratis papadopoylos"),  # anyascii: ου -> oy
        ("李伟", "li wei"),
        (None, None),
        ("🚀", None),
    ],
)
def test_names_fold_case_accents_scripts_and_decoration(raw, key):
    assert normalize_name(raw) == key


@pytest.mark.parametrize(
    "raw, parts",
    [
        ("Ada Lovelace", ["ada", "lovelace"]),
        ("John Fitzgerald Kennedy", ["john", "kennedy"]),
        ("Willa van den Berg", ["willa", "van den berg"]),
        ("Lovelace, Ada", ["ada", "lovelace"]),
        ("Jane Doe, PhD", ["jane", "doe"]),
        ("郑志强", ["zhiqiang", "zheng"]),  # family name first, as written
        ("李伟", ["wei", "li"]),
        ("Madonna", ["madonna", None]),
        ("", [None, None]),
    ],
)
def test_given_and_family_name_from_a_display_name(raw, parts):
    assert normalize_name_parts(raw) == parts


@pytest.mark.parametrize(
    "nickname, formal",
    [
        ("bob", "robert"),
        ("bobby", "robert"),
        ("liz", "elizabeth"),
        ("bill", "william"),
        ("peggy", "margaret"),
        ("chris", "christopher"),
        ("chris", "christina"),
        ("sepp", "joseph"),  # sepp -> josef -> joseph
        ("dmitriy", "dmitry"),  # anyascii's Дмитрий against the spelling on LinkedIn
        ("natasha", "natalia"),
        ("paco", "francisco"),
    ],
)
def test_nicknames_share_a_formal_name(nickname, formal):
    assert formal in normalize_given_name(nickname)
    assert set(normalize_given_name(nickname)) & set(normalize_given_name(formal))


def test_nicknames_do_not_join_the_names_they_stand_for():
    # "Jon" may be a John or a Jonathan; that makes no John a Jonathan.
    assert {"john", "jonathan"} <= set(normalize_given_name("jon"))
    assert not set(normalize_given_name("john")) & set(normalize_given_name("jonathan"))
    assert normalize_given_name("ada") == ["ada"]
    assert normalize_given_name(None) == []


def test_nickname_table_is_a_few_hundred_folded_names():
    table = read_nicknames()
    assert len(table) > 300
    assert all(name.isascii() and name == name.lower() for name in table)
    assert table["bill"] == frozenset({"william"})


@pytest.mark.parametrize(
    "raw, key",
    [
        ("Acme, Inc.", "acme"),
        ("ACME GmbH", "acme"),
        ("Acme Corp.", "acme"),
        ("Van Dijk Advies B.V.", "van dijk advies"),
        ("Müller & Söhne GmbH", "muller sohne"),
        ("The Boring Company", "boring"),
        ("Self-employed", None),
        ("Freelance", None),
        (None, None),
    ],
)
def test_companies_fold_legal_forms_and_generic_values(raw, key):
    assert normalize_company(raw) == key


def _records(rows: list[dict]) -> pl.DataFrame:
    base = {"source": "vcard", "file": "contacts.vcf", "nicknames": [], "categories": []}
    return frame([{**base, "emails": [], "phones": [], **row} for row in rows], RECORDS)


def test_normalize_records_adds_exactly_the_record_keys():
    records = _records(
        [
            {
                "record": 1,
                "name": "Ada Lovelace 🚀",
                "linkedin_url": "uk.linkedin.com/in/Ada-Lovelace/",
                "emails": ["Ada.Lovelace@GMAIL.com", "ada.lovelace@gmail.com", "nope"],
                "phones": ["020 7946 0958", "+44 20 7946 0958"],
            },
            {"record": 2, "name": None},
        ]
    )
    keyed = normalize_records(records, "GB")
    assert keyed.columns == [*RECORDS, *RECORD_KEYS]
    assert keyed.select(list(RECORD_KEYS)).to_dicts() == [
        {
            "url_key": ADA,
            "email_keys": ["adalovelace@gmail.com"],
            "phone_keys": ["+442079460958"],
            "name_key": "ada lovelace",
        },
        {"url_key": None, "email_keys": [], "phone_keys": [], "name_key": None},
    ]


def test_match_keys_of_real_shaped_records():
    records = _records(
        [
            {
                "record": 1,
                "name": "Bob Smith",
                "first_name": "Bob",
                "last_name": "Smith (he/him)",
                "emails": ["bob@acme-corp.co.uk", "bob@gmail.com"],
                "company": "ACME Corp. Ltd",
                "birthday": "1980-02-29",
                "city": "Köln",
                "address": "Hohe Straße 1",
                "postcode": "50 667",
            },
            {"record": 2, "name": "Lovelace, Ada", "company": "Analytical Engines"},
            # A card whose only name is its company, as the reader falls back to it.
            {"record": 3, "name": "Globex", "company": "Globex"},
        ]
    )
    keys = normalize_match_keys(normalize_records(records, "GB"))
    assert keys.to_dicts() == [
        {
            "first": "bob",
            "last": "smith",
            "given_plain": "bob",
            "given_keys": ["bob", "robert"],
            # bob is in the nickname table; no Jr./Sr.; written in Latin letters
            "given_known": True,
            "generation": None,
            "name_unsure": False,
            "company_key": "acme",
            "org_keys": ["acmecorp"],
            "birthday": "1980-02-29",
            "city_key": "koln",
            "house_key": "1",
            "street_key": "hohestrasse",
            "postcode_key": "50667",
            # both emails, sorted, as the row's email_keys hold them
            "contact_keys": "bob@acme-corp.co.uk bob@gmail.com",
        },
        {
            "first": "ada",
            "last": "lovelace",
            "given_plain": "ada",
            "given_keys": ["ada"],
            # the table has "ada,addy" (from the nicknames package)
            "given_known": True,
            "generation": None,
            "name_unsure": False,
            "company_key": "analytical engines",
            "org_keys": [],
            "birthday": None,
            "city_key": None,
            "house_key": None,
            "street_key": None,
            "postcode_key": None,
            "contact_keys": None,
        },
        {
            "first": None,
            "last": None,
            "given_plain": None,
            "given_keys": [],
            "given_known": False,
            "generation": None,
            "name_unsure": False,
            "company_key": "globex",
            "org_keys": [],
            "birthday": None,
            "city_key": None,
            "house_key": None,
            "street_key": None,
            "postcode_key": None,
            "contact_keys": None,
        },
    ]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("12 Baker St", ("12", "bakerstreet")),
        ("Hohe Straße 1", ("1", "hohestrasse")),
        ("Flat 3, 12 High St.", ("3 12", "highstreet")),
        ("221B Baker Street", ("221b", "bakerstreet")),
        # A first "St" is a saint; only the street type is written in full.
        ("St Kilda Rd", (None, "stkildaroad")),
        # Spaces typed inside a word or left out change nothing.
        ("37 sanf ord place", ("37", "sanfordplace")),
        ("agnewstreet", (None, "agnewstreet")),
        ("37", ("37", None)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_a_street_line_is_a_house_number_and_a_street(raw, expected):
    assert normalize_street(raw) == expected


def test_column_wise_profile_urls_agree_with_the_full_rule():
    from audit.normalize import map_unique

    urls = [
        "https://www.linkedin.com/in/Ada-Lovelace/",
        "www.linkedin.com/in/x?trk=1",
        "https://uk.linkedin.com/in/Bob_B#a",
        " HTTPS://LINKEDIN.COM/in/abc ",
        "https://www.linkedin.com/in/dir",
        "https://www.linkedin.com/in/j%C3%BCrgen",
        "https://www.linkedin.com/in/slug/en",
        "https://www.linkedin.com/pub/john-doe/1/23/456",
        "https://notlinkedin.com/in/x",
        "https://www.linkedin.com.evil.com/in/x",
        "https://www.linkedin.com:8443/in/port",
        None,
    ]
    column = pl.Series("url", urls, dtype=pl.Utf8)
    assert map_unique(column, normalize_linkedin_url).to_list() == [
        normalize_linkedin_url(u) for u in urls
    ]
