"""LinkedIn profile URLs, e-mail addresses, phone numbers and countries as comparable keys:
a profile URL in its canonical form, an address with Gmail's dots and tags folded, a
number in E.164 when its country can read it."""

from __future__ import annotations

from functools import cache, lru_cache
from urllib.parse import unquote, urlsplit

import phonenumbers

from audit.normalize.names import _NOT_WORD
from audit.normalize.phones import UNREAD, normalize_plain_phone
from audit.normalize.places import normalize_place

CANONICAL_PROFILE = "https://www.linkedin.com/in/{slug}"


# Gmail ignores dots and +tags in the local part; other providers do not, so
# folding them elsewhere would merge different people.
GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


# Mail providers whose domain says nothing about where a person works.
FREE_MAIL_DOMAINS = frozenset(
    {
        *("gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "rocketmail.com"),
        *("hotmail.com", "outlook.com", "live.com", "msn.com", "icloud.com", "me.com"),
        *("mac.com", "aol.com", "gmx.com", "gmx.de", "gmx.net", "web.de", "t-online.de"),
        *("mail.ru", "yandex.ru", "yandex.com", "qq.com", "163.com", "126.com", "proton.me"),
        *("protonmail.com", "zoho.com", "fastmail.com", "orange.fr", "free.fr", "laposte.net"),
        *("libero.it", "naver.com", "comcast.net", "verizon.net", "btinternet.com", "mail.com"),
        *("hey.com", "tutanota.com", "rambler.ru", "seznam.cz", "wp.pl", "o2.pl", "ukr.net"),
    }
)


# Second-level suffixes under which the organisation is the third label (acme.co.uk).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"})


def normalize_linkedin_url(raw: str | None) -> str | None:
    """``https://www.linkedin.com/in/<slug>`` for any way of writing a profile URL, else None.

    Any ``*.linkedin.com`` host (country subdomains like ``uk.``), with or without scheme,
    query, locale suffix or trailing slash; the slug lower-cased and percent-decoded. A
    legacy ``/pub/<name>/<a>/<b>/<c>`` URL is the profile LinkedIn redirects it to,
    ``/in/<name>-<c><b><a>`` with ``b`` and ``c`` zero-padded to three characters.
    """
    if not raw:
        return None
    text = raw.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return None
    segments = [unquote(s).strip().lower() for s in parts.path.split("/") if s.strip()]
    if len(segments) < 2 or segments[0] not in ("in", "pub") or segments[1] == "dir":
        return None
    slug = segments[1]
    if segments[0] == "pub" and len(segments) == 5:
        first, middle, last = segments[2:]
        slug = f"{slug}-{last.zfill(3)}{middle.zfill(3)}{first}"
    elif segments[0] == "pub" and len(segments) != 2:
        return None
    return CANONICAL_PROFILE.format(slug=slug)


def normalize_email_text(raw: str) -> str:
    """An address as written, made plain: trimmed, lower case, no <> or mailto:. What the
    report shows of the owner's addresses; ``normalize_email`` folds it further."""
    text = raw.strip().strip("<>").lower()
    return text[7:] if text.startswith("mailto:") else text


def normalize_email(raw: str | None) -> str | None:
    if not raw:
        return None
    text = normalize_email_text(raw)
    local, at, domain = text.rpartition("@")
    if not at or not local or "." not in domain or " " in text:
        return None
    if domain in GMAIL_DOMAINS:
        local = local.split("+", 1)[0].replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def normalize_email_domain(email_key: str | None) -> str | None:
    """The organisation an email address belongs to (``acme`` for ``jo@eu.acme-corp.co.uk``
    gives ``acmecorp``), or None for free mail providers, which say nothing about it."""
    if not email_key or "@" not in email_key:
        return None
    domain = email_key.rsplit("@", 1)[1]
    if domain in FREE_MAIL_DOMAINS:
        return None
    labels = domain.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        label = labels[-3]
    else:
        label = labels[-2] if len(labels) >= 2 else labels[0]
    return _NOT_WORD.sub("", label) or None


# Countries as address books write them (English and own names, ISO codes) -> the region
# phonenumbers reads their national numbers in. Names not here are looked up in
# phonenumbers' own English region names, loaded only then (0.4 s).
COUNTRY_REGIONS = {
    **{"us": "US", "usa": "US", "united states": "US", "united states of america": "US"},
    **{"america": "US", "uk": "GB", "gb": "GB", "united kingdom": "GB", "great britain": "GB"},
    **{"england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB"},
    **{"canada": "CA", "australia": "AU", "new zealand": "NZ", "ireland": "IE", "eire": "IE"},
    **{"germany": "DE", "deutschland": "DE", "france": "FR", "spain": "ES", "espana": "ES"},
    **{"italy": "IT", "italia": "IT", "netherlands": "NL", "the netherlands": "NL"},
    **{"nederland": "NL", "holland": "NL", "belgium": "BE", "belgique": "BE", "belgie": "BE"},
    **{"switzerland": "CH", "schweiz": "CH", "suisse": "CH", "austria": "AT"},
    **{"osterreich": "AT", "sweden": "SE", "sverige": "SE", "norway": "NO", "norge": "NO"},
    **{"denmark": "DK", "danmark": "DK", "finland": "FI", "suomi": "FI", "poland": "PL"},
    **{"polska": "PL", "czechia": "CZ", "czech republic": "CZ", "cesko": "CZ"},
    **{"portugal": "PT", "russia": "RU", "rossiya": "RU", "japan": "JP", "nihon": "JP"},
    **{"china": "CN", "zhongguo": "CN", "south korea": "KR", "korea": "KR", "india": "IN"},
    **{"israel": "IL", "singapore": "SG", "hong kong": "HK", "brazil": "BR", "brasil": "BR"},
    **{"mexico": "MX", "argentina": "AR", "south africa": "ZA", "greece": "GR"},
    **{"hellas": "GR", "turkey": "TR", "turkiye": "TR", "united arab emirates": "AE"},
    **{"uae": "AE", "saudi arabia": "SA", "egypt": "EG", "ukraine": "UA"},
}


# International call prefixes written instead of "+": 00 nearly everywhere, 011 from
# North America (phonenumbers knows each region's own; these are for a number read
# in another region than the one it was dialled from).
INTERNATIONAL_PREFIXES = ("00", "011")


# A national number kept as written (digits) when no country reads it: a trunk "0" and at
# least this many digits, so a number dialled without its area code never becomes a key.
MIN_NATIONAL_DIGITS = 9


@lru_cache(maxsize=4096)
def normalize_country(raw: str | None) -> str | None:
    """The phone region (ISO 3166 alpha-2) of a country as an address writes it, or None."""
    key = normalize_place(raw)
    if not key:
        return None
    if key in COUNTRY_REGIONS:
        return COUNTRY_REGIONS[key]
    if len(key) == 2 and key.upper() in phonenumbers.SUPPORTED_REGIONS:
        return key.upper()
    return _read_region_names().get(key)


@cache
def _read_region_names() -> dict[str, str]:
    from phonenumbers.geodata.locale import LOCALE_DATA

    names = {}
    for region, by_language in LOCALE_DATA.items():
        name = normalize_place(by_language.get("en"))
        if name and len(region) == 2:
            names.setdefault(name, region)
    return names


@lru_cache(maxsize=1 << 16)
def normalize_phone(raw: str | None, region: str, country: str | None = None) -> str | None:
    """E.164 when the number is possible in its country, else its national digits when
    it is written as a national number that no country reads, else None.

    A number written without "+" is read in ``country`` (the record's own region, see
    ``normalize_country``) before ``region`` (the configured one); "00" and "011" before
    the country code count as "+". A national number ("020 7946 0958") that neither
    reads stays as its digits ("02079460958"), a key that matches only the same digits.
    A number dialled without its area code ("555-0100") is possible only locally and
    would be the same string for different people in different towns: None.
    """
    if not raw:
        return None
    text = raw.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    digits = "".join(filter(str.isdigit, text))
    if not digits:
        return None
    if text.lstrip().startswith("+"):
        return _format_possible(text, None)
    candidates = [(text, r) for r in dict.fromkeys((country, region)) if r]
    if digits.startswith("00"):
        candidates.insert(0, ("+" + digits[2:], None))
    elif digits.startswith("011"):
        candidates.append(("+" + digits[3:], None))
    for candidate, where in candidates:
        key = _format_possible(candidate, where)
        if key:
            return key
    national = digits.startswith("0") and not digits.startswith("00")
    return digits if national and MIN_NATIONAL_DIGITS <= len(digits) <= 15 else None


def _format_possible(text: str, region: str | None) -> str | None:
    """E.164 of ``text`` read in ``region`` when the number is possible there."""
    key = normalize_plain_phone(text, region)
    if key is UNREAD:
        key = _format_with_phonenumbers(text, region)
    if key and key.startswith("+1") and key[2] in "01":
        return None  # North American numbers never start with 0 or 1: "06 ..." is French
    return key


def _format_with_phonenumbers(text: str, region: str | None) -> str | None:
    """E.164 of ``text`` read in ``region`` by phonenumbers when it finds it a possible
    number: what ``normalize_plain_phone`` gives for the numbers it reads."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible != phonenumbers.ValidationResult.IS_POSSIBLE:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
