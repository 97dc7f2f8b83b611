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

import binascii
import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import NamedTuple

import polars as pl

from audit import schemas
from audit.ingest.contentlines import prepare_bytes, unfold

# A property line: optional group(s) and name, ";params" (a quoted param may hold a
# colon: iOS ``X-SERVICE-TYPE="Mike's IM:"``), then ":value". '/' is allowed in names
# because KAddressBook writes ``X-messaging/xmpp-All:``; a BOM may start any line of
# concatenated files. The second form takes the first colon when a quote is unbalanced.
_PROPERTY = re.compile(
    rb'[ \t]*(?:\xef\xbb\xbf)?([A-Za-z0-9_.\-/]+)[ \t]*(?:;((?:[^:"]|"[^"]*")*))?:(.*)', re.S
)
_PROPERTY_UNQUOTED = re.compile(
    rb"[ \t]*(?:\xef\xbb\xbf)?([A-Za-z0-9_.\-/]+)[ \t]*(?:;([^:]*))?:(.*)", re.S
)
_NAME = re.compile(rb"[A-Za-z0-9_.\-/]+")

# BEGIN/END lines for sniffing, in any case, also with a group prefix
# (``TEST.BEGIN:VCARD``) or a bare dot (``.BEGIN:VCARD``) as some test suites write.
_BOUNDARY_LINE = re.compile(
    rb"(?im)^[ \t]*(?:\xef\xbb\xbf)?(?:[A-Za-z0-9-]*\.)?(?:BEGIN|END)[ \t]*:[ \t]*VCARD[ \t]*$"
)

# Binary payloads: never needed, often broken (truncated base64, data: URIs in a
# 3.0 ENCODING=b PHOTO), and 50-90% of an export's bytes. Dropped unread.
_BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})

# Names of properties that a broken writer sometimes leaves without a colon
# (``FN`` alone in kcontacts vcard4, ``N`` alone in l0b0 missing_n_value). Such a
# line is dropped; any other colon-less line continues the previous value.
_KNOWN_NAMES = frozenset(
    {
        "ADR", "AGENT", "ANNIVERSARY", "BDAY", "BEGIN", "CALADRURI", "CALURI", "CATEGORIES",
        "CLASS", "CLIENTPIDMAP", "EMAIL", "END", "FBURL", "FN", "GENDER", "GEO", "IMPP",
        "KEY", "KIND", "LABEL", "LANG", "LOGO", "MAILER", "MEMBER", "N", "NAME", "NICKNAME",
        "NOTE", "ORG", "PHOTO", "PRODID", "PROFILE", "RELATED", "REV", "ROLE", "SORT-STRING",
        "SOUND", "SOURCE", "TEL", "TITLE", "TZ", "UID", "URL", "VERSION", "XML",
    }
)  # fmt: skip

# Western single-byte labels. Bytes that are valid UTF-8 under such a label are a
# mislabel in practice: accented Latin-1 text is almost never valid UTF-8.
_LATIN_CODECS = frozenset({"ascii", "latin-1", "iso8859-1", "iso8859-15", "cp1252"})

# Decoders to try when a declared codec fails: phones label cp932 text as Shift_JIS.
_WIDER_CODEC = {"shift_jis": "cp932"}

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")

_PROFILE_URL = re.compile(
    r"(?:https?://)?(?:[a-z]{2,3}\.|www\.)?linkedin\.com/(?:in|pub)/[^\s,;\"'<>]+", re.I
)
# Pages that are not a person's profile, even when a card labels them LinkedIn.
_NOT_PROFILE = re.compile(
    r"linkedin\.com/(?:company|school|groups|showcase|jobs|feed|posts)\b", re.I
)
_SLUG = re.compile(r"^[\w\-.%~]+$")
_URL_LIKE = frozenset({"URL", "X-SOCIALPROFILE", "IMPP"})

_ESCAPES = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":"}
_ESCAPE = re.compile(r"\\(.)", re.S)

_FULL_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_NO_YEAR_DATE = re.compile(r"^--(\d{2})-?(\d{2})$")
# Years that stand for "unknown": Apple and Thunderbird CardBook write 1604, others 0000.
_NO_YEAR = {0, 1604}

_SKIP_NOTHING = "card has no name, email, phone or profile URL"


