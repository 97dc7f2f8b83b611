"""Thresholds, paths and the config file: everything an audit is told, in one place.

``Settings`` is what the pipeline runs with. The command line fills it, over
the config file (TOML, in the platform's user config directory or given with
``--config``), over the defaults here. Paths of the user's data, config and
logs come from platformdirs so the tool behaves like any other on the platform.
The user's redaction key (a random secret that keys the ids and pseudonyms of redacted
reports) is kept in the data directory and read or made here too.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import platformdirs

APP = "reachable"

ACTIVE_DAYS = 90
WINDOW_DAYS = 365
# Beyond five participants a thread is a group chat, not a relationship.
MAX_GROUP = 5
DEFAULT_REGION = "US"
# Dates from year 1000 to 9999 and windows of at most a century: every date an audit works
# out (the as-of date less two windows) then stays within what a Python date can hold.
EARLIEST_YEAR = 1000
LATEST_YEAR = 9999
MAX_DAYS = 36_500
REDACTION_KEY_BYTES = 32


class ConfigError(Exception):
    """The config file (or the redaction key file) cannot be used; the message names the file
    and the problem."""


@dataclass(frozen=True)
class Settings:
    as_of: date | None = None  # None: the export's own date
    active_days: int = ACTIVE_DAYS
    window_days: int = WINDOW_DAYS
    max_group: int = MAX_GROUP
    me: str | None = None  # the owner's profile URL or name, when detection needs help
    redact: bool = False
    out: Path = Path("reports")
    history: Path | None = None  # None: no history kept
    phone_region: str = DEFAULT_REGION  # for numbers written without +country code
    overrides: Path | None = None  # same/different-person overrides file
    inbox: Path | None = None  # scheduled runs: where new exports are dropped
    address_books: tuple[Path, ...] = field(default_factory=tuple)
    # Scheduled runs: mail folders read in place (a Thunderbird profile's folders, a Maildir),
    # so a monthly audit sees current mail without any export.
    mail: tuple[Path, ...] = field(default_factory=tuple)
    me_emails: tuple[str, ...] = field(default_factory=tuple)  # config's me_emails
    cli_emails: tuple[str, ...] = field(default_factory=tuple)  # --me-email, each time given
    vcf: Path | None = None  # also write the merged address book here (never when redacted)


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def default_history_path() -> Path:
    return data_dir() / "history.sqlite"


def default_config_path() -> Path:
    return config_dir() / "config.toml"


def default_redaction_key_path() -> Path:
    return data_dir() / "redaction.key"


def read_redaction_key(path: Path) -> bytes | None:
    """The redaction key kept in ``path``; None when there is none yet."""
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(f"{path}: redaction key file cannot be read ({exc.strerror})") from None
    if len(key) != REDACTION_KEY_BYTES:
        # Never repair it silently: a new key gives everyone new pseudonyms.
        raise ConfigError(
            f"{path}: redaction key file holds {len(key)} bytes, not {REDACTION_KEY_BYTES}; "
            "delete it to make a new key (redacted pseudonyms will change)"
        )
    return key


def write_redaction_key(path: Path) -> bytes:
    """Make a new random redaction key in ``path`` (mode 0600) and return it.

    The file appears whole or not at all (written aside, then hard-linked into place, which
    fails if the name is taken); when another run made one meanwhile, that one is returned,
    so two runs never end up with different keys.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(REDACTION_KEY_BYTES)
    # mkstemp creates the file readable by its owner only (0600).
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temp, path)
    except FileExistsError:
        existing = read_redaction_key(path)
        if existing is None:
            raise ConfigError(f"{path}: redaction key file vanished while being made") from None
        return existing
    finally:
        Path(temp).unlink(missing_ok=True)
    return key


# Keys the config file may hold, with the type each must have.
_CONFIG_KEYS = {
    "inbox": str,
    "address_books": list,
    "mail": list,
    "me_emails": list,
    "out": str,
    "history": str,
    "active_days": int,
    "window_days": int,
    "max_group": int,
    "me": str,
    "phone_region": str,
    "overrides": str,
}


def read_config(path: Path) -> dict:
    """The config file's ``[audit]`` table, checked; {} when the file does not exist."""
    if not path.exists():
        return {}
    # Imported here: most audits have no config file, and the parser costs every start.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised only on 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not a readable TOML config file ({exc})") from None
    table = data.get("audit", data)
    config = {}
    for key, value in table.items():
        expected = _CONFIG_KEYS.get(key)
        if expected is None:
            raise ConfigError(f"{path}: unknown setting {key!r}")
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(f"{path}: {key} should be a {expected.__name__}")
        if key in ("active_days", "window_days") and not 1 <= value <= MAX_DAYS:
            raise ConfigError(f"{path}: {key} should be between 1 and {MAX_DAYS}")
        config[key] = value
    # Relative paths in a config file are relative to the file, not to wherever cron runs.
    for key in ("inbox", "out", "history", "overrides"):
        if key in config:
            config[key] = _resolve(path.parent, config[key])
    for key in ("address_books", "mail", "me_emails"):
        if key in config and not all(isinstance(v, str) for v in config[key]):
            raise ConfigError(f"{path}: {key} should be a list of strings")
    for key in ("address_books", "mail"):
        if key in config:
            config[key] = tuple(_resolve(path.parent, p) for p in config[key])
    if "me_emails" in config:
        config["me_emails"] = tuple(config["me_emails"])
    return config


def _resolve(base: Path, value: str) -> Path:
    p = Path(value).expanduser()
    return p if p.is_absolute() else (base / p)
