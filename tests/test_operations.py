"""Operating a ledger: busy writers give up cleanly, read-only copies can still be read."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

CLAIM = ["claim", "add", "Shelling reported near the citadel", "--claimant", "SAA",
         "--source", "MENAFN", "--published", "2024-12-01", "--place", "Aleppo"]  # fmt: skip


@contextmanager
def stalled_writer(db: str) -> Iterator[None]:
    """Hold the ledger's writer lock from another connection, as a stalled import would."""
    if db.startswith("postgresql"):
        with psycopg.connect(db) as connection:
            connection.execute("UPDATE journal_head SET seq = seq")
            yield
            connection.rollback()
        return
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def test_a_writer_behind_a_stalled_writer_gives_up_with_busy(cli, seeded_db, monkeypatch):
    monkeypatch.setenv("LEDGER_BUSY_TIMEOUT", "1")
    with stalled_writer(seeded_db):
        code, out, err = cli(seeded_db, *CLAIM)
    assert (code, out) == (2, "")
    assert err == (
        "error: the ledger is busy: another writer held it for over 1 s;"
        " try again later, or wait longer with LEDGER_BUSY_TIMEOUT=SECONDS\n"
    )
    assert cli(seeded_db, *CLAIM)[0] == 0  # once the other writer is gone, it goes through


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_a_statement_over_the_statement_timeout_is_stopped(cli, seeded_db, monkeypatch):
    db = seeded_db
    monkeypatch.setenv("LEDGER_BUSY_TIMEOUT", "30")
    monkeypatch.setenv("LEDGER_STATEMENT_TIMEOUT", "1")
    with stalled_writer(db):
        code, _, err = cli(db, *CLAIM)
    assert (code, err) == (
        2,
        "error: the database stopped a statement that ran over 1 s"
        " (LEDGER_STATEMENT_TIMEOUT); nothing was changed\n",
    )


@pytest.mark.parametrize("value", ["soon", "-1", "1e9"])
def test_a_bad_timeout_setting_is_one_clear_error(cli, seeded_db, monkeypatch, value):
    monkeypatch.setenv("LEDGER_BUSY_TIMEOUT", value)
    code, _, err = cli(seeded_db, "show", "army-denies-hama-pullback")
    assert (code, err) == (
        2,
        f"error: LEDGER_BUSY_TIMEOUT must be a number of seconds from 0 to 86400, not {value!r}\n",
    )


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """Show `folder` read-only, as a mounted archive or a CD would be."""
    if os.geteuid() != 0:  # permissions bind an ordinary user
        os.chmod(folder, 0o555)
        try:
            yield folder
        finally:
            os.chmod(folder, 0o755)
        return
    mount = folder.with_name(folder.name + "-ro")  # root ignores permissions: a read-only mount
    mount.mkdir()
    subprocess.run(["mount", "--bind", str(folder), str(mount)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mount)], check=True)
        yield mount
    finally:
        subprocess.run(["umount", "--lazy", str(mount)], check=True)  # the CLI may hold it open


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_read_only_copy_can_be_verified_shown_and_reported(cli, seeded_db, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(seeded_db, archive / "ledger.db")
    with read_only(archive) as folder:
        db = str(folder / "ledger.db")
        code, out, _ = cli(db, "verify")
        assert code == 0 and out.startswith("ok: ")
        assert cli(db, "show", "army-denies-hama-pullback")[0] == 0
        report = tmp_path / "report.html"
        assert cli(db, "report", "-o", str(report))[0] == 0 and report.exists()
        code, _, err = cli(db, *CLAIM)
        assert (code, err) == (
            2,
            "error: the ledger is read-only here: it can be read and verified, not changed\n",
        )
        assert sorted(p.name for p in folder.iterdir()) == ["ledger.db"]
