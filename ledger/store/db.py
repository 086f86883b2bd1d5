"""Where the ledger lives and how to connect to it.

One resolver decides the location (`--db`, then `LEDGER_DB`, then `./ledger.db`); a location is a
file path (SQLite, the embedded default) or a SQLAlchemy URL (`postgresql://...` for a ledger a
team shares).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    ARRAY,
    Integer,
    String,
    any_,
    bindparam,
    create_engine,
    event,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DatabaseError
from sqlalchemy.sql import ColumnElement

from ledger.errors import LedgerError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    Reader = Session | Connection
    """What a read path queries: a session, or a bare connection (lookups never import the ORM)."""

DEFAULT_FILE = "ledger.db"
SCHEMA_REVISION = "0007"
"""The Alembic revision this version writes; a test keeps it equal to the scripts' head."""

BUSY_TIMEOUT_VARIABLE = "LEDGER_BUSY_TIMEOUT"
STATEMENT_TIMEOUT_VARIABLE = "LEDGER_STATEMENT_TIMEOUT"


def _seconds(variable: str, default: float) -> float:
    """Read a timeout in seconds from the environment; a bad value is the user's to fix."""
    raw = os.environ.get(variable)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 86_400:
        raise LedgerError(f"{variable} must be a number of seconds from 0 to 86400, not {raw!r}")
    return value


def busy_timeout() -> float:
    """How long a writer waits for another writer before "the ledger is busy" (default 60 s)."""
    return _seconds(BUSY_TIMEOUT_VARIABLE, 60.0)


def statement_timeout() -> float:
    """The longest one statement may run on PostgreSQL, 0 for no limit (the default)."""
    return _seconds(STATEMENT_TIMEOUT_VARIABLE, 0.0)


def ledger_url(db: str | None = None) -> str:
    """Return the SQLAlchemy URL of the ledger named by `db`, `LEDGER_DB` or the default file."""
    target = db or os.environ.get("LEDGER_DB") or DEFAULT_FILE
    if "://" not in target:
        return f"sqlite:///{Path(target).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if target.startswith(prefix):
            return "postgresql+psycopg://" + target[len(prefix) :]
    if not target.startswith(("sqlite://", "postgresql+psycopg://")):
        scheme = target.split("://", 1)[0]
        raise LedgerError(
            f"cannot open a ledger at a {scheme}:// URL: use a file path (SQLite)"
            " or a postgresql:// URL"
        )
    return target


def describe(url: str) -> str:
    """Return the ledger location as a user wrote it, without a password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def make_engine(url: str) -> Engine:
    """Create an engine that waits a bounded time for other writers.

    On SQLite: foreign keys enforced, WAL; a ledger file on read-only media (or without write
    permission) is opened immutable, so that `verify`, `show` and `report` still work on it. On
    PostgreSQL: `lock_timeout` (and `statement_timeout` when set), so that a writer stuck behind
    a stalled import gives up with "the ledger is busy" instead of waiting forever.
    """
    parsed = make_url(url)
    busy_ms = int(busy_timeout() * 1000)
    if parsed.get_backend_name() != "sqlite":
        statement_ms = int(statement_timeout() * 1000)
        options = f"-c lock_timeout={busy_ms} -c statement_timeout={statement_ms}"
        return create_engine(url, pool_pre_ping=False, connect_args={"options": options})
    path = Path(parsed.database) if parsed.database else None
    read_only = path is not None and _unwritable(path)
    if read_only:
        url = f"sqlite:///file:{path}?mode=ro&immutable=1&uri=true"
    engine = create_engine(url, connect_args={"timeout": busy_ms / 1000})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # ledger emits BEGIN itself, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:  # type: ignore[no-untyped-def]
        # A writer takes the write lock at BEGIN, so it waits its turn instead of failing later.
        writing = connection.get_execution_options().get("ledger_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


STATISTICS_AFTER = 10_000
"""Claims an import must add for PostgreSQL's planner statistics to be refreshed at once."""


