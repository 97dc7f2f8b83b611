"""The one place the stages meet: inputs -> people -> tiers -> the document the report shows.

``run_audit`` reads and computes, and writes nothing; ``write_results`` writes
the report files and then the history, in that order, so a run stopped half-way
leaves the history as it was. The document it builds is exactly the JSON
contract of DESIGN.md; ``extras`` carries what only the HTML report shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from audit import report
from audit.classify import classify_people
from audit.export_names import (
    give_connections_urls,
    join_names_to_urls,
    join_owner_name,
    split_recipient_names,
)
from audit.history import build_changes, read_previous_audit, read_trend, write_audit
from audit.ingest import InputError, Inputs, email, read_inputs
from audit.ingest.linkedin import UNNAMED_CONNECTION
from audit.ingest.sources import CALENDAR, show_name
from audit.interactions import (
    build_facts,
    email_key,
    find_owner,
    find_owner_emails,
    list_references,
    normalize_csv_rows,
    normalize_email_rows,
    normalize_linkedin_rows,
    normalize_meeting_rows,
    resolve_counterparts,
)
from audit.interactions.counterparts import SAME_NAME
from audit.interactions.owner import OWNER_EMAILS_FILE
from audit.normalize import (
    normalize_message_keys,
    normalize_name,
    normalize_records,
    normalize_ref_keys,
    normalize_references,
)
from audit.report.formats import PERSON_KEYS
from audit.report.write import EXTENSIONS
from audit.resolve import default_overrides_path, read_overrides, resolve_people
from audit.schemas import (
    EMAIL_KEY,
    MEETINGS,
    MEMBER_KEY,
    NAME_KEY,
    PEOPLE,
    REACHABLE_TIERS,
    TIERS,
    blank_row,
    frame,
    sort_people,
)
from audit.settings import (
    Settings,
    default_redaction_key_path,
    read_redaction_key,
    write_redaction_key,
)

SCHEMA = "reachable/1"
STAGES = ("ingest", "resolve", "interactions", "classify", "history")


@dataclass
class AuditResult:
    document: dict  # the JSON output, unredacted
    extras: dict  # report-only facts (see the report package)
    fingerprint: str  # of the inputs, kept in the history
    input_ids: frozenset[tuple[int, int]] = frozenset()  # (device, inode) of every file read
    address_book: pl.DataFrame | None = None  # ADDRESS_BOOK, when settings.vcf asks for it


def run_audit(
    paths: list[Path],
    settings: Settings,
    progress: Callable[[str], None] | None = None,
    read_bytes: Callable[[int], None] | None = None,
) -> AuditResult:
    """The audit of ``paths``; ``progress`` is told each stage as it starts, ``read_bytes``
    how many bytes of a mail archive were just read."""
    step = progress or (lambda stage: None)
    step("ingest")
    inputs = read_inputs(paths, read_bytes)
    as_of, as_of_source = choose_as_of(settings, inputs)
    records = normalize_records(inputs.records, settings.phone_region)
    messages = split_recipient_names(inputs.messages, _known_names(inputs))
    messages = join_names_to_urls(normalize_message_keys(messages))
    step("resolve")
    owner = find_owner(messages, inputs.owner_name, settings.me)
    messages = join_owner_name(messages, owner.key, inputs.owner_name)
    references = _references(inputs, messages, owner.key)
    records, shared_names = give_connections_urls(records, references)
    overrides = _read_overrides(settings)
    people, links, possible_duplicates = resolve_people(records, references, as_of, overrides)
    step("interactions")
    meetings = _expand_meetings(inputs.calendar_events, as_of, settings.window_days)
    mail_owner = find_owner_emails(
        {
            OWNER_EMAILS_FILE: inputs.owner_emails,
            "config": list(settings.me_emails),
            "--me-email": list(settings.cli_emails),
        },
        inputs.emails,
        inputs.calendar_events["attendees"].list.eval(pl.element().struct.field("email")),
    )
    rows = pl.concat(
        [
            normalize_linkedin_rows(messages, owner.key),
            normalize_email_rows(inputs.emails, mail_owner.keys),
            normalize_meeting_rows(meetings),
            normalize_csv_rows(inputs.csv_interactions, settings.phone_region),
        ]
    )
    owner_keys = {owner.key, *(email_key(e) for e in mail_owner.keys)} - {None}
    counterpart_links, name_joins = resolve_counterparts(
        people, records, rows, overrides, owner_keys
    )
    found = build_facts(
        rows,
        owner_keys,
        # The resolver's links first: a LinkedIn name it joined stays joined as it said.
        pl.concat([links, counterpart_links]).unique("ref_key", keep="first", maintain_order=True),
        as_of,
        settings.max_group,
        _channels_given(inputs),
    )
    people = _add_people_met(_note_name_joins(people, name_joins), found.strangers)
    step("classify")
    classified = classify_people(
        people, found.facts, as_of, settings.active_days, settings.window_days
    )
    document = build_document(
        classified,
        inputs.skipped,
        settings,
        as_of,
        as_of_source,
        _channels_of_people(found.channel_facts),
    )
    document["owner"] = {
        "name": owner.name,
        "linkedin_url": _owner_url(owner.key),
        "how": owner.how,
        "emails": mail_owner.emails,
        "emails_from": mail_owner.sources,
    }
    document["summary"]["channels"] = found.counts.counted
    document["ignored"] = found.counts.ignored
    step("history")
    previous, trend = _read_history(settings.history, as_of)
    changes, change_people = build_changes(previous, document)
    document["previous"] = (
        {"as_of": previous["as_of"], "summary": previous["summary"]} if previous else None
    )
    document["changes"] = changes
    extras = _build_extras(inputs, records, classified, links, document)
    extras["shared_names"] = len(shared_names)
    extras["inputs"] = [{"path": show_name(p.name), "kind": _path_kind(p)} for p in paths]
    extras["trend"] = [
        *(t for t in trend if t["as_of"][:7] < document["as_of"][:7]),
        {
            "as_of": document["as_of"],
            "connections": document["summary"]["connections"],
            "reachable": document["summary"]["reachable"],
        },
    ]
    extras["change_people"] = change_people
    extras["possible_duplicates"] = possible_duplicates
    extras["name_joins"] = _list_name_joins(name_joins, classified)
    extras["one_way_addresses"] = found.strangers.filter(
        ~pl.col("two_way") & ~pl.col("key").str.starts_with(MEMBER_KEY)
    ).height
    book = None
    if settings.vcf is not None:
        # Only an audit asked for the address book loads vobject and the vCard writer.
        from audit.addressbook import build_address_book

        book = build_address_book(classified, records)
    return AuditResult(document, extras, inputs.fingerprint, frozenset(inputs.file_ids), book)


def _expand_meetings(events: pl.DataFrame, as_of: date, window_days: int) -> pl.DataFrame:
    """MEETINGS of the calendars read. With none read, the recurrence code (and dateutil)
    is not even loaded: no events make no meetings (a test holds the two the same)."""
    if events.is_empty():
        return frame(None, MEETINGS)
    from audit.ingest.calendar import expand_meetings

    return expand_meetings(events, as_of, as_of - timedelta(days=window_days))


def _channels_given(inputs: Inputs) -> tuple[str, ...]:
    """The channels whose files were read: each shows in ``summary.channels``, 0 or more."""
    given = []
    if inputs.has_messages:
        given.append("linkedin")
    if any(inputs.kinds.get(k) for k in email.KINDS):
        given.append("email")
    if inputs.kinds.get(CALENDAR):
        given.append("meeting")
    csv_channels = inputs.csv_interactions["channel"].unique(maintain_order=True).to_list()
    given += [c for c in csv_channels if c not in given]
    return tuple(given)


def _note_name_joins(people: pl.DataFrame, name_joins: list[dict]) -> pl.DataFrame:
    """People an address joined by display name carry that reason too (DESIGN)."""
    joined = {j["person_id"] for j in name_joins}
    if not joined:
        return people
    return people.with_columns(
        match_reasons=pl.when(pl.col("person_id").is_in(sorted(joined)))
        .then(
            pl.col("match_reasons")
            .list.concat(pl.lit([SAME_NAME]))
            .list.unique(maintain_order=True)
        )
        .otherwise(pl.col("match_reasons"))
    )


def _add_people_met(people: pl.DataFrame, strangers: pl.DataFrame) -> pl.DataFrame:
    """Counterparts who matched no person but had a two-way exchange become people of their
    own, with no records: their address, number or profile URL (an interactions CSV's
    ``linkedin_url``) is all that is known of them."""
    met = strangers.filter(pl.col("two_way"))
    if met.is_empty():
        return people
    rows = []
    for key, name, person in met.select("key", "name", "person_id").iter_rows():
        kind, _, value = key.partition(":")
        url = key if kind in ("http", "https") else None  # a profile URL is its own key
        row = blank_row(PEOPLE) | {
            "person_id": person,
            "name": name or url or value,
            "linkedin_url": url,
            "is_connection": False,
            "emails": [value] if kind == "email" else [],
            "phones": [value] if kind == "phone" else [],
            "records": [],
            "match_reasons": [],
        }
        rows.append(row)
    return pl.concat([people, frame(rows, PEOPLE)])


def _list_name_joins(name_joins: list[dict], classified: pl.DataFrame) -> list[dict]:
    """The report's list of addresses joined by display name: who, and which address."""
    names = dict(classified.select("person_id", "name").iter_rows())
    # A CSV row that gives a name alone joined by that name: there is no address to show.
    return [
        {
            "id": j["person_id"],
            "name": names.get(j["person_id"]),
            "address": j["key"].removeprefix(EMAIL_KEY) if j["key"].startswith(EMAIL_KEY) else None,
        }
        for j in name_joins
    ]


