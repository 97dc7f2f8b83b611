"""resolve: records -> people. Exact keys join, a name alone never does, reasons are exact."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from audit.normalize import normalize_records, normalize_references
from audit.pipeline import run_audit
from audit.resolve import Override, OverridesError, read_overrides, resolve_people
from audit.schemas import LINKS, PEOPLE, RECORDS, REFERENCES, frame
from audit.settings import Settings
from tests.helpers import FIXTURES

AS_OF = date(2026, 11, 21)
EXPORT = FIXTURES / "resolve" / "export"


def connection(record: int, first: str, last: str, url: str, **fields) -> dict:
    return {
        "source": "linkedin",
        "file": "Connections.csv",
        "record": record,
        "name": f"{first} {last}",
        "first_name": first,
        "last_name": last,
        "linkedin_url": url,
        "emails": [],
        "phones": [],
        "connected_on": date(2020, 1, 1),
        **fields,
    }


def card(record: int, name: str, **fields) -> dict:
    return {"source": "vcard", "file": "contacts.vcf", "record": record, "name": name, **fields}


def resolve(*rows: dict, overrides=(), references: pl.DataFrame | None = None):
    filled = [{"emails": [], "phones": [], "nicknames": [], "categories": [], **r} for r in rows]
    records = normalize_records(frame(filled, RECORDS), "GB")
    refs = references if references is not None else frame(None, REFERENCES)
    return resolve_people(records, refs, AS_OF, list(overrides))


def groups(people: pl.DataFrame) -> list[tuple[list[str], list[str]]]:
    """Each person as ([file#record, ...], match_reasons), sorted."""
    return sorted(
        ([f"{r['file']}#{r['record']}" for r in refs], reasons)
        for refs, reasons in people.select("records", "match_reasons").iter_rows()
    )


def pid(key: str) -> str:
    return "p-" + hashlib.sha256(key.encode()).hexdigest()[:12]


ADA_URL = "https://www.linkedin.com/in/ada-lovelace"


def test_shared_email_joins_a_connection_and_a_card():
    people, _, duplicates = resolve(
        connection(1, "Ada", "Lovelace", ADA_URL, emails=["Ada.Lovelace@gmail.com"]),
        card(1, "A. Lovelace", emails=["adalovelace+work@googlemail.com"]),
    )
    assert groups(people) == [(["Connections.csv#1", "contacts.vcf#1"], ["same email"])]
    row = people.row(0, named=True)
    assert (row["person_id"], row["name"], row["linkedin_url"]) == (
        pid(ADA_URL),
        "Ada Lovelace",
        ADA_URL,
    )
    assert duplicates == []


def test_url_and_email_both_give_their_reason():
    people, _, _ = resolve(
        connection(1, "Ada", "Lovelace", ADA_URL, emails=["ada@example.com"]),
        card(
            1, "Ada L.", linkedin_url="uk.linkedin.com/in/Ada-Lovelace/", emails=["ADA@example.com"]
        ),
    )
    assert groups(people) == [
        (["Connections.csv#1", "contacts.vcf#1"], ["same email", "same linkedin url"])
    ]


def test_shared_name_alone_never_joins_and_is_a_possible_duplicate():
    people, _, duplicates = resolve(
        connection(1, "Grace", "Hopper", "https://www.linkedin.com/in/grace-hopper"),
        card(
            1, "Grace Hopper", first_name="Grace", last_name="Hopper", phones=["+44 20 7946 0001"]
        ),
    )
    assert groups(people) == [(["Connections.csv#1"], []), (["contacts.vcf#1"], [])]
    assert duplicates == [
        {
            "a": pid("+442079460001"),
            "b": pid("https://www.linkedin.com/in/grace-hopper"),
            "a_name": "Grace Hopper",
            "b_name": "Grace Hopper",
            "score": 1.0,
            "why": "same name, nothing else to compare",
        }
    ]


def test_similar_name_and_same_company_join_with_that_reason():
    people, _, _ = resolve(
        connection(1, "Jonathan", "Smith", "https://www.linkedin.com/in/jsmith", company="Initech"),
        # A typing slip (two letters swapped); "Jonathon" is a spelling the table knows.
        card(1, "Jonahtan Smith", company="Initech Inc."),
    )
    assert groups(people) == [
        (["Connections.csv#1", "contacts.vcf#1"], ["similar name + same company"])
    ]


def test_nickname_and_email_domain_of_the_company_join():
    people, _, _ = resolve(
        connection(1, "Robert", "Smith", "https://www.linkedin.com/in/rsmith", company="Globex"),
        card(1, "Bob Smith", first_name="Bob", last_name="Smith", emails=["bob@globex.com"]),
    )
    assert groups(people) == [
        (["Connections.csv#1", "contacts.vcf#1"], ["nickname + email domain matches company"])
    ]


def test_transliterated_names_join_with_corroboration():
    people, _, _ = resolve(
        connection(1, "Wei", "Li", "https://www.linkedin.com/in/wei-li", company="Hooli"),
        card(1, "李伟", company="Hooli Inc."),
        connection(2, "Dmitry", "Volkov", "https://www.linkedin.com/in/dvolkov", company="Globex"),
        card(2, "Дмитрий Волков", first_name="Дмитрий", last_name="Волков", company="GLOBEX"),
    )
    assert groups(people) == [
        (["Connections.csv#1", "contacts.vcf#1"], ["same name + same company"]),
        (["Connections.csv#2", "contacts.vcf#2"], ["nickname + same company"]),
    ]


def test_same_name_at_different_companies_stays_apart_as_a_possible_duplicate():
    people, _, duplicates = resolve(
        connection(1, "Maria", "Garcia", "https://www.linkedin.com/in/mgarcia", company="Hooli"),
        card(1, "María García", company="Pied Piper", city="Madrid"),
    )
    assert groups(people) == [(["Connections.csv#1"], []), (["contacts.vcf#1"], [])]
    assert [(d["a_name"], d["b_name"], d["score"], d["why"]) for d in duplicates] == [
        ("María García", "Maria Garcia", 1.0, "same name, different companies")
    ]


def test_two_linkedin_profiles_never_merge_even_with_the_same_email():
    people, _, duplicates = resolve(
        connection(1, "Sam", "Lee", "https://www.linkedin.com/in/sam-lee-1", emails=["sam@x.org"]),
        connection(2, "Sam", "Lee", "https://www.linkedin.com/in/sam-lee-2", emails=["sam@x.org"]),
        card(1, "Sam Lee", emails=["SAM@x.org"]),
    )
    assert groups(people) == [
        (["Connections.csv#1"], []),
        (["Connections.csv#2"], []),
        (["contacts.vcf#1"], []),
    ]
    assert sorted(d["why"] for d in duplicates) == [
        "same email, different linkedin profiles",
        "same name, fits two profiles",
        "same name, fits two profiles",
    ]


def test_a_household_line_or_switchboard_joins_nobody():
    switchboard = "+1 800 555 0100"
    colleagues = [
        card(10 + k, f"{first} Jones", phones=[switchboard])
        for k, first in enumerate(["Ann", "Ben", "Cal", "Dee", "Eve", "Fay", "Gus", "Hal", "Ivy"])
    ]
    people, _, duplicates = resolve(
        card(1, "John Doe", first_name="John", last_name="Doe", phones=["+44 20 7946 0999"]),
        card(2, "Jane Doe", first_name="Jane", last_name="Doe", phones=["020 7946 0999"]),
        card(3, "Paul Roe", phones=["+44 20 7946 0555"], emails=["roe@example.org"]),
        card(4, "Paula Roe", phones=["+44 20 7946 0555"]),
        *colleagues,
    )
    assert all(reasons == [] for _, reasons in groups(people))
    assert people.height == 4 + len(colleagues)
    assert [(d["a_name"], d["b_name"], d["why"]) for d in duplicates] == [
        ("Paula Roe", "Paul Roe", "same phone, different first names"),
        ("John Doe", "Jane Doe", "same phone, different first names"),
    ]


def test_a_maiden_name_joins_on_first_name_birthday_and_city():
    people, _, _ = resolve(
        card(1, "Anna Schmidt", birthday="1985-03-02", city="Berlin"),
        card(2, "Anna Müller", birthday="1985-03-02", city="Berlin", company="Hooli"),
        card(3, "Anna Weber", birthday="1985-03-02", city="Berlin"),
        card(4, "Anna Weber", birthday="1971-11-30", city="Berlin"),
    )
    assert groups(people) == [
        (
            ["contacts.vcf#1", "contacts.vcf#2", "contacts.vcf#3"],
            ["same first name + same birthday + same city"],
        ),
        (["contacts.vcf#4"], []),
    ]


def test_a_job_change_joins_through_the_email_that_stayed():
    people, _, _ = resolve(
        connection(
            1,
            "Li",
            "Na",
            "https://www.linkedin.com/in/li-na",
            company="Hooli",
            emails=["li.na@gmail.com"],
        ),
        card(1, "Na Li", company="Initech", emails=["li.na@initech.com", "lina@gmail.com"]),
    )
    assert groups(people) == [(["Connections.csv#1", "contacts.vcf#1"], ["same email"])]


def test_overrides_same_and_different_are_obeyed():
    rows = [
        connection(1, "Grace", "Hopper", "https://www.linkedin.com/in/grace-hopper"),
        card(1, "Amazing Grace", phones=["+44 20 7946 0001"]),
        card(2, "Alan Turing", emails=["alan@bletchley.example"]),
        card(3, "Alan Turing", emails=["ALAN@bletchley.example"]),
    ]
    overrides = [
        Override("same", "https://www.linkedin.com/in/grace-hopper", "+442079460001", 2),
        Override("different", "alan@bletchley.example", "contacts.vcf#3", 3),
    ]
    people, _, duplicates = resolve(*rows, overrides=overrides)
    assert groups(people) == [
        (["Connections.csv#1", "contacts.vcf#1"], ["override: same"]),
        (["contacts.vcf#2"], []),
        (["contacts.vcf#3"], []),
    ]
    assert duplicates == []  # the user has already judged the Alans


def test_override_same_joins_two_profiles_of_one_person():
    people, links, _ = resolve(
        connection(1, "Ada", "Lovelace", ADA_URL),
        connection(2, "Ada", "Lovelace", "https://www.linkedin.com/in/ada-old"),
        overrides=[Override("same", "Connections.csv#1", "Connections.csv#2", 1)],
        references=normalize_references(
            pl.DataFrame({"url": ["https://www.linkedin.com/in/ada-old"], "name": ["Ada"]})
        ),
    )
    assert groups(people) == [(["Connections.csv#1", "Connections.csv#2"], ["override: same"])]
    assert people["linkedin_url"].to_list() == [ADA_URL]
    assert links.to_dicts() == [
        {"ref_key": "https://www.linkedin.com/in/ada-old", "person_id": pid(ADA_URL)}
    ]


def test_person_ids_are_stable_and_do_not_depend_on_record_order():
    rows = [
        connection(1, "Ada", "Lovelace", ADA_URL),
        card(1, "Ada Lovelace", linkedin_url=ADA_URL, emails=["ada@example.com"]),
        card(2, "Charles Babbage", emails=["charles@example.com", "babbage@example.com"]),
        card(3, "Someone", company="Nowhere Ltd"),
    ]
    first, _, _ = resolve(*rows)
    again, _, _ = resolve(*reversed(rows))
    assert sorted(first["person_id"]) == sorted(again["person_id"])
    assert sorted(first["person_id"]) == sorted(
        [pid(ADA_URL), pid("babbage@example.com"), pid("contacts.vcf#3")]
    )


def test_people_have_exactly_the_schema_columns_also_without_records():
    people, links, duplicates = resolve()
    assert people.schema == pl.Schema(PEOPLE)
    assert links.schema == pl.Schema(LINKS)
    assert duplicates == []


def test_references_link_by_url_then_by_a_name_that_names_one_person():
    references = normalize_references(
        pl.DataFrame(
            {
                "url": ["https://uk.linkedin.com/in/Ada-Lovelace/", None, None, None],
                "name": ["Ada", "Charles Babbage", "Bob Smith", "Mary Shelley"],
            }
        )
    )
    people, links, _ = resolve(
        connection(1, "Ada", "Lovelace", ADA_URL),
        card(1, "Charles Babbage", emails=["charles@example.com"]),
        connection(2, "Robert", "Smith", "https://www.linkedin.com/in/rsmith"),
        references=references,
    )
    assert sorted(links.iter_rows()) == sorted(
        [
            (ADA_URL, pid(ADA_URL)),
            ("name:charles babbage", pid("charles@example.com")),
            # A message from "Bob Smith" may be another Bob: nicknames never link references.
            ("name:bob smith", pid("name:bob smith")),
            ("name:mary shelley", pid("name:mary shelley")),
        ]
    )
    assert people.filter(pl.col("records").list.len() == 0)["name"].sort().to_list() == [
        "Bob Smith",
        "Mary Shelley",
    ]


def test_read_overrides_reads_every_kind_of_value(tmp_path: Path):
    path = tmp_path / "overrides.csv"
    path.write_text(
        "\ufeffrule,a,b\n"
        "# the same person under two names\n"
        "same, https://uk.linkedin.com/in/Ada-Lovelace/ , ADA@example.com\n"
        "\n"
        'different,"+44 20 7946 0958",contacts.vcf#12\n'
        "Same,020 7946 0001,Connections.csv#3\n",
        encoding="utf-8",
    )
    assert read_overrides(path, "GB") == [
        Override("same", ADA_URL, "ada@example.com", 3),
        Override("different", "+442079460958", "contacts.vcf#12", 5),
        Override("same", "+442079460001", "Connections.csv#3", 6),
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("same,ada@example.com\n", ":1: expected 3 fields rule,a,b, found 2"),
        ("merge,ada@example.com,b@example.com\n", ":1: rule must be 'same' or 'different'"),
        ("same,ada@example.com,Ada Lovelace\n", ":1: 'Ada Lovelace' is not a LinkedIn profile"),
        ("same,ada@example.com,contacts.vcf#0\n", ":1: 'contacts.vcf#0' is not a LinkedIn"),
        ("rule,a,b\nsame,ada@example.com,ADA@example.com\n", ":2: a and b name the same record"),
        (
            "same,a@example.com,b@example.com\ndifferent,b@example.com,a@example.com\n",
            ":2: contradicts line 1",
        ),
    ],
)
def test_a_broken_overrides_file_is_one_clear_error(tmp_path: Path, text: str, message: str):
    path = tmp_path / "overrides.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OverridesError) as caught:
        read_overrides(path)
    assert str(caught.value).startswith(f"{path}{message}")
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_missing_overrides_file_named_in_the_settings_is_an_error(tmp_path: Path):
    with pytest.raises(OverridesError, match="cannot read the overrides file"):
        read_overrides(tmp_path / "nope.csv")


# ---------------------------------------------------------------- end to end


def audit(overrides: Path | None = None):
    return run_audit([EXPORT], Settings(as_of=AS_OF, overrides=overrides))


def people_of(document: dict) -> list[tuple]:
    return [
        (p["name"], [f"{r['file']}#{r['record']}" for r in p["records"]], p["match_reasons"])
        for p in document["people"]
    ]


def test_end_to_end_connections_cards_and_messages_become_people():
    result = audit(FIXTURES / "resolve" / "empty_overrides.csv")
    assert people_of(result.document) == [
        ("Ada Lovelace", ["Connections.csv#1", "contacts.vcf#1"], ["same linkedin url"]),
        (
            "Robert Smith",
            ["Connections.csv#2", "contacts.vcf#2", "contacts.vcf#3"],
            ["nickname + same company", "same phone"],
        ),
        ("Grace Hopper", ["Connections.csv#3", "contacts.vcf#4"], ["same email"]),
        ("Jane Doe", ["contacts.vcf#7"], []),
        ("John Doe", ["contacts.vcf#6"], []),
        ("Maria Garcia (she/her)", ["Connections.csv#4"], []),
        ("María García", ["contacts.vcf#5"], []),
    ]
    robert = result.document["people"][1]
    assert (robert["tier"], robert["emails"], robert["phones"]) == (
        "active",
        ["bob@smith.example"],
        ["+442079460001"],
    )
    assert result.extras["merges"] == [
        {
            "id": pid(ADA_URL),
            "name": "Ada Lovelace",
            "records": 2,
            "reasons": ["same linkedin url"],
        },
        {
            "id": pid("https://www.linkedin.com/in/robert-smith-42"),
            "name": "Robert Smith",
            "records": 3,
            "reasons": ["nickname + same company", "same phone"],
        },
        {
            "id": pid("https://www.linkedin.com/in/grace-hopper"),
            "name": "Grace Hopper",
            "records": 2,
            "reasons": ["same email"],
        },
    ]
    assert result.extras["possible_duplicates"] == [
        {
            "a": pid("contacts.vcf#5"),
            "b": pid("https://www.linkedin.com/in/maria-garcia-7"),
            "a_name": "María García",
            "b_name": "Maria Garcia (she/her)",
            "score": 1.0,
            "why": "same name, different companies",
        },
        {
            # One landline, two people: the number is in both ids with the card that has it.
            "a": pid("+442079460999|contacts.vcf#6"),
            "b": pid("+442079460999|contacts.vcf#7"),
            "a_name": "John Doe",
            "b_name": "Jane Doe",
            "score": 0.75,
            "why": "same phone, different first names",
        },
    ]


def test_end_to_end_the_overrides_file_is_obeyed_next_audit():
    result = audit(FIXTURES / "resolve" / "overrides.csv")
    assert people_of(result.document) == [
        ("Ada Lovelace", ["Connections.csv#1", "contacts.vcf#1"], ["same linkedin url"]),
        ("Robert Smith", ["Connections.csv#2", "contacts.vcf#2"], ["nickname + same company"]),
        ("Bobby Smith", ["contacts.vcf#3"], []),
        ("Grace Hopper", ["Connections.csv#3", "contacts.vcf#4"], ["same email"]),
        ("Jane Doe", ["contacts.vcf#7"], []),
        ("John Doe", ["contacts.vcf#6"], []),
        (
            "Maria Garcia (she/her)",
            ["Connections.csv#4", "contacts.vcf#5"],
            ["override: same"],
        ),
    ]
    assert [d["why"] for d in result.extras["possible_duplicates"]] == [
        "same phone, different first names"
    ]


# ---------------------------------------------------------------- addresses (FEBRL-shaped cards)


def test_a_street_and_postcode_back_a_name_through_typos_and_a_swap():
    people, _, duplicates = resolve(
        card(
            1,
            "Reece Miels",
            first_name="Reece",
            last_name="Miels",
            address="75 Woronora Street",
            postcode="3101",
            city="Leslie Vale",
            birthday="1941-01-17",
        ),
        card(
            2,
            "Reece Mield",
            first_name="Reece",
            last_name="Mield",
            address="75 Woronoas treet",
            postcode="3101",
            city="Lesliev ale",
        ),
        # Written surname first, the street type short, a postcode typed 3027 for 3072, and a
        # birthday with two digits swapped (03 for 30): the rest of the address says it is her.
        # (A birthday that really differs says two people: see the household test below.)
        card(
            3,
            "Ella Crouch",
            address="3 Wybalena Grove",
            postcode="3072",
            city="Urangan",
            birthday="1927-11-30",
        ),
        card(
            4,
            "Crouch, Ella",
            address="3 Wybalena Gr",
            postcode="3027",
            city="Urangan",
            birthday="1927-11-03",
        ),
    )
    assert groups(people) == [
        (
            ["contacts.vcf#1", "contacts.vcf#2"],
            ["similar name + similar address + same postcode + similar city"],
        ),
        (
            ["contacts.vcf#3", "contacts.vcf#4"],
            ["same name + similar birthday + same address + similar postcode + same city"],
        ),
    ]
    assert duplicates == []


def test_a_household_at_one_address_stays_apart():
    people, _, duplicates = resolve(
        # Different given names and birthdays: parent and child.
        card(
            1,
            "Madison Miels",
            first_name="Madison",
            last_name="Miels",
            address="75 Woronora St",
            postcode="3101",
            city="Leslie Vale",
            birthday="1977-02-16",
        ),
        card(
            2,
            "Reece Miels",
            first_name="Reece",
            last_name="Miels",
            address="75 Woronora Street",
            postcode="3101",
            city="Leslie Vale",
            birthday="1941-01-17",
        ),
        # A man's and a woman's form of one name are two people, however alike.
        card(3, "Paul Roe", address="4 Mill Road", postcode="NW1 4RY", city="London"),
        card(4, "Paula Roe", address="4 Mill Rd", postcode="NW1 4RY", city="London"),
        # Different given names, one birthday unknown: still two people.
        card(5, "Flynn Rollins", address="16 Fimister Circuit", postcode="5032", city="Brown Hill"),
        card(
            6,
            "Zachary Rollins",
            address="16 Fimister Cct",
            postcode="5032",
            city="Brown Hill",
            birthday="1974-11-21",
        ),
    )
    assert [records for records, _ in groups(people)] == [
        [f"contacts.vcf#{k}"] for k in range(1, 7)
    ]
    # Paul and Paula look 93% alike ("paulroe" / "paularoe": one letter in 15), so the user
    # sees why they were kept apart.
    assert [(d["a_name"], d["b_name"], d["score"], d["why"]) for d in duplicates] == [
        ("Paula Roe", "Paul Roe", 0.93, "same last name, different given names")
    ]


def fillers(city: str | None, count: int, start: int) -> list[dict]:
    """Cards of shops (not people: they never match) to make a city common or rare."""
    return [
        card(start + k, f"Shop {k}", company=f"Shop {k}", city=city or f"Town {k}")
        for k in range(count)
    ]


@pytest.mark.parametrize(
    "city, expected",
    [
        # One card in two is in London: two Grace Hoppers there are likely namesakes.
        ("London", [(["contacts.vcf#1"], []), (["contacts.vcf#2"], [])]),
        # Two cards of 202 are in Urangan: that backs the name.
        ("Urangan", [(["contacts.vcf#1", "contacts.vcf#2"], ["same name + same city"])]),
    ],
)
def test_a_city_weighs_as_rare_as_it_is_in_the_address_book(city: str, expected: list):
    people, _, duplicates = resolve(
        card(1, "Grace Hopper", city=city),
        card(2, "Grace Hopper", city=city),
        *fillers("London", 100, 10),
        *fillers(None, 100, 200),
    )
    assert [g for g in groups(people) if "contacts.vcf#1" in g[0] or "contacts.vcf#2" in g[0]] == (
        expected
    )
    assert [(d["a_name"], d["b_name"], d["why"]) for d in duplicates] == (
        [("Grace Hopper", "Grace Hopper", "same name, only same city")] if city == "London" else []
    )
