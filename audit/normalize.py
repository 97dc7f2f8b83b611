"""Turn names, emails, phones, LinkedIn URLs, companies and places into comparable keys.

Everything that decides whether two spellings are "the same" lives here, each
rule once, so resolve and interactions compare keys and never raw text. Names
are folded (Unicode-normalised, transliterated when not Latin, case and accents
gone, honorifics, credentials, pronouns and emoji stripped) and given names are
mapped through a nickname table (``audit/data/nicknames.csv``). Keys are
computed on the distinct values of a column and mapped back, which keeps the
Python work proportional to the number of different values, not of rows.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from urllib.parse import unquote, urlsplit

import phonenumbers
import polars as pl
from anyascii import anyascii

from audit.schemas import RECORD_KEYS, REFERENCES

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

# Words before a name that dress it without changing who it is.
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "fr", "herr", "frau"}
)
# Credentials and generation suffixes. Dropped at the end of a name, and after a comma.
CREDENTIALS = frozenset(
    {
        *("phd", "mba", "msc", "bsc", "cpa", "pmp", "cfa", "esq", "jr", "sr", "ii", "iii"),
        *("dds", "llm", "mph", "frcs", "cissp", "acca", "aca", "fca", "dphil", "mrcp"),
        *("ceng", "peng", "csm", "shrm", "cscp", "meng", "beng", "mfa", "edd", "psyd"),
    }
)
# Credentials that are also names (the surname Ma, a given name Jd): only after a comma.
AMBIGUOUS_CREDENTIALS = frozenset({"ma", "ba", "md", "pe", "rn", "jd", "iv", "do", "ca", "ms"})
PRONOUNS = re.compile(
    r"[(\[]?\s*\b(?:he|she|they|ze|xe)\s*/\s*(?:him|his|her|hers|them|theirs|hir|zir|xem|they|"
    r"she|he)\b(?:\s*/\s*\w+)?\s*[)\]]?",
    re.I,
)
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# Han and Hangul write one syllable per character without spaces; transliterated
# together they would be one word ("LiWei"), so each becomes a word of its own.
_SYLLABIC = re.compile(
    r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0002ffff])"
)
# A name in Han or Hangul characters only: family name first, no spaces.
_SYLLABIC_NAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
# Words that belong to the family name that follows them.
FAMILY_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "dos", "st"}
)
_NOT_WORD = re.compile(r"[^a-z0-9]+")
UNIT = "\x1f"  # joins list items into one string on their way through polars
# Emoji and other pictographs, with the joiners and selectors that build them.
_DECORATION = {"So", "Sk", "Cf", "Co", "Cs"}
_SELECTORS = re.compile("[\ufe00-\ufe0f\u20e3]")

# Legal forms and filler that do not tell one company from another.
LEGAL_FORMS = frozenset(
    {
        *("inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited"),
        *("llc", "llp", "lp", "plc", "gmbh", "mbh", "ag", "kg", "se", "sa", "sas", "sarl"),
        *("srl", "spa", "bv", "nv", "oy", "oyj", "ab", "as", "asa", "aps", "pty", "pvt"),
        *("kk", "ooo", "zao", "oao", "pjsc", "sl", "sro", "kft", "the", "und", "and"),
    }
)
# "Companies" that many unrelated people share.
GENERIC_COMPANIES = frozenset(
    {
        *("self employed", "self", "freelance", "freelancer", "independent", "retired"),
        *("student", "unemployed", "confidential", "stealth", "stealth startup", "none"),
        *("n a", "na", "various", "consultant", "independent consultant", "home", "private"),
    }
)


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
    digits = "".join(c for c in text if c.isdigit())
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
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible != phonenumbers.ValidationResult.IS_POSSIBLE:
        return None
    national = str(number.national_number)
    if number.country_code == 1 and (national[:1] in "01" or number.italian_leading_zero):
        return None  # North American numbers never start with 0 or 1: "06 ..." is French
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_words(raw: str | None) -> list[str]:
    """Text as comparable words: NFKC, emoji dropped, transliterated to ASCII (Cyrillic,
    Greek, Han, Hangul ...), lower case, accents and apostrophes gone (O'Neil -> oneil),
    split on everything that is not a letter or digit (Mary-Kate -> mary kate)."""
    if not raw:
        return []
    text = unicodedata.normalize("NFKC", raw)
    if not text.isascii():
        text = "".join(c for c in text if unicodedata.category(c) not in _DECORATION)
        text = _SELECTORS.sub("", text)
        text = anyascii(_SYLLABIC.sub(r" \1 ", text))
    text = text.lower().replace("'", "")
    return [w for w in _NOT_WORD.split(text) if w]


@lru_cache(maxsize=1 << 18)
def normalize_name(raw: str | None) -> str | None:
    """A name folded for comparison: see ``normalize_words``; honorifics before it,
    credentials after it ("Dr. Jane Doe, PhD"), pronouns ("(she/her)"), anything in
    brackets and a headline after "|" are gone. Cached: the same names come back in
    every column and stage."""
    if not raw:
        return None
    text = PRONOUNS.sub(" ", raw.split("|", 1)[0])
    text = _BRACKETED.sub(" ", text)
    head, *tails = text.split(",")
    words = normalize_words(head)
    for tail in tails:
        # "Doe, Jane" is a name written surname first; "Doe, MBA, PMP" ends in credentials.
        extra = normalize_words(tail)
        if not _are_credentials(extra):
            words.extend(extra)
    while words and words[0] in HONORIFICS and len(words) > 1:
        words = words[1:]
    while words and words[-1] in CREDENTIALS and len(words) > 1:
        words = words[:-1]
    return " ".join(words) or None


def _are_credentials(words: list[str]) -> bool:
    return all(w in CREDENTIALS or w in AMBIGUOUS_CREDENTIALS for w in words)


def normalize_name_parts(raw: str | None) -> list[str | None]:
    """[given, family] from a display name alone: the first word and the last (with the
    particles before it: "van den berg", "de la cruz"); for a name written surname first
    ("Doe, Jane"), the words after and before the comma; for a Chinese, Japanese or
    Korean name written in its script without spaces ("郑志强"), the first character is
    the family name and the rest the given name, as those names are written."""
    text = (raw or "").strip()
    if len(text) > 1 and _SYLLABIC_NAME.fullmatch(text):
        given = "".join(normalize_words(text[1:]))
        return [given or None, "".join(normalize_words(text[0])) or None]
    head, _, tail = text.partition(",")
    given_words = (normalize_name(tail) or "").split() if tail else []
    if given_words and not _are_credentials(given_words):
        if _SYLLABIC_NAME.fullmatch(tail.strip()):  # "胡, 强勇": one given name
            given_words = ["".join(given_words)]
        return [given_words[0], _take_family_name((normalize_name(head) or "").split())]
    words = (normalize_name(raw) or "").split()
    if not words:
        return [None, None]
    return [words[0], _take_family_name(words[1:])]


def _take_family_name(words: list[str]) -> str | None:
    """The last word with the particles before it (van, de, von ...), from a name's words."""
    if not words:
        return None
    start = len(words) - 1
    while start > 0 and words[start - 1] in FAMILY_PARTICLES:
        start -= 1
    return " ".join(words[start:])


def normalize_company(raw: str | None) -> str | None:
    """A company folded for comparison, legal forms gone ("Acme, Inc." and "ACME GmbH" are
    both "acme"); None for values many unrelated people share ("Self-employed")."""
    words = _join_initials(normalize_words(_BRACKETED.sub(" ", raw or "")))
    if not words or " ".join(words) in GENERIC_COMPANIES:
        return None
    kept = [w for w in words if w not in LEGAL_FORMS]
    return " ".join(kept or words)


def _join_initials(words: list[str]) -> list[str]:
    """Runs of single letters as one word: "B.V." and "S.r.l." fold to "bv" and "srl"."""
    joined: list[str] = []
    run = ""
    for word in [*words, ""]:
        if len(word) == 1:
            run += word
            continue
        if run:
            joined.append(run)
            run = ""
        if word:
            joined.append(word)
    return joined


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


@cache
def read_nicknames() -> dict[str, frozenset[str]]:
    """Each nickname or spelling variant of ``audit/data/nicknames.csv`` with the formal
    names it may stand for, followed upwards (sepp -> josef -> joseph), never sideways
    (jon stands for john and for jonathan, which stay two names)."""
    text = resources.files("audit").joinpath("data", "nicknames.csv").read_text("utf-8")
    rows = csv.reader(line for line in text.splitlines() if line and not line.startswith("#"))
    parents: dict[str, set[str]] = {}
    for name, nickname in list(rows)[1:]:
        name, nickname = fold_transcriptions(name.strip()), fold_transcriptions(nickname.strip())
        if name != nickname:
            parents.setdefault(nickname, set()).add(name)
    closed: dict[str, frozenset[str]] = {}
    for nickname in parents:
        seen, todo = set(), [nickname]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        closed[nickname] = frozenset(seen)
    return closed


@cache
def read_given_names() -> frozenset[str]:
    """Every given name the nickname table knows, formal or not (folded): two of them that
    share no formal name are two different names, however alike they look."""
    table = read_nicknames()
    return frozenset(table) | frozenset().union(*table.values())


# "ue", "oe", "ae" between a consonant and a letter, where German, Danish and Swedish
# names write "ü", "ö"/"ø", "ä"/"æ" without the letter (Mueller, Mueller; Soeren, Søren):
# folded to the plain vowel, as anyascii folds the letter itself. Not at the end of a word
# (Joe and Jo are two names), nor before a last "l", "la", "le" or "lle" or a "y", where
# names of other languages write the two vowels: Michael and Michaela, Samuel, Manuela,
# Joelle, Joey (folded, Samuel would be a man's form of "Samule", Joey would be Joy).
_TRANSCRIBED = re.compile(r"(?<=[bcdfghjklmnpqrstvwxz])([aou])e(?=[a-xz])(?!l(?:a|e|le)?\b)")


def fold_transcriptions(word: str | None) -> str | None:
    """A folded name with its transcribed umlauts folded too: "juergen mueller" and
    "jurgen muller" (from "Jürgen Müller") are one key; "ß" is already "ss"."""
    return _TRANSCRIBED.sub(r"\1", word) if word else word


# Generational suffixes and the generation each stands for; "iv" only after a comma or at
# the end of a name of three words or more (it is also a given name's start).
GENERATIONS = {
    **{"jr": "jr", "junior": "jr", "jnr": "jr", "sr": "sr", "senior": "sr", "snr": "sr"},
    **{"ii": "ii", "2nd": "ii", "iii": "iii", "3rd": "iii", "iv": "iv", "4th": "iv"},
}
# The generations that say "not the parent": a "Jr." beside a name without a suffix at the
# same address is the son, the other may be the father.
JUNIOR_GENERATIONS = frozenset({"jr", "ii", "iii", "iv"})


@lru_cache(maxsize=1 << 16)
def normalize_generation(raw: str | None) -> str | None:
    """The generational suffix a name or family name carries ("jr", "sr", "ii", "iii",
    "iv"), or None: "Robert Smith Jr.", "Smith, Robert, Jr", "Smith III"."""
    if not raw:
        return None
    words = _NOT_WORD.split(_BRACKETED.sub(" ", PRONOUNS.sub(" ", raw)).lower().replace(".", ""))
    words = [w for w in words if w]
    if len(words) < 2:
        return None
    found = GENERATIONS.get(words[-1])
    if found == "iv" and len(words) < 3 and "," not in raw:
        return None
    return found


_UNSURE_SCRIPTS = re.compile(
    "[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002ffff\u0e00-\u0e7f]"
)


def is_unsure_script(raw: str | None) -> bool:
    """Whether a name is written in a script whose transliteration cannot be trusted to
    disagree: Han (a Japanese name's kanji read as Chinese), kana, Hebrew and Arabic
    (written without vowels), Thai. Cyrillic, Greek and Hangul transliterate reliably.
    Such a name may still agree with its Latin form (a Chinese name and its pinyin)."""
    return bool(raw) and _UNSURE_SCRIPTS.search(raw) is not None


def normalize_given_name(first: str | None) -> list[str]:
    """The forms a folded given name may stand for: itself and the formal names of the
    nickname table (bob -> bob, robert). Two given names match when these share one."""
    if not first:
        return []
    word = first.split(" ", 1)[0]
    return sorted({word, *read_nicknames().get(word, ())})


def ref_key(url: str | None, name: str | None) -> str | None:
    """How a person named in messages, invitations or gives is looked up: URL, else name."""
    url_key = normalize_linkedin_url(url)
    if url_key:
        return url_key
    name_key = normalize_name(name)
    return f"name:{name_key}" if name_key else None


def normalize_ref_keys(named: pl.DataFrame) -> pl.Series:
    """``ref_key`` of each row of a frame of ``url`` and ``name`` columns."""
    pairs = named.select("url", "name").rows()
    return pl.Series("ref_key", [ref_key(url, name) for url, name in pairs], dtype=pl.Utf8)


def normalize_references(named: pl.DataFrame) -> pl.DataFrame:
    """REFERENCES from a frame of ``url`` and ``name`` columns (invitations, gives)."""
    return (
        named.with_columns(
            ref_key=normalize_ref_keys(named),
            name_key=map_unique(named["name"], normalize_name),
        )
        .drop_nulls("ref_key")
        .select(list(REFERENCES))
    )


def map_unique(column: pl.Series, fn) -> pl.Series:
    """Apply ``fn`` once per distinct value: messages repeat the same URLs thousands of times."""
    table = _build_table(column.drop_nulls().unique(), fn)
    if not table:
        return pl.Series(column.name, [None] * len(column), dtype=pl.Utf8)
    return column.replace_strict(table, default=None, return_dtype=pl.Utf8)


def _build_table(uniques: pl.Series, fn) -> dict:
    """{value: fn(value)} for distinct values, by a column-wise fast path where ``fn`` has one."""
    fast = _FAST_PATHS.get(fn)
    table = fast(uniques) if fast else {}
    table.update((v, fn(v)) for v in uniques.to_list() if v not in table)
    return table


# The plain form of a profile URL, which is nearly all of them: any *.linkedin.com host,
# /in/ and an ASCII slug, nothing after it but a slash, a query or a fragment. Everything
# else (percent-encoding, /pub/, ports, locale suffixes) goes through the full rule.
_PLAIN_PROFILE = (
    r"(?i)^\s*(?:https?://)?(?:[a-z0-9-]+\.)*linkedin\.com/in/([a-z0-9_.\-]+)/?(?:[?#].*)?\s*$"
)


def _plain_profile_urls(uniques: pl.Series) -> dict:
    """``normalize_linkedin_url`` of the plain URLs among ``uniques``, by one regex."""
    slugs = uniques.str.extract(_PLAIN_PROFILE, 1).str.to_lowercase()
    plain = slugs.is_not_null() & (slugs != "dir")
    keys = CANONICAL_PROFILE.split("{slug}")[0] + slugs.filter(plain)
    return dict(zip(uniques.filter(plain).to_list(), keys.to_list(), strict=True))


_FAST_PATHS = {normalize_linkedin_url: _plain_profile_urls}


def _map_lists(column: pl.Series, fn) -> pl.Series:
    table = _build_table(column.explode().drop_nulls().unique(), fn)
    return column.list.eval(
        pl.element()
        .replace_strict(table, default=None, return_dtype=pl.Utf8)
        .drop_nulls()
        .unique(maintain_order=True)
    )


def _normalize_phone_column(records: pl.DataFrame, phone_region: str) -> pl.Series:
    """``phone_keys``: each record's phones read in its own country, then ``phone_region``."""
    regions = map_unique(records["country"], normalize_country)
    if regions.is_null().all():
        return _map_lists(records["phones"], lambda p: normalize_phone(p, phone_region))
    pairs = (
        pl.DataFrame({"phone": records["phones"], "region": regions})
        .with_row_index("_row")
        .explode("phone")
    )
    keys = [
        normalize_phone(phone, phone_region, region) if phone else None
        for phone, region in pairs.select("phone", "region").iter_rows()
    ]
    found = (
        pairs.with_columns(key=pl.Series(keys, dtype=pl.Utf8))
        .group_by("_row", maintain_order=True)
        .agg(pl.col("key").drop_nulls().unique(maintain_order=True))
    )
    # A record without phones may have no row left after explode: join back on every row.
    every = pl.DataFrame({"_row": pl.int_range(records.height, dtype=pl.UInt32, eager=True)})
    return (
        every.join(found, on="_row", how="left", maintain_order="left")["key"]
        .fill_null(pl.lit([], dtype=pl.List(pl.Utf8)))
        .alias("phone_keys")
    )


def normalize_records(records: pl.DataFrame, phone_region: str) -> pl.DataFrame:
    """RECORDS + RECORD_KEYS."""
    if records.is_empty():
        return records.with_columns(
            [pl.lit(None, dtype=t).alias(c) for c, t in RECORD_KEYS.items()]
        )
    return records.with_columns(
        url_key=map_unique(records["linkedin_url"], normalize_linkedin_url),
        email_keys=_map_lists(records["emails"], normalize_email),
        phone_keys=_normalize_phone_column(records, phone_region),
        name_key=map_unique(records["name"], normalize_name),
    )


def normalize_match_keys(records: pl.DataFrame) -> pl.DataFrame:
    """What resolve compares beyond the exact keys, one row per record (same order).

    Columns: ``first`` and ``last`` (folded given and family name; from the name when
    the record has no parts, see ``normalize_name_parts``; both null when the record's
    name is not a person's: its company, an email address, a number), ``given_keys``
    (list, see ``normalize_given_name``), ``company_key`` (see ``normalize_company``),
    ``org_keys`` (list, see ``normalize_email_domain``), ``birthday`` (as in RECORDS),
    ``city_key``, ``house_key`` and ``street_key`` (see ``normalize_street``),
    ``postcode_key``, ``given_known`` (the given name is in the nickname table, see
    ``read_given_names``), ``generation`` (see ``normalize_generation``),
    ``name_unsure`` (see ``is_unsure_script``) and ``contact_keys`` (the record's email
    and phone keys, sorted, in one string; null when it has none). First and last names
    have their transcriptions folded (see ``fold_transcriptions``); ``given_plain`` is the
    given name before that ("graec", not "grac" like a man's form of Grace).
    """
    first = map_unique(records["first_name"], normalize_name)
    last = map_unique(records["last_name"], normalize_name)
    # Lists travel as joined strings: polars builds a list column from Python lists slowly.
    from_name = map_unique(records["name"], lambda n: UNIT.join(map(str, normalize_name_parts(n))))
    parts = from_name.str.split(UNIT)
    has_parts = first.is_not_null() | last.is_not_null()
    not_a_person = (
        ((records["name"] == records["company"]).fill_null(False) & ~has_parts)
        | ~records["name_key"].str.contains("[a-z]").fill_null(False)
        | records["name"].str.contains("@").fill_null(False)
    )
    keys = pl.DataFrame(
        {
            "first": pl.select(
                pl.when(has_parts).then(first).otherwise(parts.list.get(0, null_on_oob=True))
            ).to_series(),
            "last": pl.select(
                pl.when(has_parts).then(last).otherwise(parts.list.get(1, null_on_oob=True))
            ).to_series(),
        }
    ).with_columns(
        pl.when(not_a_person | (pl.col(c) == "None")).then(None).otherwise(pl.col(c)).alias(c)
        for c in ("first", "last")
    )
    keys = keys.with_columns(
        *(map_unique(keys[c], fold_transcriptions).alias(c) for c in ("first", "last")),
        given_plain=keys["first"],
    )
    given = map_unique(keys["first"], lambda f: " ".join(normalize_given_name(f)))
    known = read_given_names()
    generation = pl.coalesce(
        map_unique(records[c], normalize_generation) for c in ("name", "last_name", "first_name")
    )
    unsure = pl.any_horizontal(
        map_unique(records[c], lambda n: "1" if is_unsure_script(n) else None).is_not_null()
        for c in ("name", "first_name", "last_name")
    )
    street = map_unique(records["address"], lambda a: UNIT.join(map(str, normalize_street(a))))
    street_parts = street.str.split(UNIT)
    return keys.with_columns(
        given_keys=given.str.split(" ").fill_null(pl.lit([], dtype=pl.List(pl.Utf8))),
        given_known=keys["first"].str.split(" ").list.first().is_in(list(known)).fill_null(False),
        generation=pl.select(generation).to_series(),
        name_unsure=pl.select(unsure).to_series(),
        company_key=map_unique(records["company"], normalize_company),
        org_keys=_map_lists(records["email_keys"], normalize_email_domain),
        birthday=records["birthday"],
        city_key=map_unique(records["city"], normalize_place),
        **{
            name: pl.select(
                pl.when(part == "None").then(None).otherwise(part).alias(name)
            ).to_series()
            for name, part in (
                ("house_key", street_parts.list.get(0, null_on_oob=True)),
                ("street_key", street_parts.list.get(1, null_on_oob=True)),
            )
        },
        postcode_key=map_unique(records["postcode"], normalize_postcode),
        contact_keys=pl.select(
            pl.concat_list(records["email_keys"], records["phone_keys"])
            .list.sort()
            .list.join(" ")
            .replace("", None)
        ).to_series(),
    )


def normalize_message_keys(messages: pl.DataFrame) -> pl.DataFrame:
    """MESSAGES + ``sender_key`` and ``recipient_keys`` (see ``ref_key``).

    A ``LinkedIn Member`` without a URL is somebody whose profile is hidden: it
    gets a key of its own per conversation, so it counts once as a participant
    and never matches a person.
    """
    if messages.is_empty():
        return messages.with_columns(
            sender_key=pl.lit(None, dtype=pl.Utf8),
            recipient_keys=pl.lit(None, dtype=pl.List(pl.Utf8)),
        )
    sender_url_key = map_unique(messages["sender_url"], normalize_linkedin_url)
    sender_name_key = map_unique(messages["sender_name"], normalize_name)
    hidden = pl.concat_str(pl.lit("member:"), pl.col("conversation_id"))
    return messages.with_columns(
        sender_key=pl.when(sender_url_key.is_not_null())
        .then(sender_url_key)
        .when(pl.col("sender_name").str.to_lowercase() == "linkedin member")
        .then(hidden)
        .when(sender_name_key.is_not_null())
        .then(pl.concat_str(pl.lit("name:"), sender_name_key)),
        recipient_keys=_normalize_recipient_keys(messages),
    )


def _normalize_recipient_keys(messages: pl.DataFrame) -> pl.Series:
    """Each row's recipients' profile URLs, else (none that reads) their names as "name:"
    keys; each key once in its row, in order; null when no URL reads and the names are
    missing. (A recipient named "LinkedIn Member" keeps "name:linkedin member": the
    "member:" key is the sender's only, as it has been.)

    Worked out once per distinct pair of lists and joined back: a conversation repeats
    its lists in every message (300,000 messages, 15,000 pairs), and per-row list
    expressions cost 0.17 s at that size, this 0.07 s."""
    lists = messages.select("recipient_urls", "recipient_names")
    distinct = lists.unique()
    urls = _map_lists(distinct["recipient_urls"], normalize_linkedin_url)
    names = _map_lists(distinct["recipient_names"], normalize_name)
    keys = pl.select(
        pl.when(urls.list.len() > 0)
        .then(urls)
        .otherwise(names.list.eval(pl.lit("name:") + pl.element()))
        .alias("recipient_keys")
    ).to_series()
    return lists.join(
        distinct.with_columns(keys),
        on=["recipient_urls", "recipient_names"],
        how="left",
        maintain_order="left",
        nulls_equal=True,
    )["recipient_keys"]