def refresh_statistics(engine: Engine, claims_added: int) -> None:
    """After a bulk import into PostgreSQL, refresh the planner's statistics (ANALYZE).

    Without them the planner guesses, and it guesses wrong for the link lookups of dispute
    analysis (a partial unique index scanned whole: 25 s instead of 3 s for a place report on a
    million claims). Autovacuum would get there, later, where it is switched on. SQLite's planner
    needs no statistics for ledger's queries, so nothing is done there.
    """
    if engine.dialect.name == "postgresql" and claims_added >= STATISTICS_AFTER:
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")


def _unwritable(path: Path) -> bool:
    """Whether an existing ledger file cannot be written: read-only media or no permission."""
    return path.exists() and not (
        os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)
    )


def refusal(error: BaseException) -> str:
    """Say why the database refused a change, in the words a user can act on."""
    message = first_line(error)
    code = getattr(getattr(error, "orig", None), "sqlstate", None)
    if code == "55P03" or "database is locked" in message:
        return (
            f"the ledger is busy: another writer held it for over {busy_timeout():g} s;"
            f" try again later, or wait longer with {BUSY_TIMEOUT_VARIABLE}=SECONDS"
        )
    if code == "57014":
        return (
            f"the database stopped a statement that ran over {statement_timeout():g} s"
            f" ({STATEMENT_TIMEOUT_VARIABLE}); nothing was changed"
        )
    if "readonly database" in message or code == "25006":
        return "the ledger is read-only here: it can be read and verified, not changed"
    return f"the database refused the change: {message}"


def sqlite_path(url: str) -> Path | None:
    """Return the file of a SQLite ledger, None for a server ledger."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def open_ledger(db: str | None = None) -> Engine:
    """Connect to an existing ledger whose schema this version of ledger can use."""
    url = ledger_url(db)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise LedgerError(f"no ledger at {path}: run `ledger init` to create one")
    engine = make_engine(url)
    check_schema(engine, url)
    return engine


def check_schema(engine: Engine, url: str) -> None:
    """Refuse a ledger whose schema is missing or from another version, saying what to do."""
    where = describe(url)
    try:
        with engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DatabaseError as error:
        if "alembic_version" in str(error):
            raise LedgerError(f"{where} is not a ledger yet: run `ledger init`") from None
        raise LedgerError(f"cannot open the ledger at {where}: {first_line(error)}") from None
    if revision is None or revision < SCHEMA_REVISION:
        raise LedgerError(f"the ledger at {where} has an older schema: run `ledger upgrade`")
    if revision > SCHEMA_REVISION:
        raise LedgerError(
            f"the ledger at {where} was made by a newer ledger: upgrade ledger itself"
        )


def first_line(error: BaseException) -> str:
    """Return the driver's own message of a database error, without SQL or hints."""
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(error).__name__


def dialect_name(session: Reader) -> str:
    """Return the kind of database ("sqlite", "postgresql") behind a session or a connection."""
    bind = session if hasattr(session, "dialect") else session.get_bind()
    return bind.dialect.name


def among(
    session: Reader, column: ColumnElement, ids: Iterable[int] | Iterable[str]
) -> ColumnElement[bool]:
    """Return `column IN (ids)` with the ids (or keys) bound as one value, however many.

    An IN list binds one parameter per id, and SQLAlchemy (and psycopg, splitting the query)
    spends longer expanding thousands of them than the database spends on the query; one JSON
    array (SQLite's `json_each`) or one array (PostgreSQL's `= ANY`) costs the same for ten ids
    or ten thousand.
    """
    values = sorted(set(ids))  # type: ignore[type-var]
    if dialect_name(session) == "postgresql":
        kind = String if values and isinstance(values[0], str) else Integer
        return column == any_(bindparam(None, values, type_=ARRAY(kind)))
    listed = func.json_each(bindparam(None, json.dumps(values), type_=String))
    return column.in_(select(literal_column("value")).select_from(listed))


def chunks(items: Sequence, size: int = 500) -> Iterable[Sequence]:
    """Split a long IN (...) list so that no database refuses it."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
