"""Running an import: records of any format, in batches, through one set of section handlers.

Readers yield `(section, Item)` pairs in file order; consecutive records of one section are
handled together, a few thousand at a time, so that a file of a million claims costs a few
hundred queries and bulk inserts rather than millions, and is never held in memory whole.
Claims and links go in as plain tuples with ids handed out beforehand (`ledger.bulk`); each
still gets its own journal entry, so history and verification read an import like any write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial

from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.formats import claims_in, links_in, named, relations_in, revisions_in
from ledger.formats.context import Context
from ledger.formats.fields import Item, check_fields, relocated
from ledger.formats.model import FIELDS, REQUIRED, ImportReport
from ledger.record.ratings import Ratings
from ledger.store import bulk, journal
from ledger.store.models import Actor, Source

BATCH = 5000
CACHE_KIB = 256 * 1024
SQLITE_DEFAULT_CACHE = -2000

_HANDLERS: dict[str, Callable[[Context, list[Item]], None]] = {
    "places": named.import_places,
    "actors": partial(named.import_named, model=Actor),
    "sources": partial(named.import_named, model=Source),
    "claims": claims_in.import_claims,
    "revisions": revisions_in.import_revisions,
    "links": links_in.import_links,
    "verdicts": relations_in.import_verdicts,
    "disputes": relations_in.import_disputes,
}


def run(
    session: Session,
    records: Iterable[tuple[str, Item]],
    *,
    create_places: bool = False,
    create: bool = False,
    kinds: dict[str, str] | None = None,
    ratings: Ratings | None = None,
    date_order: str | None = None,
) -> ImportReport:
    """Import records inside the caller's write transaction; the first bad one stops it.

    `create` makes unknown claimants and sources (of kind `other`, or as `kinds` names them).
    """
    context = Context(session, create_places=create_places, create=create, kinds=kinds or {})
    context.ratings = ratings or context.ratings
    context.date_order = date_order
    section, batch = "", []
    allowed = {name: frozenset(names) for name, names in FIELDS.items()}
    with roomy_cache(session), bulk.indexes_after(session):
        for next_section, item in records:
            if next_section == "warning":  # a reader's remark about the file
                context.report.warn(item.record["message"])
                continue
            if next_section != section or len(batch) >= BATCH:
                _handle(context, section, batch)
                section, batch = next_section, []
            try:
                check_fields(section, item.record, allowed[section], REQUIRED[section])
            except LedgerError as error:
                raise relocated(item, error) from None
            batch.append(item)
        _handle(context, section, batch)
    return context.report


@contextmanager
def roomy_cache(session: Session) -> Iterator[None]:
    """Give SQLite a page cache big enough for the indexes a bulk import grows, then shrink it.

    With the default 2 MiB cache SQLite evicts index pages and reads them back every few rows
    (measured: nearly half the time of inserting claims); a larger cache costs memory (at most
    `CACHE_KIB`), never durability. A cache someone sized on purpose is left alone.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    if before != SQLITE_DEFAULT_CACHE:
        yield
        return
    connection.exec_driver_sql(f"PRAGMA cache_size=-{CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


def _handle(context: Context, section: str, batch: list[Item]) -> None:
    if not batch:
        return
    _HANDLERS[section](context, batch)
    _spill_log(context.session)


def _spill_log(session: Session) -> None:
    """Write the log entries gathered so far, so that a huge import does not hold them all.

    They go into the same transaction as the rows they describe; the head is updated again at
    commit.
    """
    if len(journal.writer(session).pending) >= BATCH:
        journal.flush(session)
