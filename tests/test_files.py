"""Files ledger writes are whole or absent: no mixed writers, no leftovers, clear errors."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys

import pytest

from ledger import files
from ledger.errors import LedgerError


def test_two_writers_to_one_path_never_mix_their_bytes(tmp_path):
    target = tmp_path / "export.json"
    with files.replacing(target) as first, files.replacing(target) as second:
        first.write("A" * 10_000)
        second.write("B" * 5)
    assert target.read_text() in ("A" * 10_000, "B" * 5)
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old report")
    with pytest.raises(RuntimeError), files.replacing(target) as out:
        out.write("half a new rep")
        raise RuntimeError("the renderer failed")
    assert target.read_text() == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_a_full_disk_is_one_clear_error(tmp_path, monkeypatch):
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    target = tmp_path / "report.html"
    with pytest.raises(LedgerError, match=r"cannot write .*report.html: the disk is full$"):
        files.write_text(target, "<html>")
    assert list(tmp_path.iterdir()) == []


def test_output_naming_a_folder_is_refused_by_every_writing_command(cli, seeded_db, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    for command in (["report", "-o", str(folder)], ["export", "-o", str(folder)]):
        code, _, err = cli(seeded_db, *command)
        assert (code, err) == (2, f"error: cannot write {folder}: it is a folder\n")
    assert list(folder.iterdir()) == []


def test_written_files_are_readable_by_others(tmp_path):
    target = tmp_path / "shared.csv"
    files.write_text(target, "id\n")
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_terminated_write_leaves_neither_file_nor_temporary(tmp_path):
    """`kill` (SIGTERM) in the middle of writing: the process unwinds and cleans up."""
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from ledger import files\n"
        "from ledger.cli import stop_cleanly_on_terminate\n"
        "stop_cleanly_on_terminate()\n"
        "with files.replacing(Path(sys.argv[1])) as out:\n"
        "    out.write('half a report')\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    out.write('never written')\n"
    )
    target = tmp_path / "report.html"
    done = subprocess.run([sys.executable, "-c", script, str(target)], check=False)
    assert done.returncode == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []
