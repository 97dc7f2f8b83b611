"""Which LinkedIn export each file came from, and the newest one of them.

An export's date is in its name (``Basic_LinkedInDataExport_MM-DD-YYYY.zip``). Two exports
side by side (last month's and this month's, or Basic and Complete) hold the same files:
each LinkedIn kind is read from the newest export only, and the older copies are listed as
ignored. Address books, mail, calendars and interactions CSVs are always read.
"""

from __future__ import annotations

import re
from datetime import date

from audit.ingest import linkedin
from audit.ingest.sources.model import Found, Source

# An export's date is in its name: Basic_LinkedInDataExport_MM-DD-YYYY.zip
EXPORT_DATE = re.compile(r"(?<!\d)(\d{2})-(\d{2})-(\d{4})(?!\d)")


def export_date_of(name: str) -> date | None:
    match = EXPORT_DATE.search(name)
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _keep_newest_export(found: Found) -> None:
    """Two exports side by side (last month's and this month's, or Basic and Complete) hold
    the same files: each LinkedIn kind is read from the newest export only, so nothing counts
    twice; the older copies are listed as ignored."""
    newest: dict[str, Source] = {}
    for source in found.sources:
        if not _is_linkedin(source):
            continue
        best = newest.get(source.kind)
        if best is None or (source.export_date or date.min, len(source.data)) > (
            best.export_date or date.min,
            len(best.data),
        ):
            newest[source.kind] = source
    keep_exports = {s.kind: s.export for s in newest.values()}
    kept = []
    for source in found.sources:
        if _is_linkedin(source) and source.export != keep_exports[source.kind]:
            found.ignored.append(source.file)
        else:
            kept.append(source)
    found.sources = kept


LINKEDIN_KINDS = frozenset(k.name for k in linkedin.KINDS)


def _is_linkedin(source: Source) -> bool:
    """A file of a LinkedIn export: only these come in monthly copies to choose among; every
    address book, mail archive, calendar and interactions CSV is read."""
    return source.kind in LINKEDIN_KINDS