def write_results(result: AuditResult, settings: Settings) -> list[Path]:
    """Report files first, then the history: a crash in between leaves the history as it was."""
    _refuse_overwriting_inputs(result, settings)
    if settings.vcf is not None and (settings.redact or result.address_book is None):
        # Before any file is written: a refused address book leaves no half-written output.
        raise ValueError("the address book is written only for an unredacted audit")
    document, extras = result.document, result.extras
    if settings.redact:
        # Made on the first redacted run and kept, so pseudonyms stay the same month to month.
        key_path = default_redaction_key_path()
        key = read_redaction_key(key_path) or write_redaction_key(key_path)
        document, extras = report.redact_document(document, extras, key)
    files = {
        "html": report.render_html(document, extras),
        "json": report.render_json(document),
        "csv": report.render_csv(document),
    }
    written = report.write_report_files(settings.out, document["as_of"], files)
    if settings.vcf is not None:
        from audit.addressbook import render_address_book, write_address_book

        write_address_book(settings.vcf, render_address_book(result.address_book))
        written.append(settings.vcf)
    if settings.history is not None:
        write_audit(settings.history, result.document, result.fingerprint)
    return written


def _refuse_overwriting_inputs(result: AuditResult, settings: Settings) -> None:
    """An output that is one of the inputs (the same file, by any path or link) stops the run
    before anything is written: an audit never writes over what it read."""
    as_of = result.document["as_of"]
    targets = [(Path(settings.out) / f"reachable-{as_of}.{ext}", "--out") for ext in EXTENSIONS]
    if settings.history is not None:
        targets.append((Path(settings.history), "--history"))
    if settings.vcf is not None:
        targets.append((Path(settings.vcf), "--vcf"))
    for target, option in targets:
        try:
            status = target.stat()
        except OSError:
            continue  # not there yet: it cannot be an input
        if (status.st_dev, status.st_ino) in result.input_ids:
            raise InputError(
                f"{target}: this output file is one of the inputs; refusing to write over it "
                f"(choose another {option})"
            )


