"""Names and companies as comparable keys: words folded (Unicode-normalised,
transliterated, case, accents and emoji gone), honorifics, credentials, pronouns and
headlines stripped, given names mapped through the nickname table
(``audit/data/nicknames.csv``), transcribed umlauts folded, generational suffixes read, and
scripts whose transliteration cannot be trusted told apart."""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from anyascii import anyascii

# Words before a name that dress it without changing who it is.
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "fr", "herr", "frau"}
)


# Credentials and generation suffixes. Dropped at the end of a name, and after a comma.
CREDENTIALS = frozenset(
    {
        *("phd", "mba", "msc", "bsc", "cpa", "pmp", "cfa", "esq", "jr", "sr", "ii", "iii"),
        *("dds", "llm", "mph", "frcs", "cissp", "acca", "aca", "fca", "dphil", "mrcp"),
        *("ceng", "peng", "csm", "shrm", "cscp", "meng", "beng", "mfa", "edd", "psyd"),
    }
)


# Credentials that are also names (the surname Ma, a given name Jd): only after a comma.
AMBIGUOUS_CREDENTIALS = frozenset({"ma", "ba", "md", "pe", "rn", "jd", "iv", "do", "ca", "ms"})


PRONOUNS = re.compile(
    r"[(\[]?\s*\b(?:he|she|they|ze|xe)\s*/\s*(?:him|his|her|hers|them|theirs|hir|zir|xem|they|"
    r"she|he)\b(?:\s*/\s*\w+)?\s*[)\]]?",
    re.I,
)


_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


# Han and Hangul write one syllable per character without spaces; transliterated
# together they would be one word ("LiWei"), so each becomes a word of its own.
_SYLLABIC = re.compile(
    r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0002ffff])"
)


# A name in Han or Hangul characters only: family name first, no spaces.
_SYLLABIC_NAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")


# Words that belong to the family name that follows them.
FAMILY_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "dos", "st"}
)


_NOT_WORD = re.compile(r"[^a-z0-9]+")


# Emoji and other pictographs, with the joiners and selectors that build them.
_DECORATION = {"So", "Sk", "Cf", "Co", "Cs"}


_SELECTORS = re.compile("[\ufe00-\ufe0f\u20e3]")


# Legal forms and filler that do not tell one company from another.
LEGAL_FORMS = frozenset(
    {
        *("inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited"),
        *("llc", "llp", "lp", "plc", "gmbh", "mbh", "ag", "kg", "se", "sa", "sas", "sarl"),
        *("srl", "spa", "bv", "nv", "oy", "oyj", "ab", "as", "asa", "aps", "pty", "pvt"),
        *("kk", "ooo", "zao", "oao", "pjsc", "sl", "sro", "kft", "the", "und", "and"),
    }
)


# "Companies" that many unrelated people share.
GENERIC_COMPANIES = frozenset(
    {
        *("self employed", "self", "freelance", "freelancer", "independent", "retired"),
        *("student", "unemployed", "confidential", "stealth", "stealth startup", "none"),
        *("n a", "na", "various", "consultant", "independent consultant", "home", "private"),
    }
)


def normalize_words(raw: str | None) -> list[str]:
    """Text as comparable words: NFKC, emoji dropped, transliterated to ASCII (Cyrillic,
    Greek, Han, Hangul ...), lower case, accents and apostrophes gone (O'Neil -> oneil),
    split on everything that is not a letter or digit (Mary-Kate -> mary kate)."""
    return list(_fold_words(raw)) if raw else []


@lru_cache(maxsize=1 << 18)
def _fold_words(raw: str) -> tuple[str, ...]:
    """``normalize_words`` once per distinct text, as a tuple the cache can share: the same
    names, places and companies come back on every row and in every stage."""
    text = unicodedata.normalize("NFKC", raw)
    if not text.isascii():
        text = "".join(c for c in text if unicodedata.category(c) not in _DECORATION)
        text = _SELECTORS.sub("", text)
        text = anyascii(_SYLLABIC.sub(r" \1 ", text))
    text = text.lower().replace("'", "")
    return tuple(w for w in _NOT_WORD.split(text) if w)


