"""Turn names, emails, phones and LinkedIn URLs into comparable keys, each rule written once.

Everything that decides whether two spellings are "the same" lives here, so
resolve and interactions compare keys and never raw text. Keys are computed on
the distinct values of a column and mapped back, which keeps the Python work
proportional to the number of different values, not of rows.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

import phonenumbers
import polars as pl
from anyascii import anyascii

from audit.schemas import RECORD_KEYS, REFERENCES

CANONICAL_PROFILE = "https://www.linkedin.com/{kind}/{slug}"

# Gmail ignores dots and +tags in the local part; other providers do not, so
# folding them elsewhere would merge different people.
GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})

# Words that dress a name without changing who it is.
HONORIFICS = frozenset(
    {
        *("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "fr"),
        *("jr", "sr", "ii", "iii", "iv"),
        *("phd", "md", "mba", "msc", "bsc", "ba", "ma", "cpa", "pmp", "cfa", "esq"),
        *("pe", "rn", "dds", "jd", "llm"),
    }
)
PRONOUNS = re.compile(r"[(\[]\s*(he|she|they|ze|xe)\s*/\s*\w+\s*[)\]]", re.I)


def normalize_linkedin_url(raw: str | None) -> str | None:
    """``https://www.linkedin.com/in/<slug>`` for any way of writing a profile URL, else None.

    Any ``*.linkedin.com`` host (country subdomains like ``uk.``), with or without scheme,
    query or trailing slash; the slug lower-cased and percent-decoded; legacy ``/pub/`` kept
    as ``/pub/...`` since it cannot be mapped to an ``/in/`` slug.
    """
    if not raw:
        return None
    text = raw.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return None
    segments = [unquote(s).strip().lower() for s in parts.path.split("/") if s.strip()]
    if len(segments) < 2 or segments[0] not in ("in", "pub"):
        return None
    slug = "/".join(segments[1:]) if segments[0] == "pub" else segments[1]
    return CANONICAL_PROFILE.format(kind=segments[0], slug=slug)


def normalize_email(raw: str | None) -> str | None:
    if not raw:
        return None
    text = raw.strip().lower()
    if text.startswith("mailto:"):
        text = text[7:]
    local, at, domain = text.rpartition("@")
    if not at or not local or "." not in domain or " " in text:
        return None
    if domain in GMAIL_DOMAINS:
        local = local.split("+", 1)[0].replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def normalize_phone(raw: str | None, region: str) -> str | None:
    """E.164 when the number is possible in its country, else None."""
    if not raw:
        return None
    text = raw.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_name(raw: str | None) -> str | None:
    """A name folded for comparison: transliterated, accents, case, honorifics and emoji gone."""
    if not raw:
        return None
    text = PRONOUNS.sub(" ", raw)
    text = anyascii(unicodedata.normalize("NFKC", text)).lower()
    # Credentials come after a comma ("Jane Doe, PhD"); anything in brackets is decoration.
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    words = [w for w in re.split(r"[^a-z0-9']+", text.replace("'", "")) if w]
    words = [w for w in words if w not in HONORIFICS]
    return " ".join(words) or None


def ref_key(url: str | None, name: str | None) -> str | None:
    """How a person named in messages, invitations or gives is looked up: URL, else name."""
    url_key = normalize_linkedin_url(url)
    if url_key:
        return url_key
    name_key = normalize_name(name)
    return f"name:{name_key}" if name_key else None


def normalize_references(named: pl.DataFrame) -> pl.DataFrame:
    """REFERENCES from a frame of ``url`` and ``name`` columns (invitations, gives)."""
    return (
        named.with_columns(
            ref_key=pl.struct("url", "name").map_elements(
                lambda r: ref_key(r["url"], r["name"]), return_dtype=pl.Utf8
            ),
            name_key=_map_unique(named["name"], normalize_name),
        )
        .drop_nulls("ref_key")
        .select(list(REFERENCES))
    )


def _map_unique(column: pl.Series, fn) -> pl.Series:
    """Apply ``fn`` once per distinct value: messages repeat the same URLs thousands of times."""
    uniques = column.drop_nulls().unique()
    table = {value: fn(value) for value in uniques.to_list()}
    return column.replace_strict(table, default=None, return_dtype=pl.Utf8)


def _map_lists(column: pl.Series, fn) -> pl.Series:
    flat = column.explode()
    uniques = flat.drop_nulls().unique().to_list()
    table = {value: fn(value) for value in uniques}
    return column.list.eval(
        pl.element()
        .replace_strict(table, default=None, return_dtype=pl.Utf8)
        .drop_nulls()
        .unique(maintain_order=True)
    )


def normalize_records(records: pl.DataFrame, phone_region: str) -> pl.DataFrame:
    """RECORDS + RECORD_KEYS."""
    if records.is_empty():
        return records.with_columns(
            [pl.lit(None, dtype=t).alias(c) for c, t in RECORD_KEYS.items()]
        )
    return records.with_columns(
        url_key=_map_unique(records["linkedin_url"], normalize_linkedin_url),
        email_keys=_map_lists(records["emails"], normalize_email),
        phone_keys=_map_lists(records["phones"], lambda p: normalize_phone(p, phone_region)),
        name_key=_map_unique(records["name"], normalize_name),
    )


def normalize_message_keys(messages: pl.DataFrame) -> pl.DataFrame:
    """MESSAGES + ``sender_key`` and ``recipient_keys`` (see ``ref_key``).

    A ``LinkedIn Member`` without a URL is somebody whose profile is hidden: it
    gets a key of its own per conversation, so it counts once as a participant
    and never matches a person.
    """
    if messages.is_empty():
        return messages.with_columns(
            sender_key=pl.lit(None, dtype=pl.Utf8),
            recipient_keys=pl.lit(None, dtype=pl.List(pl.Utf8)),
        )
    sender_url_key = _map_unique(messages["sender_url"], normalize_linkedin_url)
    sender_name_key = _map_unique(messages["sender_name"], normalize_name)
    recipient_urls = _map_lists(messages["recipient_urls"], normalize_linkedin_url)
    recipient_names = _map_lists(messages["recipient_names"], normalize_name)
    hidden = pl.format("member:{}", pl.col("conversation_id"))
    keyed = messages.with_columns(
        sender_key=pl.when(sender_url_key.is_not_null())
        .then(sender_url_key)
        .when(pl.col("sender_name").str.to_lowercase() == "linkedin member")
        .then(hidden)
        .when(sender_name_key.is_not_null())
        .then(pl.format("name:{}", sender_name_key)),
        recipient_keys=pl.when(recipient_urls.list.len() > 0)
        .then(recipient_urls)
        .otherwise(recipient_names.list.eval(pl.lit("name:") + pl.element())),
    )
    # A hidden recipient's key needs its row's conversation id, which list.eval cannot see.
    hidden_recipients = keyed["recipient_keys"].list.contains("name:linkedin member")
    if not hidden_recipients.any():
        return keyed
    fixed = (
        keyed.with_row_index("_row")
        .filter(hidden_recipients)
        .select("_row", "conversation_id", "recipient_keys")
        .explode("recipient_keys")
        .with_columns(
            pl.when(pl.col("recipient_keys") == "name:linkedin member")
            .then(hidden)
            .otherwise(pl.col("recipient_keys"))
        )
        .group_by("_row", maintain_order=True)
        .agg(pl.col("recipient_keys"))
    )
    return (
        keyed.with_row_index("_row")
        .join(fixed, on="_row", how="left", suffix="_fixed")
        .with_columns(pl.coalesce("recipient_keys_fixed", "recipient_keys").alias("recipient_keys"))
        .drop("_row", "recipient_keys_fixed")
    )
