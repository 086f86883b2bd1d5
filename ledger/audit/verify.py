"""Checking that the ledger can be trusted: the journal's hash chain, and the tables against it.

Each journal entry's hash covers its content and the hash before it, so recomputing the chain
finds an entry changed, removed or inserted after the fact. Replaying the journal rebuilds what
every table a report or an export reads must hold (`ledger.audit.replayers`), so a row changed
behind the ledger's back (raw SQL) is found too, and named.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ledger.audit.anchors import Anchor
from ledger.audit.anchors import check as check_anchor
from ledger.audit.replay import Entry, Replay, moment, raw, stream
from ledger.audit.replayers import replay
from ledger.errors import LedgerError
from ledger.store import journal
from ledger.store.models import JournalEntry


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
    columns = [JournalEntry.seq, raw(JournalEntry.at), JournalEntry.by, JournalEntry.action]
    columns += [JournalEntry.subject, JournalEntry.payload, JournalEntry.prev_hash]
    statement = select(*columns, JournalEntry.hash).order_by(JournalEntry.seq)
    last = ""
    for seq, at, by, action, subject, payload, prev_hash, stored in stream(session, statement):
        stamp = moment(at)  # the time as the entry's hash covers it: ISO text in UTC
        if seq != report.entries + 1:
            raise LedgerError(
                f"{_where(seq, stamp, by, action, subject)} follows entry"
                f" {report.entries}: entries are missing"
            )
        if prev_hash != report.head:
            where = _where(seq, stamp, by, action, subject)
            raise LedgerError(f"{where} does not chain to the entry before it")
        if journal.entry_hash(prev_hash, seq, stamp, by, action, subject, payload) != stored:
            where = _where(seq, stamp, by, action, subject)
            raise LedgerError(f"{where} does not match its hash: it was changed after logging")
        if stamp < last and not report.out_of_order:
            where = _where(seq, stamp, by, action, subject)
            report.out_of_order = f"{where} is dated before the entry before it ({last})"
        last = stamp
        report.entries, report.head = seq, stored
        for anchor in pinned.pop(seq, ()):
            check_anchor(anchor, seq, stored)
        replayed.apply(Entry(seq, stamp, by, action, subject, json.loads(payload)))
    for seq in sorted(pinned):
        check_anchor(pinned[seq][0], report.entries, None)
    return replayed


def _where(seq: int, stamp: str, by: str, action: str, subject: str) -> str:
    at = dt.datetime.fromisoformat(stamp)
    return f"journal entry {seq} ({action} {subject}, {at:%Y-%m-%d %H:%M} UTC by {by})"


def _check_head(session: Session, report: Report) -> None:
    head = journal.head(session)
    seq, hash_ = (head.seq, head.hash) if head else (0, journal.GENESIS)
    if (seq, hash_) != (report.entries, report.head):
        raise LedgerError(
            f"the journal head names entry {seq} but the journal ends at entry {report.entries}:"
            " entries were removed or added behind the ledger's back"
        )
