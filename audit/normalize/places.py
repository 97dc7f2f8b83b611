"""Cities, streets and postcodes as comparable keys."""

from __future__ import annotations

import re

from audit.normalize.names import normalize_words


def normalize_place(raw: str | None) -> str | None:
    """A city or street folded for comparison (Köln -> koln)."""
    return " ".join(normalize_words(raw)) or None


# Street types written short on one card and in full on another ("Baker St", "Baker
# Street"): the last word of a street line is written in full. Only the last word: a first
# "St" is a saint ("St Kilda Road").
STREET_TYPES = {
    **{"st": "street", "str": "strasse", "rd": "road", "ave": "avenue", "av": "avenue"},
    **{"dr": "drive", "ln": "lane", "pl": "place", "cres": "crescent", "cr": "crescent"},
    **{"ct": "court", "cct": "circuit", "tce": "terrace", "pde": "parade", "hwy": "highway"},
    **{"blvd": "boulevard", "sq": "square", "gr": "grove", "cl": "close"},
}


# Words naming a unit inside a building: its number goes with the house number.
UNIT_WORDS = frozenset({"flat", "apt", "apartment", "unit", "suite", "ste", "no"})


def normalize_street(raw: str | None) -> tuple[str | None, str | None]:
    """(house number, street) of a street line, for comparison: the words with a digit
    ("12", "221b", "Flat 3, 12 ..." gives "3 12"), and the other words but UNIT_WORDS
    joined without spaces, the last one's short form written in full ("Hohe Straße 1" ->
    ("1", "hohestrasse"), "12 Baker St" -> ("12", "bakerstreet")): a space typed inside a
    word or left out ("sanf ord place", "agnewstreet") does not make another street."""
    words = normalize_words(raw)
    numbers = [w for w in words if any(c.isdigit() for c in w)]
    street = [w for w in words if not any(c.isdigit() for c in w) and w not in UNIT_WORDS]
    if street:
        street[-1] = STREET_TYPES.get(street[-1], street[-1])
    return " ".join(numbers) or None, "".join(street) or None


def normalize_postcode(raw: str | None) -> str | None:
    key = re.sub(r"[^0-9A-Za-z]", "", raw or "").upper()
    return key or None
