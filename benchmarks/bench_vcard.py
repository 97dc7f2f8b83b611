"""Time ``read_vcards`` on a generated 10,000-card address book (target: under 2 s).

The book is built in memory, deterministically, as real exporters write it: iCloud
3.0 cards (item groups, X-SOCIALPROFILE, 75-byte folds), Google 3.0 cards
(``itemN.URL`` + ``X-ABLabel``), Outlook 2.1 cards in Windows-1252 with
quoted-printable soft breaks, Android 2.1 cards in UTF-8 QP, and Nextcloud 4.0
cards (``tel:`` URIs, Cyrillic and CJK names); one card in ten carries a PHOTO
(folded 3.0 base64, or unfolded 2.1 base64 ended by a blank line). Prints the
min and median of several runs. ``--vobject`` also times vobject on the 3.0/4.0
cards alone (it cannot read the 2.1 ones), to show why ingest does not use it.

    .venv/bin/python benchmarks/bench_vcard.py [--cards 10000] [--runs 5] [--vobject]
"""

from __future__ import annotations

import argparse
import base64
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit.ingest.vcard import read_vcards  # noqa: E402

GIVEN = ["Ada", "Renée", "José", "Zoë", "Björn", "Mary-Kate", "Søren", "Ines", "Chloé", "Omar"]
FAMILY = ["Lovelace", "Müller", "García", "O'Neil", "Åström", "Nguyen", "Dupont", "Kowalski"]
CYRILLIC = [("Иван", "Петров"), ("Ольга", "Смирнова"), ("Дмитрий", "Волков")]
CJK = [("太郎", "山田"), ("伟", "李"), ("유림", "최")]
CITIES = [("Köln", "Deutschland"), ("Paris", "France"), ("Zürich", "Schweiz"), ("Austin", "USA")]
COMPANIES = ["Acme Corp", "Société Générale", "Müller & Söhne GmbH", "Initech"]
TITLES = ["Engineer", "Directrice générale", "Head of Sales", "Geschäftsführer"]


def build_address_book(cards: int, seed: int = 7) -> tuple[bytes, bytes]:
    """(the whole book, only its 3.0/4.0 UTF-8 cards) as bytes."""
    rng = random.Random(seed)
    photo = base64.b64encode(rng.randbytes(12_000)).decode("ascii")
    builders = [build_icloud_card] * 6 + [build_google_card] * 5 + [build_outlook_card] * 4
    builders += [build_android_card] * 2 + [build_nextcloud_card] * 3
    whole, modern = [], []
    for number in range(cards):
        builder = rng.choice(builders)
        card = builder(rng, number, photo if number % 10 == 0 else None)
        whole.append(card)
        if builder in (build_icloud_card, build_google_card, build_nextcloud_card):
            modern.append(card)
    return b"".join(whole), b"".join(modern)


def fold_line(line: str) -> str:
    """A content line folded at 75 octets (by characters here: close enough for timing)."""
    chunks = [line[i : i + 74] for i in range(0, len(line), 74)]
    return "\r\n ".join(chunks) + "\r\n"


def build_icloud_card(rng: random.Random, number: int, photo: str | None) -> bytes:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    slug = f"{given}-{family}-{number}".lower().encode("ascii", "ignore").decode()
    city, country = rng.choice(CITIES)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Apple Inc.//macOS 14.4//EN",
        f"N:{family};{given};;;",
        f"FN:{given} {family}",
        f"ORG:{rng.choice(COMPANIES)};",
        f"TITLE:{rng.choice(TITLES)}",
        f"item1.EMAIL;type=INTERNET;type=HOME;type=pref:{slug}@example.com",
        f"TEL;type=CELL;type=VOICE;type=pref:+49 170 {number:07d}",
        f"item2.ADR;type=HOME;type=pref:;;Hauptstraße {number % 90};{city};;50667;{country}",
        "item2.X-ABADR:de",
        f"X-SOCIALPROFILE;type=linkedin;x-user={slug}:http://www.linkedin.com/in/{slug}",
        f"BDAY:19{number % 90 + 10:02d}-0{number % 9 + 1}-1{number % 9}",
        "NOTE:Met at the conference in Lisbon\\, follow up about the partnership "
        "and the introduction to the product team",
        f"UID:{number:08d}-1D2C-4B5A-9F8E-ABCDEF012345",
    ]
    if photo:
        lines.append(f"PHOTO;ENCODING=b;TYPE=JPEG:{photo}")
    lines += ["REV:2024-05-01T10:00:00Z", "END:VCARD"]
    return "".join(fold_line(line) for line in lines).encode("utf-8")