class _Prop(NamedTuple):
    group: str | None  # lower-case group (``item1``), or None
    name: str  # upper-case property name
    params: bytes
    value: bytes


_new = tuple.__new__


@dataclass
class _Card:
    start: int  # index of its first line, to keep file order
    props: list[_Prop] = field(default_factory=list)
    children: list[_Card] = field(default_factory=list)


def looks_like_vcard(head: bytes) -> bool:
    """Whether the first bytes of a file show a vCard: a BEGIN:VCARD line (or an END:VCARD
    line, as a card with a lost BEGIN still is one), in any case, after an optional BOM,
    also in UTF-16."""
    data, _ = prepare_bytes(head)
    return _BOUNDARY_LINE.search(data.replace(b"\r", b"\n")) is not None


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
        cards = _split_cards(_parse_props(_unfold_lines(stream)))
    except Exception as exc:  # a bug must cost this file, not the run
        skipped.append({"file": file, "record": None, "reason": _describe_failure(exc, "file")})
        cards = []
    for number, card in enumerate(cards, start=1):
        try:
            row = _parse_card(card.props, transcoded)
        except Exception as exc:  # a bug must cost this card, not the file
            row = _describe_failure(exc, "card")
        if isinstance(row, str):
            skipped.append({"file": file, "record": number, "reason": row})
        else:
            records.append({"source": "vcard", "file": file, "record": number, **row})
    return schemas.frame_of_dicts(records, schemas.RECORDS), schemas.frame(skipped, schemas.SKIPPED)


def _describe_failure(exc: Exception, what: str) -> str:
    return f"{what} could not be read ({type(exc).__name__})"


# ---------------------------------------------------------------- bytes -> lines


def _unfold_lines(stream: bytes) -> list[bytes]:
    """Physical lines with folds undone (see ``contentlines.unfold``)."""
    return unfold(stream).split(b"\n")


def _parse_head(line: bytes) -> _Prop | None:
    """A property line split into group, name, params and value; None if it is not one."""
    return _read_line(line)[0]


def _read_line(line: bytes) -> tuple[_Prop | None, bool, bool]:
    """(the line as a property or None, whether its value is binary, whether it is quoted-
    printable). What comes before the first colon decides how a line is read, and the same
    few heads (``TEL;TYPE=CELL``) come back on every card: each is read once (``_read_head``)."""
    colon = line.find(b":")
    if colon <= 0:
        return _NOT_A_PROP
    # A long head (junk, a hostile line) is not worth keeping in the cache.
    known = (_read_head if colon < 256 else _read_head.__wrapped__)(line[:colon])
    if known is None:  # blanks, a BOM or a quoted param: rare, slower
        head = _parse_odd_head(line)
        return _NOT_A_PROP if head is None else (head, *_describe_head(head.name, head.params))
    if known is _NOT_A_PROP:
        return known
    group, name, params, binary, qp = known
    # tuple.__new__: a NamedTuple's own __new__ is a Python call, 100,000 times.
    return _new(_Prop, (group, name, params, line[colon + 1 :])), binary, qp


def _parse_odd_head(line: bytes) -> _Prop | None:
    m = _PROPERTY.match(line) or _PROPERTY_UNQUOTED.match(line)
    if m is None:
        return None
    token, params, value = m.groups()
    group, name = _split_name(token)
    if not name:
        return None
    return _Prop(group, name, params or b"", value)


@lru_cache(maxsize=4096)
def _split_name(token: bytes) -> tuple[str | None, str]:
    """``item1.X-ABLabel`` as ("item1", "X-ABLABEL"); ``.BEGIN`` has an empty group."""
    group, dot, name = token.rpartition(b".")
    return (group.decode("ascii").lower() if dot else None), name.decode("ascii").upper()


def _is_bare_name(line: bytes) -> bool:
    """A property written without its colon (``FN``, ``TEL;HOME``): a broken line to drop."""
    token = line.strip().split(b";", 1)[0]
    name = token.rsplit(b".", 1)[-1].decode("latin-1").upper()
    return name in _KNOWN_NAMES or (name.startswith("X-") and " " not in name)


def _is_qp(params: bytes) -> bool:
    return b"QUOTED-PRINTABLE" in params.upper()


