"""Bytes to content lines, as vCard (RFC 6350) and iCalendar (RFC 5545) files share them.

Both formats fold long lines with a line end and one space or tab, and real files
come in UTF-8 with or without a BOM, in UTF-16, and with CR LF, bare LF, bare CR or
iPhone's CR CR LF. Unfolding is done on bytes, before any decoding, because a fold
may split a multi-byte UTF-8 character.
"""

from __future__ import annotations

_UTF8_BOM = b"\xef\xbb\xbf"


def prepare_bytes(data: bytes) -> tuple[bytes, bool]:
    """The file as an ASCII-compatible byte stream, and whether it was transcoded from
    UTF-16 (then every value is UTF-8 and CHARSET params no longer apply)."""
    if data.startswith(_UTF8_BOM):
        return data[3:], False
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace").encode("utf-8"), True
    wide = _sniff_utf16(data[:512])
    if wide:
        return data.decode(wide, "replace").encode("utf-8"), True
    return data, False


def _sniff_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII keywords leave a zero byte in every other position."""
    if b"\x00" not in head or len(head) < 16:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


def unfold(stream: bytes) -> bytes:
    """The stream with LF line ends and every fold undone, at the byte level so that a
    fold inside a multi-byte character (kcontacts vcard9) heals before anything is decoded."""
    # iPhone writes CR CR LF, old Macs bare CR (l0b0 line_ending_mac), some files mix them.
    text = stream.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return text.replace(b"\n ", b"").replace(b"\n\t", b"")
