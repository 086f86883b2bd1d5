"""Inserting many rows fast: plain tuples, one `executemany`, ids handed out beforehand.

SQLAlchemy's own bulk insert builds and converts a parameter dict per row, which costs more than
SQLite spends storing it; here each row is a tuple already in the driver's terms (dates and times
converted once per distinct value, by the column type's own converter, so the stored text is
exactly what the ORM would store), sent with one `executemany` per batch through the session's
connection, so that it stays inside the import's transaction and its events still fire.

Ids are given out before inserting: the writer lock keeps every other writer out, so the rows
above the highest id are this import's. On PostgreSQL the table's sequence is then moved past
them, so that later inserts that let the database choose the id do not collide.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, func, select, text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

LOOKUP = 5000
"""Keys per `IN (...)` lookup of a bulk import: a batch's worth, within every database's limit."""


def table_of(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


class Converter:
    """Turn a column's Python values into what the driver takes, once per distinct value."""

    def __init__(self, session: Session, model: Any, column: str) -> None:
        dialect = session.get_bind().dialect
        kind = table_of(model).c[column].type.dialect_impl(dialect)
        self.process: Callable[[Any], Any] | None = kind.bind_processor(dialect)
        self.seen: dict[Any, Any] = {None: None}

    def __call__(self, value: Any) -> Any:
        if self.process is None:
            return value
        try:
            return self.seen[value]
        except KeyError:
            converted = self.seen[value] = self.process(value)
            if len(self.seen) > 100_000:  # distinct times can be many: keep memory bounded
                self.seen = {None: None}
            return converted


def insert_tuples(
    session: Session, model: Any, columns: Sequence[str], rows: Sequence[tuple]
) -> None:
    """Insert rows given as tuples in the order of `columns`: `COPY` on PostgreSQL, else one
    `executemany`.

    On PostgreSQL the rows go through psycopg's `COPY ... FROM STDIN` on the session's own
    connection, so they stay inside the import's transaction (tried and slower before it: an
    executemany, which psycopg pipelines; multi-row VALUES, parsed anew for every statement;
    `unnest` of arrays, dumped as text).
    """
    if not rows:
        return
    connection = session.connection()
    names = ", ".join(f'"{name}"' for name in columns)
    table = table_of(model).name
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    marks = ", ".join(mark for _ in columns)
    connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))


def copy_tuples(
    session: Session, model: Any, columns: Sequence[str], rows: Sequence[tuple]
) -> None:
    """Insert rows as `insert_tuples` does; on PostgreSQL through `COPY`, for a big load.

    (Loading the gazetteer's ~300,000 place names takes a few seconds pipelined, a fraction of
    a second copied. The values must be plain numbers and text, which need no converter.)
    """
    connection = session.connection()
    if connection.dialect.name != "postgresql" or not rows:
        insert_tuples(session, model, columns, rows)
        return
    names = ", ".join(f'"{name}"' for name in columns)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor, cursor.copy(f"COPY {table_of(model).name} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


class Ids:
    """Hand out the ids of new rows of one table, counting up from the highest one there."""

    def __init__(self, session: Session, model: Any) -> None:
        self.session, self.model = session, model
        self.last = session.execute(select(func.max(model.id))).scalar() or 0
        self.floor = self.last

    def take(self, count: int) -> range:
        """Return `count` fresh ids; call `settle()` once rows with them are inserted."""
        start = self.last + 1
        self.last += count
        return range(start, self.last + 1)

    def settle(self) -> None:
        """Move a PostgreSQL sequence past the ids handed out (SQLite needs nothing)."""
        connection = self.session.connection()
        if connection.dialect.name != "postgresql" or self.last == self.floor:
            return
        name = table_of(self.model).name
        connection.execute(
            text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :last)"),
            {"table": name, "last": self.last},
        )


DEFERRED = (
    "ix_claim_claimant_id",
    "ix_claim_source_id",
    "ix_claim_published",
    "ix_claim_event",
    "ix_claim_place_place",
    "claim_search_gin",  # PostgreSQL's word index of `ledger search` (SQLite's is FTS5)
)
"""Indexes only lookups read, never an import: built after a load into an empty claim table.

Not the unique keys nor `ix_claim_text_start`, which the import itself checks claims against."""


@contextmanager
def indexes_after(session: Session, names: Sequence[str] = DEFERRED) -> Iterator[None]:
    """Load into an empty claim table first and build the indexes `names` after the rows.

    Building an index over rows already in place sorts them once; keeping it up to date sorts
    them in one row at a time (measured on SQLite: a third of the time of inserting claims). The
    indexes are dropped and made again inside the caller's transaction, from the definitions the
    database itself holds, so a failed import rolls back to the indexes it started with. A ledger
    holding claims is left alone.
    """
    connection = session.connection()
    if connection.execute(text("SELECT 1 FROM claim LIMIT 1")).first() is not None:
        yield
        return
    saved = _definitions(session, names)
    for name, _ in saved:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, definition in saved:
        connection.exec_driver_sql(definition)


def _definitions(session: Session, names: Sequence[str]) -> list[tuple[str, str]]:
    """Return (name, CREATE INDEX statement) of those of the indexes `names` that exist."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        query = (
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " AND indexname = ANY(:names) ORDER BY indexname"
        )
        rows = connection.execute(text(query), {"names": list(names)})
    else:
        query = (
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND name IN (SELECT value FROM json_each(:names)) ORDER BY name"
        )
        rows = connection.execute(text(query), {"names": json.dumps(list(names))})
    return [(name, definition) for name, definition in rows]
