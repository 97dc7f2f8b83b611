"""How fast the e-mail reader goes through a Gmail-Takeout-shaped mbox, beside grep.

Writes an mbox of each size asked for (GB, default 0.25 0.5 1) into a temporary folder,
shaped as Takeout writes it: the ``From <id>@xxx <date with zone before the year>``
envelope, X-GM-THRID and X-Gmail-Labels first, 2 to 5 Received lines, folded DKIM, RFC 2047
names, List-Unsubscribe on a quarter of the messages, multipart bodies, a base64
attachment on 8% of them, and an unescaped ``From `` body line on 5%. Then it times, as
whole processes, ``grep -c '^From '`` over the file and ``python -c`` reading it through
``read_inputs``, and prints the ratio and the reader's peak memory (max RSS of the child).
Beside them, the start-up alone (the same process importing ``read_inputs`` and reading
nothing) and the ratio of the rest to grep: at a quarter gigabyte the start-up is most of
the reader's time, and it does not grow with the archive.

Targets on a 2-core machine: no more than 6x grep's time, peak memory under 400 MB
whatever the size.

    python benchmarks/bench_mail.py --sizes 0.25 0.5
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 6.0
TARGET_MEMORY_MB = 400
NAMES = ["Ada Lovelace", "Grace Hopper", "Émile Zola", "Jürgen Groß", "Zoë Saldaña", "李小龍"]
LABELS = ["Inbox", "Opened", "Important", "Category Personal", "Sent", "Archived"]
READ = (
    "import sys; from pathlib import Path; from audit.ingest import read_inputs; "
    "i = read_inputs([Path(sys.argv[1])]); print(i.emails.height, i.skipped.height)"
)
START = "from audit.ingest import read_inputs"


def write_mbox(path: Path, size: int, seed: int = 17) -> int:
    """An mbox of about ``size`` bytes; returns how many messages it holds."""
    rng = random.Random(seed)
    attachment = base64.encodebytes(rng.randbytes(600_000))
    text = b"".join(
        b"Lorem ipsum dolor sit amet, consectetur adipiscing elit %d.\n" % i for i in range(60)
    )
    written = count = 0
    with open(path, "wb") as out:
        while written < size:
            count += 1
            out.write(_message(rng, count, text, attachment))
            written = out.tell()
    return count


def _encoded(name: str) -> str:
    if name.isascii():
        return f'"{name}"'
    return "=?UTF-8?B?" + base64.b64encode(name.encode()).decode() + "?="


def _message(rng: random.Random, n: int, text: bytes, attachment: bytes) -> bytes:
    day = 1 + n % 28
    name = rng.choice(NAMES)
    sender = f"{_encoded(name)} <person{rng.randrange(3000)}@example.com>"
    to = f"Avery Quinn <avery@example.com>, {_encoded(rng.choice(NAMES))} <p{n % 97}@example.org>"
    labels = ",".join(rng.sample(LABELS, 3))
    received = "".join(
        f"Received: from mail{i}.example.net (mail{i}.example.net [192.0.2.{i}])\n"
        f"        by mx.google.com with ESMTPS id x{n}.{i}\n"
        f"        for <avery@example.com>; Mon, {day} Mar 2026 10:{i:02d}:00 -0700 (PDT)\n"
        for i in range(rng.randint(2, 5))
    )
    headers = (
        f"From {1669160939957813740 + n}@xxx Mon Mar {day:02d} 10:00:00 +0000 2026\n"
        f"X-GM-THRID: {1669160939957813740 + n}\n"
        f"X-Gmail-Labels: {labels}\n"
        f"Delivered-To: avery@example.com\n{received}"
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=2026;\n"
        "        h=mime-version:from:date:message-id:subject:to;\n"
        f"        bh={base64.b64encode(rng.randbytes(32)).decode()};\n"
        f"        b={base64.b64encode(rng.randbytes(180)).decode()}\n"
        "MIME-Version: 1.0\n"
        f"From: {sender}\nTo: {to}\n"
        f"Date: Mon, {day} Mar 2026 10:00:00 -0700\n"
        f"Message-ID: <m{n}.{rng.randrange(10**9)}@mail.example.com>\n"
        f"Subject: =?UTF-8?Q?Re=3A_caf=C3=A9_{n}?=\n"
        + ("List-Unsubscribe: <mailto:unsub@example.com>\n" if n % 4 == 0 else "")
        + 'Content-Type: multipart/mixed; boundary="b1"\n\n'
    ).encode()
    body = b"--b1\nContent-Type: text/plain; charset=UTF-8\n\n" + text
    if n % 20 == 0:  # an unescaped From in the body, after a blank line (not a header after)
        body += b"\nFrom the notes of our meeting, as promised:\n" + text[:300]
    if n % 12 == 0:
        body += b"\n--b1\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n"
        body += attachment[: rng.randrange(50_000, len(attachment))]
    return headers + body + b"\n--b1--\n\n"


def _measure(command: list[str], cwd: Path | None = None) -> tuple[float, int, str, float]:
    """(seconds, peak RSS in MB, stdout, CPU seconds) of one whole process: os.wait4 gives
    that child's own resource usage, not the largest of every child so far. The CPU time
    is printed beside the wall time because on a shared machine the wall time also counts
    the waits for a core."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=cwd, text=True)
    out = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{command[0]} failed with exit code {child.returncode}")
    return seconds, usage.ru_maxrss // 1024, out.strip(), usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    parser.add_argument("--dir", type=Path, default=None, help="where to write the mbox")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    print(
        f"{'size':>8} {'messages':>9} {'grep s':>7} {'reader s':>9} {'ratio':>6} {'peak MB':>8}"
        f" {'grep cpu':>9} {'reader cpu':>11} {'start s':>8} {'rest/grep':>10}"
    )
    failed = False
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        for gigabytes in args.sizes:
            path = Path(folder) / "All mail Including Spam and Trash.mbox"
            count = write_mbox(path, int(gigabytes * 1e9))
            subprocess.run(["cat", str(path)], stdout=subprocess.DEVNULL, check=True)  # cache
            seconds, peak, out, cpu = _measure([sys.executable, "-c", READ, str(path)], root)
            grep_seconds, _, _, grep_cpu = _measure(["grep", "-c", "^From ", str(path)])
            start, _, _, _ = _measure([sys.executable, "-c", START], root)
            ratio = seconds / grep_seconds
            rest = (seconds - start) / grep_seconds
            print(
                f"{gigabytes:>6.2f}GB {count:>9,} {grep_seconds:>7.2f} {seconds:>9.2f} "
                f"{ratio:>5.1f}x {peak:>8} {grep_cpu:>9.2f} {cpu:>11.2f} {start:>8.2f} "
                f"{rest:>9.1f}x   (rows, skipped: {out})"
            )
            failed |= ratio > TARGET_RATIO or peak >= TARGET_MEMORY_MB
            path.unlink()
    print(f"targets: ratio <= {TARGET_RATIO}x grep, peak < {TARGET_MEMORY_MB} MB")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
