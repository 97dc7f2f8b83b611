"""Turn names, emails, phones, LinkedIn URLs, companies and places into comparable keys.

Everything that decides whether two spellings are "the same" lives here, each
rule once, so resolve and interactions compare keys and never raw text. Names
are folded (Unicode-normalised, transliterated when not Latin, case and accents
gone, honorifics, credentials, pronouns and emoji stripped) and given names are
mapped through a nickname table (``audit/data/nicknames.csv``). Keys are
computed on the distinct values of a column and mapped back, which keeps the
Python work proportional to the number of different values, not of rows.

The parts: ``names`` (names and companies), ``places`` (cities, streets, postcodes),
``contacts`` (profile URLs, e-mail addresses, phones, countries) and ``columns`` (the
frames' key columns, computed once per distinct value).
"""

from audit.normalize.columns import (
    map_unique,
    normalize_match_keys,
    normalize_message_keys,
    normalize_records,
    normalize_ref_keys,
    normalize_references,
)
from audit.normalize.contacts import (
    CANONICAL_PROFILE,
    COUNTRY_REGIONS,
    FREE_MAIL_DOMAINS,
    GMAIL_DOMAINS,
    INTERNATIONAL_PREFIXES,
    MIN_NATIONAL_DIGITS,
    normalize_country,
    normalize_email,
    normalize_email_domain,
    normalize_email_text,
    normalize_linkedin_url,
    normalize_phone,
)
from audit.normalize.names import (
    AMBIGUOUS_CREDENTIALS,
    CREDENTIALS,
    FAMILY_PARTICLES,
    GENERATIONS,
    GENERIC_COMPANIES,
    HONORIFICS,
    JUNIOR_GENERATIONS,
    LEGAL_FORMS,
    PRONOUNS,
    fold_transcriptions,
    is_unsure_script,
    normalize_company,
    normalize_generation,
    normalize_given_name,
    normalize_name,
    normalize_name_parts,
    normalize_words,
    read_given_names,
    read_nicknames,
)
from audit.normalize.places import (
    STREET_TYPES,
    UNIT_WORDS,
    normalize_place,
    normalize_postcode,
    normalize_street,
)

__all__ = [
    "normalize_ref_keys",
    "normalize_references",
    "map_unique",
    "normalize_records",
    "normalize_match_keys",
    "normalize_message_keys",
    "CANONICAL_PROFILE",
    "GMAIL_DOMAINS",
    "FREE_MAIL_DOMAINS",
    "normalize_linkedin_url",
    "normalize_email_text",
    "normalize_email",
    "normalize_email_domain",
    "COUNTRY_REGIONS",
    "INTERNATIONAL_PREFIXES",
    "MIN_NATIONAL_DIGITS",
    "normalize_country",
    "normalize_phone",
    "HONORIFICS",
    "CREDENTIALS",
    "AMBIGUOUS_CREDENTIALS",
    "PRONOUNS",
    "FAMILY_PARTICLES",
    "LEGAL_FORMS",
    "GENERIC_COMPANIES",
    "normalize_words",
    "normalize_name",
    "normalize_name_parts",
    "normalize_company",
    "read_nicknames",
    "read_given_names",
    "fold_transcriptions",
    "GENERATIONS",
    "JUNIOR_GENERATIONS",
    "normalize_generation",
    "is_unsure_script",
    "normalize_given_name",
    "normalize_place",
    "STREET_TYPES",
    "UNIT_WORDS",
    "normalize_street",
    "normalize_postcode",
]
