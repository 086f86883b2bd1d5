"""Fresh ledgers for every test, on SQLite and on the machine's real PostgreSQL server.

Building a ledger (schema, gazetteer, seed) takes a second or two, so each kind is built once per
session as a template and copied for each test: a file copy on SQLite, `CREATE DATABASE ...
TEMPLATE` on PostgreSQL.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from ledger import interchange
from ledger.cli.app import app
from ledger.geo import gazetteer
from ledger.store import journal, schema
from ledger.store.db import make_engine
from ledger.store.resources import SEED_FILE, shipped

PG_ADMIN = os.environ.get("LEDGER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
SEED = shipped("seeds") / SEED_FILE
_counter = itertools.count()


def build(url: str, seeded: bool) -> None:
    """Create a ledger at `url` with the gazetteer, and the seed when asked."""
    engine = make_engine(url)
    schema.upgrade(engine)
    with journal.writing(engine, "test-setup") as session:
        gazetteer.load(session)
        if seeded:
            interchange.import_file(session, SEED)
    engine.dispose()


def _pg_admin() -> psycopg.Connection:
    try:
        return psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(
            f"PostgreSQL is required for these tests and is not reachable at {PG_ADMIN}: {error}"
        )


def _pg_url(database: str) -> str:
    base = PG_ADMIN.rsplit("/", 1)[0]
    return f"{base}/{database}"


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Build each kind of template ledger once: {backend-seeded: url or path}."""
    folder = tmp_path_factory.mktemp("templates")
    made: dict[str, str] = {}
    pg_names: list[str] = []

    def get(backend: str, seeded: bool) -> str:
        name = f"{backend}-{'seeded' if seeded else 'empty'}"
        if name not in made:
            if backend == "sqlite":
                path = folder / f"{name}.db"
                build(f"sqlite:///{path}", seeded)
                made[name] = str(path)
            else:
                database = f"ledger_tmpl_{os.getpid()}_{name.replace('-', '_')}"
                with _pg_admin() as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
                    admin.execute(f'CREATE DATABASE "{database}"')
                pg_names.append(database)
                build(_pg_url(database), seeded)
                made[name] = database
        return made[name]

    yield get  # type: ignore[misc]
    if pg_names:
        with _pg_admin() as admin:
            for database in pg_names:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _fresh(templates, backend: str, seeded: bool, tmp_path: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    template = templates(backend, seeded)
    if backend == "sqlite":
        path = tmp_path / "ledger.db"
        shutil.copyfile(template, path)
        yield str(path)
        return
    with pg_database("ledger_test", template) as url:
        yield url


@contextmanager
def pg_database(prefix: str, template: str | None = None) -> Iterator[str]:
    """Create a PostgreSQL database for one test (a copy of `template`, if given), then drop it."""
    database = f"{prefix}_{os.getpid()}_{next(_counter)}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{database}"{copy}')
    try:
        yield _pg_url(database)
    finally:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


BACKENDS = [pytest.param("sqlite"), pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def ledger_db(templates, backend: str, tmp_path: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A ledger with the gazetteer and no claims: a SQLite path or a PostgreSQL URL."""
    yield from _fresh(templates, backend, False, tmp_path)


@pytest.fixture
def seeded_db(templates, backend: str, tmp_path: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A ledger with the gazetteer and the seed article's claims."""
    yield from _fresh(templates, backend, True, tmp_path)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run `ledger` in-process; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("LEDGER_USER", "tester")
    monkeypatch.delenv("LEDGER_DB", raising=False)
    runner = CliRunner()

    def run(db: str, *args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, ["--db", db, *args], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run


@pytest.fixture
def engine_of():  # type: ignore[no-untyped-def]
    """Open engines on test ledgers and dispose of them afterwards."""
    engines = []

    def open_(db: str):  # type: ignore[no-untyped-def]
        from ledger.store.db import ledger_url

        engine = make_engine(ledger_url(db))
        engines.append(engine)
        return engine

    yield open_
    for engine in engines:
        engine.dispose()
