"""Disputed points: groups of linked claims that hold a contradiction, split into positions.

Claims are the nodes and live links the edges of a graph (removed links and retracted claims
drop out). Every connected component holding a `contradicts` link is a disputed point; its
claims stand in positions (`ledger.analysis.positions`). Which point a fact-checker's record
(title, resolution) belongs to, and so each point's key, is settled by `ledger.analysis.points`.

Only the components touching a query are loaded: the links of the claims asked about, then,
round by round, the links of the claims reached, each round one set-based query.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Select, or_, select, text

from ledger.analysis import positions
from ledger.analysis.positions import Positions
from ledger.errors import LedgerError
from ledger.geo.names import POINT_KEY
from ledger.store.db import among, dialect_name
from ledger.store.tables import claim as Claim
from ledger.store.tables import claim_place as ClaimPlace
from ledger.store.tables import link as Link
from ledger.store.tables import place_ancestor as PlaceAncestor

if TYPE_CHECKING:
    from sqlalchemy.engine import Row

    from ledger.store.db import Reader


@dataclass(frozen=True)
class Edge:
    """A live link, as the graph holds it."""

    id: int
    a: int
    b: int
    relation: str
    note: str | None
    by: str
    at: dt.datetime

    @property
    def contradicts(self) -> bool:
        return self.relation == "contradicts"


def label(number: int) -> str:
    """Name a position: A, B, ... Z, then P27, P28, ..."""
    return chr(ord("A") + number) if number < 26 else f"P{number + 1}"


@dataclass
class Point:
    """A disputed point: its claims, links, positions and what fact-checkers recorded about it."""

    claims: list[int]
    edges: list[Edge]
    positions: Positions
    key: str = ""
    record: Row | None = None
    """The point's `dispute` row, read-only (`points.record_of` gives the writable record)."""
    merged: list[Row] = field(default_factory=list)
    """Records of points that have since joined this one: kept, shown, no longer in charge."""

    @property
    def anchor(self) -> Edge:
        """The point's oldest live contradiction."""
        return next(e for e in self.edges if e.contradicts)

    @property
    def number(self) -> int:
        return parse_key(self.key)

    def side_of(self, claim_id: int) -> str:
        return label(self.positions.of[claim_id])

    @cached_property
    def structure(self) -> str:
        """A fingerprint of the point's links: any link added, removed or retracted changes it."""
        ids = ",".join(str(e.id) for e in self.edges)
        return hashlib.sha256(ids.encode()).hexdigest()

    @property
    def reopened(self) -> bool:
        """Whether the point changed (a link added, removed, merged or split) since it was settled.

        Records settled before structures were fingerprinted fall back to "a newer contradiction".
        """
        record = self.record
        if record is None or record.status == "open":
            return False
        if record.resolved_structure is not None:
            return record.resolved_structure != self.structure
        newest = max(e.id for e in self.edges if e.contradicts)
        return newest > (record.resolved_through_link_id or 0)

    @property
    def status(self) -> str:
        if self.record is None or self.reopened:
            return "open"
        return self.record.status


def point_key(number: int) -> str:
    return f"D{number}"


LARGEST_ID = 2**31 - 1
"""The largest id an INTEGER column holds on every database ledger runs on."""


def parse_key(key: str) -> int:
    """Return the number of a point key such as `D12`."""
    match = POINT_KEY.match(key.strip())
    if not match:
        raise LedgerError(f"{key!r} is not a disputed point id: they look like D12")
    number = int(match.group(1))
    if number > LARGEST_ID:  # no row can have it, and PostgreSQL refuses to compare with it
        raise LedgerError(f"no disputed point {key.strip()}: `ledger disputes` lists them")
    return number


def is_point_key(text: str) -> bool:
    """Tell whether a text reads as a disputed point's id (`D12`), which no claim id may."""
    return POINT_KEY.match(text.strip()) is not None


class Graph:
    """The live links loaded, and each claim's neighbours through them."""

    def __init__(self, edges: Iterable[Edge]) -> None:
        self.edges = sorted(edges, key=lambda e: e.id)
        self.adj: dict[int, dict[int, Edge]] = defaultdict(dict)
        for edge in self.edges:
            self.adj[edge.a][edge.b] = edge
            self.adj[edge.b][edge.a] = edge

    def __contains__(self, claim: int) -> bool:
        return claim in self.adj

    def number_of_nodes(self) -> int:
        return len(self.adj)


