"""The one engine every channel goes through: rows of INTERACTIONS -> ignored, counted, facts.

Rows are written by hand here, one per exchange, and every expected value is reckoned
from DESIGN's rules in the comment beside it (T = 2026-11-21, max_group 5).
"""

from datetime import date

import polars as pl

from audit.interactions import build_facts
from audit.schemas import INTERACTIONS, LINKS

T = date(2026, 11, 21)
ME = {"https://www.linkedin.com/in/me", "email:me@example.com", "email:me@work.example"}
ADA, BOB, CY = "email:ada@example.com", "email:bob@example.com", "email:cy@example.com"
LINKS_ROWS = pl.DataFrame(
    {
        "ref_key": [ADA, "https://www.linkedin.com/in/ada", BOB, "phone:+442071234567"],
        "person_id": ["p-ada", "p-ada", "p-bob", "p-bob"],
    },
    schema=LINKS,
)


def row(
    channel,
    record,
    day,
    sender,
    recipients,
    *,
    group=None,
    mid=None,
    two_way=False,
    ignored=None,
    participants=None,
    thread=None,
    names=None,
):
    recipients = list(recipients)
    return {
        "channel": channel,
        "file": f"{channel}.in",
        "record": record,
        "group_id": group or f"{channel}#{record}",
        "thread_id": thread,
        "message_id": mid,
        "day": date.fromisoformat(day),
        "sender_key": sender,
        "sender_name": None,
        "recipient_keys": recipients,
        "recipient_names": names or [None] * len(recipients),
        "participant_keys": participants
        if participants is not None
        else [k for k in [sender, *recipients] if k],
        "two_way": two_way,
        "ignored": ignored,
    }


def run(rows, channels=()):
    frame = pl.DataFrame(rows, schema=INTERACTIONS)
    return build_facts(frame, ME, LINKS_ROWS, T, 5, channels)


def facts_of(found, person):
    return found.facts.filter(pl.col("person_id") == person).to_dicts()[0]


def test_email_duplicates_own_addresses_groups_and_late_mail():
    found = run(
        [
            row("email", 1, "2026-10-01", "email:me@example.com", [ADA], mid="<a@x>"),
            # The same Message-ID in a second archive: one message.
            row("email", 2, "2026-10-01", "email:me@example.com", [ADA], mid="<a@x>"),
            # A draft copy first, then the sent copy: the counted copy is the message.
            row(
                "email",
                3,
                "2026-10-03",
                ADA,
                ["email:me@work.example"],
                mid="<b@x>",
                ignored="draft",
            ),
            row("email", 4, "2026-10-03", ADA, ["email:me@work.example"], mid="<b@x>"),
            # Between two of the owner's own addresses: nobody's.
            row("email", 5, "2026-10-04", "email:me@example.com", ["email:me@work.example"]),
            # Six participants (me + 5): a group mail.
            row(
                "email",
                6,
                "2026-10-05",
                "email:me@example.com",
                [ADA, BOB, CY, "email:d@example.com", "email:e@example.com"],
            ),
            # Five participants, both owner addresses among them counted once: it counts.
            row(
                "email",
                7,
                "2026-10-06",
                "email:me@example.com",
                [BOB, CY, "email:d@example.com", "email:me@work.example"],
            ),
            # After the as-of date.
            row("email", 8, "2026-11-22", ADA, ["email:me@example.com"]),
            # Not with the owner at all.
            row("email", 9, "2026-10-07", ADA, [BOB]),
        ],
        channels=("email",),
    )
    assert found.counts.ignored == {
        "email": {
            "after as-of": 1,
            "between your own addresses": 1,
            # Record 2 (a copy of 1) and record 3 (the draft copy of 4): one reason each,
            # so the draft rule does not count record 3 a second time.
            "duplicate Message-ID": 2,
            "group mail": 1,
            "not with the owner": 1,
        }
    }
    # 9 read - 6 ignored = records 1, 4 and 7.
    assert found.counts.counted == {"email": 3}
    # Ada: out on 10-01 (1), in on 10-03 (4): two-way = the older, 10-01.
    assert facts_of(found, "p-ada") == {
        "person_id": "p-ada",
        "last_in": date(2026, 10, 3),
        "last_out": date(2026, 10, 1),
        "last_two_way": date(2026, 10, 1),
        "messages_in": 1,
        "messages_out": 1,
    }
    # Bob: only record 7, out.
    assert facts_of(found, "p-bob")["last_two_way"] is None
    assert facts_of(found, "p-bob")["messages_out"] == 1
    # Cy and d@ only heard from the owner (record 7): strangers, one way, no person made.
    assert found.strangers.select("key", "two_way").to_dicts() == [
        {"key": CY, "two_way": False},
        {"key": "email:d@example.com", "two_way": False},
    ]


