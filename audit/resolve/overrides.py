"""The user's overrides file: pairs of records that are, or are not, one person.

Overrides file (CSV, UTF-8; default ``overrides.csv`` in the config folder):

    rule,a,b
    # Lines starting with # are comments; blank lines are ignored.
    same,https://www.linkedin.com/in/ada-lovelace,ada@example.com
    different,contacts.vcf#12,Connections.csv#40
    same,+44 20 7946 0958,old-ada@example.org

``rule`` is ``same`` (always one person) or ``different`` (never one person).
``a`` and ``b`` each name a record by a LinkedIn profile URL, an email address,
a phone number (as written in your address book; without a +country code it
is read in your phone region), or ``FILE#N``: record N of FILE as the report's
"records" lists them (``Connections.csv#17``, ``contacts.vcf#3``). A value that
several records share names them all; one that no record has is ignored. The
header line is optional. ``same`` wins over the rule that two LinkedIn profiles
are two people (someone with two accounts); ``different`` wins over everything.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from audit.normalize import normalize_email, normalize_linkedin_url, normalize_phone
from audit.settings import DEFAULT_REGION, config_dir


class OverridesError(ValueError):
    """The overrides file cannot be used; the message names the file, the line and why."""


@dataclass(frozen=True)
class Override:
    rule: str  # "same" | "different"
    a: str  # a normalised profile URL, email, E.164 phone, or "FILE#N"
    b: str
    line: int  # in the overrides file, for messages


def default_overrides_path() -> Path:
    return config_dir() / "overrides.csv"


def read_overrides(path: Path, phone_region: str = DEFAULT_REGION) -> list[Override]:
    """The overrides file (format in this module's docstring), checked line by line.

    Raises OverridesError naming the file and line for anything it cannot use.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise OverridesError(f"{path}: cannot read the overrides file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise OverridesError(f"{path}: the overrides file is not UTF-8 text") from None
    overrides: list[Override] = []
    seen: dict[frozenset[str], Override] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in next(csv.reader(io.StringIO(line)))]
        if [c.lower() for c in cells] == ["rule", "a", "b"]:
            continue
        override = _read_override_row(cells, number, phone_region, path)
        pair = frozenset((override.a, override.b))
        earlier = seen.get(pair)
        if earlier is not None and earlier.rule != override.rule:
            raise OverridesError(
                f"{path}:{number}: contradicts line {earlier.line} (same pair, other rule)"
            )
        seen[pair] = override
        overrides.append(override)
    return overrides


def _read_override_row(cells: list[str], number: int, region: str, path: Path) -> Override:
    where = f"{path}:{number}"
    if len(cells) != 3:
        raise OverridesError(f"{where}: expected 3 fields rule,a,b, found {len(cells)}")
    rule = cells[0].lower()
    if rule not in ("same", "different"):
        raise OverridesError(f"{where}: rule must be 'same' or 'different', not {cells[0]!r}")
    a, b = (_override_key(cell, where, region) for cell in cells[1:])
    if a == b:
        raise OverridesError(f"{where}: a and b name the same record")
    return Override(rule, a, b, number)


def _override_key(cell: str, where: str, region: str) -> str:
    """The comparable key a cell names: URL, email, phone or FILE#N."""
    if not cell:
        raise OverridesError(f"{where}: empty field")
    if "linkedin.com" in cell.lower():
        key = normalize_linkedin_url(cell)
    elif "@" in cell:
        key = normalize_email(cell)
    elif "#" in cell:
        file, _, number = cell.rpartition("#")
        key = f"{file}#{int(number)}" if file and number.isdigit() and int(number) > 0 else None
    else:
        key = normalize_phone(cell, region)
    if key is None:
        raise OverridesError(
            f"{where}: {cell!r} is not a LinkedIn profile URL, email, phone or FILE#N"
        )
    return key


def index_override_keys(records: pl.DataFrame) -> dict[str, list[int]]:
    """Every key an override may name (URL, email, phone, FILE#N) -> the records that have it."""
    lookup: dict[str, list[int]] = {}
    columns = records.select("file", "record", "url_key", "email_keys", "phone_keys")
    for i, (file, number, url, emails, phones) in enumerate(columns.iter_rows()):
        for key in (f"{file}#{number}", url, *emails, *phones):
            if key:
                lookup.setdefault(key, []).append(i)
    return lookup
