"""Why plain phone numbers are read from phonenumbers' metadata by our own code: the two
side by side on the same numbers.

Builds, deterministically, numbers as address books write them: each region's example
numbers in international, national and E.164 form with random spaces, dashes, dots and
brackets, read in their own region. Times ``normalize_plain_phone`` (audit/normalize/
phones.py) and phonenumbers' parse + is_possible + format (``_format_with_phonenumbers``)
over all of them, checks that every number the fast path reads gets phonenumbers' answer,
and prints microseconds a number for each.

    .venv/bin/python benchmarks/bench_phones.py [--numbers 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import phonenumbers

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit.normalize.contacts import _format_with_phonenumbers  # noqa: E402
from audit.normalize.phones import UNREAD, normalize_plain_phone  # noqa: E402

FORMATS = (
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.NATIONAL,
    phonenumbers.PhoneNumberFormat.E164,
)


def build_numbers(count: int, seed: int = 14) -> list[tuple[str, str]]:
    """(text, region) pairs: example numbers of every region, punctuated at random."""
    rng = random.Random(seed)
    examples = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        number = phonenumbers.example_number(region)
        if number is not None:
            examples.append((region, number))
    numbers = []
    while len(numbers) < count:
        region, number = rng.choice(examples)
        text = phonenumbers.format_number(number, rng.choice(FORMATS))
        text = "".join(rng.choice(("", " ", "-", ".")) + c if c.isdigit() else c for c in text)
        numbers.append((text.strip(" -."), region))
    return numbers


def time_once(fn, numbers) -> float:
    start = time.perf_counter()
    for text, region in numbers:
        fn(text, region)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    numbers = build_numbers(args.numbers)
    read = differ = 0
    for text, region in numbers:
        key = normalize_plain_phone(text, region)
        if key is not UNREAD:
            read += 1
            differ += key != _format_with_phonenumbers(text, region)
    print(
        f"{len(numbers)} numbers; the fast path reads {read}, differs from phonenumbers on {differ}"
    )
    for name, fn in (
        ("fast path", normalize_plain_phone),
        ("phonenumbers", _format_with_phonenumbers),
    ):
        runs = [time_once(fn, numbers) for _ in range(args.runs)]
        per = statistics.median(runs) / len(numbers) * 1e6
        print(f"{name:<13} median {statistics.median(runs):.3f} s  ({per:.1f} µs a number)")
    if differ:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
