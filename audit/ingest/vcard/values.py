"""vCard values as text: CHARSET, quoted-printable and the vCard escapes.

A value is decoded by its own CHARSET, then as UTF-8, then in the CHARSET another
property of its card declares (Outlook- and Nokia-era files), then as cp1252; the
escapes (``\\n``, ``\\,``, ``\\;``) are undone when a field is split or taken whole.
"""

from __future__ import annotations

import binascii
import codecs
import re
from functools import lru_cache

from audit.ingest.vcard.lines import Prop, parse_params

# Western single-byte labels. Bytes that are valid UTF-8 under such a label are a
# mislabel in practice: accented Latin-1 text is almost never valid UTF-8.
_LATIN_CODECS = frozenset({"ascii", "latin-1", "iso8859-1", "iso8859-15", "cp1252"})

# Decoders to try when a declared codec fails: phones label cp932 text as Shift_JIS.
_WIDER_CODEC = {"shift_jis": "cp932"}

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")

_ESCAPES = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":"}
_ESCAPE = re.compile(r"\\(.)", re.S)


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


# ISO-2022's escape: it switches 7-bit bytes to another character set.
ESCAPE = b"\x1b"


def _is_plain_ascii(raw: bytes) -> bool:
    """Bytes that read the same in every charset a vCard declares: 7-bit, and without the
    escape sequences of ISO-2022-JP (Japanese phones' 2.1 exports), whose 7-bit bytes
    stand for other characters."""
    return raw.isascii() and ESCAPE not in raw


def _is_escaped_ascii(raw: bytes) -> bool:
    """7-bit bytes with ISO-2022's escape: only an ISO-2022 charset reads them otherwise
    than ASCII (an ESC in UTF-8 text, a terminal's colour code, is just a character)."""
    return raw.isascii() and ESCAPE in raw


def _decode(raw: bytes, charset: str | None) -> str:
    """Value bytes as text: the declared CHARSET, then UTF-8, then cp1252."""
    if raw.isascii():
        codec = _find_codec(charset) if charset and ESCAPE in raw else None
        if codec and codec.startswith("iso2022"):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:  # a cut sequence: the bytes as they are
                pass
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


def decode_text(prop: Prop, transcoded: bool, card: list[Prop]) -> str:
    """A property's value decoded to text (still vCard-escaped). A value with no CHARSET of
    its own that is not UTF-8 is read in the one another property of its ``card`` declares
    (see ``_find_card_charset``), looked for only then: few values need it."""
    raw = prop.value
    qp = bool(prop.params) and _is_qp_param(prop.params)
    if not qp and _is_plain_ascii(raw):
        return raw.decode("ascii")  # most values: no CHARSET can change them
    params = parse_params(prop.params) if prop.params else {}
    if qp:
        # '==' only arises from a soft break whose next line was also folded.
        raw = binascii.a2b_qp(raw.replace(b"==", b"="))
    charset = None if transcoded else next(iter(params.get("CHARSET", ())), None)
    # Escape sequences, or 8-bit bytes that are not UTF-8: the card's charset says what they are.
    if charset is None and (_is_escaped_ascii(raw) or (not raw.isascii() and not _is_utf8(raw))):
        charset = _find_card_charset(card, transcoded)
    return _decode(raw, charset)


@lru_cache(maxsize=512)
def _is_qp_param(params: bytes) -> bool:
    """Whether params declare ENCODING=QUOTED-PRINTABLE, as ``decode_text`` reads them."""
    return "QUOTED-PRINTABLE" in (v.upper() for v in parse_params(params).get("ENCODING", ()))


def _find_card_charset(props: list[Prop], transcoded: bool) -> str | None:
    """The first text CHARSET a property of the card declares, other than UTF-8.

    Outlook- and Nokia-era 2.1 exports declare ``CHARSET=Windows-1251`` (1253, 1250 …)
    on some properties only (an ORG or ADR line, say) while N and FN carry the same 8-bit
    text with no CHARSET: read as cp1252 they would be mojibake in the wrong alphabet."""
    if transcoded:
        return None
    for prop in props:
        if not prop.params or b"CHARSET" not in prop.params.upper():
            continue
        for charset in parse_params(prop.params).get("CHARSET", ()):
            codec = _find_codec(charset)
            if codec and codec != "utf-8":
                return charset
    return None


def unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def split_escaped(text: str, sep: str) -> list[str]:
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
            parts.append(unescape("".join(buf)))
            buf = []
        else:
            buf.append(char)
        i += 1
    parts.append(unescape("".join(buf)))
    return parts


def clean(text: str | None) -> str | None:
    """Whitespace runs (also line breaks) as one space; None when nothing is left."""
    if not text:
        return None
    return " ".join(text.split()) or None
