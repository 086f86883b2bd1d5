"""Full-text search over claims, with each database's own engine.

SQLite: an FTS5 table (`claim_search`, Porter stemming for English) kept in step with the claim
table by triggers, so every write path (`claim add`, `claim edit`, any import) updates it in the
same transaction. PostgreSQL: a GIN index on the claims' `to_tsvector('english', ...)`, which the
server maintains itself. Both index the claim's text and excerpt, normalised by
`ledger.find.normal`. A query is reduced to its words, so that no input (`"`, `AND`, `*`,
`NEAR(`) can be a syntax error: claims holding all the words come first, ranked by the engine
(bm25, ts_rank); when none holds them all, claims holding any of them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Select, func, literal_column, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.find.normal import sql_normalised, words
from ledger.record import lookup
from ledger.store.tables import claim as Claim

CONFIG = "english"
"""PostgreSQL's text search configuration: English stemming; other scripts pass as words."""


def _body_sql(dialect: str, row: str = "") -> str:
    """Return the SQL of the normalised text a claim is found by (`row` prefixes the columns)."""
    body = literal_column(f"{row}text") + " " + func.coalesce(literal_column(f"{row}excerpt"), "")
    compiler = postgresql.dialect() if dialect == "postgresql" else sqlite.dialect()
    expression = sql_normalised(body, dialect)
    return str(expression.compile(dialect=compiler, compile_kwargs={"literal_binds": True}))


def _vector_sql() -> str:
    return f"to_tsvector('{CONFIG}'::regconfig, {_body_sql('postgresql')})"


def create_index(connection: Connection) -> None:
    """Create the search index and fill it from the claims already logged."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS claim_search_gin ON claim USING gin ({_vector_sql()})"
        )
        return
    body = _body_sql("sqlite", "new.")
    statements = [
        "CREATE VIRTUAL TABLE IF NOT EXISTS claim_search USING fts5("
        "body, tokenize = 'porter unicode61 remove_diacritics 2')",
        "CREATE TRIGGER IF NOT EXISTS claim_search_add AFTER INSERT ON claim BEGIN"
        f" INSERT INTO claim_search (rowid, body) VALUES (new.id, {body}); END",
        "CREATE TRIGGER IF NOT EXISTS claim_search_edit AFTER UPDATE OF text, excerpt ON claim"
        " BEGIN DELETE FROM claim_search WHERE rowid = old.id;"
        f" INSERT INTO claim_search (rowid, body) VALUES (new.id, {body}); END",
        "CREATE TRIGGER IF NOT EXISTS claim_search_drop AFTER DELETE ON claim BEGIN"
        " DELETE FROM claim_search WHERE rowid = old.id; END",
    ]
    for statement in statements:
        connection.exec_driver_sql(statement)
    rebuild(connection)


def drop_index(connection: Connection) -> None:
    """Remove the search index (a migration's downgrade)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP INDEX IF EXISTS claim_search_gin")
        return
    for trigger in ("claim_search_add", "claim_search_edit", "claim_search_drop"):
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    connection.exec_driver_sql("DROP TABLE IF EXISTS claim_search")


def rebuild(connection: Connection) -> None:
    """Index every claim afresh (`ledger upgrade` does it, whatever the schema's revision)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("REINDEX INDEX claim_search_gin")
        return
    connection.exec_driver_sql("DELETE FROM claim_search")
    connection.exec_driver_sql(
        f"INSERT INTO claim_search (rowid, body) SELECT id, {_body_sql('sqlite')} FROM claim"
    )


def search(
    session: Session,
    query: str,
    *,
    place_id: int | None = None,
    exact: bool = False,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = 20,
) -> list[int]:
    """Return the ids of the claims that match `query`, best first."""
    terms = words(query)
    if not terms:
        raise LedgerError(f"nothing to search for in {query!r}: give one or more words")
    postgres = session.get_bind().dialect.name == "postgresql"
    ranked = _postgres if postgres else _sqlite
    for every in (True, False):
        statement = lookup.within_dates(ranked(terms, every), since, until)
        if place_id is not None:
            statement = statement.where(Claim.c.id.in_(lookup.tagged(place_id, exact)))
        ids = list(session.execute(statement.limit(limit)).scalars())
        if ids or len(terms) == 1:
            return ids
    return []


def _sqlite(terms: list[str], every: bool) -> Select:
    match = (" AND " if every else " OR ").join(f'"{term}"' for term in terms)
    hits = (
        select(literal_column("rowid").label("id"), literal_column("rank").label("rank"))
        .select_from(text("claim_search"))
        .where(text("claim_search MATCH :match").bindparams(match=match))
        .subquery()
    )
    return (
        select(Claim.c.id)
        .join(hits, hits.c.id == Claim.c.id)
        .order_by(hits.c.rank, Claim.c.published.desc(), Claim.c.key)
    )


def _postgres(terms: list[str], every: bool) -> Select:
    query = func.websearch_to_tsquery(
        literal_column(f"'{CONFIG}'::regconfig"), (" " if every else " or ").join(terms)
    )
    vector = literal_column(_vector_sql())
    return (
        select(Claim.c.id)
        .where(vector.op("@@")(query))
        .order_by(func.ts_rank(vector, query).desc(), Claim.c.published.desc(), Claim.c.key)
    )
