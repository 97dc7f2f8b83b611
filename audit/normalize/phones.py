"""The E.164 form of a phone number written plainly (ASCII digits, spaces, dashes, dots,
brackets, one "+" at the front), worked out from phonenumbers' own metadata the way its
``parse``, ``is_possible_number`` and ``format_number`` work it out, step for step, without
their generic machinery: its per-character Unicode digit loop and its extension, RFC 3966
and vanity-letter patterns cost about 35 µs a number, 0.35 s for the 11,000 numbers of a
big address book, where this costs a few µs. Anything else written in a number (letters,
"ext", "#", ";", "/", non-ASCII digits) and the rare corners it does not follow are left
to phonenumbers (``UNREAD``). tests/test_phones.py holds it to phonenumbers on random
numbers of every region and on hand-picked ones."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from phonenumbers import (
    COUNTRY_CODE_TO_REGION_CODE,
    SUPPORTED_REGIONS,
    PhoneMetadata,
    ValidationResult,
    region_code_for_country_code,
)

UNREAD = object()  # not a plain number: ask phonenumbers

# A plain number: punctuation, at most one "+" before the first digit, then digits and
# punctuation. None of phonenumbers' extension patterns can match such a string (each
# needs a letter, "#", ";" or ","), nor its RFC 3966 parameters.
_PLAIN = re.compile(r"[ ().\-]*\+?[0-9 ().\-]*")
_NOT_DIGITS = str.maketrans("", "", " ().-+")

_MAX_INPUT = 250  # phonenumbers' longest input, and its national significant number's
_MAX_NATIONAL = 17
_LONGEST_CODE = 3
_COUNTRY_CODES = {str(code): code for code in COUNTRY_CODE_TO_REGION_CODE}

# Lengths after which phonenumbers keeps a number's national prefix on: the stripped
# number would not be a possible one.
_KEEP_PREFIX = (
    ValidationResult.TOO_SHORT,
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
    ValidationResult.INVALID_LENGTH,
)


class _Plan(NamedTuple):
    """What phonenumbers reads of one region's metadata, compiled once."""

    country_code: int
    idd: re.Pattern | None  # international prefix ("00", "011")
    national_prefix: re.Pattern | None  # national prefix for parsing ("0")
    transform: str | None  # what replaces the prefix, where it carries digits
    pattern: re.Pattern | None  # every national number of the region
    lengths: tuple[int, ...]
    local_lengths: tuple[int, ...]


def normalize_plain_phone(text: str, region: str | None) -> str | None | object:
    """``text`` read in ``region`` (None: it must start with "+") as E.164 when phonenumbers
    finds it a possible number, None when it does not, ``UNREAD`` when ``text`` is not a
    plain number or takes a path this does not follow."""
    if len(text) > _MAX_INPUT or not _PLAIN.fullmatch(text):
        return UNREAD
    digits = text.translate(_NOT_DIGITS)
    if len(digits) < 3 or (region is not None and region not in SUPPORTED_REGIONS):
        return UNREAD
    if "+" in text:
        code, rest = _split_country_code(digits)
        if not code:  # phonenumbers then reads it again as a national number of region
            return None if region is None else UNREAD
        return _finish(code, rest, _plan_for_code(code))
    if region is None:
        return None
    home = _plan_for_region(region)
    idd = home.idd.match(digits) if home.idd else None
    if idd and digits[idd.end() : idd.end() + 1] != "0":  # no country code starts with 0
        after = digits[idd.end() :]
        code, rest = _split_country_code(after) if len(after) > 2 else (0, "")
        return _finish(code, rest, _plan_for_code(code)) if code else None
    prefix = str(home.country_code)
    if digits.startswith(prefix):
        # A national number that starts with the region's own country code: phonenumbers
        # takes the code off when only that makes it a national number, or it is too long.
        shorter = _strip_national_prefix(digits[len(prefix) :], home)
        if (not _matches(digits, home) and _matches(shorter, home)) or _test_length(
            digits, home
        ) == ValidationResult.TOO_LONG:
            return _finish(home.country_code, shorter, _plan_for_code(home.country_code))
    return _finish(home.country_code, digits, home)


