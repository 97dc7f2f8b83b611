"""The command as a user runs it: files written, the headline, exit codes, one-line errors."""

import json
import os
import stat
import zipfile
from pathlib import Path

from tests.helpers import TIERS, run_cli, zip_folder


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == "reachable 0.1.0"


def test_help_has_an_example_for_every_command():
    for command in ("audit", "history", "schedule"):
        result = run_cli(command, "--help")
        assert result.returncode == 0
        assert "Example: reachable " + command in " ".join(result.stdout.split())


def test_audit_writes_three_files_and_prints_the_headline(tmp_path: Path):
    result = run_cli(
        "audit", str(TIERS), "--as-of", "2026-11-21", "--out", str(tmp_path), "--no-history"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "You have 14 connections. 5 of them would answer you."
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "reachable-2026-11-21.csv",
        "reachable-2026-11-21.html",
        "reachable-2026-11-21.json",
    ]
    document = json.loads((tmp_path / "reachable-2026-11-21.json").read_text())
    assert document["schema"] == "reachable/1"
    assert document["summary"]["reachable"] == 5
    assert document["previous"] is None and document["changes"] is None


def test_missing_path_is_one_line_exit_2(tmp_path: Path):
    result = run_cli("audit", str(tmp_path / "nope.zip"), "--out", str(tmp_path), "--no-history")
    assert result.returncode == 2
    assert result.stderr == f"reachable: {tmp_path / 'nope.zip'}: no such file or folder\n"
    assert "Traceback" not in result.stderr


def test_file_of_no_known_kind_named_on_the_command_line_is_exit_2(tmp_path: Path):
    readme = tmp_path / "README.txt"
    readme.write_text("hello\n")
    result = run_cli("audit", str(readme), "--out", str(tmp_path / "out"), "--no-history")
    assert result.returncode == 2
    assert result.stderr.startswith("reachable: README.txt: cannot be used (no known header row)")
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_archive_member_escaping_is_refused_whole(tmp_path: Path):
    archive = zip_folder(TIERS, tmp_path / "export.zip")
    with zipfile.ZipFile(archive, "a") as handle:
        handle.writestr("../evil.csv", "x")
    result = run_cli("audit", str(archive), "--out", str(tmp_path / "out"), "--no-history")
    assert result.returncode == 2
    assert "'../evil.csv' points outside the archive" in result.stderr
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "evil.csv").exists()


def test_basic_archive_without_messages_says_interaction_data_is_missing(tmp_path: Path):
    archive = tmp_path / "Basic_LinkedInDataExport_11-21-2026.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.write(TIERS / "Connections.csv", "Connections.csv")
        handle.write(TIERS / "Profile.csv", "Profile.csv")
    result = run_cli("audit", str(archive), "--out", str(tmp_path), "--no-history")
    assert result.returncode == 0, result.stderr
    assert "Interaction data is missing: this export has no messages.csv." in result.stdout
    html = (tmp_path / "reachable-2026-11-21.html").read_text()
    assert "interaction data is missing" in html.lower()


def test_bad_as_of_is_a_usage_error(tmp_path: Path):
    result = run_cli("audit", str(TIERS), "--as-of", "21/11/2026", "--no-history")
    assert result.returncode == 2
    assert result.stderr == "reachable: --as-of '21/11/2026': expected a date as YYYY-MM-DD\n"


def test_as_of_before_the_year_1000_is_a_usage_error():
    # The windows go back from the as-of date: near year 1 they fall off the calendar.
    result = run_cli("audit", str(TIERS), "--as-of", "0001-02-01", "--no-history")
    assert result.returncode == 2
    assert result.stderr == (
        "reachable: --as-of '0001-02-01': expected a date from the year 1000 on\n"
    )


def test_window_longer_than_a_century_is_a_usage_error():
    result = run_cli("audit", str(TIERS), "--window-days", "1000000", "--no-history")
    assert result.returncode == 2
    assert "Invalid value for '--window-days'" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_dated_in_the_year_1_audits_without_a_date(tmp_path: Path):
    # Its newest date would have been the as-of date, and the windows would overflow.
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Acme,Eng,05 Mar 0001\r\n"
    )
    out = tmp_path / "out"
    result = run_cli("audit", str(folder), "--no-history", "--out", str(out))
    assert result.returncode == 0, result.stderr
    document = json.loads(next(out.glob("*.json")).read_text())
    assert [(p["name"], p["connected_on"]) for p in document["people"]] == [("Ada Lovelace", None)]


def user_dirs_env(home: Path) -> dict:
    """The environment of a user whose home, data and config folders are all under ``home``."""
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }


def run_audit_of_tiers(out: Path, env: dict, *options: str):
    return run_cli(
        "audit", str(TIERS), "--as-of", "2026-11-21", "--no-history", "--out", str(out),
        *options, env=env,
    )  # fmt: skip


def test_redacted_audit_keys_ids_with_a_private_per_user_key(tmp_path: Path):
    env = user_dirs_env(tmp_path / "home")
    key_path = tmp_path / "home" / "data" / "reachable" / "redaction.key"
    plain = run_audit_of_tiers(tmp_path / "plain", env)
    assert plain.returncode == 0, plain.stderr
    assert not key_path.exists()  # only a redacted run needs the key
    people = json.loads((tmp_path / "plain" / "reachable-2026-11-21.json").read_text())["people"]
    original_ids = [p["id"] for p in people]
    assert len(original_ids) == 24
    for run in ("first", "second"):
        result = run_audit_of_tiers(tmp_path / run, env, "--redact")
        assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert len(key_path.read_bytes()) == 32
    names = ("reachable-2026-11-21.json", "reachable-2026-11-21.csv", "reachable-2026-11-21.html")
    for name in names:
        first = (tmp_path / "first" / name).read_bytes()
        assert first == (tmp_path / "second" / name).read_bytes(), name
        text = first.decode("utf-8")
        leaked = [i for i in original_ids if i in text]
        assert leaked == [], f"original ids in the redacted {name}"
    redacted = json.loads((tmp_path / "first" / names[0]).read_text())["people"]
    assert len({p["id"] for p in redacted}) == 24
    assert [p["tier"] for p in redacted] == [p["tier"] for p in people]
    # The plain outputs do hold the ids: the check above can fail.
    assert all(i in (tmp_path / "plain" / names[1]).read_text() for i in original_ids)


def test_damaged_redaction_key_is_one_line_exit_2(tmp_path: Path):
    env = user_dirs_env(tmp_path / "home")
    key_path = tmp_path / "home" / "data" / "reachable" / "redaction.key"
    key_path.parent.mkdir(parents=True)
    key_path.write_bytes(b"0123456789")
    result = run_audit_of_tiers(tmp_path / "out", env, "--redact")
    assert result.returncode == 2
    assert result.stderr == (
        f"reachable: {key_path}: redaction key file holds 10 bytes, not 32; "
        "delete it to make a new key (redacted pseudonyms will change)\n"
    )
    assert not (tmp_path / "out").exists()
    assert key_path.read_bytes() == b"0123456789"


def test_cycle_collection_is_paused_only_while_auditing():
    import gc

    from audit.gcpause import paused_gc

    assert gc.isenabled()
    try:
        with paused_gc():
            assert not gc.isenabled()
            raise RuntimeError("a failing audit")
    except RuntimeError:
        pass
    assert gc.isenabled()
    gc.disable()  # a caller that had it off keeps it off
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
