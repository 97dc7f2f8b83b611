"""vCard bytes to properties to cards: the tolerant line-level parser.

Lines are unfolded at the byte level, each line's head (group, name, params) is read
(the few distinct heads once each), 2.1 quoted-printable soft breaks are joined, binary
values (PHOTO, LOGO, SOUND, KEY, base64) are dropped unread, values a writer broke over
lines are joined back, and the properties are split into cards whatever BEGIN or END a
writer lost (``split_cards``). Nothing is decoded here: values stay bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from audit.ingest.contentlines import unfold

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
BOUNDARY_LINE = re.compile(
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


class Prop(NamedTuple):
    group: str | None  # lower-case group (``item1``), or None
    name: str  # upper-case property name
    params: bytes
    value: bytes


_new = tuple.__new__


@dataclass
class Card:
    start: int  # index of its first line, to keep file order
    props: list[Prop] = field(default_factory=list)
    children: list[Card] = field(default_factory=list)


# ---------------------------------------------------------------- bytes -> lines


def unfold_lines(stream: bytes) -> list[bytes]:
    """Physical lines with folds undone (see ``contentlines.unfold``)."""
    return unfold(stream).split(b"\n")


def _parse_head(line: bytes) -> Prop | None:
    """A property line split into group, name, params and value; None if it is not one."""
    return _read_line(line)[0]


def _read_line(line: bytes) -> tuple[Prop | None, bool, bool]:
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
    return _new(Prop, (group, name, params, line[colon + 1 :])), binary, qp


def _parse_odd_head(line: bytes) -> Prop | None:
    m = _PROPERTY.match(line) or _PROPERTY_UNQUOTED.match(line)
    if m is None:
        return None
    token, params, value = m.groups()
    group, name = _split_name(token)
    if not name:
        return None
    return Prop(group, name, params or b"", value)


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
    return any(v.upper() in ("B", "BASE64") for v in parse_params(params).get("ENCODING", ()))


def _is_boundary_line(line: bytes) -> bool:
    head = _parse_head(line)
    return head is not None and head.name in ("BEGIN", "END") and _is_vcard(head.value)


def parse_props(lines: list[bytes]) -> list[Prop]:
    """Unfolded lines as properties: 2.1 quoted-printable soft breaks joined, binary
    values (also 2.1 base64 lines that are not folded) and comment lines dropped, and
    a value that a writer broke over lines without folding joined back together."""
    props: list[Prop] = []
    prop: Prop | None = None  # the property being read
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


def _opens_agent(prop: Prop) -> bool:
    """A 2.1 ``AGENT:BEGIN:VCARD`` whose nested card goes on over the next lines."""
    return prop.value.strip().upper() == b"BEGIN:VCARD"


# The properties that open, close or end a card in ``split_cards``.
_STRUCTURE = frozenset({"BEGIN", "AGENT", "END", "VERSION"})


def split_cards(props: list[Prop]) -> list[Card]:
    """Cards in file order. A BEGIN inside an open card opens a nested card (2.1 AGENT,
    AOSP v21_nest). But if the outer card is never closed (obsidian contacts.vcf), or
    a VERSION line follows a nested card, the outer card had lost its END: it ends
    where the "nested" cards begin, and they are cards of their own. Lines outside
    any card are junk unless an END closes them: then a BEGIN was lost."""
    cards: list[Card] = []
    stack: list[Card] = []
    orphan = Card(start=0)
    for index, prop in enumerate(props):
        name = prop.name
        if name not in _STRUCTURE:  # most lines: one test instead of four
            (stack[-1].props if stack else orphan.props).append(prop)
            continue
        if (name == "BEGIN" and _is_vcard(prop.value)) or (
            name == "AGENT" and stack and _opens_agent(prop)
        ):
            stack.append(Card(start=index))
        elif name == "END" and _is_vcard(prop.value):
            if stack:
                card = stack.pop()
                (stack[-1].children if stack else cards).append(card)
            elif orphan.props:
                cards.append(orphan)
            orphan = Card(start=index + 1)
        elif stack and name == "VERSION" and stack[-1].children:
            _close_unended(stack.pop(), stack[-1].children if stack else cards)
            orphan = Card(start=index, props=[prop])
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


def _close_unended(card: Card, siblings: list[Card]) -> None:
    """A card that lost its END, and the cards it seemed to nest, side by side."""
    siblings.append(card)
    siblings.extend(card.children)
    card.children = []


# ---------------------------------------------------------------- params


@lru_cache(maxsize=512)
def parse_params(params: bytes) -> dict[str, tuple[str, ...]]:
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
