"""The rendered files: golden HTML and CSV, JSON order, escaping, CSP, CSV injection, writing."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import stat
from html.parser import HTMLParser

import jinja2
import pytest
from markupsafe import Markup

from audit.report import html as html_module
from audit.report import render_csv, render_html, render_json, write_report_files
from audit.report.html import escape_column
from tests.helpers import check_golden
from tests.report_data import REPORT_FIXTURES, load_report_fixture
from tools.compile_templates import write_compiled_templates

XSS_NAME = "<img src=x onerror=alert(1)>"


class TagCollector(HTMLParser):
    """Every start tag with its attributes, the text, and the inline style/script blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.blocks: dict[str, list[str]] = {"style": [], "script": []}
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.blocks:
            self._open = tag
            self.blocks[tag].append("")

    def handle_endtag(self, tag):
        if tag == self._open:
            self._open = None

    def handle_data(self, data):
        if self._open:
            self.blocks[self._open][-1] += data
        else:
            self.text.append(data)


def parse(html: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(html)
    return collector


def test_html_matches_golden(update_golden):
    document, extras = load_report_fixture()
    check_golden(render_html(document, extras), REPORT_FIXTURES / "golden.html", update_golden)


def test_csv_matches_golden(update_golden):
    document, _ = load_report_fixture()
    check_golden(render_csv(document), REPORT_FIXTURES / "golden.csv", update_golden)


def test_compiled_templates_are_current(tmp_path, update_golden):
    """The compiled copy the audit loads is what jinja2 makes of the templates now: editing a
    template without ``python -m tools.compile_templates`` (or ``--update-golden``) fails."""
    if update_golden:
        write_compiled_templates()
    write_compiled_templates(tmp_path)
    committed = html_module.COMPILED_DIR
    fresh = {f.name: f.read_bytes() for f in tmp_path.glob("*.py")}
    shipped = {f.name: f.read_bytes() for f in committed.glob("*.py")}
    # One module per template (report and macros) and the package's __init__ with the stamp.
    assert len(fresh) == 3
    assert sorted(shipped) == sorted(fresh), "run: python -m tools.compile_templates"
    for name, data in fresh.items():
        assert shipped[name] == data, f"{name} is stale; run: python -m tools.compile_templates"
    assert isinstance(html_module.build_environment().loader, jinja2.ModuleLoader)


def test_templates_from_source_render_the_same_page(monkeypatch):
    """The fallback when the compiled copy does not match (another jinja2, an edited
    template): compiling from source gives the same bytes as the compiled copy."""
    document, extras = load_report_fixture()
    compiled = render_html(document, extras)
    from_source = html_module.build_environment(precompiled=False)
    assert isinstance(from_source.loader, jinja2.PackageLoader)
    monkeypatch.setattr(html_module, "build_environment", lambda: from_source)
    assert render_html(document, extras) == compiled


def test_a_compiled_copy_of_other_sources_is_not_used(monkeypatch):
    import audit.report.compiled

    assert html_module._compiled_loader() is not None
    monkeypatch.setattr(audit.report.compiled, "STAMP", "jinja2 3.1.6 sha256 " + "0" * 64)
    assert html_module._compiled_loader() is None


def test_html_is_the_same_on_every_render():
    document, extras = load_report_fixture()
    assert render_html(document, extras) == render_html(document, extras)


def test_input_strings_render_as_text_never_as_markup():
    document, extras = load_report_fixture()
    document["people"][10]["linkedin_url"] = "javascript:alert(1)"
    html = render_html(document, extras)
    page = parse(html)
    # Not one element from the inputs: the page's own markup has no img or inline handler.
    assert not [tag for tag, _ in page.tags if tag == "img"]
    assert not [a for _, attrs in page.tags for a in attrs if a.startswith("on")]
    text = "".join(page.text)
    assert XSS_NAME in text
    assert "<img src=y onerror=\"document.title='pwned'\">" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # A javascript: URL from the inputs never becomes a link.
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert "javascript:alert(1)" not in hrefs
    assert all(h.startswith(("#", "https://")) for h in hrefs)
    assert "Quill &amp; Partners" in html


def test_a_column_is_escaped_as_each_of_its_values_would_be():
    # Expected by hand from markupsafe's rules: & < > ' " become &amp; &lt; &gt; &#39; &#34;.
    hostile = ["<b>O'Neil</b>", 'Quill & "Co"', "", "plain"]
    assert escape_column(hostile) == [
        "&lt;b&gt;O&#39;Neil&lt;/b&gt;",
        "Quill &amp; &#34;Co&#34;",
        "",
        "plain",
    ]
    # A value holding the joining character still comes back as one cell of its own.
    assert escape_column(["a\x00<", "b"]) == ["a\x00&lt;", "b"]
    # Numbers are their digits; markup already made safe is left as it is; None reads "None".
    assert escape_column([3, 12]) == ["3", "12"]
    assert escape_column([Markup("<i>x</i>"), "<i>"]) == ["<i>x</i>", "&lt;i&gt;"]
    assert escape_column([None, "&"]) == ["None", "&amp;"]
    assert escape_column([]) == []


def test_hostile_text_in_every_people_column_is_escaped():
    document, extras = load_report_fixture()
    person = document["people"][3]
    hostile = "<script>x</script>"
    person.update(company=hostile, position=hostile, tier="<t>", linkedin_url=None)
    person["channels"] = {hostile: {"in": 1, "out": 0, "both": 0, "last_two_way": None}}
    rows = str(render_html(document, extras))
    assert "<script>x</script>" not in rows
    # In the row: company, position and the channel's label ("<" has no capital: the same).
    assert "<td>&lt;script&gt;x&lt;/script&gt;<td>&lt;script&gt;x&lt;/script&gt;<td>" in rows
    assert "<td>&lt;script&gt;x&lt;/script&gt;\n" in rows
    assert '<tr class="&lt;t&gt;">' in rows


def test_page_is_self_contained_and_csp_allows_only_its_inline_blocks():
    document, extras = load_report_fixture()
    html = render_html(document, extras)
    page = parse(html)
    csp = [a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1
    policy = dict(part.strip().split(" ", 1) for part in csp[0].split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["img-src"] == "data:"
    for kind, directive in (("style", "style-src"), ("script", "script-src")):
        (block,) = page.blocks[kind]
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert policy[directive] == f"'sha256-{digest}'"
    # Nothing is loaded from anywhere: no src attributes, only a data: icon, no style attributes
    # (the policy would block them).
    assert not [t for t, a in page.tags if "src" in a]
    assert [a["href"] for t, a in page.tags if t == "link"] == ["data:,"]
    assert not [t for t, a in page.tags if "style" in a]
    assert not re.search(r"url\(", page.blocks["style"][0])


def test_page_structure_is_accessible():
    document, extras = load_report_fixture()
    page = parse(render_html(document, extras))
    headings = [t for t, _ in page.tags if re.fullmatch(r"h[1-6]", t)]
    assert headings.count("h1") == 1 and headings[0] == "h1"
    # No level is skipped on the way down.
    levels = [int(h[1]) for h in headings]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    assert all("scope" in a for t, a in page.tags if t == "th")
    charts = [a for t, a in page.tags if t == "svg" and a.get("role") == "img"]
    assert len(charts) == 3  # tiers, years, trend
    assert all(a.get("aria-labelledby") for a in charts)
    assert sum(1 for t, _ in page.tags if t == "title") == 1 + len(charts)
    assert ("html", {"lang": "en"}) in page.tags


def test_people_table_rows_are_lean():
    document, extras = load_report_fixture()
    html = render_html(document, extras)
    body = html.split('<table id="people-table"', 1)[1].split("<tbody>", 1)[1]
    body = body.split("</tbody>", 1)[0]
    rows = body.strip().splitlines()
    assert len(rows) == 15
    assert rows[1] == (
        '<tr class="active"><td><a href="https://www.linkedin.com/in/bruno-okafor-7b1">'
        "Bruno Okafor</a><td>Active<td>yes<td>Lagos Freight Ltd<td>Operations Lead"
        "<td>2021-06-18<td>2026-08-23<td>2026-08-23<td>2026-08-25<td>3<td>2"
        "<td>LinkedIn messages, E-mail"
    )
    assert "<svg" not in body and "style=" not in body


def test_missing_messages_is_said_instead_of_nobody_reachable():
    document, extras = load_report_fixture()
    extras["has_messages"] = False
    for person in document["people"]:
        person.update(tier="silent", last_two_way=None, last_in=None, last_out=None)
    text = "".join(parse(render_html(document, extras)).text)
    assert "13 connections: interaction data is missing" in text
    assert "messages.csv is only in the Complete archive" in text
    assert "within 24 hours" in text
    assert "connections are reachable" not in text
    assert text.count("Not known: this needs messages.csv") == 3  # reconnect, owed, outreach


def test_first_audit_with_nothing_skipped_renders_every_section():
    document, _ = load_report_fixture()
    document.update(skipped=[], ignored={}, previous=None, changes=None)
    text = "".join(parse(render_html(document, {"has_messages": True})).text)
    assert "This is the first audit in the history" in text
    assert "Nothing was skipped" in text
    assert "No two records were found to be the same person." in text
    assert "No close calls." in text
    assert "Nothing was ignored." in text


def test_redacted_extras_put_a_banner_on_the_page():
    document, extras = load_report_fixture()
    extras["redacted"] = True
    text = "".join(parse(render_html(document, extras)).text)
    assert "Redacted copy: names are pseudonyms" in text


def test_weak_ties_are_shown_not_judged():
    document, extras = load_report_fixture()
    text = "".join(parse(render_html(document, extras)).text).lower()
    assert "weak ties are shown here, not judged" in text
    assert "prune" not in text
    assert "“primates on facebook”, the economist, 2009" in text
    assert "discrete hierarchical organization of social group sizes" in text


def test_json_keeps_contract_key_order_and_unicode():
    document, _ = load_report_fixture()
    shuffled = dict(reversed(list(document.items())))
    shuffled["people"] = [dict(reversed(list(p.items()))) for p in document["people"]]
    text = render_json(shuffled)
    assert text == render_json(document)
    assert text.endswith("}\n")
    assert json.loads(text) == document
    assert list(json.loads(text)) == [
        "schema", "as_of", "as_of_source", "settings", "owner", "summary", "people", "skipped",
        "ignored", "previous", "changes",
    ]  # fmt: skip
    assert list(json.loads(text)["people"][0])[:3] == ["id", "name", "tier"]
    assert '"name": "王芳"' in text
    assert text.startswith('{\n  "schema": "reachable/1",\n  "as_of": "2026-11-21",')


def test_csv_neutralises_cells_a_spreadsheet_would_run():
    document, _ = load_report_fixture()
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(render_csv(document)))}
    assert len(rows) == 15
    assert rows["Hana Morikawa"]["company"] == '\'=HYPERLINK("http://evil.example/","click")'
    assert rows["Bruno Okafor"]["phones"] == "'+2348031234567"
    assert rows["Ingrid Solberg"]["phones"] == "'-47 915 55 012"
    assert rows["Ingrid Solberg"]["position"] == "'@Nordlys | +20% uptime"
    assert rows["Ada Quill"]["emails"] == "ada.quill@example.com; ada@quill-partners.example"
    assert rows["Ada Quill"]["match_reasons"] == "same linkedin url; same email"
    assert rows["Sam Ortega"]["is_connection"] == "false"
    assert rows["Sam Ortega"]["connected_on"] == ""
    document["people"][0]["name"] = "\tcmd"
    document["people"][1]["name"] = "\r=1+1"
    first, second = list(csv.DictReader(io.StringIO(render_csv(document))))[:2]
    assert (first["name"], second["name"]) == ("'\tcmd", "'\r=1+1")


def test_csv_cells_of_every_kind():
    document, _ = load_report_fixture()
    person = document["people"][0]
    person.update(
        messages_in=-3,  # not a real count, but a cell starting "-" must not run as a formula
        messages_out=0,
        emails=[],
        phones=["=1", 7],
        is_connection=False,
        company="",
        position=2.5,
    )
    person["channels"] = {"linkedin": {}, "@team": {}}
    row = next(csv.DictReader(io.StringIO(render_csv(document))))
    # By hand: "'" before = + - @ tab CR, lists joined with "; ", flags as true/false.
    assert (row["messages_in"], row["messages_out"]) == ("'-3", "0")
    assert (row["emails"], row["phones"]) == ("", "'=1; 7")
    assert (row["is_connection"], row["company"], row["position"]) == ("false", "", "2.5")
    assert row["channels"] == "linkedin; @team"


def test_csv_columns():
    document, _ = load_report_fixture()
    header = render_csv(document).splitlines()[0]
    assert header == (
        "id,name,tier,is_connection,linkedin_url,emails,phones,company,position,connected_on,"
        "last_two_way,last_in,last_out,messages_in,messages_out,channels,match_reasons"
    )


def test_write_report_files_writes_three_files_atomically(tmp_path):
    out = tmp_path / "reports" / "2026"
    files = {"csv": "a,b\n", "html": "<!doctype html>\n", "json": '{"x": "é"}\n'}
    paths = write_report_files(out, "2026-11-21", files)
    assert paths == [out / f"reachable-2026-11-21.{ext}" for ext in ("html", "json", "csv")]
    assert [p.read_text(encoding="utf-8") for p in paths] == [
        "<!doctype html>\n",
        '{"x": "é"}\n',
        "a,b\n",
    ]
    # A second audit of the same day replaces the files and leaves no temporary file behind.
    write_report_files(out, "2026-11-21", {"json": "{}\n"})
    assert paths[1].read_text(encoding="utf-8") == "{}\n"
    assert sorted(os.listdir(out)) == [p.name for p in sorted(paths)]


@pytest.mark.skipif(os.name != "posix", reason="only POSIX can open a folder to flush it")
def test_each_file_is_flushed_then_its_folder_after_the_rename(tmp_path, monkeypatch):
    # What os.fsync is handed, in order: (a folder?, its inode, whether the final file
    # exists yet). A rename is durable only once the folder holding it is flushed.
    out = tmp_path / "reports"
    synced = []
    real_fsync = os.fsync

    def record(fd):
        status = os.fstat(fd)
        final = out / "reachable-2026-11-21.json"
        synced.append((stat.S_ISDIR(status.st_mode), status.st_ino, final.exists()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", record)
    write_report_files(out, "2026-11-21", {"json": "{}\n"})
    folder = out.stat().st_ino
    # The temporary file before the rename, then the folder after it.
    assert [(d, ino == folder, seen) for d, ino, seen in synced] == [
        (False, False, False),
        (True, True, True),
    ]


def test_write_report_files_refuses_odd_names(tmp_path):
    with pytest.raises(ValueError):
        write_report_files(tmp_path, "../../etc/x", {"html": ""})
    with pytest.raises(ValueError, match="unknown report file kinds: pdf"):
        write_report_files(tmp_path, "2026-11-21", {"pdf": ""})
    assert list(tmp_path.iterdir()) == []


def test_people_table_shows_the_last_meeting_when_a_calendar_was_read():
    document, extras = load_report_fixture()
    bruno = document["people"][1]
    bruno["channels"] = {**bruno["channels"], "meeting": {"count": 3, "last": "2026-11-02"}}
    document["summary"]["channels"] = {**document["summary"]["channels"], "meeting": 7}
    html = render_html(document, extras)
    table = html.split('<table id="people-table"', 1)[1]
    assert '<th scope="col" data-sort="date">Last meeting</th>' in table
    row = table.split("<tbody>", 1)[1].strip().splitlines()[1]
    assert row.endswith("<td>LinkedIn messages, E-mail, Meetings<td>2026-11-02")
    # Without a calendar there is no such column.
    document["summary"]["channels"].pop("meeting")
    assert "Last meeting" not in render_html(document, extras).split('id="people-table"', 1)[1]


def test_json_lines_are_encoded_as_json_module_would_write_them():
    from audit.report.formats import _encode_line

    # Written out by hand from RFC 8259 and json's defaults (", " and ": " separators,
    # NaN allowed, non-ASCII kept as is): the one encoder made once must give these bytes.
    value = {"a": 1.5, "b": [None, True, float("nan"), 'é"\n'], "c": {}, "d": []}
    assert _encode_line(value) == '{"a": 1.5, "b": [null, true, NaN, "é\\"\\n"], "c": {}, "d": []}'
    assert _encode_line("x") == '"x"'


def test_csv_rows_quoted_exactly_where_rfc_4180_needs_it():
    from audit.report.formats import _write_csv_rows

    rows = [
        ["a", "b", ""],
        ["Smith, Ada", "plain", "x"],
        ['say "hi"', "two\nlines", "cr\r"],
        [""],
        ["", ""],
    ]
    # By hand (RFC 4180, as csv.writer's minimal quoting): a cell with a comma, a quote or a
    # line break is quoted, a quote doubled; a row of one empty cell is written as "" so that
    # it is not an empty line; two empty cells are just the comma.
    assert _write_csv_rows(rows) == (
        'a,b,\r\n"Smith, Ada",plain,x\r\n"say ""hi""","two\nlines","cr\r"\r\n""\r\n,\r\n'
    )
    assert _write_csv_rows([]) == ""
