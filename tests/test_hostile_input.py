"""Bad and hostile input through the real command: a half-downloaded zip, the wrong file,
a zip bomb, a zip slip, links out of the folder, an output that would overwrite an input.

Every case runs ``python -m audit`` in a subprocess (its timeout bounds the run: nothing
may hang) and checks the exit code, the exact one-line message, that no traceback is
printed, and that nothing was written anywhere but ``--out`` (the whole test folder,
the working directory and a private HOME/XDG tree are compared before and after).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from markupsafe import escape

from audit.ingest import InputError
from audit.ingest.sources import archives, read_sources
from tests.helpers import TIERS, run_cli, zip_folder

AS_OF = "2026-11-21"
BOMB_BYTES = 300 * 1024**2
DOWNLOAD_AGAIN = "download the export again from LinkedIn"
READABLE = (
    "a LinkedIn export (.zip or folder), one of its Connections, messages, Invitations, "
    "Profile, Recommendations or Endorsement CSV files, or a vCard (.vcf) file"
)
HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Something went wrong</title></head>"
    b"<body><h1>Oops</h1><p>Please try again later.</p></body></html>\n"
)
BINARY = bytes(range(256)) * 16


def snapshot(root: Path, skip: Path | None = None) -> dict[str, tuple]:
    """Every entry under ``root`` (but ``skip``) with its kind and content digest."""
    seen = {}
    for path in sorted(root.rglob("*")):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            seen[rel] = ("link", os.readlink(path))
        elif path.is_dir():
            seen[rel] = ("dir",)
        elif path.is_file():
            seen[rel] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
        else:
            seen[rel] = ("other",)
    return seen


def audit(tmp_path: Path, *paths: Path, out: Path | None = None, check_out: bool = True):
    """Run ``reachable audit`` from an empty working folder with a private HOME, and check
    that nothing but ``out`` changed under ``tmp_path``; returns (result, out)."""
    out = out or tmp_path / "out"
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir(exist_ok=True)
    work.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
    }
    before = snapshot(tmp_path, skip=out if check_out else None)
    args = [str(p) for p in paths]
    result = run_cli(
        "audit", *args, "--out", str(out), "--as-of", AS_OF, "--no-history", cwd=work, env=env
    )
    assert snapshot(tmp_path, skip=out if check_out else None) == before
    assert "Traceback" not in result.stderr + result.stdout
    return result, out


def refused(tmp_path: Path, path: Path) -> str:
    """The run over ``path`` stops with exit 2 and one line, writing nothing: the line."""
    result, out = audit(tmp_path, path)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()
    return result.stderr


def tiers_zip(target: Path) -> bytes:
    return zip_folder(TIERS, target).read_bytes()


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A zip whose Connections.csv is 300 MB of zeros packed into about 300 KB, streamed
    into the archive so the test never holds it in memory."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("Connections.csv", "w") as member,
    ):
        chunk = b"\0" * 1024**2
        for _ in range(BOMB_BYTES // len(chunk)):
            member.write(chunk)
    return path


def packed_size(archive: Path, member: str = "Connections.csv") -> int:
    with zipfile.ZipFile(archive) as handle:
        return handle.getinfo(member).compress_size


def bomb_message(archive: Path) -> str:
    return (
        f"archive member Connections.csv inflates to at least {BOMB_BYTES:,} bytes from "
        f"{packed_size(archive):,}; no LinkedIn export does that (a zip bomb?), so the "
        "archive is refused"
    )


def with_lying_header(bomb: Path, target: Path, declared: int) -> Path:
    """The bomb with its member's uncompressed size rewritten, in the local header and in
    the central directory, to ``declared`` bytes."""
    data = bytearray(bomb.read_bytes())
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    data[local + 22 : local + 26] = declared.to_bytes(4, "little")
    data[central + 24 : central + 28] = declared.to_bytes(4, "little")
    target.write_bytes(bytes(data))
    return target


# ---------------------------------------------------------------- archives


@pytest.mark.parametrize(
    "member",
    [
        "../evil.csv",
        "/abs/evil.csv",
        "..\\evil.csv",
        "C:/evil.csv",
        "C:evil.csv",
        "\\\\server\\share\\evil.csv",
        "export/../../evil.csv",
        "../\x1b[2Jevil\n.csv",
    ],
)
def test_zip_slip_refuses_the_whole_archive(tmp_path: Path, member: str):
    archive = zip_folder(TIERS, tmp_path / "export.zip")
    with zipfile.ZipFile(archive, "a") as handle:
        handle.writestr(member, "First Name,Last Name,URL,Email Address,Connected On\n")
    message = refused(tmp_path, archive)
    assert message == (
        f"reachable: {archive}: archive member {member!r} points outside the archive; "
        "refusing the whole archive\n"
    )


def test_zip_slip_inside_a_folder_also_stops_the_run(tmp_path: Path):
    # DESIGN: an archive with an escaping member is refused whole, exit 2, wherever it is.
    folder = tmp_path / "downloads"
    shutil.copytree(TIERS, folder / "export")
    with zipfile.ZipFile(folder / "evil.zip", "w") as handle:
        handle.writestr("../../evil.csv", "x")
    message = refused(tmp_path, folder)
    assert message == (
        f"reachable: {folder / 'evil.zip'}: archive member '../../evil.csv' points outside "
        "the archive; refusing the whole archive\n"
    )


def test_zip_bomb_stops_before_inflating(tmp_path: Path, bomb: Path):
    message = refused(tmp_path, bomb)
    assert message == f"reachable: {bomb}: {bomb_message(bomb)}\n"


def test_zip_member_whose_header_lies_about_its_size_is_refused(tmp_path: Path, bomb: Path):
    # The header says 1,000 bytes; the data inflates to 300 MB. Reading stops at the declared
    # size and the checksum gives the lie away.
    liar = with_lying_header(bomb, tmp_path / "liar.zip", declared=1000)
    message = refused(tmp_path, liar)
    assert message == (
        f"reachable: {liar}: archive member Connections.csv is damaged or cannot be opened "
        f"(Bad CRC-32 for file 'Connections.csv'); {DOWNLOAD_AGAIN}\n"
    )


def test_inflating_is_bounded_by_the_bytes_actually_read(tmp_path: Path, bomb: Path, monkeypatch):
    # Were the declared sizes believed (as if a header lied and passed the check), reading
    # still stops once the inflated bytes pass MAX_RATIO times the packed ones.
    monkeypatch.setattr(archives, "_check_declared_sizes", lambda members: None)
    with pytest.raises(InputError) as caught:
        read_sources([bomb])
    cap = packed_size(bomb) * archives.MAX_RATIO
    read = int(str(caught.value).split(" inflates to at least ")[1].split(" ")[0].replace(",", ""))
    assert cap < read <= cap + archives.READ_CHUNK
    assert str(caught.value).startswith(f"{bomb}: archive member Connections.csv inflates")


def test_inflating_is_bounded_by_the_archive_total(tmp_path: Path, monkeypatch):
    # Two members of 3 MB each (random, so they do not pack) against a 4 MB budget.
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as handle:
        handle.writestr("Connections.csv", os.urandom(3 * 1024**2))
        handle.writestr("messages.csv", os.urandom(3 * 1024**2))
    monkeypatch.setattr(archives, "_check_declared_sizes", lambda members: None)
    monkeypatch.setattr(archives, "MAX_INFLATED_TOTAL", 4 * 1024**2)
    with pytest.raises(InputError, match=r"archive member messages.csv inflates to at least"):
        read_sources([archive])


def test_truncated_zip_is_a_clear_error(tmp_path: Path):
    data = tiers_zip(tmp_path / "whole.zip")
    (tmp_path / "whole.zip").unlink()
    archive = tmp_path / "Basic_LinkedInDataExport_11-21-2026.zip"
    archive.write_bytes(data[: len(data) // 2])
    assert refused(tmp_path, archive) == (
        f"reachable: {archive}: the zip archive is incomplete or damaged (the download may "
        f"not have finished); {DOWNLOAD_AGAIN}\n"
    )


def test_html_page_saved_as_zip_says_the_download_failed(tmp_path: Path):
    archive = tmp_path / "Basic_LinkedInDataExport_11-21-2026.zip"
    archive.write_bytes(HTML_PAGE)
    assert refused(tmp_path, archive) == (
        f"reachable: {archive}: this is a web page (HTML), not a zip archive: the download "
        f"probably failed; {DOWNLOAD_AGAIN}\n"
    )


def test_empty_zip_file_says_the_download_did_not_finish(tmp_path: Path):
    archive = tmp_path / "Basic_LinkedInDataExport_11-21-2026.zip"
    archive.write_bytes(b"")
    assert refused(tmp_path, archive) == (
        f"reachable: {archive}: the file is empty: the download did not finish; {DOWNLOAD_AGAIN}\n"
    )


# ---------------------------------------------------------------- files


def test_binary_bytes_named_connections_csv(tmp_path: Path):
    path = tmp_path / "Connections.csv"
    path.write_bytes(BINARY)
    assert refused(tmp_path, path) == (
        "reachable: Connections.csv: cannot be used (it holds binary data, not text: it may "
        "be damaged); expected the Connections.csv of a LinkedIn export\n"
    )


def test_html_page_named_connections_csv(tmp_path: Path):
    path = tmp_path / "Connections.csv"
    path.write_bytes(HTML_PAGE)
    assert refused(tmp_path, path) == (
        "reachable: Connections.csv: cannot be used (it is a web page (HTML), not a CSV: the "
        "download probably failed); expected the Connections.csv of a LinkedIn export\n"
    )


def test_empty_file(tmp_path: Path):
    path = tmp_path / "Connections.csv"
    path.write_bytes(b"")
    assert refused(tmp_path, path) == (
        "reachable: Connections.csv: cannot be used (it is empty); "
        "expected the Connections.csv of a LinkedIn export\n"
    )


def test_csv_with_no_known_header(tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_text("Date,Amount,Payee\n2026-01-02,12.50,Bakery\n")
    assert refused(tmp_path, path) == (
        f"reachable: export.csv: cannot be used (no known header row); expected {READABLE}\n"
    )


def test_a_pipe_is_refused_not_read(tmp_path: Path):
    # Reading a named pipe nobody writes to would block forever.
    pipe = tmp_path / "Connections.csv"
    os.mkfifo(pipe)
    assert refused(tmp_path, pipe) == (
        f"reachable: {pipe}: not a regular file (a pipe or a device?)\n"
    )


def test_long_lines_and_names_cost_one_record_each(tmp_path: Path):
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    rows = [
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Acme,CTO,05 Mar 2024\r\n",
        "ab," * (1024**2) + "\r\n",  # 3 MB on one line: a million fields if it were split
        "L" * 250 + ",Smith,https://www.linkedin.com/in/l-smith,,,,05 Mar 2024\r\n",
        # a stray quote joins the lines up to the next quote into one row
        'Bo,"Broken,https://www.linkedin.com/in/bo,,,,05 Mar 2024\r\n'
        + "x,y,,,,,05 Mar 2024\r\n" * 20
        + 'Zed",Z,,,,,05 Mar 2024\r\n',
        "Cy,Young,https://www.linkedin.com/in/cy,,Initech,,06 Mar 2024\r\n",
    ]
    path = tmp_path / "Connections.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    result, out = audit(tmp_path, path)
    assert result.returncode == 0, result.stderr
    document = json.loads((out / f"reachable-{AS_OF}.json").read_text())
    assert document["skipped"] == [
        {
            "file": "Connections.csv",
            "record": 2,
            "reason": "line longer than 1,048,576 characters, which no LinkedIn row is "
            "(the file may be damaged)",
        },
        {
            "file": "Connections.csv",
            "record": 3,
            "reason": "name longer than 200 characters, so not a real one (the record may be "
            "damaged, e.g. by a quote that joined lines)",
        },
        {"file": "Connections.csv", "record": 4, "reason": "row has 8 fields, the header has 7"},
    ]
    assert sorted(r["record"] for p in document["people"] for r in p["records"]) == [1, 5]
    assert document["summary"]["connections"] == 2


# ---------------------------------------------------------------- a folder of everything


def test_folder_with_every_kind_of_bad_file_runs_on_and_lists_each(tmp_path: Path, bomb: Path):
    folder = tmp_path / "Downloads"
    shutil.copytree(TIERS, folder / "export")
    whole = tiers_zip(tmp_path / "whole.zip")
    (tmp_path / "whole.zip").unlink()
    (folder / "broken.zip").write_bytes(whole[: len(whole) // 2])
    (folder / "page.zip").write_bytes(HTML_PAGE)
    (folder / "empty.zip").write_bytes(b"")
    shutil.copy(bomb, folder / "bomb.zip")
    (folder / "Connections.csv").write_bytes(BINARY)
    (folder / "Profile.csv").write_bytes(b"")
    (folder / "Invitations.csv").write_text("a,b,c\n1,2,3\n")
    (folder / "notes.txt").write_text("not an export\n")
    result, out = audit(tmp_path, folder)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "You have 14 connections. 5 of them would answer you."
    document = json.loads((out / f"reachable-{AS_OF}.json").read_text())
    whole_files = {s["file"]: s["reason"] for s in document["skipped"] if s["record"] is None}
    assert whole_files == {
        "Connections.csv": "file skipped: it holds binary data, not text: it may be damaged",
        "Invitations.csv": "file skipped: no known header row",
        "Profile.csv": "file skipped: it is empty",
        "bomb.zip": "file skipped: " + bomb_message(folder / "bomb.zip"),
        "broken.zip": "file skipped: the zip archive is incomplete or damaged (the download "
        f"may not have finished); {DOWNLOAD_AGAIN}",
        "empty.zip": "file skipped: the file is empty: the download did not finish; "
        + DOWNLOAD_AGAIN,
        "page.zip": "file skipped: this is a web page (HTML), not a zip archive: the download "
        f"probably failed; {DOWNLOAD_AGAIN}",
    }
    # the export's own unnamed connection is the one skipped row
    assert len(document["skipped"]) == 8
    summary = next(line for line in lines if line.startswith("Skipped "))
    assert summary.startswith("Skipped 8 records (")
    assert summary.endswith("); the report lists them.")
    html = (out / f"reachable-{AS_OF}.html").read_text()
    assert "8 records or files were skipped" in html
    for reason in whole_files.values():
        assert str(escape(reason)) in html


def test_links_out_of_the_folder_are_not_followed(tmp_path: Path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Outside Person\r\nEND:VCARD\r\n"
    )
    (outside / "more").mkdir()
    (outside / "more" / "other.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Other Outsider\r\nEND:VCARD\r\n"
    )
    folder = tmp_path / "export"
    shutil.copytree(TIERS, folder)
    (folder / "contacts.vcf").symlink_to(outside / "secret.vcf")
    (folder / "linked").symlink_to(outside / "more", target_is_directory=True)
    (folder / "inside.csv").symlink_to(folder / "Skills.csv")  # inside: harmless, read
    result, out = audit(tmp_path, folder)
    assert result.returncode == 0, result.stderr
    document = json.loads((out / f"reachable-{AS_OF}.json").read_text())
    not_followed = (
        "file skipped: a link to something outside the folder; not followed "
        "(name the file itself to read it)"
    )
    assert [s for s in document["skipped"] if s["record"] is None] == [
        {"file": "contacts.vcf", "record": None, "reason": not_followed},
        {"file": "linked", "record": None, "reason": not_followed},
    ]
    names = {p["name"] for p in document["people"]}
    assert "Outside Person" not in names and "Other Outsider" not in names
    assert document["summary"]["connections"] == 14


def test_links_that_lead_nowhere_are_listed_not_followed(tmp_path: Path):
    folder = tmp_path / "export"
    shutil.copytree(TIERS, folder)
    (folder / "loop-a.vcf").symlink_to(folder / "loop-b.vcf")
    (folder / "loop-b.vcf").symlink_to(folder / "loop-a.vcf")
    (folder / "gone.vcf").symlink_to(folder / "deleted.vcf")
    result, out = audit(tmp_path, folder)
    assert result.returncode == 0, result.stderr
    document = json.loads((out / f"reachable-{AS_OF}.json").read_text())
    nowhere = "file skipped: a link that leads nowhere (its target is missing, or links loop)"
    assert [s for s in document["skipped"] if s["record"] is None] == [
        {"file": name, "record": None, "reason": nowhere}
        for name in ("gone.vcf", "loop-a.vcf", "loop-b.vcf")
    ]


def test_file_names_that_are_not_utf8_are_shown_not_fatal(tmp_path: Path):
    folder = tmp_path / "export"
    folder.mkdir()
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n"
    (folder / os.fsdecode(b"caf\xe9.vcf")).write_bytes(card)  # Latin-1 bytes in the name
    result, out = audit(tmp_path, folder)
    assert result.returncode == 0, result.stderr
    document = json.loads((out / f"reachable-{AS_OF}.json").read_text())
    assert [p["records"] for p in document["people"]] == [[{"file": "caf\ufffd.vcf", "record": 1}]]


def test_folder_with_nothing_readable_names_the_first_problem(tmp_path: Path):
    folder = tmp_path / "Downloads"
    folder.mkdir()
    (folder / "page.zip").write_bytes(HTML_PAGE)
    (folder / "notes.txt").write_text("not an export\n")
    assert refused(tmp_path, folder) == (
        f"reachable: {folder}: nothing in it can be read; page.zip: this is a web page "
        f"(HTML), not a zip archive: the download probably failed; {DOWNLOAD_AGAIN}\n"
    )


def test_archive_with_nothing_readable_is_refused(tmp_path: Path):
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("IMG_0001.jpg", b"\xff\xd8\xff\xe0" + BINARY)
    assert refused(tmp_path, archive) == (
        f"reachable: {archive}: nothing in it can be read; expected {READABLE}\n"
    )


def test_zip_inside_an_archive_is_listed_not_opened(tmp_path: Path):
    inner = tiers_zip(tmp_path / "inner.zip")
    (tmp_path / "inner.zip").unlink()
    archive = tmp_path / "outer.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("Basic_LinkedInDataExport_11-21-2026.zip", inner)
        handle.write(TIERS / "Profile.csv", "Profile.csv")
    result, out = audit(tmp_path, archive)
    assert result.returncode == 0, result.stderr
    document = json.loads((out / f"reachable-{AS_OF}.json").read_text())
    assert document["skipped"] == [
        {
            "file": "Basic_LinkedInDataExport_11-21-2026.zip",
            "record": None,
            "reason": "file skipped: a zip inside an archive is not opened; extract it first",
        }
    ]


# ---------------------------------------------------------------- outputs


def test_output_that_is_an_input_is_refused_before_writing(tmp_path: Path):
    # A Connections.csv saved under the name an audit writes, in the folder it writes to.
    folder = tmp_path / "reports"
    folder.mkdir()
    victim = folder / f"reachable-{AS_OF}.csv"
    shutil.copy(TIERS / "Connections.csv", victim)
    result, _ = audit(tmp_path, victim, out=folder, check_out=False)
    assert result.returncode == 2
    assert result.stderr == (
        f"reachable: {victim}: this output file is one of the inputs; refusing to write over "
        "it (choose another --out)\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == [victim.name]


def test_output_that_is_an_input_through_a_link_is_refused(tmp_path: Path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / f"reachable-{AS_OF}.json").symlink_to(TIERS / "Connections.csv")
    result, _ = audit(tmp_path, TIERS, out=folder, check_out=False)
    assert result.returncode == 2
    assert result.stderr == (
        f"reachable: {folder / f'reachable-{AS_OF}.json'}: this output file is one of the "
        "inputs; refusing to write over it (choose another --out)\n"
    )


def test_outputs_are_written_only_inside_out(tmp_path: Path):
    archive = tmp_path / "Basic_LinkedInDataExport_11-21-2026.zip"
    tiers_zip(archive)
    result, out = audit(tmp_path, archive)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        f"reachable-{AS_OF}.csv",
        f"reachable-{AS_OF}.html",
        f"reachable-{AS_OF}.json",
    ]
    assert not any(p.name.endswith(".tmp") for p in out.iterdir())


def test_nothing_is_extracted_from_an_archive(tmp_path: Path):
    archive = tmp_path / "export.zip"
    buffer = io.BytesIO(tiers_zip(tmp_path / "plain.zip"))
    with zipfile.ZipFile(buffer, "a") as handle:
        handle.writestr("nested/deeper/notes.txt", "hello")
    archive.write_bytes(buffer.getvalue())
    result, out = audit(tmp_path, archive)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "nested").exists() and not (out / "nested").exists()
