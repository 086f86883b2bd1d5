"""A claim's standing, derived from its links, camps and origins; never typed in.

One word, the first that applies:

- `confirmed`: a camp standing on another position of its disputed point admits it;
- `contested`: it stands in a disputed point;
- `corroborated`: independent support (another camp, another report) backs it;
- `single-source`: what backs it comes from its own origin (claimant, camp or report);
- `uncontested`: nothing links to it.

Each disputed point is read for the camps on its positions: a camp with claims on two positions
contradicts itself, and its claims backing another camp's are admissions against interest.
A contradiction between events that do not overlap in time may be a sequence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ledger.analysis import disputes, origins, timing
from ledger.analysis.disputes import Graph, Point
from ledger.analysis.origins import ADMISSION, DEPENDENT, INDEPENDENT, Fact
from ledger.analysis.timing import Gap

if TYPE_CHECKING:
    from ledger.store.db import Reader

STANDINGS = ("confirmed", "contested", "corroborated", "single-source", "uncontested")


@dataclass(frozen=True)
class Backing:
    """One claim backing another: independent, an admission, or dependent and why."""

    claim: int
    kind: str
    reason: str | None = None

    @property
    def counts(self) -> bool:
        return self.kind != DEPENDENT


@dataclass
class Standing:
    claim: int
    word: str = "uncontested"
    point: str | None = None
    position: str | None = None
    support: list[Backing] = field(default_factory=list)

    @property
    def independent(self) -> int:
        """How many claims back this one independently (admissions included)."""
        return sum(1 for b in self.support if b.counts)


@dataclass
class Reading:
    """What a disputed point shows about its camps and its times."""

    point: Point
    camps: dict[int, dict[int, list[int]]]
    """camp -> position number -> its claims there."""
    admissions: list[tuple[int, int]] = field(default_factory=list)
    """(the admitting claim, the claim it admits)."""
    gaps: dict[int, Gap] = field(default_factory=dict)
    """contradicts link id -> the gap between its claims' events."""

    @property
    def self_contradicting(self) -> dict[int, dict[int, list[int]]]:
        """The camps with claims on two or more positions."""
        return {camp: spread for camp, spread in self.camps.items() if len(spread) > 1}


@dataclass
class Assessment:
    graph: Graph
    points: list[Point]
    facts: dict[int, Fact]
    readings: dict[str, Reading]
    standing: dict[int, Standing]


def read_point(point: Point, facts: dict[int, Fact]) -> Reading:
    """Find the camps on each position, the admissions and the time gaps of one point."""
    camps: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for claim in point.claims:
        camps[facts[claim].camp][point.positions.of[claim]].append(claim)
    reading = Reading(point, {c: dict(spread) for c, spread in camps.items()})
    for edge in point.edges:
        if edge.contradicts:
            found = timing.gap(facts[edge.a], facts[edge.b])
            if found:
                reading.gaps[edge.id] = found
    return reading


def admits(reading: Reading, claimed: int, backer: int, facts: dict[int, Fact]) -> bool:
    """Tell whether `backer` speaks against its own camp's position in backing `claimed`."""
    where = reading.point.positions.of[claimed]
    spread = reading.camps[facts[backer].camp]
    return any(position != where for position in spread)


def assess(
    session: Reader,
    claim_ids: Sequence[int],
    graph: Graph | None = None,
    found: list[Point] | None = None,
    *,
    whole_points: bool = True,
) -> Assessment:
    """Derive the standing of the claims, and read the points around them.

    `graph` and `found` are the analysis already made around the claims, if the caller has it.
    With `whole_points`, every claim of the points gets its standing too, and each reading its
    admissions; a listing of claims needs neither.
    """
    if graph is None or found is None:
        graph, found = disputes.analyse(session, list(claim_ids))
    wanted = set(claim_ids) | {n for p in found for n in p.claims}
    wanted |= {n for c in claim_ids if c in graph for n in graph.adj[c]}
    facts = origins.facts(session, wanted)
    readings = {p.key: read_point(p, facts) for p in found}
    home = {c: p for p in found for c in p.claims}
    standing = {}
    for claim in dict.fromkeys([*claim_ids, *(home if whole_points else ())]):
        point = home.get(claim)
        reading = readings[point.key] if point else None
        standing[claim] = _standing(claim, graph, facts, point, reading)
    for reading in readings.values():
        reading.admissions = [
            (b.claim, c)
            for c in reading.point.claims
            if c in standing
            for b in standing[c].support
            if b.kind == ADMISSION
        ]
    return Assessment(graph, found, facts, readings, standing)


def _standing(
    claim: int, graph: Graph, facts: dict[int, Fact], point: Point | None, reading
) -> Standing:  # type: ignore[no-untyped-def]
    found = Standing(claim)
    if claim in graph:
        found.support = list(_backing(claim, graph, facts, reading))
    kinds = {b.kind for b in found.support}
    if point is not None:
        found.point, found.position = point.key, point.side_of(claim)
        found.word = "confirmed" if ADMISSION in kinds else "contested"
    elif INDEPENDENT in kinds:
        found.word = "corroborated"
    elif found.support:
        found.word = "single-source"
    return found


def _backing(claim: int, graph: Graph, facts: dict[int, Fact], reading) -> Iterable[Backing]:  # type: ignore[no-untyped-def]
    for other in sorted(graph.adj[claim]):
        if graph.adj[claim][other].contradicts:
            continue
        admission = reading is not None and admits(reading, claim, other, facts)
        kind, reason = origins.support(facts[claim], facts[other], admission)
        yield Backing(other, kind, reason)
