"""Render the shareable HTML report: one self-contained file that asks no server for anything.

The page is drawn by jinja2 templates (autoescaping on: every string from the inputs is
text, never markup) from the view model in ``view.py``. Its CSS and JS are real files in
``static/``, read once and inlined; the Content-Security-Policy in the page allows exactly
those two inlined blocks, by their SHA-256 hashes, and nothing from the network. Nothing in
the output depends on the time of rendering, so the same inputs give the same bytes.

Jinja2 parsing and compiling the templates cost more than rendering them at a typical
size, so they ship compiled to Python in ``audit/report/compiled`` (made by
``tools/compile_templates.py``; a test fails when that copy is stale). The copy is used
only when it was made from these very template sources by this jinja2 version; otherwise
the templates are compiled from source as before, slower but the same page.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources
from operator import itemgetter
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from audit.report.view import build_report_view


def render_html(document: dict, extras: dict) -> str:
    """The report page for one audit, as a string."""
    view = build_report_view(document, extras)
    css = read_static("report.css")
    js = read_static("report.js")
    template = build_environment().get_template("report.html.j2")
    # Only our own static files are marked safe; input data always goes through autoescape.
    return template.render(
        v=view,
        css=Markup(css),
        js=Markup(js),
        csp=render_csp(css, js),
        people_rows=render_people_rows(
            view["people"], view["people_links"], view["people_meetings"]
        ),
    )


# Cells that show nothing, not "None", when there is nothing: text that may be missing, dates.
BLANK_WHEN_NONE = ("company", "position", "connected_on", "last_two_way", "last_in", "last_out")
# The people table's columns, in the page's order (the last meeting's date last, when shown).
PEOPLE_COLUMNS = ("name", "tier_label", "is_connection", *BLANK_WHEN_NONE)
PEOPLE_COLUMNS += ("messages_in", "messages_out", "channels")


def render_people_rows(people: list[dict], links: bool, meetings: bool = False) -> Markup:
    """The people table's rows. Written here rather than in the template because at 30,000
    people the template's per-cell lookups took most of the render; every value from the
    inputs is escaped, exactly as autoescape would. The cells are escaped a column at a time
    (one call for 30,000 names instead of 30,000 calls), then laid out row by row."""
    if not people:
        return Markup("")
    keys = (*PEOPLE_COLUMNS, "last_meeting") if meetings else PEOPLE_COLUMNS
    values = dict(zip(keys, zip(*map(itemgetter(*keys), people), strict=True), strict=True))
    columns = []
    for key in keys:
        column = values[key]
        if key == "is_connection":
            columns.append(["yes" if v else "no" for v in column])
            continue
        if key == "channels":
            column = [", ".join(v) for v in column]
        elif key in BLANK_WHEN_NONE or key == "last_meeting":
            column = ["" if v is None else v for v in column]
        columns.append(escape_column(column))
    if links:
        urls = [p["url"] for p in people]
        columns[0] = [
            f'<a href="{url}">{name}</a>' if raw else name
            for raw, url, name in zip(
                urls, escape_column([u or "" for u in urls]), columns[0], strict=True
            )
        ]
    tiers = escape_column([p["tier"] for p in people])
    return Markup(
        "".join(
            f'<tr class="{tier}"><td>' + "<td>".join(cells) + "\n"
            for tier, cells in zip(tiers, zip(*columns, strict=True), strict=True)
        )
    )


# Joins a column's strings for one escape call; no character markupsafe escapes.
_COLUMN_SEPARATOR = "\x00"


def escape_column(values: list | tuple) -> list[str]:
    """``str(escape(v))`` for each value, the strings of a column escaped in one call: escaping
    works character by character, so the escaped join is the join of the escaped values."""
    if not values:
        return []
    kinds = set(map(type, values))
    # An int escapes to its digits. Anything else but a plain str (None, Markup, an object
    # with __html__) goes through escape() on its own.
    if kinds == {int}:
        return list(map(str, values))
    if kinds == {str}:
        joined = _COLUMN_SEPARATOR.join(values)
        # A value holding the separator itself would split apart: escape those one by one.
        if joined.count(_COLUMN_SEPARATOR) == len(values) - 1:
            return str(escape(joined)).split(_COLUMN_SEPARATOR)
    return [str(escape(v)) for v in values]


@cache
def read_static(name: str) -> str:
    """One of the package's static files (CSS or JS) as text."""
    return resources.files("audit.report").joinpath("static", name).read_text(encoding="utf-8")


@cache
def build_environment(precompiled: bool = True) -> jinja2.Environment:
    """The report's jinja2 environment: from the compiled copy of the templates when it is
    current (``precompiled``), else from their source."""
    loader = _compiled_loader() if precompiled else None
    env = jinja2.Environment(
        loader=loader or jinja2.PackageLoader("audit.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = render_number
    env.filters["pct"] = render_percent
    env.filters["signed"] = render_signed
    return env


COMPILED_DIR = Path(__file__).parent / "compiled"


def read_templates_stamp() -> str:
    """What the compiled copy must have been made from: the jinja2 version (its generated
    code calls that version's runtime) and the SHA-256 of every template source."""
    digest = hashlib.sha256()
    folder = resources.files("audit.report").joinpath("templates")
    for name in sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".j2")):
        digest.update(name.encode("utf-8") + b"\0" + folder.joinpath(name).read_bytes() + b"\0")
    # Read from the module's own dict: no version lookup through importlib.metadata, and no
    # warning should a later jinja2 deprecate the attribute (a missing one means "recompile").
    version = jinja2.__dict__.get("__version__", "unknown")
    return f"jinja2 {version} sha256 {digest.hexdigest()}"


def _compiled_loader() -> jinja2.BaseLoader | None:
    try:
        from audit.report.compiled import STAMP
    except ImportError:  # no compiled copy shipped: the templates compile from source
        return None
    if read_templates_stamp() != STAMP:
        return None
    return jinja2.ModuleLoader(COMPILED_DIR)


def render_csp(css: str, js: str) -> str:
    """A policy that allows the two inlined blocks and data: images, and no request at all."""
    return "; ".join(
        (
            "default-src 'none'",
            f"style-src {_hash_source(css)}",
            f"script-src {_hash_source(js)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )


def render_number(value: int | float | None) -> str:
    """1234 -> "1,234"; None -> "–"."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def render_percent(share: float | None) -> str:
    """0.6667 -> "67%"; a share too small to round to 1% but not zero -> "<1%"."""
    if share is None:
        return "–"
    if 0 < share < 0.005:
        return "<1%"
    return f"{share:.0%}"


def render_signed(value: int) -> str:
    """A change as the page shows it: "+2", "−1", "0"."""
    if value > 0:
        return f"+{value:,}"
    if value < 0:
        return f"−{-value:,}"
    return "0"


def _hash_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
