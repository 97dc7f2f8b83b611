"""One vCard's properties as one RECORDS row: names, e-mails, phones, company, birthday,
place, categories and the LinkedIn profile, or the reason to skip the card.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from audit.ingest.vcard.lines import Prop, parse_params
from audit.ingest.vcard.values import clean, decode_text, split_escaped, unescape

_PROFILE_URL = re.compile(
    r"(?:https?://)?(?:[a-z]{2,3}\.|www\.)?linkedin\.com/(?:in|pub)/[^\s,;\"'<>]+", re.I
)
# Pages that are not a person's profile, even when a card labels them LinkedIn.
_NOT_PROFILE = re.compile(
    r"linkedin\.com/(?:company|school|groups|showcase|jobs|feed|posts)\b", re.I
)
_SLUG = re.compile(r"^[\w\-.%~]+$")
_URL_LIKE = frozenset({"URL", "X-SOCIALPROFILE", "IMPP"})

_FULL_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_NO_YEAR_DATE = re.compile(r"^--(\d{2})-?(\d{2})$")
# Years that stand for "unknown": Apple and Thunderbird CardBook write 1604, others 0000.
_NO_YEAR = {0, 1604}

_SKIP_NOTHING = "card has no name, email, phone or profile URL"


# ---------------------------------------------------------------- card -> record


@dataclass
class _Fields:
    """What one card says, gathered property by property before the record is built."""

    full_names: list[str] = field(default_factory=list)
    name_parts: list[str] | None = None
    nicknames: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    company: str | None = None
    position: str | None = None
    birthday: str | None = None
    addresses: list[tuple[bool, list[str]]] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    uid: str | None = None
    link_props: list[tuple[Prop, str]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    free_links: list[str] = field(default_factory=list)


def parse_card(props: list[Prop], transcoded: bool) -> dict | str:
    """One card as a RECORDS row (without source/file/record), or the reason to skip it."""
    fields = _Fields()
    for prop in props:
        _take_prop(fields, prop, transcoded, props)
    first, last, from_parts = _split_name_parts(fields.name_parts)
    # Each in first-seen order, once (dict.fromkeys, written out: four calls a card).
    emails, phones = list(dict.fromkeys(fields.emails)), list(dict.fromkeys(fields.phones))
    nicknames = list(dict.fromkeys(fields.nicknames))
    linkedin = _find_linkedin(fields) if fields.link_props or fields.free_links else None
    # The fallback order of the display name; a nickname only when nothing else is there.
    names = (*fields.full_names, from_parts, fields.company, *emails, *phones, *nicknames)
    name = next(filter(None, names), None)
    if not (name or linkedin):
        return _SKIP_NOTHING
    addresses = fields.addresses
    city, country, address, postcode = _pick_place(addresses) if addresses else _NO_PLACE
    return {
        "name": name,
        "first_name": first,
        "last_name": last,
        "nicknames": nicknames,
        "linkedin_url": linkedin,
        "emails": emails,
        "phones": phones,
        "company": fields.company,
        "position": fields.position,
        "connected_on": None,
        "birthday": fields.birthday,
        "city": city,
        "country": country,
        "address": address,
        "postcode": postcode,
        "categories": list(dict.fromkeys(fields.categories)),
        "uid": fields.uid,
    }


def _take_prop(fields: _Fields, prop: Prop, transcoded: bool, card: list[Prop]) -> None:
    name = prop.name
    take = _PROP_TAKERS.get(name)
    if take is not None:
        take(fields, prop, decode_text(prop, transcoded, card))
    elif name in _URL_LIKE or "LINKEDIN" in name:
        text = decode_text(prop, transcoded, card)
        fields.link_props.append((prop, unescape(text).strip()))
    elif name == "X-ABLABEL" and prop.group:
        text = decode_text(prop, transcoded, card)
        fields.labels[prop.group] = unescape(text).strip().lower()
    elif b"linkedin" in prop.value.lower():
        found = _PROFILE_URL.search(unescape(decode_text(prop, transcoded, card)))
        if found:
            fields.free_links.append(found.group(0).rstrip(".)"))  # end of a sentence


def _take_fn(fields: _Fields, prop: Prop, text: str) -> None:
    full = clean(unescape(text))
    if full:
        fields.full_names.append(full)


def _take_n(fields: _Fields, prop: Prop, text: str) -> None:
    if fields.name_parts is None:
        fields.name_parts = split_escaped(text, ";")


def _take_list(target: str):
    def take(fields: _Fields, prop: Prop, text: str) -> None:
        values = (clean(v) for v in split_escaped(text, ","))
        getattr(fields, target).extend(v for v in values if v)

    return take


def _take_email(fields: _Fields, prop: Prop, text: str) -> None:
    email = unescape(text).strip()
    if email.lower().startswith("mailto:"):
        email = email[7:].strip()
    if email:
        fields.emails.append(email)


def _take_tel(fields: _Fields, prop: Prop, text: str) -> None:
    phone = unescape(text).strip()
    # 4.0 writes numbers as URIs (``tel:+1-555-555-5555;ext=5555``); the scheme is not part of it.
    if phone.lower().startswith("tel:"):
        phone = phone[4:].strip()
    if phone:
        fields.phones.append(phone)


def _take_org(fields: _Fields, prop: Prop, text: str) -> None:
    if fields.company is None:
        fields.company = clean(split_escaped(text, ";")[0])


def _take_title(fields: _Fields, prop: Prop, text: str) -> None:
    if fields.position is None:
        fields.position = clean(unescape(text))


def _take_bday(fields: _Fields, prop: Prop, text: str) -> None:
    if fields.birthday is None:
        omit_year = "X-APPLE-OMIT-YEAR" in parse_params(prop.params)
        fields.birthday = _parse_birthday(unescape(text).strip(), omit_year)


def _take_adr(fields: _Fields, prop: Prop, text: str) -> None:
    params = parse_params(prop.params) if prop.params else {}
    pref = "PREF" in params or any(v.lower() == "pref" for v in params.get("TYPE", ()))
    fields.addresses.append((pref, split_escaped(text, ";")))


def _take_android_custom(fields: _Fields, prop: Prop, text: str) -> None:
    # Android 2.1 exports carry the nickname as
    # ``X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Nick;1;;...`` (AOSP v21_im).
    parts = split_escaped(text, ";")
    if len(parts) > 1 and parts[0].strip().lower() == "vnd.android.cursor.item/nickname":
        nickname = clean(parts[1])
        if nickname:
            fields.nicknames.append(nickname)


def _take_uid(fields: _Fields, prop: Prop, text: str) -> None:
    if fields.uid is None:
        fields.uid = unescape(text).strip() or None


_PROP_TAKERS = {
    "FN": _take_fn,
    "N": _take_n,
    "NICKNAME": _take_list("nicknames"),
    "EMAIL": _take_email,
    "TEL": _take_tel,
    "ORG": _take_org,
    "TITLE": _take_title,
    "BDAY": _take_bday,
    "ADR": _take_adr,
    "CATEGORIES": _take_list("categories"),
    "UID": _take_uid,
    "X-ANDROID-CUSTOM": _take_android_custom,
}


def _split_name_parts(parts: list[str] | None) -> tuple[str | None, str | None, str | None]:
    """(first name, last name, display name) from N: family;given;additional;prefix;suffix."""
    if not parts:
        return None, None, None
    family, given, additional = ([clean(p.replace(",", " ")) for p in parts[:3]] + [None] * 3)[:3]
    if _is_east_asian(f"{family or ''}{given or ''}"):
        order = (family, given, additional)  # written family name first
    else:
        order = (given, additional, family)
    return given, family, " ".join(p for p in order if p) or None


# The first character that is wide or full-width (U+0378 in Unicode 14, unassigned): below
# it are ASCII, Latin-1 and the other Latin letters and accents most names are written in.
_FIRST_WIDE = chr(
    next(c for c in range(0x110000) if unicodedata.east_asian_width(chr(c)) in ("W", "F"))
)


def _is_east_asian(text: str) -> bool:
    if not text or max(text) < _FIRST_WIDE:
        return False
    return any(unicodedata.east_asian_width(char) in ("W", "F") for char in text)


_NO_PLACE = (None, None, None, None)


def _pick_place(addresses: list[tuple[bool, list[str]]]) -> tuple[str | None, ...]:
    """City, country, street and postcode of the preferred address that has a city or a
    country, else of the first; street and postcode alone when no address has either."""
    ordered = [
        parts + [""] * (7 - len(parts)) for _, parts in sorted(addresses, key=lambda a: not a[0])
    ]
    for parts in ordered:
        city, country = clean(parts[3]), clean(parts[6])
        if city or country:
            return city, country, clean(parts[2]), clean(parts[5])
    for parts in ordered:
        if clean(parts[2]) or clean(parts[5]):
            return None, None, clean(parts[2]), clean(parts[5])
    return None, None, None, None


def _parse_birthday(text: str, omit_year: bool) -> str | None:
    """ISO ``YYYY-MM-DD``, or ``--MM-DD`` when the year is unknown; None if unparseable."""
    full = _FULL_DATE.match(text)
    if full:
        year, month, day = (int(g) for g in full.groups())
    else:
        partial = _NO_YEAR_DATE.match(text)
        if not partial:
            return None
        year, (month, day) = 0, (int(g) for g in partial.groups())
    try:
        date(2000 if year in _NO_YEAR or omit_year else year, month, day)
    except ValueError:
        return None
    if year in _NO_YEAR or omit_year:
        return f"--{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _find_linkedin(fields: _Fields) -> str | None:
    """The first LinkedIn profile URL: from URL, IMPP, X-SOCIALPROFILE or a property
    typed or labelled LinkedIn first, then from any other value (a NOTE may well name
    someone else's profile, so it comes last)."""
    for prop, text in fields.link_props:
        url = _extract_linkedin(prop, text, fields.labels.get(prop.group or "", ""))
        if url:
            return url
    return next(iter(fields.free_links), None)


def _extract_linkedin(prop: Prop, text: str, label: str) -> str | None:
    if _PROFILE_URL.search(text):
        return text  # as written; normalize makes the comparable key
    params = parse_params(prop.params) if prop.params else {}
    kinds = (*params.get("TYPE", ()), *params.get("X-SERVICE-TYPE", ()), label, prop.name)
    typed = any("linkedin" in kind.lower() for kind in kinds)
    if typed and "linkedin.com" in text.lower():
        return None if _NOT_PROFILE.search(text) else text
    if not typed:
        return None
    # Apple writes ``x-user=<slug>`` with an ``x-apple:<slug>`` value, or the URL in x-user.
    for candidate in (*params.get("X-USER", ()), text.split(":", 1)[-1] if text else ""):
        candidate = candidate.strip()
        if "linkedin.com" in candidate.lower():
            return candidate
        if candidate and _SLUG.match(candidate):
            return f"https://www.linkedin.com/in/{candidate}"
    return None