@lru_cache(maxsize=1 << 18)
def normalize_name(raw: str | None) -> str | None:
    """A name folded for comparison: see ``normalize_words``; honorifics before it,
    credentials after it ("Dr. Jane Doe, PhD"), pronouns ("(she/her)"), anything in
    brackets and a headline after "|" are gone. Cached: the same names come back in
    every column and stage."""
    if not raw:
        return None
    text = raw.split("|", 1)[0]
    if "(" in text or "[" in text:
        # A bracket may hold a comma ("Jane Doe (Acme, Inc.)"): out before the split.
        text = _BRACKETED.sub(" ", PRONOUNS.sub(" ", text))
        pieces = [_fold_words(p) for p in text.split(",")]
    else:
        # No pronoun holds a comma, so each piece loses its own: one fold per distinct piece
        # ("Jane Doe" in every "Jane Doe, Ada Byron, ..." span of a TO that is tried).
        pieces = [_fold_piece(p) for p in text.split(",")]
    words = list(pieces[0])
    for extra in pieces[1:]:
        # "Doe, Jane" is a name written surname first; "Doe, MBA, PMP" ends in credentials.
        if not _are_credentials(extra):
            words.extend(extra)
    while words and words[0] in HONORIFICS and len(words) > 1:
        words = words[1:]
    while words and words[-1] in CREDENTIALS and len(words) > 1:
        words = words[:-1]
    return " ".join(words) or None


@lru_cache(maxsize=1 << 18)
def _fold_piece(piece: str) -> tuple[str, ...]:
    """The words of one comma-separated piece of a name without brackets, pronouns gone."""
    return _fold_words(PRONOUNS.sub(" ", piece))


def _are_credentials(words: list[str] | tuple[str, ...]) -> bool:
    return all(w in CREDENTIALS or w in AMBIGUOUS_CREDENTIALS for w in words)


def normalize_name_parts(raw: str | None) -> list[str | None]:
    """[given, family] from a display name alone: the first word and the last (with the
    particles before it: "van den berg", "de la cruz"); for a name written surname first
    ("Doe, Jane"), the words after and before the comma; for a Chinese, Japanese or
    Korean name written in its script without spaces ("郑志强"), the first character is
    the family name and the rest the given name, as those names are written."""
    text = (raw or "").strip()
    if len(text) > 1 and _SYLLABIC_NAME.fullmatch(text):
        given = "".join(normalize_words(text[1:]))
        return [given or None, "".join(normalize_words(text[0])) or None]
    head, _, tail = text.partition(",")
    given_words = (normalize_name(tail) or "").split() if tail else []
    if given_words and not _are_credentials(given_words):
        if _SYLLABIC_NAME.fullmatch(tail.strip()):  # "胡, 强勇": one given name
            given_words = ["".join(given_words)]
        return [given_words[0], _take_family_name((normalize_name(head) or "").split())]
    words = (normalize_name(raw) or "").split()
    if not words:
        return [None, None]
    return [words[0], _take_family_name(words[1:])]


def _take_family_name(words: list[str]) -> str | None:
    """The last word with the particles before it (van, de, von ...), from a name's words."""
    if not words:
        return None
    start = len(words) - 1
    while start > 0 and words[start - 1] in FAMILY_PARTICLES:
        start -= 1
    return " ".join(words[start:])


def normalize_company(raw: str | None) -> str | None:
    """A company folded for comparison, legal forms gone ("Acme, Inc." and "ACME GmbH" are
    both "acme"); None for values many unrelated people share ("Self-employed")."""
    words = _join_initials(normalize_words(_BRACKETED.sub(" ", raw or "")))
    if not words or " ".join(words) in GENERIC_COMPANIES:
        return None
    kept = [w for w in words if w not in LEGAL_FORMS]
    return " ".join(kept or words)


def _join_initials(words: list[str]) -> list[str]:
    """Runs of single letters as one word: "B.V." and "S.r.l." fold to "bv" and "srl"."""
    joined: list[str] = []
    run = ""
    for word in [*words, ""]:
        if len(word) == 1:
            run += word
            continue
        if run:
            joined.append(run)
            run = ""
        if word:
            joined.append(word)
    return joined