def _is_base64(params: bytes) -> bool:
    upper = params.upper()
    if b"BASE64" not in upper and b"ENCODING=B" not in upper:
        return False
    return any(v.upper() in ("B", "BASE64") for v in _parse_params(params).get("ENCODING", ()))


def _is_boundary_line(line: bytes) -> bool:
    head = _parse_head(line)
    return head is not None and head.name in ("BEGIN", "END") and _is_vcard(head.value)


def _parse_props(lines: list[bytes]) -> list[_Prop]:
    """Unfolded lines as properties: 2.1 quoted-printable soft breaks joined, binary
    values (also 2.1 base64 lines that are not folded) and comment lines dropped, and
    a value that a writer broke over lines without folding joined back together."""
    props: list[_Prop] = []
    prop: _Prop | None = None  # the property being read
    parts: list[bytes] = []  # its value, in pieces while lines are joined to it
    binary = False  # inside a PHOTO/LOGO/SOUND/KEY value, whose 2.1 lines are not folded
    soft_break = False  # the quoted-printable value read so far ends with '='
    for line in lines:
        if soft_break:
            if not _is_boundary_line(line):
                parts[-1] = parts[-1][:-1]
                parts.append(line)
                soft_break = line.endswith(b"=")
                continue
            soft_break = False
        if binary and b":" not in line:
            continue  # base64 data, or the blank line that ends it
        head, is_binary, is_qp = _read_line(line)
        if head is None:
            if not line.strip():
                binary = False
            elif prop is not None and prop.name not in ("BEGIN", "END"):
                stripped = line.lstrip()
                # AOSP: '#' lines inside a card are comments; a lone ``FN`` is a broken line.
                if not stripped.startswith(b"#") and not _is_bare_name(line):
                    parts.append(b"\n" + line)  # a value broken across lines, unfolded
            continue
        if prop is not None:
            props.append(prop if len(parts) == 1 else prop._replace(value=b"".join(parts)))
        binary = is_binary
        if binary:
            prop = None
            continue
        prop, parts = head, [head.value]
        soft_break = is_qp and head.value.endswith(b"=")
    if prop is not None:
        props.append(prop if len(parts) == 1 else prop._replace(value=b"".join(parts)))
    return props


# What ``_read_line`` gives for a line that is not a property.
_NOT_A_PROP: tuple[None, bool, bool] = (None, False, False)


@lru_cache(maxsize=4096)
def _read_head(head: bytes) -> tuple | None:
    """For the bytes before a line's first colon: (group, name, params, binary, quoted-
    printable) of a plain ``group.NAME;PARAMS`` head, ``_NOT_A_PROP`` when the name is empty
    (``item1.``), None when the head needs the regex (blanks, a BOM, a quoted param)."""
    semi = head.find(b";")
    token = head[:semi] if semi >= 0 else head
    if _NAME.fullmatch(token) is None or (semi >= 0 and b'"' in head[semi:]):
        return None
    group, name = _split_name(token)
    if not name:
        return _NOT_A_PROP
    params = head[semi + 1 :] if semi >= 0 else b""
    return (group, name, params, *_describe_head(name, params))


def _describe_head(name: str, params: bytes) -> tuple[bool, bool]:
    """(binary, quoted-printable) for a property's name and params."""
    return name in _BINARY or _is_base64(params), _is_qp(params)


# ---------------------------------------------------------------- lines -> cards


def _is_vcard(value: bytes) -> bool:
    return value.strip().upper() == b"VCARD"


def _opens_agent(prop: _Prop) -> bool:
    """A 2.1 ``AGENT:BEGIN:VCARD`` whose nested card goes on over the next lines."""
    return prop.value.strip().upper() == b"BEGIN:VCARD"


# The properties that open, close or end a card in ``_split_cards``.
_STRUCTURE = frozenset({"BEGIN", "AGENT", "END", "VERSION"})


