"""Addresses and names seen in interactions -> people (DESIGN, "Interaction channels").

Every expected join is what DESIGN's rule gives for these hand-made records: a key the
records carry joins its person; an unknown address joins the one person whose record has
the sender's display name (two words at least, either order); a shared name or a
``different`` override joins nobody.
"""

import polars as pl

from audit.interactions import resolve_counterparts
from audit.interactions.counterparts import SAME_NAME
from audit.resolve import Override
from audit.schemas import INTERACTIONS, PEOPLE, blank_row, frame


def person(pid: str, *records: tuple[str, int]) -> dict:
    return blank_row(PEOPLE) | {
        "person_id": pid,
        "records": [{"file": f, "record": r} for f, r in records],
        "emails": [],
        "phones": [],
        "match_reasons": [],
    }


PEOPLE_ROWS = frame(
    [
        person("p-ada", ("Connections.csv", 1)),
        person("p-bo1", ("Connections.csv", 2)),
        person("p-bo2", ("contacts.vcf", 1)),
        person("p-cy", ("contacts.vcf", 2)),
    ],
    PEOPLE,
)
RECORDS = pl.DataFrame(
    {
        "file": ["Connections.csv", "Connections.csv", "contacts.vcf", "contacts.vcf"],
        "record": [1, 2, 1, 2],
        "email_keys": [["ada@example.com"], [], [], []],
        "phone_keys": [[], [], [], ["+442079460018"]],
        "url_key": ["https://www.linkedin.com/in/ada-lovelace", None, None, None],
        # Two different people named Bo Li (two records that did not merge).
        "name_key": ["ada lovelace", "bo li", "bo li", "cy twombly"],
    }
)


def mail(sender: str, name: str | None) -> dict:
    return {
        "channel": "email",
        "file": "a.mbox",
        "record": 1,
        "group_id": "g",
        "thread_id": None,
        "message_id": None,
        "day": None,
        "sender_key": sender,
        "sender_name": name,
        "recipient_keys": ["email:me@example.com"],
        "recipient_names": [None],
        "participant_keys": [sender, "email:me@example.com"],
        "two_way": False,
        "ignored": None,
    }


ROWS = pl.DataFrame(
    [
        mail("email:ada@example.com", "A. L."),  # a record's own key: joins Ada
        mail("email:cy.t@studio.example", "Twombly, Cy"),  # name only, other order: Cy
        mail("email:bo@example.org", "Bo Li"),  # two Bo Lis: joins neither
        mail("email:lovelace@other.example", "Lovelace"),  # one word: joins nobody
    ],
    schema=INTERACTIONS,
)


def test_keys_join_first_then_one_unique_display_name():
    links, joins = resolve_counterparts(PEOPLE_ROWS, RECORDS, ROWS)
    assert dict(links.iter_rows()) == {
        "email:ada@example.com": "p-ada",
        "https://www.linkedin.com/in/ada-lovelace": "p-ada",
        "email:cy.t@studio.example": "p-cy",
        "phone:+442079460018": "p-cy",
    }
    assert joins == [
        {"key": "email:cy.t@studio.example", "name": "Twombly, Cy", "person_id": "p-cy"}
    ]
    assert SAME_NAME == "same name as e-mail sender"


def test_a_different_override_undoes_a_join_by_name():
    override = Override("different", "cy.t@studio.example", "contacts.vcf#2", 1)
    links, joins = resolve_counterparts(PEOPLE_ROWS, RECORDS, ROWS, [override])
    assert "email:cy.t@studio.example" not in dict(links.iter_rows())
    assert joins == []


def test_a_different_override_holds_for_the_address_as_the_user_typed_it():
    # The same override written with capitals: an address compares folded (its key is
    # lower-cased, as every e-mail key is), so it still undoes Cy's join by name.
    override = Override("different", "Cy.T@Studio.Example", "contacts.vcf#2", 1)
    links, joins = resolve_counterparts(PEOPLE_ROWS, RECORDS, ROWS, [override])
    assert "email:cy.t@studio.example" not in dict(links.iter_rows())
    assert joins == []