def choose_as_of(settings: Settings, inputs: Inputs) -> tuple[date, str]:
    """DESIGN's order: --as-of, the date in the archive's name, the newest entry, today."""
    if settings.as_of is not None:
        return settings.as_of, "--as-of"
    if inputs.export_dates:
        return max(inputs.export_dates), "archive name"
    counted_mail = inputs.emails.filter(pl.col("ignored").is_null())
    newest = [
        inputs.messages["sent_at"].max(),
        inputs.invitations["sent_at"].max(),
        inputs.records["connected_on"].max(),
        counted_mail["sent_at"].max(),
    ]
    dates = [d.date() if hasattr(d, "date") else d for d in newest if d is not None]
    if dates:
        return max(dates), "newest entry"
    return date.today(), "today"


def _read_overrides(settings: Settings) -> list:
    """The user's same/different-person overrides: the file named in the settings (which
    must exist), else ``overrides.csv`` in the config folder when there is one."""
    path = settings.overrides or default_overrides_path()
    if settings.overrides is None and not path.exists():
        return []
    return read_overrides(path, settings.phone_region)


def _known_names(inputs: Inputs) -> list[str]:
    """Names the export writes on their own, to split TO lists by: Connections rows,
    message senders and the owner."""
    linkedin = inputs.records.filter(pl.col("source") == "linkedin")["name"].drop_nulls()
    senders = inputs.messages["sender_name"].drop_nulls()
    owner = [inputs.owner_name] if inputs.owner_name else []
    return [*linkedin.unique().to_list(), *senders.unique().to_list(), *owner]


