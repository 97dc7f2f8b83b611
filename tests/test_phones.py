"""normalize.phones: plain numbers read from phonenumbers' metadata give what phonenumbers
itself gives; phonenumbers is the oracle, on hand-picked numbers (expected keys reckoned
by hand in the comments) and on random numbers of every region."""

from __future__ import annotations

import random

import phonenumbers
import pytest

from audit.normalize.contacts import _format_with_phonenumbers, normalize_phone
from audit.normalize.phones import UNREAD, normalize_plain_phone


@pytest.mark.parametrize(
    "text, region, key",
    [
        # Italy keeps its leading zero after +39 (no national prefix): +39 0669821234.
        ("+39 06 6982 1234", None, "+390669821234"),
        ("06 6982 1234", "IT", "+390669821234"),
        # The UK trunk "0" in brackets after +44 goes: 02079460958 is no UK number,
        # 2079460958 (ten digits) is.
        ("+44 (0)20 7946 0958", None, "+442079460958"),
        ("020 7946 0958", "GB", "+442079460958"),
        # 011 is the US international prefix, 00 the German one.
        ("011 44 20 7946 0958", "US", "+442079460958"),
        ("0044 20 7946 0958", "DE", "+442079460958"),
        # German trunk 0 off: 30 123456 is eight digits, a possible length.
        ("030 123456", "DE", "+4930123456"),
        # Russia's trunk 8 written after +7: 495 123-45-67 is ten digits.
        ("+7 8 (495) 123-45-67", None, "+74951234567"),
        # Argentina: trunk 0, area 11, mobile 15 -> "9" + area + number (its transform rule).
        ("011 15 2345-6789", "AR", "+5491123456789"),
        # NANP in the US region: ten digits after +1 is all phonenumbers asks.
        ("(415) 555-0100", "US", "+14155550100"),
        ("1-415-555-0100", "US", "+14155550100"),
        # +1 then 055...: ten digits, possible to phonenumbers (our rule drops it later).
        ("+1 055 123 4567", None, "+10551234567"),
        # +44 20: two national digits, shorter than any UK number.
        ("+44 20", None, None),
        # Eighteen national digits: longer than any national number (17 at most).
        ("+44 20 7946 0958 1234 5678", None, None),
        # 999, 99 and 9 are no country codes; 0 starts none.
        ("+999 123 456", None, None),
        ("+0 123 456", None, None),
        # No "+" and no region: nothing to read it in.
        ("020 7946 0958", None, None),
    ],
)
def test_plain_numbers_read_as_by_hand(text, region, key):
    assert normalize_plain_phone(text, region) == key
    assert _format_with_phonenumbers(text, region) == key


@pytest.mark.parametrize(
    "text, region",
    [
        ("+44 20 7946 0958 ext. 123", None),  # an extension
        ("1-800-FLOWERS", "US"),  # vanity letters
        ("tel:+1-415-555-0100", None),  # RFC 3966
        ("+44 20 7946 0958 / x12", None),  # a second number
        ("+44 20 7946 0958 #12", None),
        ("\uff0b44 20 7946 0958", None),  # a full-width plus
        ("\u0660\u0662\u0660 7946 0958", "GB"),  # Arabic-Indic digits
        ("(+0) 20 7946 0958", "GB"),  # no country code after the plus: read again in GB
        ("12", "US"),  # two digits
    ],
)
def test_other_numbers_go_to_phonenumbers(text, region):
    assert normalize_plain_phone(text, region) is UNREAD


@pytest.mark.parametrize(
    "raw, region, key",
    [
        # +1 and a ten-digit number starting 0 or 1 is no North American number: the
        # digits 0612345678 start with the French trunk 0 (ten digits), kept as written.
        ("06 12 34 56 78", "US", "0612345678"),
        ("+1 055 123 4567", "US", None),
        ("+1 155 123 4567", "US", None),
        ("415-555-0100 ext. 12", "US", "+14155550100"),
        ("1-800-FLOWERS", "US", "+18003569377"),  # F=3 L=5 O=6 W=9 E=3 R=7 S=7
    ],
)
def test_whole_rule_around_the_fast_path(raw, region, key):
    normalize_phone.cache_clear()
    assert normalize_phone(raw, region) == key


