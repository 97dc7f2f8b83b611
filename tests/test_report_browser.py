"""The report in a real browser: Debian's headless chromium, driven by Playwright.

Playwright's Python package drives the system chromium (``executable_path``); no browser is
ever downloaded. Skipped only when /usr/bin/chromium is absent; CI installs it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.report import render_html
from tests.helpers import CHROMIUM, CHROMIUM_FLAGS
from tests.report_data import load_report_fixture

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")

from playwright.sync_api import expect, sync_playwright  # noqa: E402

XSS_NAME = "<img src=x onerror=alert(1)>"
TITLE = "4 of 13 connections reachable · reachable · 2026-11-21"


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    document, extras = load_report_fixture()
    path = tmp_path_factory.mktemp("report") / "reachable-2026-11-21.html"
    path.write_text(render_html(document, extras), encoding="utf-8")
    return path


class Watched:
    """A page with everything it logs, requests and pops up recorded."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("dialog", self._dialog)

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def opened(browser, report_file):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    watched = Watched(context.new_page())
    watched.page.goto(report_file.as_uri())
    watched.page.wait_for_selector("html[data-ready]")
    yield watched
    context.close()


def visible_names(page) -> list[str]:
    return page.eval_on_selector_all(
        "#people-table tbody tr:not([hidden])", "rows => rows.map(r => r.cells[0].textContent)"
    )


def test_page_opens_offline_without_errors(opened, report_file, tmp_path):
    page = opened.page
    assert opened.requests == [report_file.as_uri()]
    assert opened.console_errors == []
    assert page.title() == TITLE
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 50_000
    assert page.inner_text("h1") == "4 of 13 connections are reachable"
    assert page.is_visible("#people-filter")


def test_xss_name_is_text_and_nothing_runs(opened):
    page = opened.page
    assert page.evaluate("document.images.length") == 0
    assert opened.dialogs == []
    assert page.title() == TITLE  # the position's onerror would have set it to "pwned"
    cell = page.locator("#people-table tbody tr", has_text="onerror=alert").locator("td").first
    assert cell.inner_text() == XSS_NAME
    assert opened.requests == [page.url]


def test_sorting_by_header_click_and_keyboard(opened):
    page = opened.page
    two_way = page.locator("#people-table thead th", has_text="Last two-way")
    two_way.locator("button").click()
    assert two_way.get_attribute("aria-sort") == "descending"
    assert visible_names(page)[:7] == [
        "Ada Quill",
        "Bruno Okafor",
        "Dmitri Vasquez",
        "Chiara Lind",
        "Emeka Hollis",
        "Kwame Mensah",
        "Fatima Zahir",
    ]
    two_way.locator("button").click()
    assert two_way.get_attribute("aria-sort") == "ascending"
    names = visible_names(page)
    assert names[:3] == ["Fatima Zahir", "Kwame Mensah", "Emeka Hollis"]
    assert names[7] == "Hana Morikawa"  # people without an exchange come last, in their order
    # Enter on a focused header button sorts too, and only one column is marked sorted.
    messages_in = page.locator("#people-table thead th", has_text="In").last
    messages_in.locator("button").focus()
    page.keyboard.press("Enter")
    assert messages_in.get_attribute("aria-sort") == "descending"
    assert two_way.get_attribute("aria-sort") is None
    assert visible_names(page)[:4] == ["Emeka Hollis", "Chiara Lind", "Dmitri Vasquez", "Ada Quill"]
    assert opened.console_errors == []


def test_filter_by_text_and_tier(opened):
    page = opened.page
    page.fill("#people-filter", "fjord")
    expect(page.locator("#people-status")).to_contain_text("2 of")
    assert visible_names(page) == ["Zoe Odegard", "Zoë Ødegaard"]
    assert page.inner_text("#people-status") == "Showing 2 of 15 people."
    page.fill("#people-filter", "")
    page.select_option("#people-tier", "one_way_in")
    assert visible_names(page) == ["Sam Ortega", "Gus Penhallow", XSS_NAME]
    page.fill("#people-filter", "boatyard")
    expect(page.locator("#people-status")).to_contain_text("1 of")
    assert visible_names(page) == ["Gus Penhallow"]
    page.select_option("#people-tier", "")
    page.fill("#people-filter", "")
    expect(page.locator("#people-status")).to_contain_text("all")
    assert len(visible_names(page)) == 15


def test_page_works_with_javascript_off(browser, report_file):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(report_file.as_uri())
    assert page.locator("#people-table tbody tr").count() == 15
    assert not page.is_visible("#people-tools")
    assert page.locator("#people-table thead button").count() == 0
    assert page.inner_text("h1") == "4 of 13 connections are reachable"
    context.close()


@pytest.fixture(scope="module")
def long_report_file(tmp_path_factory) -> Path:
    """The fixture with 1,200 more people: past one page of rows and past the open limit."""
    document, extras = load_report_fixture()
    template = document["people"][9]  # Gus Penhallow, one_way_in
    document["people"] += [
        dict(template, id=f"p-{i:012x}", name=f"Member {i:04d}", company=None) for i in range(1200)
    ]
    path = tmp_path_factory.mktemp("long") / "reachable-2026-11-21.html"
    path.write_text(render_html(document, extras), encoding="utf-8")
    return path


def test_long_table_shows_a_page_at_a_time(browser, long_report_file):
    context = browser.new_context()
    watched = Watched(context.new_page())
    page = watched.page
    page.goto(long_report_file.as_uri())
    page.wait_for_selector("html[data-ready]")
    rows = page.locator("#people-table tbody tr")
    assert page.evaluate("document.getElementById('people-details').open") is True
    assert rows.count() == 500
    assert page.inner_text("#people-status") == "Showing the first 500 of 1,215 people."
    page.click("#people-more-button")
    assert rows.count() == 1000
    assert page.inner_text("#people-more-button") == "Show 215 more"
    page.click("#people-all-button")
    assert rows.count() == 1215
    assert not page.is_visible("#people-more")
    # The filter searches every row, not only the ones on the page.
    page.fill("#people-filter", "011")
    expect(page.locator("#people-status")).to_have_text("Showing 12 of 1,215 people.")
    expected = ["Member 0011"] + [f"Member {i:04d}" for i in range(110, 120)] + ["Member 1011"]
    assert visible_names(page) == expected
    # Sorting sorts every row and starts again from the first page.
    page.fill("#people-filter", "")
    page.locator("#people-table thead th button", has_text="Name").click()
    assert rows.count() == 500
    names = visible_names(page)
    assert names[:3] == [XSS_NAME, "Ada Quill", "Bruno Okafor"]
    # Eleven of the fixture's names sort before "Member": the page holds 489 members.
    assert names[10:12] == ["Kwame Mensah", "Member 0000"]
    assert names[-1] == "Member 0488"
    assert watched.console_errors == []
    assert watched.requests == [long_report_file.as_uri()]
    context.close()


def test_long_table_starts_closed_without_javascript(browser, long_report_file):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(long_report_file.as_uri())
    assert page.evaluate("document.getElementById('people-details').open") is False
    assert page.locator("#people-table tbody tr").count() == 1215
    page.click("#people-details summary")
    assert page.is_visible("#people-table tbody tr >> nth=1214")
    context.close()
