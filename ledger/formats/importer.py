"""Running an import: records of any format, in batches, through one set of section handlers.

Readers yield `(section, Item)` pairs in file order; consecutive records of one section are
handled together, a few thousand at a time, so that a file of a million claims costs a few
hundred queries and bulk inserts rather than millions, and is never held in memory whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from sqlmodel import Session

from ledger import journal
from ledger.formats import claims_in, named, relations_in
from ledger.formats.context import Context
from ledger.formats.fields import Item, check_fields, located
from ledger.formats.model import FIELDS, REQUIRED, ImportReport
from ledger.models import Actor, Source

BATCH = 5000

_HANDLERS: dict[str, Callable[[Context, list[Item]], None]] = {
    "places": named.import_places,
    "actors": partial(named.import_named, model=Actor),
    "sources": partial(named.import_named, model=Source),
    "claims": claims_in.import_claims,
    "links": relations_in.import_links,
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
) -> ImportReport:
    """Import records inside the caller's write transaction; the first bad one stops it.

    `create` makes unknown claimants and sources (of kind `other`, or as `kinds` names them).
    """
    context = Context(session, create_places=create_places, create=create, kinds=kinds or {})
    section, batch = "", []
    for next_section, item in records:
        if next_section != section or len(batch) >= BATCH:
            _handle(context, section, batch)
            section, batch = next_section, []
        with located(item):
            check_fields(section, item.record, set(FIELDS[section]), REQUIRED[section])
        batch.append(item)
    _handle(context, section, batch)
    return context.report


def _handle(context: Context, section: str, batch: list[Item]) -> None:
    if not batch:
        return
    _HANDLERS[section](context, batch)
    _spill_log(context.session)


def _spill_log(session: Session) -> None:
    """Write the log entries gathered so far, so that a huge import does not hold them all.

    They go into the same transaction as the rows they describe; the head is updated again at
    commit. (Uses the journal's own flush: ask its owner to make it public.)
    """
    if len(journal.writer(session).pending) >= BATCH:
        journal.flush(session)