def _references(inputs: Inputs, messages: pl.DataFrame, owner_key: str | None) -> pl.DataFrame:
    invitations = inputs.invitations
    named = pl.concat(
        [
            invitations.select(url="inviter_url", name="from_name"),
            invitations.select(url="invitee_url", name="to_name"),
            inputs.gives.select("url", "name"),
        ]
    )
    others = normalize_references(named).filter(pl.col("ref_key") != (owner_key or ""))
    if inputs.owner_name:
        # Invitations name the owner on one side, often without a URL to tell.
        owner_name_key = normalize_name(inputs.owner_name)
        others = others.filter(pl.col("name_key").ne_missing(owner_name_key))
    return pl.concat([list_references(messages, owner_key), others]).unique(
        "ref_key", keep="first", maintain_order=True
    )


def _read_history(history: Path | None, as_of: date) -> tuple[dict | None, list[dict]]:
    if history is None:
        return None, []
    return read_previous_audit(history, as_of), read_trend(history)


DOCUMENT_DATES = ("connected_on", "last_two_way", "last_in", "last_out")
# How a person's facts on one channel read in the JSON: meetings are occurrences with a
# date, written channels messages each way and the newest two-way exchange, and a channel
# of an interactions CSV also its "both" rows.
MEETING = "meeting"
WRITTEN = ("linkedin", "email")


def _channels_of_people(channel_facts: pl.DataFrame) -> dict[str, dict]:
    """The JSON's per-person ``channels``, by person id: only channels with something
    counted (a person with none is absent)."""
    channels: dict[str, dict] = {}
    for f in channel_facts.iter_rows(named=True):
        channels.setdefault(f["person_id"], {})[f["channel"]] = _channel_view(f)
    return channels


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _channel_view(f: dict) -> dict:
    # An interactions CSV may log rows under a built-in channel's name ("meeting",
    # "email"): what only such rows have is shown too, so that none of them vanishes.
    if f["channel"] == MEETING:
        view = {"count": f["both"], "last": _iso(f["last_both"])}
        if f["messages_in"] or f["messages_out"]:
            view |= {"in": f["messages_in"], "out": f["messages_out"]}
        return view
    view = {"in": f["messages_in"], "out": f["messages_out"]}
    if f["channel"] not in WRITTEN or f["both"]:
        view["both"] = f["both"]
    view["last_two_way"] = _iso(f["last_two_way"])
    return view


def build_document(
    classified: pl.DataFrame,
    skipped: pl.DataFrame,
    settings: Settings,
    as_of: date,
    as_of_source: str,
    channels: dict[str, dict] | None = None,
) -> dict:
    """The JSON document of DESIGN.md, without ``previous``/``changes`` (history adds them)."""
    connections = classified.filter(pl.col("is_connection"))
    counts = dict(connections.group_by("tier").len().iter_rows())
    tiers = {tier: int(counts.get(tier, 0)) for tier in TIERS}
    people = _list_people(classified, channels or {})
    return {
        "schema": SCHEMA,
        "as_of": as_of.isoformat(),
        "as_of_source": as_of_source,
        "settings": {
            "active_days": settings.active_days,
            "window_days": settings.window_days,
            "max_group": settings.max_group,
        },
        "summary": {
            "connections": connections.height,
            "people": classified.height,
            "reachable": sum(tiers[t] for t in REACHABLE_TIERS),
            "tiers": tiers,
        },
        "people": sort_people(people),
        "skipped": skipped.sort(["file", "record"], nulls_last=False).to_dicts(),
        "ignored": {},
        "previous": None,
        "changes": None,
    }