def _split_cards(props: list[_Prop]) -> list[_Card]:
    """Cards in file order. A BEGIN inside an open card opens a nested card (2.1 AGENT,
    AOSP v21_nest). But if the outer card is never closed (obsidian contacts.vcf), or
    a VERSION line follows a nested card, the outer card had lost its END: it ends
    where the "nested" cards begin, and they are cards of their own. Lines outside
    any card are junk unless an END closes them: then a BEGIN was lost."""
    cards: list[_Card] = []
    stack: list[_Card] = []
    orphan = _Card(start=0)
    for index, prop in enumerate(props):
        name = prop.name
        if name not in _STRUCTURE:  # most lines: one test instead of four
            (stack[-1].props if stack else orphan.props).append(prop)
            continue
        if (name == "BEGIN" and _is_vcard(prop.value)) or (
            name == "AGENT" and stack and _opens_agent(prop)
        ):
            stack.append(_Card(start=index))
        elif name == "END" and _is_vcard(prop.value):
            if stack:
                card = stack.pop()
                (stack[-1].children if stack else cards).append(card)
            elif orphan.props:
                cards.append(orphan)
            orphan = _Card(start=index + 1)
        elif stack and name == "VERSION" and stack[-1].children:
            _close_unended(stack.pop(), stack[-1].children if stack else cards)
            orphan = _Card(start=index, props=[prop])
        elif stack:
            stack[-1].props.append(prop)
        else:
            orphan.props.append(prop)
    # Cards still open at the end all lost their END: each, and what it seemed to nest, is a
    # card of its own. Flattened in one pass, since popping them one by one into their
    # parents copies every child again at each level (quadratic on a file of BEGINs).
    for card in stack:
        _close_unended(card, cards)
    return sorted(cards, key=lambda card: card.start)


def _close_unended(card: _Card, siblings: list[_Card]) -> None:
    """A card that lost its END, and the cards it seemed to nest, side by side."""
    siblings.append(card)
    siblings.extend(card.children)
    card.children = []


# ---------------------------------------------------------------- values


@lru_cache(maxsize=512)
def _parse_params(params: bytes) -> dict[str, tuple[str, ...]]:
    """``;TYPE=work,pref;CHARSET=UTF-8`` as {"TYPE": ("work", "pref"), ...}. 2.1 bare
    params (``;HOME;QUOTED-PRINTABLE``) are TYPE values, or ENCODING for encodings."""
    found: dict[str, list[str]] = {}
    for item in _split_quoted(params.decode("utf-8", "replace"), ";"):
        key, sep, raw = item.partition("=")
        key = key.strip().upper()
        if not key:
            continue
        if not sep:
            key, raw = ("ENCODING" if key in ("QUOTED-PRINTABLE", "BASE64") else "TYPE"), key
        values = [v.strip().strip('"') for v in _split_quoted(raw, ",")]
        found.setdefault(key, []).extend(v for v in values if v)
    return {key: tuple(values) for key, values in found.items()}


def _split_quoted(text: str, sep: str) -> list[str]:
    if '"' not in text:
        return text.split(sep)
    parts, buf, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == sep and not quoted:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(char)
    parts.append("".join(buf))
    return parts


@lru_cache(maxsize=64)
def _find_codec(charset: str) -> str | None:
    """Python's name for a CHARSET param, or None for unknown (``Murks``), non-text
    (``base64``) and wide codecs (UTF-16 cannot be a value inside an 8-bit file)."""
    for candidate in (charset, charset[2:] if charset.lower().startswith("x-") else None):
        if not candidate:
            continue
        try:
            name = codecs.lookup(candidate).name
            b"a".decode(name)
        except (LookupError, ValueError):
            continue
        return None if name.startswith(("utf-16", "utf-32")) else name
    return None


def _decode(raw: bytes, charset: str | None) -> str:
    """Value bytes as text: the declared CHARSET, then UTF-8, then cp1252."""
    if raw.isascii():
        return raw.decode("ascii")
    codec = _find_codec(charset) if charset else None
    if codec and not (codec in _LATIN_CODECS and _is_utf8(raw)):
        for name in (codec, _WIDER_CODEC.get(codec)):
            if name:
                try:
                    return raw.decode(name)
                except UnicodeDecodeError:
                    pass
    if _is_utf8(raw):
        return raw.decode("utf-8")
    # Damaged UTF-8 (a multi-byte character cut at a truncated soft break) stays UTF-8.
    if codec == "utf-8" or _UTF8_MULTIBYTE.search(raw):
        return raw.decode("utf-8", "replace")
    return raw.decode("cp1252", "replace")


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_text(prop: _Prop, transcoded: bool, card: list[_Prop]) -> str:
    """A property's value decoded to text (still vCard-escaped). A value with no CHARSET of
    its own that is not UTF-8 is read in the one another property of its ``card`` declares
    (see ``_find_card_charset``), looked for only then: few values need it."""
    raw = prop.value
    qp = bool(prop.params) and _is_qp_param(prop.params)
    if not qp and raw.isascii():
        return raw.decode("ascii")  # most values: no CHARSET can change them
    params = _parse_params(prop.params) if prop.params else {}
    if qp:
        # '==' only arises from a soft break whose next line was also folded.
        raw = binascii.a2b_qp(raw.replace(b"==", b"="))
    charset = None if transcoded else next(iter(params.get("CHARSET", ())), None)
    if charset is None and not raw.isascii() and not _is_utf8(raw):
        charset = _find_card_charset(card, transcoded)
    return _decode(raw, charset)


