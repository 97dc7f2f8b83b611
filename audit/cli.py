"""The command line: parse options, call the pipeline, print a summary. Nothing else.

Heavy modules (polars and the stages) are imported inside the commands, so
``reachable --help`` answers at once. Every failure a user can cause ends in one
line on stderr and exit code 2 (75 when another audit holds the history), never
a traceback.
"""

from __future__ import annotations

import gc
import os
import sys
from contextlib import nullcontext
from dataclasses import replace
from datetime import date
from pathlib import Path

import typer

from audit import __version__
from audit.allocator import keep_freed_memory
from audit.gcpause import paused_gc
from audit.settings import EARLIEST_YEAR, MAX_DAYS

EXIT_USAGE = 2
EXIT_LOCKED = 75

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help=(
        "Of your LinkedIn connections, how many would actually answer you?\n\n"
        "Example: reachable audit ~/Downloads/Basic_LinkedInDataExport_11-15-2026.zip contacts.vcf"
    ),
)
schedule_app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="A monthly audit, run by the system: systemd user timer, launchd, cron,"
    " or Windows Task Scheduler.\n\n"
    "Example: reachable schedule install --inbox ~/Downloads/linkedin",
)
app.add_typer(schedule_app, name="schedule")


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    typer.echo(f"reachable: {message}", err=True)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reachable {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Of your LinkedIn connections, how many would actually answer you?"""


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _fail(f"--as-of {value!r}: expected a date as YYYY-MM-DD") from None
    if day.year < EARLIEST_YEAR:
        raise _fail(f"--as-of {value!r}: expected a date from the year {EARLIEST_YEAR} on")
    return day


def _load_settings(config: Path | None, **given):
    from audit.settings import ConfigError, Settings, default_config_path, read_config

    config_path = config or default_config_path()
    if config is not None and not config.exists():
        raise _fail(f"{config}: no such config file")
    try:
        from_file = read_config(config_path)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    merged = {**from_file, **{k: v for k, v in given.items() if v is not None}}
    if "address_books" in merged:
        merged["address_books"] = tuple(merged["address_books"])
    for key in ("inbox", "out", "history", "overrides"):
        if key in merged and merged[key] is not None:
            merged[key] = Path(merged[key])
    return Settings(**merged)


@app.command()
def audit(
    paths: list[Path] = typer.Argument(
        None,
        help="LinkedIn export (.zip, folder or CSV files), .vcf address books, mail archives "
        "(a Gmail Takeout .zip or .mbox, Thunderbird or Apple Mail folders, Maildir, .eml), "
        ".ics calendars and an interactions CSV (date,direction,name/email/phone). "
        "Without PATH: the newest export in the config file's inbox, with the config's "
        "address_books and mail.",
        show_default=False,
    ),
    out: Path = typer.Option(None, "--out", help="Folder for the report files [default: reports]"),
    as_of: str = typer.Option(
        None, "--as-of", help="Audit date YYYY-MM-DD [default: the export's own date]"
    ),
    active_days: int = typer.Option(
        None, "--active-days", min=1, max=MAX_DAYS, help="[default: 90]"
    ),
    window_days: int = typer.Option(
        None, "--window-days", min=1, max=MAX_DAYS, help="[default: 365]"
    ),
    me: str = typer.Option(None, "--me", help="Your profile URL or name, if detection fails."),
    me_email: list[str] = typer.Option(
        None,
        "--me-email",
        help="One of your e-mail addresses (repeat for each); else found from your mail.",
        show_default=False,
    ),
    redact: bool = typer.Option(
        False, "--redact", help="Pseudonyms for names; no emails, phones, URLs or companies."
    ),
    history: Path = typer.Option(
        None, "--history", help="History file [default: in your user data folder]"
    ),
    no_history: bool = typer.Option(False, "--no-history", help="Do not read or write history."),
    config: Path = typer.Option(None, "--config", help="Config file (TOML)."),
    vcf: Path = typer.Option(
        None,
        "--vcf",
        help="Also write the merged address book (vCard 4.0, the tier as a category).",
    ),
) -> None:
    """Audit an export: how many connections would answer you, and who.

    Example: reachable audit Basic_LinkedInDataExport_11-15-2026.zip contacts.vcf --out reports

    Example: reachable audit export.zip contacts.vcf --vcf merged.vcf

    Example: reachable audit export.zip takeout-001.zip calls.csv --me-email me@example.com
    """
    # First: polars' allocator reads the setting when polars loads, and finding the inbox of
    # a scheduled run already loads it.
    keep_freed_memory()
    from audit.settings import default_history_path

    if vcf is not None and redact:
        raise _fail("--vcf cannot be used with --redact: the address book holds names and numbers")

    settings = _load_settings(
        config,
        out=out,
        as_of=_parse_date(as_of),
        active_days=active_days,
        window_days=window_days,
        me=me,
        cli_emails=tuple(me_email or ()) or None,
        redact=redact or None,
        vcf=vcf,
    )
    history_path = None if no_history else (history or settings.history or default_history_path())
    settings = replace(settings, history=history_path)
    inputs = list(paths or []) or _inbox_inputs(settings)
    _run(inputs, settings)


def _inbox_inputs(settings) -> list[Path]:
    from audit.ingest.sources import InputError, read_inbox

    if settings.inbox is None:
        raise _fail(
            "no PATH given and no inbox in the config file; "
            "try: reachable audit Basic_LinkedInDataExport_MM-DD-YYYY.zip"
        )
    try:
        return [read_inbox(settings.inbox), *settings.address_books, *settings.mail]
    except InputError as exc:
        raise _fail(str(exc)) from None


def _run(paths: list[Path], settings) -> None:
    # Importing polars and the stages is paused too: the objects it makes live to the end,
    # and the collector walked them about 80 times while they were made. Frozen when done:
    # the command ends here, and the first collection after the pause would otherwise
    # walk every object the run made (40 ms at the typical size) just before the exit.
    with paused_gc():
        _audit_and_write(paths, settings)
        gc.freeze()


def _audit_and_write(paths: list[Path], settings) -> None:
    from audit.history import HistoryError, HistoryLocked, audit_lock
    from audit.ingest import InputError
    from audit.pipeline import STAGES, run_audit, write_results
    from audit.resolve import OverridesError
    from audit.settings import ConfigError

    interactive = sys.stdout.isatty()
    try:
        with audit_lock(settings.history) if settings.history else nullcontext():
            if interactive:
                with typer.progressbar(length=len(STAGES) + 1, label="Auditing") as bar:
                    result = run_audit(
                        paths,
                        settings,
                        progress=lambda stage: bar.update(1),
                        read_bytes=_count_mail_bytes(bar),
                    )
                    written = write_results(result, settings)
                    bar.update(1)
            else:
                result = run_audit(paths, settings)
                written = write_results(result, settings)
    except InputError as exc:
        raise _fail(str(exc)) from None
    except HistoryLocked as exc:
        raise _fail(str(exc), EXIT_LOCKED) from None
    except (HistoryError, OverridesError, ConfigError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{exc.filename or ''}: {exc.strerror}") from None
    typer.echo(render_summary(result.document, result.extras, written))


# A Takeout of many gigabytes takes minutes: the bar says how much mail has been read,
# redrawn every this many bytes.
MAIL_PROGRESS_STEP = 64 * 1024 * 1024


def _count_mail_bytes(bar):
    """A ``read_bytes`` callback that shows the mail read so far in the bar's label."""
    seen = {"bytes": 0, "shown": 0}

    def count(n: int) -> None:
        seen["bytes"] += n
        if seen["bytes"] - seen["shown"] >= MAIL_PROGRESS_STEP:
            seen["shown"] = seen["bytes"]
            bar.label = f"Reading mail ({seen['bytes'] / 1e9:.1f} GB)"
            bar.update(0)

    return count


CHANNEL_WORDS = {"linkedin": "LinkedIn messages", "email": "e-mails", "meeting": "meetings"}


def render_summary(document: dict, extras: dict, written: list[Path]) -> str:
    """The terminal's summary: the headline, the tiers, what was skipped, where the files are."""
    summary = document["summary"]
    lines = [
        f"You have {summary['connections']} connections. "
        f"{summary['reachable']} of them would answer you.",
    ]
    if not extras["has_messages"]:
        lines.append(
            "Interaction data is missing: this export has no messages.csv. It is in the "
            "Complete archive, which LinkedIn emails within 24 hours of your request."
        )
    lines.append(f"As of {document['as_of']} ({document['as_of_source']}).")
    channels = summary.get("channels") or {}
    if len(channels) > 1 or (channels and "linkedin" not in channels):
        lines.append(
            "Counted: "
            + ", ".join(f"{n:,} {CHANNEL_WORDS.get(c, c + ' rows')}" for c, n in channels.items())
            + "."
        )
    lines.append("  ".join(f"{tier}: {n}" for tier, n in summary["tiers"].items()))
    if document["skipped"]:
        reasons: dict[str, int] = {}
        for entry in document["skipped"]:
            reasons[entry["reason"]] = reasons.get(entry["reason"], 0) + 1
        top = sorted(reasons.items(), key=lambda kv: -kv[1])[:3]
        lines.append(
            f"Skipped {len(document['skipped'])} records ("
            + "; ".join(f"{n} {reason}" for reason, n in top)
            + (", …" if len(reasons) > 3 else "")
            + "); the report lists them."
        )
    if document.get("changes"):
        c = document["changes"]
        lines.append(
            f"Since {document['previous']['as_of']}: {c['new_connections']} new, "
            f"{c['removed_connections']} removed, {c['cooled']} cooled, {c['warmed']} warmed."
        )
    lines.extend(f"Wrote {path}" for path in written)
    return "\n".join(lines)


@app.command("history")
def history_command(
    history: Path = typer.Option(None, "--history", help="History file."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Past audits, newest first, with their tier counts.

    Example: reachable history --json
    """
    import json

    from audit.history import HistoryError, read_audits, render_history_table
    from audit.settings import default_history_path

    try:
        audits = read_audits(history or default_history_path())
    except HistoryError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(audits, indent=2))
    else:
        typer.echo(render_history_table(audits))


@schedule_app.command("install")
def schedule_install(
    dry_run: bool = typer.Option(False, "--dry-run", help="Print what would be written."),
    inbox: Path = typer.Option(None, "--inbox", help="Folder where you drop new exports."),
    config: Path = typer.Option(None, "--config", help="Config file the job runs with."),
) -> None:
    """Install the monthly audit.

    Example: reachable schedule install --inbox ~/Downloads/linkedin --dry-run
    """
    from audit.schedule import ScheduleError, install_schedule
    from audit.settings import default_config_path

    target = (config or default_config_path()).absolute()
    try:
        typer.echo(install_schedule(dry_run, inbox.absolute() if inbox else None, target))
    except ScheduleError as exc:
        raise _fail(str(exc)) from None


@schedule_app.command("remove")
def schedule_remove(
    dry_run: bool = typer.Option(False, "--dry-run", help="Print what would be removed."),
) -> None:
    """Remove the monthly audit that install wrote.

    Example: reachable schedule remove
    """
    from audit.schedule import ScheduleError, remove_schedule

    try:
        typer.echo(remove_schedule(dry_run))
    except ScheduleError as exc:
        raise _fail(str(exc)) from None


@schedule_app.command("status")
def schedule_status(
    history: Path = typer.Option(None, "--history", help="History file."),
) -> None:
    """What is installed, and when the last audit ran.

    Example: reachable schedule status
    """
    from audit.schedule import read_schedule_status
    from audit.settings import default_history_path

    typer.echo(read_schedule_status(history or default_history_path()))


def main() -> None:
    """Entry point: internal errors become one line (and exit 1) unless REACHABLE_DEBUG is set."""
    try:
        app()
    except (SystemExit, KeyboardInterrupt):
        raise
    # The last guard: a user never sees a traceback. BaseException, because a panic inside
    # polars arrives as pyo3's PanicException, which is not an Exception.
    except BaseException as exc:
        if os.environ.get("REACHABLE_DEBUG"):
            raise
        typer.echo(
            f"reachable: internal error: {type(exc).__name__}: {exc} "
            "(set REACHABLE_DEBUG=1 to see the traceback)",
            err=True,
        )
        sys.exit(1)
