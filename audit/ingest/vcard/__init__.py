"""Read vCard address books (.vcf, versions 2.1, 3.0 and 4.0) into person records.

Real exporters (Google Contacts, iCloud, Outlook, Android, Nextcloud, Thunderbird,
KDE) write cards that strict parsers reject, and one bad card must never cost the
rest of the file. So the reader works from bytes with its own tolerant parser:
it fixes line ends, unfolds lines at the byte level (folds may split a UTF-8
character), joins 2.1 quoted-printable soft breaks, drops PHOTO/LOGO/SOUND/KEY
data unread, splits the cards itself (missing BEGIN or END, junk between cards,
nested AGENT cards), and only then decodes each value by its CHARSET, then as
UTF-8, then as cp1252. vobject is not used here: it raises on whole files for
most of these quirks, and the tolerant parser is both needed and faster (see
benchmarks/bench_vcard.py). Every card becomes one RECORDS row (``source`` =
"vcard", ``record`` = the card's 1-based position in the file) or one SKIPPED row.
"""

from __future__ import annotations

import polars as pl

from audit import schemas
from audit.ingest.contentlines import prepare_bytes
from audit.ingest.vcard.card import parse_card
from audit.ingest.vcard.lines import BOUNDARY_LINE, parse_props, split_cards, unfold_lines


def looks_like_vcard(head: bytes) -> bool:
    """Whether the first bytes of a file show a vCard: a BEGIN:VCARD line (or an END:VCARD
    line, as a card with a lost BEGIN still is one), in any case, after an optional BOM,
    also in UTF-16."""
    data, _ = prepare_bytes(head)
    return BOUNDARY_LINE.search(data.replace(b"\r", b"\n")) is not None


def read_vcards(data: bytes, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The cards of one .vcf file as (RECORDS, SKIPPED) frames; ``file`` is the display path.

    Never raises: a card that cannot be used is a SKIPPED row with its position and
    why. Bytes without any card give two empty frames (the caller decides what a
    file that is not a vCard means).
    """
    records: list[dict] = []
    skipped: list[dict] = []
    transcoded = False
    try:
        stream, transcoded = prepare_bytes(data)
        cards = split_cards(parse_props(unfold_lines(stream)))
    except Exception as exc:  # a bug must cost this file, not the run
        skipped.append({"file": file, "record": None, "reason": _describe_failure(exc, "file")})
        cards = []
    for number, card in enumerate(cards, start=1):
        try:
            row = parse_card(card.props, transcoded)
        except Exception as exc:  # a bug must cost this card, not the file
            row = _describe_failure(exc, "card")
        if isinstance(row, str):
            skipped.append({"file": file, "record": number, "reason": row})
        else:
            records.append({"source": "vcard", "file": file, "record": number, **row})
    return schemas.frame_of_dicts(records, schemas.RECORDS), schemas.frame(skipped, schemas.SKIPPED)


def _describe_failure(exc: Exception, what: str) -> str:
    return f"{what} could not be read ({type(exc).__name__})"