@cache
def read_nicknames() -> dict[str, frozenset[str]]:
    """Each nickname or spelling variant of ``audit/data/nicknames.csv`` with the formal
    names it may stand for, followed upwards (sepp -> josef -> joseph), never sideways
    (jon stands for john and for jonathan, which stay two names)."""
    text = resources.files("audit").joinpath("data", "nicknames.csv").read_text("utf-8")
    rows = csv.reader(line for line in text.splitlines() if line and not line.startswith("#"))
    parents: dict[str, set[str]] = {}
    for name, nickname in list(rows)[1:]:
        name, nickname = fold_transcriptions(name.strip()), fold_transcriptions(nickname.strip())
        if name != nickname:
            parents.setdefault(nickname, set()).add(name)
    closed: dict[str, frozenset[str]] = {}
    for nickname in parents:
        seen, todo = set(), [nickname]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        closed[nickname] = frozenset(seen)
    return closed


@cache
def read_given_names() -> frozenset[str]:
    """Every given name the nickname table knows, formal or not (folded): two of them that
    share no formal name are two different names, however alike they look."""
    table = read_nicknames()
    return frozenset(table) | frozenset().union(*table.values())


# "ue", "oe", "ae" between a consonant and a letter, where German, Danish and Swedish
# names write "ü", "ö"/"ø", "ä"/"æ" without the letter (Mueller, Mueller; Soeren, Søren):
# folded to the plain vowel, as anyascii folds the letter itself. Not at the end of a word
# (Joe and Jo are two names), nor before a last "l", "la", "le" or "lle" or a "y", where
# names of other languages write the two vowels: Michael and Michaela, Samuel, Manuela,
# Joelle, Joey (folded, Samuel would be a man's form of "Samule", Joey would be Joy).
_TRANSCRIBED = re.compile(r"(?<=[bcdfghjklmnpqrstvwxz])([aou])e(?=[a-xz])(?!l(?:a|e|le)?\b)")


def fold_transcriptions(word: str | None) -> str | None:
    """A folded name with its transcribed umlauts folded too: "juergen mueller" and
    "jurgen muller" (from "Jürgen Müller") are one key; "ß" is already "ss"."""
    # Only where a vowel and an "e" meet can the regex match: most names are returned as they
    # are without it (8,600 calls at the typical size, the nickname table's among them).
    if not word or ("ae" not in word and "oe" not in word and "ue" not in word):
        return word
    return _TRANSCRIBED.sub(r"\1", word)


# Generational suffixes and the generation each stands for; "iv" only after a comma or at
# the end of a name of three words or more (it is also a given name's start).
GENERATIONS = {
    **{"jr": "jr", "junior": "jr", "jnr": "jr", "sr": "sr", "senior": "sr", "snr": "sr"},
    **{"ii": "ii", "2nd": "ii", "iii": "iii", "3rd": "iii", "iv": "iv", "4th": "iv"},
}


# The generations that say "not the parent": a "Jr." beside a name without a suffix at the
# same address is the son, the other may be the father.
JUNIOR_GENERATIONS = frozenset({"jr", "ii", "iii", "iv"})


@lru_cache(maxsize=1 << 16)
def normalize_generation(raw: str | None) -> str | None:
    """The generational suffix a name or family name carries ("jr", "sr", "ii", "iii",
    "iv"), or None: "Robert Smith Jr.", "Smith, Robert, Jr", "Smith III"."""
    if not raw:
        return None
    words = _NOT_WORD.split(_BRACKETED.sub(" ", PRONOUNS.sub(" ", raw)).lower().replace(".", ""))
    words = [w for w in words if w]
    if len(words) < 2:
        return None
    found = GENERATIONS.get(words[-1])
    if found == "iv" and len(words) < 3 and "," not in raw:
        return None
    return found


_UNSURE_SCRIPTS = re.compile(
    "[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002ffff\u0e00-\u0e7f]"
)


def is_unsure_script(raw: str | None) -> bool:
    """Whether a name is written in a script whose transliteration cannot be trusted to
    disagree: Han (a Japanese name's kanji read as Chinese), kana, Hebrew and Arabic
    (written without vowels), Thai. Cyrillic, Greek and Hangul transliterate reliably.
    Such a name may still agree with its Latin form (a Chinese name and its pinyin)."""
    return bool(raw) and _UNSURE_SCRIPTS.search(raw) is not None


def normalize_given_name(first: str | None) -> list[str]:
    """The forms a folded given name may stand for: itself and the formal names of the
    nickname table (bob -> bob, robert). Two given names match when these share one."""
    if not first:
        return []
    word = first.split(" ", 1)[0]
    return sorted({word, *read_nicknames().get(word, ())})
