"""Time the merged address book (``--vcf``) of a 30,000-person audit (target: under 2 s).

The people are real pipeline output: the sample generator's "cap" export of
benchmarks/bench_audit.py (30,000 connections, 300,000 messages, 10,000 cards; cached
under benchmarks/.cache) is audited once in-process, and the frames the pipeline hands
to ``build_address_book`` are kept. Then, several times each, it times building the
book's rows, rendering the .vcf text and writing it atomically, and prints the min and
median. ``--vobject N`` also times vobject's component objects (``vobject.vCard()``, one
``add`` per value, ``serialize``) on the first N cards with the same values, scaled to
the whole book: the reason addressbook.py writes the lines with vobject's serializer
functions instead.

    .venv/bin/python benchmarks/bench_addressbook.py [--size cap] [--runs 5] [--vobject 3000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit import addressbook, pipeline  # noqa: E402
from audit.settings import Settings  # noqa: E402
from benchmarks.bench_audit import END, SIZES, build_inputs  # noqa: E402

TARGET_SECONDS = 2.0


def capture_book_inputs(size: str, vcf: Path) -> tuple:
    """(classified, records) as the pipeline passes them to build_address_book."""
    captured = []

    def keep(classified, records):
        captured.append((classified, records))
        return addressbook.build_address_book(classified, records)

    pipeline.build_address_book = keep
    try:
        pipeline.run_audit(build_inputs(size), Settings(as_of=END, vcf=vcf))
    finally:
        pipeline.build_address_book = addressbook.build_address_book
    return captured[0]


def time_runs(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def serialize_with_vobject_objects(rows: list[dict]) -> str:
    """The same cards through vobject's component objects, as its documentation builds them."""
    import vobject

    texts = []
    for card in rows:
        v = vobject.vCard()
        v.add("version").value = "4.0"
        for name in card["names"] or ["?"]:
            v.add("fn").value = name
        if card["family_name"] or card["given_name"]:
            v.add("n").value = vobject.vcard.Name(
                family=card["family_name"] or "", given=card["given_name"] or ""
            )
        for email in card["emails"]:
            v.add("email").value = email
        for phone in card["phones"]:
            tel = v.add("tel")
            tel.value = "tel:" + phone
            tel.params["VALUE"] = ["uri"]
        for url in card["urls"]:
            v.add("url").value = url
        for company in card["companies"]:
            v.add("org").value = [company]
        for position in card["positions"]:
            v.add("title").value = position
        v.add("categories").value = [*card["categories"], "reachable:" + card["tier"]]
        texts.append(v.serialize())
    return "".join(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="cap", choices=sorted(SIZES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--vobject", type=int, default=0, metavar="N")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "book.vcf"
        classified, records = capture_book_inputs(args.size, target)
        book = addressbook.build_address_book(classified, records)
        text = addressbook.render_address_book(book)
        build = time_runs(lambda: addressbook.build_address_book(classified, records), args.runs)
        render = time_runs(lambda: addressbook.render_address_book(book), args.runs)
        write = time_runs(lambda: addressbook.write_address_book(target, text), args.runs)
        whole = time_runs(
            lambda: addressbook.write_address_book(
                target,
                addressbook.render_address_book(
                    addressbook.build_address_book(classified, records)
                ),
            ),
            args.runs,
        )
        size_mb = target.stat().st_size / 1e6
    print(
        f"{book.height:,} cards ({len(records):,} records, {classified.height:,} people), "
        f"{size_mb:.1f} MB; {args.runs} runs, seconds (min / median):"
    )
    for label, times in (("build", build), ("render", render), ("write", write)):
        print(f"  {label:<7} {min(times):6.3f} / {statistics.median(times):6.3f}")
    verdict = "under" if statistics.median(whole) < TARGET_SECONDS else "OVER"
    print(
        f"  whole   {min(whole):6.3f} / {statistics.median(whole):6.3f}"
        f"   ({verdict} the {TARGET_SECONDS:.0f} s target)"
    )
    if args.vobject:
        sample = book.head(args.vobject).to_dicts()
        start = time.perf_counter()
        serialize_with_vobject_objects(sample)
        spent = time.perf_counter() - start
        print(
            f"vobject component objects: {spent:.3f} s for {len(sample):,} cards, "
            f"{spent * book.height / len(sample):.1f} s scaled to {book.height:,}"
        )


if __name__ == "__main__":
    main()
