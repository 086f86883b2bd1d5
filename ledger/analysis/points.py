"""Stable disputed points: which record belongs to which point, and so each point's key.

A point is derived from the links, so it has no row of its own until a fact-checker records
something about it (a title, a resolution) or a change would otherwise lose its key. A record
(`Dispute`) keeps the claims its point held when it was last written (`DisputeClaim`), and
follows the point that now holds most of them (the older point on a tie): through unlinks,
merges and splits a point keeps its key, title, resolution and history. When points merge,
the oldest record leads and the others stay attached as merged records, shown beside it.

A point without a record is keyed by its oldest contradiction not already a record's key.
Before a link is removed or a claim retracted, `track` gives every point touching it a record
of its current claims, so that losing its oldest link renames nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select

from ledger.analysis import disputes
from ledger.analysis.disputes import Edge, Graph, Point, point_key
from ledger.errors import LedgerError
from ledger.store.db import among
from ledger.store.tables import claim as Claim
from ledger.store.tables import dispute as Dispute
from ledger.store.tables import dispute_claim as DisputeClaim
from ledger.store.tables import link as Link

if TYPE_CHECKING:
    from sqlalchemy.engine import Row
    from sqlalchemy.orm import Session

    from ledger.store import models
    from ledger.store.db import Reader


def _records(session: Reader, found: list[Point], whole: bool) -> dict[int, Row]:
    """Load the records that may belong to the points: by their claims, or by their anchor."""
    if whole:
        return {r.id: r for r in session.execute(select(Dispute))}
    claims = {c for p in found for c in p.claims}
    links = {e.id for p in found for e in p.edges}
    by_claims = select(DisputeClaim.c.dispute_id).where(
        among(session, DisputeClaim.c.claim_id, claims)
    )
    statement = select(Dispute).where(
        Dispute.c.id.in_(by_claims) | among(session, Dispute.c.anchor_link_id, links)
    )
    return {r.id: r for r in session.execute(statement)}


def _members(session: Reader, records: Iterable[int]) -> dict[int, list[int]]:
    """Return the claims each record was last written for, by record id."""
    statement = select(DisputeClaim.c.dispute_id, DisputeClaim.c.claim_id).where(
        among(session, DisputeClaim.c.dispute_id, records)
    )
    found: dict[int, list[int]] = defaultdict(list)
    for dispute_id, claim_id in session.execute(statement):
        found[dispute_id].append(claim_id)
    return found


def _home(record: Row, members: list[int], found: list[Point], where: dict) -> Point | None:
    """Return the point holding most of a record's claims (the older on a tie), if any."""
    if not members:  # a record written before records kept their claims: its anchor decides
        return next((p for p in found if any(e.id == record.anchor_link_id for e in p.edges)), None)
    counts = Counter(where[c] for c in members if c in where)
    if not counts:
        return None
    best = max(counts.values())
    return min((found[i] for i, n in counts.items() if n == best), key=lambda p: p.anchor.id)


def attach(session: Reader, found: list[Point], whole: bool = False) -> list[Point]:
    """Give each point its records and its key; `whole` when `found` is the whole ledger."""
    if not found:
        return found
    records = _records(session, found, whole)
    members = _members(session, records) if records else {}
    where = {c: i for i, p in enumerate(found) for c in p.claims}
    following: dict[int, list[Row]] = defaultdict(list)
    for record in records.values():
        home = _home(record, members.get(record.id, []), found, where)
        if home is not None:
            following[id(home)].append(record)
    for point in found:
        mine = sorted(following.get(id(point), []), key=lambda r: r.anchor_link_id)
        if mine:
            point.record, point.merged = mine[0], mine[1:]
            point.key = point_key(mine[0].anchor_link_id)
    _derive_keys(session, [p for p in found if p.record is None])
    return sorted(found, key=lambda p: p.number)


