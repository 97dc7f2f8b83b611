"""Render the audit's JSON file and its CSV table (one row per person) from the document.

The JSON keeps the key order of the contract in DESIGN.md whatever order the document's dicts
were built in, so two audits of the same inputs give the same bytes. The CSV is for
spreadsheets: lists are joined with "; ", and any cell a spreadsheet would run as a formula is
neutralised with a leading apostrophe (CSV injection: a company named "=HYPERLINK(...)").
"""

from __future__ import annotations

import csv
import io
import json

from audit.schemas import TIERS

# The contract's key order, level by level; keys not listed keep their order after these.
TOP_KEYS = (
    "schema",
    "as_of",
    "as_of_source",
    "settings",
    "owner",
    "summary",
    "people",
    "skipped",
    "ignored",
    "previous",
    "changes",
)
SETTINGS_KEYS = ("active_days", "window_days", "max_group")
SUMMARY_KEYS = ("connections", "people", "reachable", "tiers", "channels")
PERSON_KEYS = (
    "id",
    "name",
    "tier",
    "is_connection",
    "linkedin_url",
    "emails",
    "phones",
    "company",
    "position",
    "connected_on",
    "last_two_way",
    "last_in",
    "last_out",
    "messages_in",
    "messages_out",
    "channels",
    "records",
    "match_reasons",
)
RECORD_KEYS = ("file", "record")
SKIPPED_KEYS = ("file", "record", "reason")
PREVIOUS_KEYS = ("as_of", "summary")
CHANGES_KEYS = ("new_connections", "removed_connections", "cooled", "warmed")

# The CSV has every person field but the records list, which a spreadsheet cannot show.
CSV_COLUMNS = tuple(key for key in PERSON_KEYS if key != "records")
# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_LINE_END = "\r\n"


# Lists written one entry per line: readable and diffable, and encoded by json's C encoder,
# which ``indent`` turns off (30,000 people took 3 s indented, 0.3 s this way).
ONE_PER_LINE = ("people", "skipped")


def _make_line_encoder():
    """``json.JSONEncoder(ensure_ascii=False).encode``, with json's C encoder made once: that
    method makes a new one on every call, a fifth of the JSON's time at 30,000 people. The
    arguments are the ones ``JSONEncoder.iterencode`` passes, so the text is the same; where
    the C encoder is missing or takes other arguments, the method itself."""
    plain = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    try:
        encoder = make(
            None,  # no check for cycles: a document is a tree
            plain.default,
            json.encoder.encode_basestring,
            None,
            plain.key_separator,
            plain.item_separator,
            plain.sort_keys,
            plain.skipkeys,
            plain.allow_nan,
        )
    except TypeError:  # no C encoder (None is not callable), or another signature
        return plain.encode
    return lambda value: "".join(encoder(value, 0))


# One encoder for every line: json.dumps builds a new one per call when given options.
_encode_line = _make_line_encoder()


def render_json(document: dict) -> str:
    """The document as the JSON file: contract key order, UTF-8 text as is, indent 2, and one
    line per person and per skipped record."""
    # Pieces joined once at the end: at the cap the file is 17 MB of text, and each
    # concatenation of it was another copy.
    parts = ["{\n"]
    for i, (key, value) in enumerate(_order_document(document).items()):
        parts.append(("  " if i == 0 else ",\n  ") + json.dumps(key) + ": ")
        if key in ONE_PER_LINE and value:
            parts += ("[\n    ", ",\n    ".join(map(_encode_line, value)), "\n  ]")
        else:
            parts.append(json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  "))
    parts.append("\n}\n")
    return "".join(parts)


def render_csv(document: dict) -> str:
    """One row per person, in the document's order, with a header row."""
    # The common cells (plain text, nothing, an empty list, a flag, a count) without a call
    # each: 556,000 cells at the cap. The rest as _render_cell says.
    rows = [
        [
            v
            if v.__class__ is str and not v.startswith(FORMULA_STARTS)
            else ""
            if v is None or v == []
            else ("true" if v else "false")
            if v.__class__ is bool
            else str(v)
            if v.__class__ is int and v >= 0
            else _render_cell(v)
            for v in map(person.get, CSV_COLUMNS)
        ]
        for person in document.get("people") or []
    ]
    return _write_csv_rows([list(CSV_COLUMNS), *rows])


def _write_csv_rows(rows: list[list[str]]) -> str:
    """``rows`` as csv.writer writes them (RFC 4180 line ends, quotes only where needed).

    A row none of whose cells holds a comma, a quote or a line break is written by csv.writer
    as its cells joined by commas; such rows (four in five at the cap) are joined here, the
    others written by csv.writer (89 -> 47 ms at the cap)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=CSV_LINE_END)
    lines = []
    for row in rows:
        line = ",".join(row)
        # More commas than between the cells: one is inside a cell.
        # An empty line is csv.writer's to write too: it quotes a lone empty cell.
        if (
            not line
            or line.count(",") != len(row) - 1
            or '"' in line
            or "\r" in line
            or "\n" in line
        ):
            out.seek(0)
            out.truncate()
            writer.writerow(row)
            line = out.getvalue()[: -len(CSV_LINE_END)]
        lines.append(line)
    lines.append("")
    return CSV_LINE_END.join(lines)


def _render_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        # A person's channels show as their names: the counts are the JSON's.
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _order_document(document: dict) -> dict:
    ordered = dict(_order_keys(document, TOP_KEYS))  # filled in below: a copy
    if isinstance(ordered.get("settings"), dict):
        ordered["settings"] = _order_keys(ordered["settings"], SETTINGS_KEYS)
    if isinstance(ordered.get("summary"), dict):
        ordered["summary"] = _order_summary(ordered["summary"])
    if isinstance(ordered.get("people"), list):
        ordered["people"] = [_order_person(p) for p in ordered["people"]]
    if isinstance(ordered.get("skipped"), list):
        ordered["skipped"] = [_order_keys(s, SKIPPED_KEYS) for s in ordered["skipped"]]
    if isinstance(ordered.get("previous"), dict):
        previous = dict(_order_keys(ordered["previous"], PREVIOUS_KEYS))
        if isinstance(previous.get("summary"), dict):
            previous["summary"] = _order_summary(previous["summary"])
        ordered["previous"] = previous
    if isinstance(ordered.get("changes"), dict):
        ordered["changes"] = _order_keys(ordered["changes"], CHANGES_KEYS)
    return ordered


def _order_summary(summary: dict) -> dict:
    ordered = dict(_order_keys(summary, SUMMARY_KEYS))
    if isinstance(ordered.get("tiers"), dict):
        ordered["tiers"] = _order_keys(ordered["tiers"], TIERS)
    return ordered


def _order_person(person: dict) -> dict:
    ordered = _order_keys(person, PERSON_KEYS)
    records = ordered.get("records")
    if isinstance(records, list) and any(tuple(r) != RECORD_KEYS for r in records):
        ordered = dict(ordered)  # never change the caller's person
        ordered["records"] = [_order_keys(r, RECORD_KEYS) for r in records]
    return ordered


def _order_keys(mapping: dict, order: tuple[str, ...]) -> dict:
    """``mapping`` with the keys of ``order`` first, in that order: itself when they already
    are (the pipeline builds people that way, and 30,000 copies cost 0.1 s), else a copy."""
    if tuple(mapping) == order:
        return mapping
    ordered = {key: mapping[key] for key in order if key in mapping}
    ordered.update((key, value) for key, value in mapping.items() if key not in ordered)
    return ordered