def test_two_way_needs_one_channel_and_meetings_are_exchanges():
    found = run(
        [
            # LinkedIn out to Ada, e-mail in from Ada: a message each way on two channels,
            # no two-way exchange (DESIGN: exchanges are two-way within a channel).
            row(
                "linkedin",
                1,
                "2026-09-01",
                "https://www.linkedin.com/in/me",
                ["https://www.linkedin.com/in/ada"],
                thread="c1",
            ),
            row("email", 1, "2026-09-02", ADA, ["email:me@example.com"]),
            # A meeting with Bob and a room-less guest Cy who accepted: two-way with both.
            row("meeting", 1, "2026-08-01", None, ["email:me@example.com", BOB, CY], two_way=True),
            # A meeting the owner did not accept (only a participant): not counted.
            row(
                "meeting",
                2,
                "2026-08-02",
                None,
                [BOB],
                two_way=True,
                participants=["email:me@example.com", BOB],
            ),
            # A call logged in an interactions CSV as both ways, by phone.
            row("call", 1, "2026-07-01", None, ["owner:", "phone:+442071234567"], two_way=True),
        ],
        channels=("linkedin", "email", "meeting", "call"),
    )
    assert found.counts.counted == {"linkedin": 1, "email": 1, "meeting": 1, "call": 1}
    assert found.counts.ignored == {"meeting": {"not accepted by you": 1}}
    ada = facts_of(found, "p-ada")
    assert (ada["last_out"], ada["last_in"], ada["last_two_way"]) == (
        date(2026, 9, 1),
        date(2026, 9, 2),
        None,
    )
    # Bob: the meeting (08-01) and the call (07-01) are each in, out and two-way; neither
    # is a written message.
    assert facts_of(found, "p-bob") == {
        "person_id": "p-bob",
        "last_in": date(2026, 8, 1),
        "last_out": date(2026, 8, 1),
        "last_two_way": date(2026, 8, 1),
        "messages_in": 0,
        "messages_out": 0,
    }
    per_channel = {
        (f["person_id"], f["channel"]): (f["both"], f["last_both"], f["last_two_way"])
        for f in found.channel_facts.to_dicts()
    }
    assert per_channel[("p-bob", "meeting")] == (1, date(2026, 8, 1), date(2026, 8, 1))
    assert per_channel[("p-bob", "call")] == (1, date(2026, 7, 1), date(2026, 7, 1))
    # Cy matched no person but met the owner: a person now, under a stable id.
    cy = found.strangers.to_dicts()
    assert [(s["key"], s["two_way"]) for s in cy] == [(CY, True)]
    assert facts_of(found, cy[0]["person_id"])["last_two_way"] == date(2026, 8, 1)


def test_email_thread_is_the_pair_and_two_way_is_the_older_newest():
    found = run(
        [
            row("email", 1, "2026-01-10", "email:me@example.com", [ADA]),
            row("email", 2, "2026-03-01", ADA, ["email:me@example.com"]),
            row("email", 3, "2026-05-01", "email:me@work.example", [ADA]),
        ]
    )
    # Newest out 05-01, newest in 03-01: the two-way date is 03-01, whatever the archive.
    assert facts_of(found, "p-ada")["last_two_way"] == date(2026, 3, 1)
    assert facts_of(found, "p-ada")["messages_out"] == 2


def test_rows_with_no_recipients_keep_their_place():
    found = run(
        [
            # A meeting nobody accepted but its organiser (the owner): no counterpart.
            row("meeting", 1, "2026-08-01", None, [], two_way=True, participants=[ADA]),
            # An e-mail from Ada with no readable recipient: not with the owner.
            row("email", 1, "2026-08-02", ADA, []),
            # Then a mail out to Ada and her answer: counted, each way once.
            row("email", 2, "2026-08-03", "email:me@example.com", [ADA]),
            row("email", 3, "2026-08-04", ADA, ["email:me@example.com"]),
        ],
        channels=("email", "meeting"),
    )
    # Meeting 1: the owner is not among its keys (sender none, recipients none), but not
    # among its participants either: "not with the owner". E-mail 1: Ada alone, the same.
    assert found.counts.ignored == {
        "email": {"not with the owner": 1},
        "meeting": {"not with the owner": 1},
    }
    assert found.counts.counted == {"email": 2, "meeting": 0}
    # Out on 08-03, in on 08-04: two-way on the older, 08-03.
    ada = facts_of(found, "p-ada")
    assert (ada["messages_out"], ada["messages_in"], ada["last_two_way"]) == (
        1,
        1,
        date(2026, 8, 3),
    )