def _random_numbers(rng: random.Random, count: int) -> list[tuple[str, str | None]]:
    """(text, region) pairs: every region's example numbers in international, national
    and E.164 form, some with digits dropped, added or changed, prefixes ("+", "00",
    "011", a trunk "0") and punctuation; random digit strings; read in the number's own
    region, another one or none."""
    regions = sorted(phonenumbers.SUPPORTED_REGIONS)
    examples = [
        (region, number)
        for region in regions
        for kind in (
            phonenumbers.PhoneNumberType.FIXED_LINE,
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.TOLL_FREE,
            phonenumbers.PhoneNumberType.PREMIUM_RATE,
            phonenumbers.PhoneNumberType.VOIP,
            phonenumbers.PhoneNumberType.UAN,
        )
        if (number := phonenumbers.example_number_for_type(region, kind))
    ]
    examples += [
        (None, phonenumbers.example_number_for_non_geo_entity(code))
        for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS)
    ]
    formats = (
        phonenumbers.PhoneNumberFormat.INTERNATIONAL,
        phonenumbers.PhoneNumberFormat.NATIONAL,
        phonenumbers.PhoneNumberFormat.E164,
    )

    def mutate(digits: str) -> str:
        chars = list(digits)
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            at = rng.randrange(len(chars) + 1)
            step = rng.random()
            if step < 0.4 and chars:
                del chars[min(at, len(chars) - 1)]
            elif step < 0.7:
                chars.insert(at, rng.choice("0123456789"))
            elif chars:
                chars[min(at, len(chars) - 1)] = rng.choice("0123456789")
        return "".join(chars)

    def punctuate(digits: str) -> str:
        return "".join(
            (rng.choice((" ", "-", ".", "(", ")", "  ")) if rng.random() < 0.25 else "") + c
            for c in digits
        )

    pairs = []
    for _ in range(count):
        region, number = rng.choice(examples)
        text = phonenumbers.format_number(number, rng.choice(formats))
        if rng.random() < 0.3:
            digits = mutate("".join(c for c in text if c.isdigit()))
            text = rng.choice(("+", "", "00", "011", "0", "1", "+0", " (+")) + punctuate(digits)
        elif rng.random() < 0.3:
            text = mutate(text)
        where = rng.choice((None, region, rng.choice(regions), "US", "GB", "IT", "AR", "MX"))
        pairs.append((text, where))
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 20)))
        prefix = rng.choice(("+", "", "(", "00", "+ ", "+("))
        pairs.append((prefix + punctuate(digits), rng.choice((None, *regions))))
    return pairs


def test_plain_numbers_read_as_phonenumbers_reads_them():
    pairs = _random_numbers(random.Random(20261201), 6000)
    read = [(text, region, normalize_plain_phone(text, region)) for text, region in pairs]
    differ = [
        (text, region, key, _format_with_phonenumbers(text, region))
        for text, region, key in read
        if key is not UNREAD and key != _format_with_phonenumbers(text, region)
    ]
    assert differ == []
    # The check is not empty: most of these plain numbers are read here, and thousands
    # of them to a key (measured with this seed: about 90% read, 4,700 keys).
    keys = [key for _, _, key in read if key is not UNREAD]
    assert len(keys) > 0.8 * len(pairs)
    assert sum(key is not None for key in keys) > 3000


def test_metadata_with_no_length_reads_no_number():
    # phonenumbers' _test_number_length starts: possible_lengths[0] == -1 -> INVALID_LENGTH.
    # No region's general description has that today; a release that did must not crash.
    from audit.normalize.phones import _Plan, _test_length

    for lengths in ((), (-1,)):
        plan = _Plan(44, None, None, None, None, lengths, ())
        assert _test_length("2079460958", plan) == phonenumbers.ValidationResult.INVALID_LENGTH