def _finish(code: int, national: str, plan: _Plan) -> str | None:
    """The end of phonenumbers' ``parse`` (the national prefix off when what is left is a
    possible length), then ``is_possible_number`` by the country code's main region and
    ``format_number`` in E.164 (leading zeros kept, as its "Italian leading zero")."""
    if len(national) < 2:
        return None
    shorter = _strip_national_prefix(national, plan)
    if _test_length(shorter, plan) not in _KEEP_PREFIX:
        national = shorter
    if not 2 <= len(national) <= _MAX_NATIONAL:
        return None
    if _test_length(national, _plan_for_code(code)) != ValidationResult.IS_POSSIBLE:
        return None
    return f"+{code}{national}"


def _split_country_code(digits: str) -> tuple[int, str]:
    """(country code, the rest) of digits after "+" or an international prefix; (0, digits)
    when none of their first three digits is one (none starts with 0)."""
    if digits[:1] != "0":
        for size in range(1, _LONGEST_CODE + 1):
            code = _COUNTRY_CODES.get(digits[:size])
            if code:
                return code, digits[size:]
    return 0, digits


def _strip_national_prefix(number: str, plan: _Plan) -> str:
    """``number`` without its national prefix (or with it transformed), unless that turns a
    national number of the region into something that is not one."""
    if not number or plan.national_prefix is None:
        return number
    found = plan.national_prefix.match(number)
    if not found:
        return number
    viable = _matches(number, plan)
    groups = found.groups()
    if not plan.transform or groups[len(groups) - 1] is None:
        stripped = number[found.end() :]
    else:
        stripped = plan.national_prefix.sub(plan.transform, number, count=1)
    return number if viable and not _matches(stripped, plan) else stripped


def _matches(number: str, plan: _Plan) -> bool:
    return plan.pattern is not None and plan.pattern.fullmatch(number) is not None


def _test_length(number: str, plan: _Plan) -> ValidationResult:
    """phonenumbers' length test of a national number, for any type of number."""
    size = len(number)
    if not plan.lengths or plan.lengths[0] == -1:
        # phonenumbers' own first test: metadata that gives no length reads no number
        # (no region's general description does so today; a future release might)
        return ValidationResult.INVALID_LENGTH
    if size in plan.local_lengths:
        return ValidationResult.IS_POSSIBLE_LOCAL_ONLY
    if size == plan.lengths[0]:
        return ValidationResult.IS_POSSIBLE
    if size < plan.lengths[0]:
        return ValidationResult.TOO_SHORT
    if size > plan.lengths[-1]:
        return ValidationResult.TOO_LONG
    if size in plan.lengths[1:]:
        return ValidationResult.IS_POSSIBLE
    return ValidationResult.INVALID_LENGTH


@cache
def _plan_for_code(code: int) -> _Plan:
    """The plan of the main region of a country code ("US" for 1, "001" for 800)."""
    region = region_code_for_country_code(code)
    return _build_plan(PhoneMetadata.metadata_for_region_or_calling_code(code, region))


@cache
def _plan_for_region(region: str) -> _Plan:
    return _build_plan(PhoneMetadata.metadata_for_region(region, None))


def _build_plan(metadata) -> _Plan:
    general = metadata.general_desc
    pattern = general.national_number_pattern

    def compiled(text: str | None) -> re.Pattern | None:
        return re.compile(text) if text else None

    return _Plan(
        country_code=metadata.country_code,
        idd=compiled(metadata.international_prefix),
        national_prefix=compiled(metadata.national_prefix_for_parsing),
        transform=metadata.national_prefix_transform_rule,
        pattern=compiled(pattern),
        lengths=tuple(general.possible_length),
        local_lengths=tuple(general.possible_length_local_only or ()),
    )
