"""Disputed points: groups of linked claims that hold a contradiction, split into two sides.

Claims are the nodes and live links the edges of a graph (removed links and retracted claims
drop out). Every connected component holding a `contradicts` link is a disputed point. Its sides
follow structural balance: walking a spanning tree of its oldest links from its anchor,
`corroborates` keeps a claim on its neighbour's side and `contradicts` puts it on the other. A
link that disagrees with that colouring closes a cycle no split can satisfy: the point is
inconsistent, and the cycle is what a fact-checker looks at to find the wrong link.

Only the components touching a query are loaded: the links of the claims asked about, then,
round by round, the links of the claims reached, each round one set-based query.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.store.db import among, chunks
from ledger.store.models import Claim, ClaimPlace, Dispute, Link, Place, PlaceAncestor

SIDES = ("A", "B")
_KEY = re.compile(r"^[Dd](\d{1,18})$")


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


@dataclass
class Balance:
    """The two-colouring of a point, and the cycle that breaks it if there is one."""

    side: dict[int, int]
    conflict: Edge | None = None
    cycle: list[Edge] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return self.conflict is None


@dataclass
class Point:
    """A disputed point: its claims, links, sides and what a fact-checker recorded about it."""

    anchor: Edge
    claims: list[int]
    edges: list[Edge]
    balance: Balance
    record: Dispute | None = None

    @property
    def key(self) -> str:
        return point_key(self.anchor.id)

    def side_of(self, claim_id: int) -> str:
        return SIDES[self.balance.side[claim_id]]

    @property
    def newest_contradiction(self) -> int:
        return max(e.id for e in self.edges if e.contradicts)

    @property
    def reopened(self) -> bool:
        """Whether a contradiction newer than the resolution has reopened the point."""
        record = self.record
        if record is None or record.status == "open":
            return False
        return self.newest_contradiction > (record.resolved_through_link_id or 0)

    @property
    def status(self) -> str:
        if self.record is None or self.reopened:
            return "open"
        return self.record.status


def point_key(anchor_link_id: int) -> str:
    return f"D{anchor_link_id}"


def parse_key(key: str) -> int:
    """Return the anchor link id of a point key such as `D12`."""
    match = _KEY.match(key.strip())
    if not match:
        raise LedgerError(f"{key!r} is not a disputed point id: they look like D12")
    return int(match.group(1))


def balance(edges: list[Edge], root: int) -> Balance:
    """Split a connected point, its links oldest first, into two sides from `root`.

    Sides are read off the spanning tree of the oldest links (Kruskal's, links in id order), so
    when links disagree it is the newest link of the broken cycle that is reported as closing it.
    """
    joined = nx.utils.UnionFind()
    tree = nx.Graph()
    for edge in edges:
        if joined[edge.a] != joined[edge.b]:
            joined.union(edge.a, edge.b)
            tree.add_edge(edge.a, edge.b, edge=edge)
    side, parent = {root: 0}, {root: None}
    for u, v in nx.bfs_edges(tree, root, sort_neighbors=sorted):
        parent[v] = u
        side[v] = side[u] ^ tree.edges[u, v]["edge"].contradicts
    for edge in edges:
        if side[edge.a] ^ side[edge.b] != edge.contradicts:
            return Balance(side, edge, _cycle(tree, parent, edge))
    return Balance(side)


def _cycle(tree: nx.Graph, parent: dict[int, int | None], closing: Edge) -> list[Edge]:
    """Return the tree path from one end of `closing` to the other, then `closing` itself."""

    def up(node: int) -> list[int]:
        path = [node]
        while parent[path[-1]] is not None:
            path.append(parent[path[-1]])  # type: ignore[arg-type]
        return path

    from_a, from_b = up(closing.a), up(closing.b)
    meet = next(n for n in from_a if n in set(from_b))
    nodes = from_a[: from_a.index(meet) + 1] + from_b[: from_b.index(meet)][::-1]
    path = [tree.edges[u, v]["edge"] for u, v in itertools.pairwise(nodes)]
    return [*path, closing]


def build_graph(edges: Iterable[Edge]) -> nx.Graph:
    graph = nx.Graph()
    for edge in edges:
        graph.add_edge(edge.a, edge.b, edge=edge, id=edge.id)
    return graph


def find_points(graph: nx.Graph) -> list[Point]:
    """Return the disputed points of a graph, oldest anchor first."""
    component = {}
    for index, nodes in enumerate(nx.connected_components(graph)):
        component.update(dict.fromkeys(nodes, index))
    grouped: dict[int, list[Edge]] = defaultdict(list)
    for _, _, edge in graph.edges(data="edge"):
        grouped[component[edge.a]].append(edge)
    found = []
    for edges in grouped.values():
        edges.sort(key=lambda e: e.id)
        anchor = next((e for e in edges if e.contradicts), None)
        if anchor is None:
            continue
        nodes = sorted({n for e in edges for n in (e.a, e.b)})
        found.append(Point(anchor, nodes, edges, balance(edges, anchor.a)))
    return sorted(found, key=lambda p: p.anchor.id)


# --- loading from the ledger ------------------------------------------------------------------


def _live_links() -> Select:
    one, other = aliased(Claim), aliased(Claim)
    return (
        select(
            Link.id,
            Link.claim_a_id,
            Link.claim_b_id,
            Link.relation,
            Link.note,
            Link.created_by,
            Link.created_at,
        )
        .join(one, one.id == Link.claim_a_id)
        .join(other, other.id == Link.claim_b_id)
        .where(Link.removed_at.is_(None), one.retracted_at.is_(None), other.retracted_at.is_(None))
    )


def _edges(rows: Iterable) -> dict[int, Edge]:
    return {row[0]: Edge(*row) for row in rows}


def load_edges(session: Session, claims: Select | Sequence[int] | None = None) -> dict[int, Edge]:
    """Load the links of the components touching `claims` (ids or a select of ids), or all."""
    if claims is None:
        return _edges(session.execute(_live_links()))
    if isinstance(claims, Select):
        subquery = claims.scalar_subquery()
        edges = _edges(session.execute(_live_links().where(Link.claim_a_id.in_(subquery))))
        edges |= _edges(session.execute(_live_links().where(Link.claim_b_id.in_(subquery))))
        return _expand(session, edges)
    return _expand(session, _touching(session, set(claims)), set(claims))


def _touching(session: Session, claim_ids: set[int]) -> dict[int, Edge]:
    """Load the live links of the claims, in one query however many claims there are."""
    either = or_(
        among(session, Link.claim_a_id, claim_ids), among(session, Link.claim_b_id, claim_ids)
    )
    return _edges(session.execute(_live_links().where(either)))


def _expand(session: Session, edges: dict[int, Edge], seen: set[int] | None = None) -> dict:
    """Follow links from the claims reached until the components are complete."""
    seen = set(seen or ())
    frontier = {n for e in edges.values() for n in (e.a, e.b)} - seen
    while frontier:
        seen |= frontier
        new = {k: e for k, e in _touching(session, frontier).items() if k not in edges}
        edges |= new
        frontier = {n for e in new.values() for n in (e.a, e.b)} - seen
    return edges


def claims_about(place: Place) -> Select:
    """Select the ids of the claims about a place and the places inside it."""
    return (
        select(ClaimPlace.claim_id)
        .join(PlaceAncestor, PlaceAncestor.place_id == ClaimPlace.place_id)
        .where(PlaceAncestor.ancestor_id == place.id)
    )


def attach_records(session: Session, points: list[Point]) -> list[Point]:
    """Attach to each point what fact-checkers recorded about it (title, resolution)."""
    by_anchor = {p.anchor.id: p for p in points}
    for chunk in chunks(sorted(by_anchor)):
        statement = select(Dispute).where(Dispute.anchor_link_id.in_(chunk))
        for record in session.execute(statement).scalars():
            by_anchor[record.anchor_link_id].record = record
    return points


def analyse(
    session: Session, claims: Select | Sequence[int] | None = None
) -> tuple[nx.Graph, list[Point]]:
    """Return the link graph around `claims` (None: the whole ledger) and its disputed points."""
    graph = build_graph(load_edges(session, claims).values())
    return graph, attach_records(session, find_points(graph))


def one(session: Session, key: str) -> tuple[nx.Graph, Point]:
    """Return the disputed point with id `key` and the graph of its claims."""
    anchor_id = parse_key(key)
    rows = session.execute(_live_links().where(Link.id == anchor_id)).all()
    if not rows or rows[0].relation != "contradicts":
        raise LedgerError(f"no disputed point {key}: `ledger disputes` lists them")
    graph = build_graph(_expand(session, _edges(rows)).values())
    (point,) = attach_records(session, find_points(graph))
    if point.anchor.id != anchor_id:
        raise LedgerError(
            f"disputed point {key} has been merged into the older {point.key}: use {point.key}"
        )
    return graph, point