def _list_people(classified: pl.DataFrame, channels: dict[str, dict]) -> list[dict]:
    """The document's people, keys in DESIGN's order."""
    # Where a key is not simply the column of its name.
    made = {"id": pl.col("person_id")}
    made |= {c: pl.col(c).dt.to_string("%Y-%m-%d") for c in DOCUMENT_DATES}
    listed = classified.select(
        made.get(key, pl.col(key)).alias(key) for key in PERSON_KEYS if key != "channels"
    )
    # Column by column into Python, then zipped into dicts: faster than to_dicts' row tuples.
    columns = {name: listed[name].to_list() for name in listed.columns}
    columns["channels"] = [channels.get(i, {}) for i in columns["id"]]
    return [
        dict(zip(PERSON_KEYS, row, strict=True))
        for row in zip(*(columns[key] for key in PERSON_KEYS), strict=True)
    ]


def _build_extras(
    inputs: Inputs,
    records: pl.DataFrame,
    classified: pl.DataFrame,
    links: pl.DataFrame,
    document: dict,
) -> dict:
    connections = classified.filter(pl.col("is_connection"))
    messaged = connections.filter((pl.col("messages_in") + pl.col("messages_out")) > 0)
    two_way = connections.filter(pl.col("last_two_way").is_not_null())
    tiers = document["summary"]["tiers"]
    gives = inputs.gives
    return {
        "owner": {
            "name": document["owner"]["name"],
            "url": document["owner"]["linkedin_url"],
            "how": document["owner"]["how"],
            "emails": document["owner"]["emails"],
            "emails_from": document["owner"]["emails_from"],
        },
        # Any channel at all: an export without messages.csv, read with mail or a calendar,
        # still has interactions to go by.
        "has_messages": bool(document["summary"].get("channels")),
        "funnel": {
            "records": records.height,
            "people": classified.height,
            "connections": connections.height,
            "ever_messaged": messaged.height,
            "two_way_ever": two_way.height,
            "two_way_window": tiers["active"] + tiers["warm"],
            "active": tiers["active"],
        },
        "unnamed_connections": int((inputs.skipped["reason"] == UNNAMED_CONNECTION).sum()),
        "ignored_files": sorted(inputs.ignored_files),
        "gives": {
            f"{kind}s_{direction}": int(
                ((gives["kind"] == kind) & (gives["direction"] == direction)).sum()
            )
            for kind in ("recommendation", "endorsement")
            for direction in ("given", "received")
        },
        "give_people": _give_people(gives, links),
        "merges": [
            {
                "id": p["id"],
                "name": p["name"],
                "records": len(p["records"]),
                "reasons": p["match_reasons"],
            }
            for p in document["people"]
            if len(p["records"]) > 1
        ],
        "possible_duplicates": [],
        "files_read": dict(sorted(inputs.kinds.items())),
    }


def _path_kind(path: Path) -> str:
    if path.is_dir():
        return "folder"
    return "vcard" if path.suffix.lower() == ".vcf" else "linkedin"


def _owner_url(key: str | None) -> str | None:
    return key if key and not key.startswith(NAME_KEY) else None


def _give_people(gives: pl.DataFrame, links: pl.DataFrame) -> list[dict]:
    if gives.is_empty():
        return []
    keyed = gives.with_columns(ref_key=normalize_ref_keys(gives)).join(
        links, on="ref_key", how="inner"
    )
    per_person = keyed.group_by("person_id").agg(
        given=(pl.col("direction") == "given").sum(),
        received=(pl.col("direction") == "received").sum(),
    )
    return [
        {"id": r["person_id"], "given": r["given"], "received": r["received"]}
        for r in per_person.sort("person_id").iter_rows(named=True)
    ]