def _derive_keys(session: Reader, bare: list[Point]) -> None:
    """Key each point without a record by its oldest link whose number no record has taken."""
    numbers = {e.id for p in bare for e in p.edges}
    if not numbers:
        return
    taken_by = select(Dispute.c.anchor_link_id).where(
        among(session, Dispute.c.anchor_link_id, numbers)
    )
    taken = set(session.execute(taken_by).scalars())
    for point in bare:
        ordered = sorted(point.edges, key=lambda e: (not e.contradicts, e.id))
        free = next((e for e in ordered if e.id not in taken), ordered[0])
        point.key = point_key(free.id)


def complete(session: Reader, edges: dict[int, Edge]) -> dict[int, Edge]:
    """Add the components holding the claims of every record touching the links loaded.

    A record follows the point holding most of its claims, so they must all be in the graph
    before `attach` can tell which point that is.
    """
    asked: set[int] = set()
    while edges:
        nodes = {n for e in edges.values() for n in (e.a, e.b)}
        touching = select(DisputeClaim.c.dispute_id).where(
            among(session, DisputeClaim.c.claim_id, nodes)
        )
        anchored = select(Dispute.c.id).where(among(session, Dispute.c.anchor_link_id, edges))
        statement = select(DisputeClaim.c.claim_id).where(
            DisputeClaim.c.dispute_id.in_(touching.union(anchored))
        )
        missing = set(session.execute(statement).scalars()) - nodes - asked
        if not missing:  # a record's claim with no live link left adds nothing: ask once
            break
        asked |= missing
        edges = disputes.expand(session, edges | disputes.touching(session, missing), nodes)
    return edges


def one(session: Reader, key: str) -> tuple[Graph, Point]:
    """Return the disputed point with id `key` and the graph of its claims."""
    number = disputes.parse_key(key)
    name = point_key(number)
    record = session.execute(select(Dispute).where(Dispute.c.anchor_link_id == number)).first()
    start = _members(session, [record.id]).get(record.id, []) if record else []
    graph, found = disputes.analyse(session, start or _link_ends(session, number))
    for point in found:
        if point.key == name:
            return graph, point
        if record is not None and any(r.id == record.id for r in point.merged):
            raise _merged(name, point.key)
    if record is not None:
        raise LedgerError(
            f"disputed point {name} no longer holds a contradiction: its links were removed"
            f" (`ledger dispute history {name}` shows its record)"
        )
    holder = next((p for p in found if any(e.id == number for e in p.edges)), None)
    if holder is not None and any(e.id == number and e.contradicts for e in holder.edges):
        raise _merged(name, holder.key)
    raise LedgerError(f"no disputed point {name}: `ledger disputes` lists them")


def _merged(name: str, into: str) -> LedgerError:
    return LedgerError(f"disputed point {name} has been merged into the older {into}: use {into}")


def _link_ends(session: Reader, link_id: int) -> list[int]:
    ends = select(Link.c.claim_a_id, Link.c.claim_b_id).where(Link.c.id == link_id)
    row = session.execute(ends).first()
    return list(row) if row else []


def record_of(session: Session, point: Point) -> models.Dispute:
    """Return the point's record to write to, creating it under the point's key if it has none."""
    from ledger.store.models import Dispute as Record

    if point.record is not None:
        return session.get_one(Record, point.record.id)
    record = Record(anchor_link_id=point.number)
    session.add(record)
    session.flush()
    return record


def remember(session: Session, point: Point) -> models.Dispute:
    """Return the point's writable record, holding the claims the point holds now (logged)."""
    from ledger.store import journal
    from ledger.store.models import DisputeClaim as Member

    record = record_of(session, point)
    if set(_members(session, [record.id]).get(record.id, [])) != set(point.claims):
        session.execute(delete(Member).where(Member.dispute_id == record.id))
        rows = [{"dispute_id": record.id, "claim_id": c} for c in point.claims]
        session.execute(insert(Member), rows)
        keys = select(Claim.c.key).where(among(session, Claim.c.id, point.claims))
        payload = {"dispute": point.key, "claims": sorted(session.execute(keys).scalars())}
        journal.record(session, "dispute.track", point.key, payload)
    return record


def track(session: Session, claim_ids: Sequence[int]) -> None:
    """Before links or claims go: pin every point touching the claims to its current claims."""
    _, found = disputes.analyse(session, list(claim_ids))
    for point in found:
        remember(session, point)
