"""Odd but real inputs across channels, each found by review: the audit neither crashes nor
joins on evidence DESIGN does not accept, and every row still ends counted or ignored.

The files are written here, a few lines each; the expected values are DESIGN's rules
applied by hand (T = 2026-06-01 unless said).
"""

from datetime import date
from pathlib import Path

from audit.pipeline import run_audit
from audit.settings import Settings

T = date(2026, 6, 1)


def message(sender: str, to: str, day: str, mid: str, extra: str = "") -> str:
    return (
        f"From x@x Mon Mar 02 10:00:00 2026\nFrom: {sender}\nTo: {to}\n"
        f"Date: {day} 10:00:00 +0000\nMessage-ID: <{mid}>\n{extra}\nhi\n\n"
    )


def audit(tmp_path: Path, files: dict[str, str], *me: str):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    paths = [tmp_path / name for name in files]
    return run_audit(paths, Settings(as_of=T, cli_emails=me, history=None))


def test_an_unreadable_recipient_and_the_owners_two_addresses_in_one_mail(tmp_path):
    mbox = (
        # "team" is no address: it is nobody, and the message still counts for Bob.
        message(
            "Bob <bob@example.org>",
            "Team <team>, Avery <avery@example.com>",
            "Mon, 02 Mar 2026",
            "a@x",
        )
        # Both of the owner's addresses, and one of them again in Cc: one participant.
        + message(
            "Bob <bob@example.org>",
            "Avery <avery@example.com>, Work <avery@work.example>",
            "Tue, 03 Mar 2026",
            "b@x",
            "Cc: Avery <avery@example.com>\n",
        )
        + message("Avery <avery@example.com>", "Bob <bob@example.org>", "Wed, 04 Mar 2026", "c@x")
    )
    result = audit(tmp_path, {"mail.mbox": mbox}, "avery@example.com", "avery@work.example")
    document = result.document
    assert document["summary"]["channels"] == {"email": 3}
    # Bob: in on 03-02 and 03-03, out on 03-04: two-way on 03-03, within 90 days of T.
    bob = next(p for p in document["people"] if p["name"] == "Bob")
    assert (bob["tier"], bob["last_two_way"], bob["messages_in"], bob["messages_out"]) == (
        "active",
        "2026-03-03",
        2,
        1,
    )


def test_no_join_by_name_for_a_shared_address_a_list_mail_or_the_owner(tmp_path):
    book = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEMAIL:desk@acme.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:John Roe\nEMAIL:desk@acme.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Lee Park\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Avery Quinn\nEND:VCARD\n"
    )
    mbox = (
        # An address two records share joins neither, however the sender signs.
        message("Jane Doe <desk@acme.example>", "avery@example.com", "Mon, 02 Mar 2026", "1@x")
        + message("avery@example.com", "Jane Doe <desk@acme.example>", "Tue, 03 Mar 2026", "2@x")
        # A list mail vouches for nobody's name.
        + message(
            "Lee Park <news@lists.example>",
            "avery@example.com",
            "Wed, 04 Mar 2026",
            "3@x",
            "List-Unsubscribe: <mailto:u@lists.example>\n",
        )
        # The owner's own address is the owner's, whatever card bears the owner's name.
        + message(
            "Avery Quinn <avery@example.com>", "Lee <lee@park.example>", "Thu, 05 Mar 2026", "4@x"
        )
    )
    result = audit(tmp_path, {"book.vcf": book, "mail.mbox": mbox}, "avery@example.com")
    assert result.extras["name_joins"] == []
    by_name = {p["name"]: p for p in result.document["people"]}
    assert {by_name[n]["tier"] for n in ("Jane Doe", "John Roe", "Lee Park", "Avery Quinn")} == {
        "silent"
    }
    assert result.document["ignored"] == {"email": {"list or bulk mail": 1}}


def test_unreadable_csv_contacts_are_set_aside_and_built_in_channel_names_keep_their_rows(
    tmp_path,
):
    calls = (
        "date,direction,channel,phone\n"
        # Withheld numbers: no one to credit, and two of them are not one person.
        "2026-03-01,both,call,Private number\n"
        "2026-03-02,both,call,Private number\n"
        # A user's log under the built-in name "meeting", one row each way.
        "2026-03-03,in,meeting,+1 415 555 0111\n"
        "2026-03-04,out,meeting,+1 415 555 0111\n"
    )
    result = audit(tmp_path, {"calls.csv": calls})
    document = result.document
    assert document["ignored"] == {"call": {"no readable contact": 2}}
    assert document["summary"]["channels"] == {"call": 0, "meeting": 2}
    person = next(p for p in document["people"] if p["phones"] == ["+14155550111"])
    # In on 03-03, out on 03-04: two-way on the older, 03-03; the rows show as in and out.
    assert person["last_two_way"] == "2026-03-03"
    assert person["channels"] == {"meeting": {"count": 0, "last": None, "in": 1, "out": 1}}
