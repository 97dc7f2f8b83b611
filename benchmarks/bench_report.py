"""Benchmark the report at scale: 30,000 people rendered, then opened in headless chromium.

Prints the render time, the HTML file's size (target < 10 MB) and the time until the page is
interactive in Debian's chromium (target < 2 s): from navigation start to the end of the
page's script (the last thing parsed; it marks ``data-ready`` on <html>), the median of a few
loads, plus the time of one sort and one filter.

    .venv/bin/python benchmarks/bench_report.py [--people 30000] [--runs 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit.report import render_csv, render_html, render_json, write_report_files  # noqa: E402
from tests.helpers import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

TIERS = ("active", "warm", "dormant", "one_way_out", "one_way_in", "silent")
WEIGHTS = (2, 6, 12, 8, 12, 60)
FIRST = ("Ada", "Bruno", "Chiara", "Dmitri", "Emeka", "Fatima", "Gus", "Hana", "Ingrid", "José")
LAST = ("Quill", "Okafor", "Lind", "Vasquez", "Hollis", "Zahir", "Penhallow", "Morikawa", "Solberg")
COMPANIES = ("Northwind Robotics", "Vellum Studio", "Meridian Health", "Brightwater Capital")
POSITIONS = ("Senior Software Engineer", "Head of Partnerships", "Product Manager", "Founder")
AS_OF = date(2026, 11, 21)


def build_document(n: int, seed: int = 7) -> tuple[dict, dict]:
    """A real-shaped document and extras with ``n`` people (most of them connections)."""
    rng = random.Random(seed)
    people = []
    for i in range(n):
        tier = rng.choices(TIERS, WEIGHTS)[0]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        slug = f"{first}-{last}-{i:05d}".lower()
        days = {"active": 60, "warm": 300, "dormant": 1500}.get(tier)
        two_way = (AS_OF - timedelta(days=rng.randint(0, days))).isoformat() if days else None
        msg_in = rng.randint(1, 40) if tier not in ("silent", "one_way_out") else 0
        msg_out = rng.randint(1, 40) if tier not in ("silent", "one_way_in") else 0
        people.append(
            {
                "id": f"p-{i:012x}",
                "name": f"{first} {last} {i}",
                "tier": tier,
                "is_connection": i % 20 != 0,
                "linkedin_url": f"https://www.linkedin.com/in/{slug}",
                "emails": [f"{slug}@example.com"] if i % 3 == 0 else [],
                "phones": [],
                "company": rng.choice(COMPANIES),
                "position": rng.choice(POSITIONS),
                "connected_on": (AS_OF - timedelta(days=rng.randint(0, 5000))).isoformat(),
                "last_two_way": two_way,
                "last_in": two_way if msg_in else None,
                "last_out": two_way if msg_out else None,
                "messages_in": msg_in,
                "messages_out": msg_out,
                "records": [{"file": "Connections.csv", "record": i + 1}],
                "match_reasons": [],
            }
        )
    connections = [p for p in people if p["is_connection"]]
    tiers = {t: sum(p["tier"] == t for p in connections) for t in TIERS}
    document = {
        "schema": "reachable/1",
        "as_of": AS_OF.isoformat(),
        "as_of_source": "archive name",
        "settings": {"active_days": 90, "window_days": 365, "max_group": 5},
        "summary": {
            "connections": len(connections),
            "people": n,
            "reachable": tiers["active"] + tiers["warm"],
            "tiers": tiers,
        },
        "people": people,
        "skipped": [
            {"file": "messages.csv", "record": i, "reason": "unreadable date"} for i in range(200)
        ],  # fmt: skip
        "previous": None,
        "changes": None,
    }
    extras = {
        "owner": {"name": "Bench Owner", "url": None, "how": "detected"},
        "has_messages": True,
        "funnel": {"records": n, "people": n, "connections": len(connections),
                   "ever_messaged": 0, "two_way_ever": 0, "two_way_window": 0, "active": 0},
        "gives": {"recommendations_given": 3, "recommendations_received": 5,
                  "endorsements_given": 40, "endorsements_received": 90},
    }  # fmt: skip
    return document, extras


def measure_in_chromium(path: Path, runs: int) -> dict[str, float]:
    """Median figures over ``runs`` fresh page loads, then one sort and one filter."""
    from playwright.sync_api import expect, sync_playwright

    loads = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            start = time.perf_counter()
            page.goto(path.as_uri(), wait_until="commit")
            page.wait_for_selector("html[data-ready]", state="attached", timeout=60_000)
            # The page's own clock, from navigation start: its script has run at
            # domContentLoadedEventEnd (the inline script is the last thing parsed).
            timing = page.evaluate(
                """() => { const n = performance.getEntriesByType('navigation')[0];
                const paint = performance.getEntriesByName('first-contentful-paint')[0];
                return {ready: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                        paint: paint ? paint.startTime : null}; }"""
            )
            timing["wall"] = time.perf_counter() - start
            loads.append(timing)
            page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-ready]", state="attached")
        button = page.locator("#people-table thead th button").nth(6)
        start = time.perf_counter()
        button.click()
        expect(page.locator("#people-table thead th").nth(6)).to_have_attribute(
            "aria-sort", "descending"
        )
        page.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r)))")
        sort = time.perf_counter() - start
        start = time.perf_counter()
        page.fill("#people-filter", "penhallow 12")
        expect(page.locator("#people-status")).to_contain_text("matching", timeout=30_000)
        page.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r)))")
        filter_ = time.perf_counter() - start
        browser.close()
    figures = {key: statistics.median(t[key] for t in loads) for key in ("ready", "load", "wall")}
    figures["paint"] = statistics.median(t["paint"] or 0 for t in loads)
    return figures | {"sort": sort, "filter": filter_}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--keep", type=Path, help="write the report files into this folder")
    parser.add_argument("--runs", type=int, default=5, help="page loads to take the median of")
    args = parser.parse_args()

    document, extras = build_document(args.people)
    start = time.perf_counter()
    page = render_html(document, extras)
    render_s = time.perf_counter() - start
    files = {"html": page, "json": render_json(document), "csv": render_csv(document)}
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        paths = write_report_files(out, document["as_of"], files)
        html_path = paths[0]
        size = html_path.stat().st_size
        print(f"people:            {args.people:,}")
        print(f"render_html:       {render_s:.2f} s")
        print(f"HTML size:         {size / 1e6:.2f} MB ({size:,} bytes; target < 10 MB)")
        print(f"JSON / CSV size:   {paths[1].stat().st_size / 1e6:.2f} MB / "
              f"{paths[2].stat().st_size / 1e6:.2f} MB")  # fmt: skip
        figures = measure_in_chromium(html_path, args.runs)
    print(f"interactive:       {figures['ready'] / 1000:.2f} s (median of {args.runs}: navigation "
          f"start to the page's script done; target < 2 s)")  # fmt: skip
    paint, load = figures["paint"] / 1000, figures["load"] / 1000
    print(f"first paint:       {paint:.2f} s; load event {load:.2f} s; "
          f"{figures['wall']:.2f} s wall from goto() to ready")  # fmt: skip
    print(f"sort one column:   {figures['sort']:.2f} s (click to next frame)")
    print(f"filter:            {figures['filter']:.2f} s (typing to next frame, 150 ms debounce)")


if __name__ == "__main__":
    main()
