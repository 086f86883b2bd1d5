"""Checking that the ledger can be trusted: the journal's hash chain, and the tables against it.

Each journal entry's hash covers its content and the hash before it, so recomputing the chain
finds an entry changed, removed or inserted after the fact. Replaying the journal rebuilds what
every table a report or an export reads must hold (`ledger.audit.replayers`), so a row changed
behind the ledger's back (raw SQL) is found too, and named.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ledger.audit.anchors import Anchor
from ledger.audit.anchors import check as check_anchor
from ledger.audit.replay import Entry, Replay, utc
from ledger.audit.replayers import replay
from ledger.errors import LedgerError
from ledger.store import journal
from ledger.store.models import JournalEntry

BATCH = 2000


@dataclass
class Report:
    entries: int = 0
    head: str = journal.GENESIS
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    """The published heads (`SEQ:HASH`) the ledger was checked to extend."""
    out_of_order: str | None = None
    """The first entry dated before the one before it: logged by an older version, or forged."""
    problem: str | None = None

    def to_json(self) -> dict:
        return {
            "ok": self.problem is None,
            "entries": self.entries,
            "head": self.head,
            "counts": self.counts,
            "anchors": self.anchors,
            "problem": self.problem,
        }


def check_ledger(engine: Engine, anchors: Sequence[Anchor] = ()) -> Report:
    """Verify a ledger as of one consistent moment, while others may be writing to it."""
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with Session(engine) as session:  # on SQLite one read transaction is one WAL snapshot
        return check(session, anchors)


def check(session: Session, anchors: Sequence[Anchor] = ()) -> Report:
    """Recompute the hash chain, check it extends every anchor, and compare the tables."""
    report = Report()
    try:
        replayed = _check_chain(session, report, anchors)
        report.anchors = sorted({a.label for a in anchors})
        _check_head(session, report)
        report.counts = replayed.counts()
        report.warnings = replayed.warnings()
        if report.out_of_order:
            report.warnings.append(
                f"{report.out_of_order}: entry times are kept in order since this version, so"
                " the entry was written by an older one or its time was forged"
            )
        replayed.compare(session)
    except LedgerError as problem:
        report.problem = problem.message
    return report


def _check_chain(session: Session, report: Report, anchors: Sequence[Anchor]) -> Replay:
    replayed = replay()
    pinned: dict[int, list[Anchor]] = defaultdict(list)
    for anchor in anchors:
        pinned[anchor.seq].append(anchor)
    for anchor in pinned.pop(0, []):
        check_anchor(anchor, 0, journal.GENESIS)
    columns = [getattr(JournalEntry, c) for c in ("seq", "at", "by", "action", "subject")]
    statement = select(*columns, JournalEntry.payload, JournalEntry.prev_hash, JournalEntry.hash)
    rows = session.execute(statement.order_by(JournalEntry.seq).execution_options(yield_per=BATCH))
    last = None
    for seq, at, by, action, subject, payload, prev_hash, stored in rows:
        where = f"journal entry {seq} ({action} {subject}, {at:%Y-%m-%d %H:%M} UTC by {by})"
        if last is not None and at < last and not report.out_of_order:
            report.out_of_order = f"{where} is dated before the entry before it ({last})"
        last = at
        if seq != report.entries + 1:
            raise LedgerError(f"{where} follows entry {report.entries}: entries are missing")
        if prev_hash != report.head:
            raise LedgerError(f"{where} does not chain to the entry before it")
        recomputed = journal.entry_hash(
            prev_hash, seq, at.isoformat(), by, action, subject, payload
        )
        if recomputed != stored:
            raise LedgerError(f"{where} does not match its hash: it was changed after logging")
        report.entries, report.head = seq, stored
        for anchor in pinned.pop(seq, ()):
            check_anchor(anchor, seq, stored)
        replayed.apply(Entry(seq, utc(at), by, action, subject, json.loads(payload)))  # type: ignore[arg-type]
    for seq in sorted(pinned):
        check_anchor(pinned[seq][0], report.entries, None)
    return replayed


def _check_head(session: Session, report: Report) -> None:
    head = journal.head(session)
    seq, hash_ = (head.seq, head.hash) if head else (0, journal.GENESIS)
    if (seq, hash_) != (report.entries, report.head):
        raise LedgerError(
            f"the journal head names entry {seq} but the journal ends at entry {report.entries}:"
            " entries were removed or added behind the ledger's back"
        )
