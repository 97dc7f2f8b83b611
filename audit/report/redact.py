"""Make a copy of an audit that can be shared: pseudonyms for names, no contact details.

``redact_document(document, extras, key)`` returns new dicts in which every person id is
replaced by a keyed hash of it (HMAC-SHA256 with the user's secret redaction key) and every
person's name (the owner's too) is a pseudonym drawn from that keyed id. A plain person id is a
hash of the profile URL, so a recipient could hash a URL they suspect and find the person; with
the key they cannot, while the same user still sees the same pseudonym in every month's report.
Emails, phones, profile URLs, companies and positions are gone. Counts, tiers, dates and charts
are untouched. Free text written by the pipeline (skip reasons, why two people were not merged)
should carry no personal data; it is scrubbed anyway of e-mail addresses, URLs, phone numbers
and any name, company or position of the audit. File names stay: they tell the reader where a
problem is.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import PurePath, PurePosixPath, PureWindowsPath

from audit.schemas import sort_people

ADJECTIVES = (
    "Amber",
    "Brave",
    "Bright",
    "Calm",
    "Clever",
    "Copper",
    "Coral",
    "Crimson",
    "Dapper",
    "Eager",
    "Gentle",
    "Golden",
    "Honest",
    "Indigo",
    "Jolly",
    "Keen",
    "Lively",
    "Lucky",
    "Mellow",
    "Misty",
    "Nimble",
    "Noble",
    "Plucky",
    "Quiet",
    "Rapid",
    "Rosy",
    "Silver",
    "Steady",
    "Sunny",
    "Swift",
    "Tidy",
    "Witty",
)
ANIMALS = (
    "Badger",
    "Beaver",
    "Bison",
    "Crane",
    "Dolphin",
    "Falcon",
    "Ferret",
    "Finch",
    "Gecko",
    "Heron",
    "Ibis",
    "Jackal",
    "Koala",
    "Lemur",
    "Lynx",
    "Marten",
    "Moose",
    "Newt",
    "Ocelot",
    "Osprey",
    "Otter",
    "Panda",
    "Puffin",
    "Quokka",
    "Raven",
    "Robin",
    "Salmon",
    "Seal",
    "Stork",
    "Tapir",
    "Walrus",
    "Wombat",
)
OWNER_PSEUDONYM = "the owner"
REDACTED = "[redacted]"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org)/\S*", re.I)
# Digits with the separators phone numbers are written with. Dates look alike ("11-21-2026",
# a skip reason quoting a bad date): a run holding a date, or of fewer than seven digits, stays.
PHONE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")
DATE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")
PHONE_DIGITS = 7
WORD = re.compile(r"\w+")
# Below this a key could be guessed, and ids hashed with it would be as open as plain ones.
MIN_KEY_BYTES = 16
# The lists of change_people that name people of this audit by id ("removed" holds names).
CHANGE_ID_LISTS = ("cooled", "warmed", "new")


def redact_document(document: dict, extras: dict, key: bytes) -> tuple[dict, dict]:
    """Redacted copies of ``document`` and ``extras`` (the inputs are not changed), person ids
    keyed with ``key``, the user's secret redaction key.

    Every dict that redaction changes is a new one; values it leaves as they are (a person's
    records and channels, the summary) are shared with the inputs, not copied: a deep copy of
    30,000 people took a second, and nothing downstream changes a document in place.
    """
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"a redaction key needs at least {MIN_KEY_BYTES} bytes")
    scrub = _Scrubber(_collect_secrets(document, extras), key)
    doc = dict(document)
    # Sorted again: people alike in tier and dates were in the order of their real names.
    doc["people"] = sort_people([_redact_person(p, scrub) for p in doc.get("people") or []])
    if doc.get("skipped"):
        doc["skipped"] = [
            {**entry, "reason": scrub.text(entry["reason"])} if entry.get("reason") else entry
            for entry in doc["skipped"]
        ]
    if doc.get("owner") is not None:
        doc["owner"] = _redact_owner(doc["owner"])
    return doc, _redact_extras(extras, scrub)


class _Scrubber:
    """Redacted ids, pseudonyms and free text of one redaction, each distinct value worked out
    once: thousands of people and extras name the same ids, and skip reasons repeat."""

    def __init__(self, secrets: set[tuple[str, ...]], key: bytes):
        self.secrets = secrets
        self.key = key
        self._ids: dict[str, str] = {}
        self._texts: dict[str, str] = {}

    def id(self, person_id: str) -> str:
        found = self._ids.get(person_id)
        if found is None:
            found = self._ids[person_id] = redact_person_id(person_id, self.key)
        return found

    def text(self, text: str) -> str:
        found = self._texts.get(text)
        if found is None:
            found = self._texts[text] = redact_text(text, self.secrets)
        return found


def _redact_owner(owner: dict) -> dict:
    """The owner as a redacted document shows them: where their addresses came from stays,
    the addresses and the profile go."""
    return {**owner, "name": OWNER_PSEUDONYM, "linkedin_url": None, "emails": []}


def redact_person_id(person_id: str, key: bytes) -> str:
    """The id a redacted report shows for ``person_id``: the same for the same key, and no
    one without the key can tell which person (or which profile URL) it stands for."""
    # hmac.digest: the one-shot form, the same bytes as hmac.new(...).digest() and faster.
    return "p-" + hmac.digest(key, person_id.encode("utf-8"), "sha256").hex()[:12]


def render_pseudonym(person_id: str) -> str:
    """A readable name that is always the same for the same person id: "Calm Heron 3f9a".

    Give it a redacted id: from a plain id anyone could compute it.
    """
    digest = hashlib.sha256(person_id.encode("utf-8")).digest()
    adjective = ADJECTIVES[digest[0] % len(ADJECTIVES)]
    animal = ANIMALS[digest[1] % len(ANIMALS)]
    return f"{adjective} {animal} {digest[2:4].hex()}"


def redact_text(text: str, secrets: set[tuple[str, ...]]) -> str:
    """``text`` without e-mail addresses, URLs, phone numbers or any of ``secrets``.

    ``secrets`` are phrases as tuples of folded words, so a name is found whatever its case
    or the punctuation around it.
    """
    text = EMAIL.sub(REDACTED, text)
    text = URL.sub(REDACTED, text)
    text = PHONE.sub(_redact_phone, text)
    if not secrets:
        return text
    longest = max(len(s) for s in secrets)
    words = list(WORD.finditer(text))
    spans = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            if tuple(w.group(0).casefold() for w in words[i : i + n]) in secrets:
                spans.append((words[i].start(), words[i + n - 1].end()))
                i += n
                break
        else:
            i += 1
    for start, end in reversed(spans):
        text = text[:start] + REDACTED + text[end:]
    return text


def _redact_phone(match: re.Match) -> str:
    run = match.group(0)
    if DATE.search(run) or sum(c.isdigit() for c in run) < PHONE_DIGITS:
        return run
    return REDACTED


def _redact_person(person: dict, scrub: _Scrubber) -> dict:
    person_id = scrub.id(person["id"])
    return {
        **person,
        "id": person_id,
        "name": render_pseudonym(person_id),
        "linkedin_url": None,
        "emails": [],
        "phones": [],
        "company": None,
        "position": None,
    }


def _redact_extras(extras: dict, scrub: _Scrubber) -> dict:
    out = dict(extras)
    if out.get("owner") is not None:
        out["owner"] = {**out["owner"], "name": OWNER_PSEUDONYM, "url": None, "emails": []}
    if out.get("name_joins"):
        out["name_joins"] = [
            {
                **join,
                "id": (i := scrub.id(join["id"])),
                "name": render_pseudonym(i),
                "address": None,
            }
            for join in out["name_joins"]
        ]
    # A full input path may hold the user's name (/home/ada/...); the file's own name is enough.
    if out.get("inputs"):
        out["inputs"] = [
            {**entry, "path": _find_base_name(entry.get("path") or "")} for entry in out["inputs"]
        ]
    if out.get("give_people"):
        out["give_people"] = [{**e, "id": scrub.id(e["id"])} for e in out["give_people"]]
    if out.get("merges"):
        out["merges"] = [
            {**merge, "id": (i := scrub.id(merge["id"])), "name": render_pseudonym(i)}
            for merge in out["merges"]
        ]
    if out.get("possible_duplicates"):
        out["possible_duplicates"] = [
            _redact_pair(pair, scrub) for pair in out["possible_duplicates"]
        ]
    moved = out.get("change_people")
    if moved:
        moved = out["change_people"] = dict(moved)
        for kind in CHANGE_ID_LISTS:
            if moved.get(kind):
                moved[kind] = [scrub.id(i) for i in moved[kind]]
    if moved and moved.get("removed"):
        # Removed people have no id left to derive a pseudonym from; a number leaks nothing.
        moved["removed"] = [f"Removed connection {i}" for i in range(1, len(moved["removed"]) + 1)]
    out["redacted"] = True
    return out


def _redact_pair(pair: dict, scrub: _Scrubber) -> dict:
    pair = dict(pair)
    for side in ("a", "b"):
        pair[side] = scrub.id(pair[side])
        pair[f"{side}_name"] = render_pseudonym(pair[side])
    if pair.get("why"):
        pair["why"] = scrub.text(pair["why"])
    return pair


def _collect_secrets(document: dict, extras: dict) -> set[tuple[str, ...]]:
    """Every name, company and position of the audit, as tuples of folded words."""
    phrases = set()
    for person in document.get("people") or []:
        phrases.update((person.get("name"), person.get("company"), person.get("position")))
    owner = extras.get("owner") or {}
    phrases.add(owner.get("name"))
    phrases.update(m.get("name") for m in extras.get("merges") or [])
    for pair in extras.get("possible_duplicates") or []:
        phrases.update((pair.get("a_name"), pair.get("b_name")))
    phrases.update((extras.get("change_people") or {}).get("removed") or [])
    secrets = set()
    # Each distinct phrase once: companies and positions repeat across thousands of people.
    for phrase in phrases:
        words = tuple(w.casefold() for w in WORD.findall(phrase or ""))
        if words:
            secrets.add(words)
    return secrets


def _find_base_name(path: str) -> str:
    """The last part of a POSIX or Windows path."""
    pure: PurePath = PureWindowsPath(path) if "\\" in path else PurePosixPath(path)
    return pure.name