def find_points(graph: Graph) -> list[Point]:
    """Return the disputed points of a graph, oldest contradiction first, keyed by it.

    `points.attach` replaces those keys with the recorded ones where fact-checkers kept a record.
    """
    root = positions.groups(graph.adj, graph.edges)
    grouped: dict[int, list[Edge]] = defaultdict(list)
    for edge in graph.edges:
        grouped[root[edge.a]].append(edge)
    found = []
    for edges in grouped.values():
        if not any(e.contradicts for e in edges):
            continue
        nodes = sorted({n for e in edges for n in (e.a, e.b)})
        point = Point(nodes, edges, positions.split(nodes, edges))
        point.key = point_key(point.anchor.id)
        found.append(point)
    return sorted(found, key=lambda p: p.anchor.id)


# --- loading from the ledger ------------------------------------------------------------------


def _live_links() -> Select:
    one, other = Claim.alias("one"), Claim.alias("other")
    link = Link.c
    return (
        select(link.id, link.claim_a_id, link.claim_b_id, link.relation, link.note)
        .add_columns(link.created_by, link.created_at)
        .join(one, one.c.id == link.claim_a_id)
        .join(other, other.c.id == link.claim_b_id)
        .where(
            link.removed_at.is_(None), one.c.retracted_at.is_(None), other.c.retracted_at.is_(None)
        )
    )


def _edges(rows: Iterable) -> dict[int, Edge]:
    return {row[0]: Edge(*row) for row in rows}


def load_edges(session: Reader, claims: Select | Sequence[int] | None = None) -> dict[int, Edge]:
    """Load the links of the components touching `claims` (ids or a select of ids), or all."""
    if claims is None:
        return _edges(session.execute(_live_links()))
    if isinstance(claims, Select):
        subquery = claims.scalar_subquery()
        edges = _edges(session.execute(_live_links().where(Link.c.claim_a_id.in_(subquery))))
        edges |= _edges(session.execute(_live_links().where(Link.c.claim_b_id.in_(subquery))))
        return expand(session, edges)
    return expand(session, touching(session, set(claims)), set(claims))


def touching(session: Reader, claim_ids: set[int]) -> dict[int, Edge]:
    """Load the live links of the claims, in one query however many claims there are."""
    either = or_(
        among(session, Link.c.claim_a_id, claim_ids), among(session, Link.c.claim_b_id, claim_ids)
    )
    return _edges(session.execute(_live_links().where(either)))


_REACH = text(
    """
    WITH RECURSIVE reach(id) AS (
        SELECT value FROM json_each(:seeds)
        UNION SELECT link.claim_b_id FROM link JOIN reach ON link.claim_a_id = reach.id
            WHERE link.removed_at IS NULL
        UNION SELECT link.claim_a_id FROM link JOIN reach ON link.claim_b_id = reach.id
            WHERE link.removed_at IS NULL
    )
    SELECT id FROM reach
    """
)


def expand(session: Reader, edges: dict[int, Edge], seen: set[int] | None = None) -> dict:
    """Follow links from the claims reached until the components are complete.

    SQLite walks the links itself, in one recursive query; elsewhere each round of claims
    reached is one query.
    """
    seen = set(seen or ())
    if dialect_name(session) == "sqlite":
        seeds = json.dumps(sorted(seen | {n for e in edges.values() for n in (e.a, e.b)}))
        reached = session.execute(_REACH, {"seeds": seeds}).scalars().all()
        inside = among(session, Link.c.claim_a_id, reached)
        return edges | _edges(session.execute(_live_links().where(inside)))
    frontier = {n for e in edges.values() for n in (e.a, e.b)} - seen
    while frontier:
        seen |= frontier
        new = {k: e for k, e in touching(session, frontier).items() if k not in edges}
        edges |= new
        frontier = {n for e in new.values() for n in (e.a, e.b)} - seen
    return edges


def claims_about(place: Row) -> Select:
    """Select the ids of the claims about a place and the places inside it."""
    return (
        select(ClaimPlace.c.claim_id)
        .join(PlaceAncestor, PlaceAncestor.c.place_id == ClaimPlace.c.place_id)
        .where(PlaceAncestor.c.ancestor_id == place.id)
    )


def analyse(
    session: Reader, claims: Select | Sequence[int] | None = None
) -> tuple[Graph, list[Point]]:
    """Return the link graph around `claims` (None: the whole ledger) and its disputed points."""
    from ledger.analysis import points

    edges = load_edges(session, claims)
    if claims is not None:
        edges = points.complete(session, edges)
    graph = Graph(edges.values())
    return graph, points.attach(session, find_points(graph), whole=claims is None)
