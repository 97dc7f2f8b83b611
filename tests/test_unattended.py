"""Unattended runs: the config file's inbox, one audit at a time, history from the CLI."""

import json
import os
from pathlib import Path

from audit.history import audit_lock
from tests.helpers import FIXTURES, TIERS, run_cli, zip_folder


def write_config(tmp_path: Path, inbox: Path, **extra) -> Path:
    lines = ["[audit]", f'inbox = "{inbox}"', 'out = "reports"', 'history = "history.sqlite"']
    lines += [f"{key} = {json.dumps(value)}" for key, value in extra.items()]
    config = tmp_path / "config.toml"
    config.write_text("\n".join(lines) + "\n")
    return config


def test_no_path_audits_the_newest_export_in_the_inbox(tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    zip_folder(TIERS, inbox / "Basic_LinkedInDataExport_10-21-2026.zip")
    zip_folder(TIERS, inbox / "Complete_LinkedInDataExport_11-21-2026.zip")
    (inbox / "notes.txt").write_text("not an export\n")
    config = write_config(tmp_path, inbox)
    result = run_cli("audit", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert "As of 2026-11-21 (archive name)." in result.stdout
    # Relative paths in the config are relative to the config file.
    assert (tmp_path / "reports" / "reachable-2026-11-21.json").exists()
    assert (tmp_path / "history.sqlite").exists()


def test_empty_inbox_is_a_clear_error(tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    result = run_cli("audit", "--config", str(write_config(tmp_path, inbox)))
    assert result.returncode == 2
    assert result.stderr == (
        f"reachable: {inbox}: no LinkedIn export in the inbox "
        "(expected Basic_LinkedInDataExport_*.zip)\n"
    )


def test_config_with_unknown_key_is_a_clear_error(tmp_path: Path):
    config = write_config(tmp_path, tmp_path, colour="blue")
    result = run_cli("audit", str(TIERS), "--config", str(config))
    assert result.returncode == 2
    assert result.stderr == f"reachable: {config}: unknown setting 'colour'\n"


def test_config_with_a_window_past_a_century_is_a_clear_error(tmp_path: Path):
    config = write_config(tmp_path, tmp_path, window_days=36_501)
    result = run_cli("audit", str(TIERS), "--config", str(config))
    assert result.returncode == 2
    assert result.stderr == f"reachable: {config}: window_days should be between 1 and 36500\n"


def test_second_audit_on_a_locked_history_exits_75(tmp_path: Path):
    history = tmp_path / "history.sqlite"
    with audit_lock(history):  # the first audit, still running
        result = run_cli(
            "audit", str(TIERS), "--history", str(history), "--out", str(tmp_path / "out")
        )
    assert result.returncode == 75
    assert result.stderr.startswith(f"reachable: {history}: another audit is running")
    assert not (tmp_path / "out").exists()
    after = run_cli("audit", str(TIERS), "--history", str(history), "--out", str(tmp_path / "out"))
    assert after.returncode == 0, after.stderr


def test_history_command_lists_audits_newest_first(tmp_path: Path):
    history = tmp_path / "history.sqlite"
    for as_of in ("2026-09-21", "2026-11-21", "2026-10-21"):
        result = run_cli(
            "audit", str(TIERS), "--as-of", as_of, "--history", str(history), "--out", str(tmp_path)
        )
        assert result.returncode == 0, result.stderr
    listed = json.loads(run_cli("history", "--history", str(history), "--json").stdout)
    assert [a["as_of"] for a in listed] == ["2026-11-21", "2026-10-21", "2026-09-21"]
    # Dora's exchange of 2025-11-20 is warm until a year has passed; Oscar and Ingrid wrote in
    # October, so in September they are still silent.
    assert [list(a["summary"]["tiers"].values()) for a in listed] == [
        [2, 3, 1, 1, 1, 6],
        [2, 3, 0, 1, 1, 7],
        [2, 3, 0, 0, 0, 9],
    ]
    table = run_cli("history", "--history", str(history)).stdout.splitlines()
    assert table[1].split()[:3] == ["2026-11-21", "14", "5"]


def test_scheduled_job_text_runs_this_interpreter(tmp_path: Path):
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    result = run_cli("schedule", "install", "--dry-run", env=env)
    assert result.returncode == 0, result.stderr
    assert "-m audit audit --config" in result.stdout


def test_a_scheduled_audit_reads_mail_folders_in_place(tmp_path: Path):
    """The config's ``mail`` paths are read where they are (a Thunderbird profile's folders),
    and left exactly as they were."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    zip_folder(TIERS, inbox / "Complete_LinkedInDataExport_11-21-2026.zip")
    folders = FIXTURES / "email" / "thunderbird" / "Local Folders"
    before = {p: p.read_bytes() for p in folders.rglob("*") if p.is_file()}
    config = write_config(tmp_path, inbox, mail=[str(folders)], me_emails=["avery@example.com"])
    result = run_cli("audit", "--config", str(config))
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "reports" / "reachable-2026-11-21.json").read_text())
    # Four messages in the folders (grep '^From ' over Inbox, Drafts and Inbox.sbd/Work):
    # Inbox 1 from Ada to the owner, counted; Inbox 2 flagged deleted (X-Mozilla-Status
    # 0009 has the 0x0008 bit); the Drafts folder's one message, a draft; Work's message
    # from Grace to the owner, dated by its envelope (2025-04-12), counted.
    assert document["summary"]["channels"]["email"] == 2
    assert document["ignored"]["email"] == {"deleted": 1, "draft": 1}
    assert document["owner"]["emails"] == ["avery@example.com"]
    assert document["owner"]["emails_from"] == ["config"]
    assert {p: p.read_bytes() for p in folders.rglob("*") if p.is_file()} == before