def build_google_card(rng: random.Random, number: int, photo: str | None) -> bytes:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    slug = f"{given}{family}{number}".lower().encode("ascii", "ignore").decode()
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{given} {family}",
        f"N:{family};{given};;;",
        f"EMAIL;TYPE=INTERNET;TYPE=WORK:{slug}@work.example.org",
        f"EMAIL;TYPE=INTERNET;TYPE=HOME:{slug}@gmail.com",
        f"TEL;TYPE=CELL:(512) 555-{number % 10000:04d}",
        f"ADR;TYPE=WORK:;;{number} Congress Ave;Austin;TX;78701;USA",
        f"ORG:{rng.choice(COMPANIES)}",
        f"TITLE:{rng.choice(TITLES)}",
        f"item1.URL:https\\://www.linkedin.com/in/{slug}",
        "item1.X-ABLabel:LinkedIn",
        f"BDAY:--0{number % 9 + 1}-2{number % 9}",
        "CATEGORIES:myContacts,starred",
    ]
    if photo:
        lines.append(f"PHOTO:data:image/jpeg;base64,{photo}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) for line in lines).encode("utf-8")


def encode_qp(text: str, charset: str) -> str:
    """Quoted-printable with 2.1 soft line breaks every 60 encoded characters."""
    encoded = "".join(
        f"={b:02X}" if b > 126 or b in (61,) else chr(b) for b in text.encode(charset)
    )
    return "=\r\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60))


def build_outlook_card(rng: random.Random, number: int, photo: str | None) -> bytes:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    city, country = rng.choice(CITIES)
    cp = "windows-1252"
    label = f"Hauptstraße {number % 90}\r\n{city} 50667\r\n{country}"
    lines = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        f"N;LANGUAGE=de;CHARSET=Windows-1252:{family};{given}",
        f"FN;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:{encode_qp(f'{given} {family}', cp)}",
        f"ORG;CHARSET=Windows-1252:{rng.choice(COMPANIES)}",
        f"TITLE;CHARSET=Windows-1252:{rng.choice(TITLES)}",
        f"TEL;WORK;VOICE:+49 221 {number:07d}",
        f"TEL;CELL;VOICE:+49 171 {number:07d}",
        f"ADR;WORK;PREF;CHARSET=Windows-1252:;;Hauptstraße {number % 90};{city};;50667;{country}",
        f"LABEL;WORK;PREF;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:{encode_qp(label, cp)}",
        f"EMAIL;PREF;INTERNET:{given.lower()}.{number}@example.de",
        f"URL;WORK:https://www.linkedin.com/in/outlook-{number}",
        f"BDAY:19{number % 90 + 10:02d}0{number % 9 + 1}1{number % 9}",
        "X-MS-OL-DEFAULT-POSTAL-ADDRESS:2",
    ]
    text = "\r\n".join(lines) + "\r\n"
    if photo:
        text += "PHOTO;TYPE=JPEG;ENCODING=BASE64:\r\n"
        text += "".join(f" {photo[i : i + 76]}\r\n" for i in range(0, len(photo), 76)) + "\r\n"
    text += "REV:20240501T100000Z\r\nEND:VCARD\r\n"
    return text.encode(cp)


def build_android_card(rng: random.Random, number: int, photo: str | None) -> bytes:
    given, family = rng.choice(CYRILLIC + CJK)
    lines = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{encode_qp(f'{family};{given};;;', 'utf-8')}",
        f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{encode_qp(f'{given} {family}', 'utf-8')}",
        f"TEL;CELL:+7 916 {number:07d}",
        f"EMAIL;HOME:user{number}@example.ru",
    ]
    text = "\r\n".join(lines) + "\r\n"
    if photo:
        # Android 2.1: base64 lines not folded, ended by a blank line.
        text += "PHOTO;ENCODING=BASE64;JPEG:" + photo[:60] + "\r\n"
        text += "".join(f"{photo[i : i + 76]}\r\n" for i in range(60, len(photo), 76)) + "\r\n"
    text += "END:VCARD\r\n"
    return text.encode("utf-8")


def build_nextcloud_card(rng: random.Random, number: int, photo: str | None) -> bytes:
    given, family = rng.choice(CYRILLIC + CJK + [(rng.choice(GIVEN), rng.choice(FAMILY))])
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "PRODID:-//Sabre//Sabre VObject 4.5.4//EN",
        f"UID:urn:uuid:{number:08d}-aaaa-4bbb-8ccc-123456789abc",
        f"FN:{given} {family}",
        f"N:{family};{given};;;",
        f'TEL;VALUE=uri;TYPE="voice,cell":tel:+33-6-{number % 100:02d}-00-00-00',
        f"EMAIL;TYPE=work:{number}@cloud.example.net",
        "ADR;TYPE=home:;;1 rue de la Paix;Paris;;75002;France",
        f"IMPP;X-SERVICE-TYPE=Matrix:matrix:@user{number}:example.org",
        "REV;VALUE=TIMESTAMP:20240501T100000Z",
    ]
    if photo:
        lines.append(f"PHOTO:data:image/jpeg;base64,{photo}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) for line in lines).encode("utf-8")


def measure(fn, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds per run (CPU time shows the cost when the machine is busy)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def describe(walls: list[float], cpus: list[float]) -> str:
    return (
        f"wall min {min(walls):.3f} s, median {statistics.median(walls):.3f} s; "
        f"CPU min {min(cpus):.3f} s, median {statistics.median(cpus):.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--vobject", action="store_true", help="also time vobject (3.0/4.0 only)")
    args = parser.parse_args()

    book, modern = build_address_book(args.cards)
    records, skipped = read_vcards(book, "bench.vcf")
    assert len(records) + len(skipped) == args.cards, (len(records), len(skipped))
    timings = measure(lambda: read_vcards(book, "bench.vcf"), args.runs)
    print(
        f"read_vcards: {args.cards} cards, {len(book) / 1e6:.1f} MB, "
        f"{len(records)} records, {len(skipped)} skipped, {args.runs} runs: {describe(*timings)}"
    )
    if args.vobject:
        measure_vobject(modern, args.runs)


def measure_vobject(modern: bytes, runs: int) -> None:
    import vobject

    text = modern.decode("utf-8")
    count = text.count("BEGIN:VCARD")

    def read_all() -> None:
        for card in vobject.readComponents(text):
            for child in card.getChildren():
                child.value  # noqa: B018 - reading values is what ingest would do

    timings = measure(read_all, min(runs, 3))
    print(f"vobject.readComponents on the {count} 3.0/4.0 cards alone: {describe(*timings)}")


if __name__ == "__main__":
    main()
