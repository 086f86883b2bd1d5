"""Checking that the ledger can be trusted: the journal's hash chain, and the tables against it.

Each journal entry's hash covers its content and the hash before it, so recomputing the chain
finds an entry changed, removed or inserted after the fact. Replaying the journal rebuilds what
the claim, link and verdict tables must hold, so a row changed behind the ledger's back (raw SQL)
is found too.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ledger.audit.replay import Expected
from ledger.errors import LedgerError
from ledger.store import journal
from ledger.store.models import Actor, Claim, ClaimPlace, JournalEntry, Link, Place, Source, Verdict

BATCH = 2000


@dataclass
class Report:
    entries: int = 0
    head: str = journal.GENESIS
    counts: dict[str, int] = field(default_factory=dict)
    problem: str | None = None

    def to_json(self) -> dict:
        return {
            "ok": self.problem is None,
            "entries": self.entries,
            "head": self.head,
            "counts": self.counts,
            "problem": self.problem,
        }


def check_ledger(engine: Engine) -> Report:
    """Verify a ledger as of one consistent moment, while others may be writing to it."""
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with Session(engine) as session:  # on SQLite one read transaction is one WAL snapshot
        return check(session)


def check(session: Session) -> Report:
    """Recompute the hash chain and compare the tables with the journal replayed."""
    report = Report()
    try:
        expected = _check_chain(session, report)
        _check_head(session, report)
        _compare(session, expected, report)
    except LedgerError as problem:
        report.problem = problem.message
    return report


def _check_chain(session: Session, report: Report) -> Expected:
    expected = Expected()
    columns = [getattr(JournalEntry, c) for c in ("seq", "at", "by", "action", "subject")]
    statement = select(*columns, JournalEntry.payload, JournalEntry.prev_hash, JournalEntry.hash)
    rows = session.execute(statement.order_by(JournalEntry.seq).execution_options(yield_per=BATCH))
    for seq, at, by, action, subject, payload, prev_hash, stored in rows:
        where = f"journal entry {seq} ({action} {subject}, {at:%Y-%m-%d %H:%M} UTC by {by})"
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
        expected.apply(seq, at, by, action, subject, json.loads(payload))
    return expected


def _check_head(session: Session, report: Report) -> None:
    head = journal.head(session)
    seq, hash_ = (head.seq, head.hash) if head else (0, journal.GENESIS)
    if (seq, hash_) != (report.entries, report.head):
        raise LedgerError(
            f"the journal head names entry {seq} but the journal ends at entry {report.entries}:"
            " entries were removed or added behind the ledger's back"
        )


def _compare(session: Session, expected: Expected, report: Report) -> None:
    claims, ids = _claims(session)
    _first_difference("claim", expected.claims, claims)
    _first_difference("link", expected.links, _links(session, ids))
    _verdicts_match(expected.verdicts, _verdicts(session, ids))
    places = session.execute(select(func.count(Place.id))).scalar_one()
    if places != expected.places:
        raise LedgerError(
            f"the ledger has {places} places, the journal added {expected.places}:"
            " places were added or removed behind the ledger's back"
        )
    report.counts = {
        "claims": len(claims),
        "links": len(expected.links),
        "verdicts": sum(expected.verdicts.values()),
        "places": places,
    }


def _first_difference(what: str, logged: dict, stored: dict) -> None:
    for key in sorted(logged.keys() | stored.keys(), key=str):
        name = f"{what} {key!r}" if what == "claim" else f"{what} {key}"
        if key not in stored:
            raise LedgerError(f"{name} is in the journal but not in the table: it was deleted")
        if key not in logged:
            raise LedgerError(f"{name} is in the table but not in the journal")
        for column, value in logged[key].items():
            if stored[key][column] != value:
                raise LedgerError(
                    f"{name} differs from the journal: {column} is {stored[key][column]!r},"
                    f" the journal says {value!r}"
                )


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _claims(session: Session) -> tuple[dict[str, dict[str, Any]], dict[int, str]]:
    """Read every claim as the journal records it: by keys, dates as text."""
    statement = (
        select(Claim, Actor.key, Source.key)
        .join(Actor, Actor.id == Claim.claimant_id, isouter=True)
        .join(Source, Source.id == Claim.source_id, isouter=True)
    )
    found: dict[str, dict[str, Any]] = {}
    ids: dict[int, str] = {}
    for claim, claimant, source in session.execute(statement):
        ids[claim.id] = claim.key
        found[claim.key] = {
            "text": claim.text,
            "excerpt": claim.excerpt,
            "claimant": claimant,
            "source": source,
            "url": claim.url,
            "published": _iso(claim.published),
            "event_start": _iso(claim.event_start),
            "event_end": _iso(claim.event_end),
            "places": [],
            "logged_by": claim.logged_by,
            "logged_at": _iso(claim.logged_at),
            "revision": claim.revision,
            "revised_at": _iso(claim.revised_at),
            "revised_by": claim.revised_by,
            "retracted_at": _iso(claim.retracted_at),
            "retracted_by": claim.retracted_by,
            "retracted_reason": claim.retracted_reason,
        }
        session.expunge(claim)
    places = select(ClaimPlace.claim_id, Place.key).join(Place, Place.id == ClaimPlace.place_id)
    for claim_id, place_key in session.execute(places.order_by(Place.key)):
        found[ids[claim_id]]["places"].append(place_key)
    return found, ids


def _links(session: Session, ids: dict[int, str]) -> dict[int, dict[str, Any]]:
    found = {}
    for link in session.execute(select(Link)).scalars():
        found[link.id] = {
            "claims": sorted((ids[link.claim_a_id], ids[link.claim_b_id])),
            "relation": link.relation,
            "note": link.note,
            "created_by": link.created_by,
            "created_at": _iso(link.created_at),
            "removed_at": _iso(link.removed_at),
            "removed_by": link.removed_by,
            "removed_reason": link.removed_reason,
        }
        session.expunge(link)
    return found


def _verdicts(session: Session, ids: dict[int, str]) -> Counter:
    columns = (Verdict.claim_id, Verdict.rating, Verdict.note, Verdict.by, Verdict.at)
    return Counter(
        (ids[claim_id], rating, note, by, _iso(at))
        for claim_id, rating, note, by, at in session.execute(select(*columns))
    )


def _verdicts_match(logged: Counter, stored: Counter) -> None:
    for verdict in sorted((logged - stored) + (stored - logged), key=str):
        claim, rating, _, by, at = verdict
        if logged[verdict] > stored[verdict]:
            where = "journal but not in the table"
        else:
            where = "table but not in the journal"
        raise LedgerError(f"the verdict {rating!r} on {claim!r} by {by} at {at} is in the {where}")
