"""Compile the report's jinja2 templates to the Python modules the audit loads at run time.

Parsing and compiling ``report.html.j2`` took longer than rendering it at a typical size,
on every run. ``write_compiled_templates`` writes what jinja2's own
``Environment.compile_templates`` makes (one module per template, named as
``jinja2.ModuleLoader`` looks them up) into ``audit/report/compiled``, with a stamp of the
jinja2 version and the template sources it was made from; ``audit.report.html`` uses the
copy only while that stamp still holds. ``tests/test_report_render.py`` fails when the copy
is stale, and ``pytest --update-golden`` rewrites it, as it does the golden files.

Command line: ``python -m tools.compile_templates`` (after editing a template).
"""

from __future__ import annotations

from pathlib import Path

from audit.report.html import COMPILED_DIR, build_environment, read_templates_stamp

PACKAGE_DOC = '''"""The report's jinja2 templates, compiled to Python: generated, do not edit.

Written by ``python -m tools.compile_templates`` from ``audit/report/templates``. The
``STAMP`` says which jinja2 version and which template sources the modules were made
from; ``audit.report.html`` compiles the templates from source when it does not match.
"""
'''


def write_compiled_templates(target: Path = COMPILED_DIR) -> None:
    """The compiled templates and their stamp, in ``target`` (old modules removed first)."""
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("tmpl_*.py"):
        old.unlink()
    build_environment(precompiled=False).compile_templates(target, zip=None, ignore_errors=False)
    stamp = read_templates_stamp()
    (target / "__init__.py").write_text(
        f'{PACKAGE_DOC}\nSTAMP = "{stamp}"\n', encoding="utf-8", newline="\n"
    )


if __name__ == "__main__":
    write_compiled_templates()
    print(f"wrote {COMPILED_DIR}")
