"""Names of a package loaded from its parts on first use (PEP 562), not when it is imported.

Every run imports the ingest packages to tell files apart, few read mail or a calendar:
``audit.ingest.email`` and ``audit.ingest.calendar`` load their readers (header parsing,
time zones, dateutil) only when a name of theirs is first asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def load_on_first_use(package: str, parts: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package`` that finds each name of ``parts`` (name ->
    the part that holds it) in ``package.part``, importing that part the first time."""

    def __getattr__(name: str) -> object:
        part = parts.get(name)
        if part is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{part}"), name)

    return __getattr__
