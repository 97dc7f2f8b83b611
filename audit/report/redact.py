"""Make a copy of an audit that can be shared: pseudonyms for names, no contact details.

``redact_document(document, extras)`` returns new dicts in which every person's name (the
owner's too) is a stable pseudonym drawn from a hash of the person id, so the same person
has the same pseudonym in every audit, and emails, phones, profile URLs, companies and
positions are gone. Counts, tiers, dates and charts are untouched. Free text written by the
pipeline (skip reasons, why two people were not merged) should carry no personal data; it is
scrubbed anyway of e-mail addresses, URLs, phone numbers and any name, company or position
of the audit. File names stay: they tell the reader where a problem is.
"""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import PurePath, PurePosixPath, PureWindowsPath

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


def redact_document(document: dict, extras: dict) -> tuple[dict, dict]:
    """Redacted copies of ``document`` and ``extras`` (the inputs are not changed)."""
    secrets = _collect_secrets(document, extras)
    doc = copy.deepcopy(document)
    for person in doc.get("people") or []:
        _redact_person(person)
    for entry in doc.get("skipped") or []:
        if entry.get("reason"):
            entry["reason"] = redact_text(entry["reason"], secrets)
    pseudonyms = {p["id"]: p["name"] for p in doc.get("people") or []}
    return doc, _redact_extras(extras, pseudonyms, secrets)


def render_pseudonym(person_id: str) -> str:
    """A readable name that is always the same for the same person id: "Calm Heron 3f9a"."""
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


def _redact_person(person: dict) -> None:
    person["name"] = render_pseudonym(person["id"])
    person["linkedin_url"] = None
    person["emails"] = []
    person["phones"] = []
    person["company"] = None
    person["position"] = None


def _redact_extras(extras: dict, pseudonyms: dict[str, str], secrets: set) -> dict:
    out = copy.deepcopy(extras)
    if out.get("owner") is not None:
        out["owner"] = {**out["owner"], "name": OWNER_PSEUDONYM, "url": None}
    # A full input path may hold the user's name (/home/ada/...); the file's own name is enough.
    for entry in out.get("inputs") or []:
        entry["path"] = _find_base_name(entry.get("path") or "")
    for merge in out.get("merges") or []:
        merge["name"] = pseudonyms.get(merge.get("id")) or render_pseudonym(merge.get("id", ""))
    for pair in out.get("possible_duplicates") or []:
        pair["a_name"] = pseudonyms.get(pair.get("a")) or render_pseudonym(pair.get("a", ""))
        pair["b_name"] = pseudonyms.get(pair.get("b")) or render_pseudonym(pair.get("b", ""))
        if pair.get("why"):
            pair["why"] = redact_text(pair["why"], secrets)
    moved = out.get("change_people")
    if moved and moved.get("removed"):
        # Removed people have no id left to derive a pseudonym from; a number leaks nothing.
        moved["removed"] = [f"Removed connection {i}" for i in range(1, len(moved["removed"]) + 1)]
    out["redacted"] = True
    return out


def _collect_secrets(document: dict, extras: dict) -> set[tuple[str, ...]]:
    """Every name, company and position of the audit, as tuples of folded words."""
    phrases = []
    for person in document.get("people") or []:
        phrases += [person.get("name"), person.get("company"), person.get("position")]
    owner = extras.get("owner") or {}
    phrases.append(owner.get("name"))
    phrases += [m.get("name") for m in extras.get("merges") or []]
    for pair in extras.get("possible_duplicates") or []:
        phrases += [pair.get("a_name"), pair.get("b_name")]
    phrases += (extras.get("change_people") or {}).get("removed") or []
    secrets = set()
    for phrase in phrases:
        words = tuple(w.casefold() for w in WORD.findall(phrase or ""))
        if words:
            secrets.add(words)
    return secrets


def _find_base_name(path: str) -> str:
    """The last part of a POSIX or Windows path."""
    pure: PurePath = PureWindowsPath(path) if "\\" in path else PurePosixPath(path)
    return pure.name