@lru_cache(maxsize=512)
def _is_qp_param(params: bytes) -> bool:
    """Whether params declare ENCODING=QUOTED-PRINTABLE, as ``_decode_text`` reads them."""
    return "QUOTED-PRINTABLE" in (v.upper() for v in _parse_params(params).get("ENCODING", ()))


def _find_card_charset(props: list[_Prop], transcoded: bool) -> str | None:
    """The first text CHARSET a property of the card declares, other than UTF-8.

    Outlook- and Nokia-era 2.1 exports declare ``CHARSET=Windows-1251`` (1253, 1250 …)
    on some properties only (an ORG or ADR line, say) while N and FN carry the same 8-bit
    text with no CHARSET: read as cp1252 they would be mojibake in the wrong alphabet."""
    if transcoded:
        return None
    for prop in props:
        if not prop.params or b"CHARSET" not in prop.params.upper():
            continue
        for charset in _parse_params(prop.params).get("CHARSET", ()):
            codec = _find_codec(charset)
            if codec and codec != "utf-8":
                return charset
    return None


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def _split_escaped(text: str, sep: str) -> list[str]:
    """Split on ``sep`` not preceded by an escaping backslash, then unescape each part."""
    if "\\" not in text:
        return text.split(sep)
    parts, buf, i = [], [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            buf.append(text[i : i + 2])
            i += 2
            continue
        if char == sep:
            parts.append(_unescape("".join(buf)))
            buf = []
        else:
            buf.append(char)
        i += 1
    parts.append(_unescape("".join(buf)))
    return parts


def _clean(text: str | None) -> str | None:
    """Whitespace runs (also line breaks) as one space; None when nothing is left."""
    if not text:
        return None
    return " ".join(text.split()) or None


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
    link_props: list[tuple[_Prop, str]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    free_links: list[str] = field(default_factory=list)


def _parse_card(props: list[_Prop], transcoded: bool) -> dict | str:
    """One card as a RECORDS row (without source/file/record), or the reason to skip it."""
    fields = _Fields()
    for prop in props:
        _take_prop(fields, prop, transcoded, props)
    first, last, from_parts = _split_name_parts(fields.name_parts)
    emails, phones = _dedupe(fields.emails), _dedupe(fields.phones)
    nicknames = _dedupe(fields.nicknames)
    linkedin = _find_linkedin(fields)
    # The fallback order of the display name; a nickname only when nothing else is there.
    names = (*fields.full_names, from_parts, fields.company, *emails, *phones, *nicknames)
    name = next((n for n in names if n), None)
    if not (name or linkedin):
        return _SKIP_NOTHING
    city, country, address, postcode = _pick_place(fields.addresses)
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
        "categories": _dedupe(fields.categories),
        "uid": fields.uid,
    }


def _take_prop(fields: _Fields, prop: _Prop, transcoded: bool, card: list[_Prop]) -> None:
    name = prop.name
    take = _PROP_TAKERS.get(name)
    if take is not None:
        take(fields, prop, _decode_text(prop, transcoded, card))
    elif name in _URL_LIKE or "LINKEDIN" in name:
        text = _decode_text(prop, transcoded, card)
        fields.link_props.append((prop, _unescape(text).strip()))
    elif name == "X-ABLABEL" and prop.group:
        text = _decode_text(prop, transcoded, card)
        fields.labels[prop.group] = _unescape(text).strip().lower()
    elif b"linkedin" in prop.value.lower():
        found = _PROFILE_URL.search(_unescape(_decode_text(prop, transcoded, card)))
        if found:
            fields.free_links.append(found.group(0).rstrip(".)"))  # end of a sentence


def _take_fn(fields: _Fields, prop: _Prop, text: str) -> None:
    full = _clean(_unescape(text))
    if full:
        fields.full_names.append(full)


def _take_n(fields: _Fields, prop: _Prop, text: str) -> None:
    if fields.name_parts is None:
        fields.name_parts = _split_escaped(text, ";")


def _take_list(target: str):
    def take(fields: _Fields, prop: _Prop, text: str) -> None:
        values = (_clean(v) for v in _split_escaped(text, ","))
        getattr(fields, target).extend(v for v in values if v)

    return take


def _take_email(fields: _Fields, prop: _Prop, text: str) -> None:
    email = _unescape(text).strip()
    if email.lower().startswith("mailto:"):
        email = email[7:].strip()
    if email:
        fields.emails.append(email)


def _take_tel(fields: _Fields, prop: _Prop, text: str) -> None:
    phone = _unescape(text).strip()
    # 4.0 writes numbers as URIs (``tel:+1-555-555-5555;ext=5555``); the scheme is not part of it.
    if phone.lower().startswith("tel:"):
        phone = phone[4:].strip()
    if phone:
        fields.phones.append(phone)


def _take_org(fields: _Fields, prop: _Prop, text: str) -> None:
    if fields.company is None:
        fields.company = _clean(_split_escaped(text, ";")[0])


def _take_title(fields: _Fields, prop: _Prop, text: str) -> None:
    if fields.position is None:
        fields.position = _clean(_unescape(text))


def _take_bday(fields: _Fields, prop: _Prop, text: str) -> None:
    if fields.birthday is None:
        omit_year = "X-APPLE-OMIT-YEAR" in _parse_params(prop.params)
        fields.birthday = _parse_birthday(_unescape(text).strip(), omit_year)


def _take_adr(fields: _Fields, prop: _Prop, text: str) -> None:
    params = _parse_params(prop.params) if prop.params else {}
    pref = "PREF" in params or any(v.lower() == "pref" for v in params.get("TYPE", ()))
    fields.addresses.append((pref, _split_escaped(text, ";")))


def _take_android_custom(fields: _Fields, prop: _Prop, text: str) -> None:
    # Android 2.1 exports carry the nickname as
    # ``X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Nick;1;;...`` (AOSP v21_im).
    parts = _split_escaped(text, ";")
    if len(parts) > 1 and parts[0].strip().lower() == "vnd.android.cursor.item/nickname":
        nickname = _clean(parts[1])
        if nickname:
            fields.nicknames.append(nickname)


def _take_uid(fields: _Fields, prop: _Prop, text: str) -> None:
    if fields.uid is None:
        fields.uid = _unescape(text).strip() or None


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


def _dedupe(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _split_name_parts(parts: list[str] | None) -> tuple[str | None, str | None, str | None]:
    """(first name, last name, display name) from N: family;given;additional;prefix;suffix."""
    if not parts:
        return None, None, None
    family, given, additional = ([_clean(p.replace(",", " ")) for p in parts[:3]] + [None] * 3)[:3]
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


def _pick_place(addresses: list[tuple[bool, list[str]]]) -> tuple[str | None, ...]:
    """City, country, street and postcode of the preferred address that has a city or a
    country, else of the first; street and postcode alone when no address has either."""
    ordered = [
        parts + [""] * (7 - len(parts)) for _, parts in sorted(addresses, key=lambda a: not a[0])
    ]
    for parts in ordered:
        city, country = _clean(parts[3]), _clean(parts[6])
        if city or country:
            return city, country, _clean(parts[2]), _clean(parts[5])
    for parts in ordered:
        if _clean(parts[2]) or _clean(parts[5]):
            return None, None, _clean(parts[2]), _clean(parts[5])
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


def _extract_linkedin(prop: _Prop, text: str, label: str) -> str | None:
    params = _parse_params(prop.params) if prop.params else {}
    kinds = (*params.get("TYPE", ()), *params.get("X-SERVICE-TYPE", ()), label, prop.name)
    typed = any("linkedin" in kind.lower() for kind in kinds)
    if _PROFILE_URL.search(text):
        return text  # as written; normalize makes the comparable key
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
