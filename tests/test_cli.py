"""The installed `ledger` command as a user runs it: init, import, help, errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ledger.cli.app import app
from ledger.store.resources import SEED_FILE, shipped

SEED = shipped("seeds") / SEED_FILE


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    executable = shutil.which("ledger") or pytest.fail("the `ledger` entry point is not installed")
    environment = {**os.environ, "LEDGER_USER": "tester", **(env or {})}
    environment.pop("LEDGER_DB", None) if env is None or "LEDGER_DB" not in env else None
    return subprocess.run(
        [executable, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120
    )


def test_installed_entry_point_runs_the_main_job(tmp_path):
    init = run("init", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    assert (tmp_path / "ledger.db").exists()
    assert init.stdout.splitlines()[-1] == f"ledger ready at {tmp_path / 'ledger.db'}"
    imported = run("import", str(SEED), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "28 claims, 10 links" in imported.stdout
    again = run("import", str(SEED), cwd=tmp_path)
    assert again.returncode == 0
    assert "added nothing" in again.stdout
    place = run("place", "Hamah", cwd=tmp_path)
    assert place.returncode == 0
    assert place.stdout.startswith("Syria > Hama [SY05] — 2 claims")


def test_python_dash_m_works_like_the_entry_point(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "ledger", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("ledger ")


def test_ledger_db_environment_variable_names_the_ledger(tmp_path):
    target = tmp_path / "team.db"
    result = run("init", "--no-gazetteer", cwd=tmp_path, env={"LEDGER_DB": str(target)})
    assert result.returncode == 0, result.stderr
    assert target.exists()
    assert not (tmp_path / "ledger.db").exists()


def test_malformed_seed_names_file_and_line_and_writes_nothing(cli, seeded_db, tmp_path):
    broken = tmp_path / "broken.yaml"
    lines = SEED.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "published: 2024-12-01" in line)
    lines[at] = lines[at].replace("2024-12-01", "2024-12-41")
    broken.write_text("\n".join(lines), encoding="utf-8")
    claim_line = max(i for i in range(at) if lines[i].lstrip().startswith("- id:")) + 1
    code, _, err = cli(seeded_db, "import", str(broken))
    assert code == 2
    assert err.strip() == (
        f"error: {broken}, line {claim_line}: invalid published '2024-12-41': expected YYYY,"
        " YYYY-MM, YYYY-MM-DD, 'March 2024', '12 March 2024' or a range A..B"
    )


def test_import_is_all_or_nothing(cli, ledger_db, tmp_path, engine_of):
    from sqlalchemy import func, select
    from sqlmodel import Session

    from ledger.store.models import Claim

    broken = tmp_path / "late-error.yaml"
    text = (
        SEED.read_text(encoding="utf-8")
        + "\n  - claim: no-such-claim\n    relation: contradicts\n    other: x\n"
    )
    broken.write_text(text, encoding="utf-8")
    code, _, err = cli(ledger_db, "import", str(broken))
    assert code == 2
    assert "no claim 'no-such-claim'" in err
    with Session(engine_of(ledger_db)) as session:
        assert session.execute(select(func.count(Claim.id))).scalar() == 0


def test_invalid_yaml_syntax_is_reported_with_its_line(cli, ledger_db, tmp_path):
    broken = tmp_path / "syntax.yaml"
    broken.write_text(
        "format: ledger/1\nclaims:\n  - id: a\n    text: [unclosed\n", encoding="utf-8"
    )
    code, _, err = cli(ledger_db, "import", str(broken))
    assert code == 2
    assert err.startswith(f"error: {broken}, line ")


def test_every_command_has_help_with_an_example():
    from typer.main import get_command

    root = get_command(app)
    missing = []
    for name, command in _walk(root, ()):
        if getattr(command, "commands", None):
            continue
        if "Example:" not in (command.help or ""):
            missing.append(" ".join(name))
    assert missing == []


def _walk(command, path):  # type: ignore[no-untyped-def]
    for name, sub in getattr(command, "commands", {}).items():
        yield (*path, name), sub
        yield from _walk(sub, (*path, name))


@pytest.mark.postgres
def test_a_postgresql_url_works_with_the_same_commands(tmp_path):
    import psycopg

    admin_url = "postgresql://postgres@127.0.0.1:5432/test"
    database = f"ledger_cli_{os.getpid()}"
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is required and not reachable: {error}")
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        admin.execute(f'CREATE DATABASE "{database}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{database}"
    try:
        assert run("--db", url, "init", cwd=tmp_path).returncode == 0
        assert run("--db", url, "import", str(SEED), cwd=tmp_path).returncode == 0
        place = run("--db", url, "place", "حماة", cwd=tmp_path)
        assert place.returncode == 0, place.stderr
        assert place.stdout.startswith("Syria > Hama [SY05] — 2 claims")
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def test_a_closed_pipe_ends_output_quietly(tmp_path):
    assert run("init", cwd=tmp_path).returncode == 0
    assert run("import", str(SEED), cwd=tmp_path).returncode == 0
    executable = shutil.which("ledger")
    result = subprocess.run(
        f"'{executable}' export --format jsonl | true; echo ${{PIPESTATUS[0]}}",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        executable="/bin/bash",
        env={**os.environ, "LEDGER_DB": str(tmp_path / "ledger.db")},
        timeout=120,
    )
    assert result.stderr == ""
    assert result.stdout == "0\n"
