"""One disputed point as it is shown: positions, camps, conflicts, admissions, time gaps, title."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from ledger.analysis.disputes import Edge, Point, label
from ledger.analysis.standing import Reading
from ledger.analysis.timing import Gap
from ledger.record import camps as camp_lines
from ledger.store.db import among
from ledger.store.tables import actor

if TYPE_CHECKING:
    from sqlalchemy.engine import Row

    from ledger.record.claimed import Recorded
    from ledger.report.dossier import ClaimInfo
    from ledger.store.db import Reader
    from ledger.store.models import Place


@dataclass
class Camps:
    """The actors above the claimants shown, to name each claimant's camp and its nesting."""

    parent: dict[int, int | None]
    rows: dict[int, Row]

    @classmethod
    def load(cls, session: Reader, claimant_ids: list[int]) -> Camps:
        parent = camp_lines.parents(session, actor, claimant_ids)
        statement = select(actor).where(among(session, actor.c.id, parent))
        return cls(parent, {row.id: row for row in session.execute(statement)})

    def chain(self, actor_id: int) -> list[Row]:
        """The actor and the parties above it, innermost first: the last is its camp."""
        return [self.rows[i] for i in camp_lines.chain(actor_id, self.parent)]

    def camp(self, actor_id: int) -> Row:
        return self.chain(actor_id)[-1]


@dataclass
class CampInfo:
    """A camp on a position, with the chains of the claimants that speak for it there."""

    camp: Row
    chains: list[list[Row]]

    def to_json(self) -> dict:
        return {
            "id": self.camp.key,
            "name": self.camp.name,
            "speakers": [[{"id": a.key, "name": a.name} for a in c] for c in self.chains],
        }


@dataclass
class LinkInfo:
    edge: Edge
    one: ClaimInfo
    other: ClaimInfo
    in_conflict: bool = False
    in_cut: bool = False
    gap: Gap | None = None

    def to_json(self) -> dict:
        edge = self.edge
        return {
            "claim": self.one.key,
            "relation": edge.relation,
            "other": self.other.key,
            "note": edge.note,
            "by": edge.by,
            "at": edge.at.isoformat(),
            "gap_days": self.gap.days if self.gap else None,
        }


@dataclass
class PositionInfo:
    label: str
    claims: list[ClaimInfo]
    camps: list[CampInfo]
    chosen: bool = False
    total: int = 0
    """How many claims the position has: more than `claims` when a large point is summarised."""

    @property
    def claimants(self) -> list[Row]:
        return list({c.view.claimant.id: c.view.claimant for c in self.claims}.values())

    def to_json(self) -> dict:
        return {
            "position": self.label,
            "claims": [c.key for c in self.claims],
            "total": self.total,
            "claimants": [{"id": a.key, "name": a.name} for a in self.claimants],
            "camps": [c.to_json() for c in self.camps],
        }


@dataclass
class Conflict:
    """A contradiction inside one position, with the corroborations that put its ends there."""

    link: LinkInfo
    path: list[LinkInfo]


@dataclass
class SelfContradiction:
    camp: Row
    by_position: dict[str, list[ClaimInfo]]

    def to_json(self) -> dict:
        return {
            "camp": {"id": self.camp.key, "name": self.camp.name},
            "positions": {k: [c.key for c in v] for k, v in self.by_position.items()},
        }


@dataclass
class PointInfo:
    point: Point
    title: str
    places: list[Place]
    start: dt.date | None
    end: dt.date | None
    positions: list[PositionInfo]
    links: list[LinkInfo]
    conflicts: list[Conflict] = field(default_factory=list)
    cut: list[LinkInfo] = field(default_factory=list)
    cut_exact: bool = True
    admissions: list[tuple[ClaimInfo, ClaimInfo]] = field(default_factory=list)
    self_contradictions: list[SelfContradiction] = field(default_factory=list)
    side_claim: ClaimInfo | None = None
    summarised: bool = False
    """Whether only the claims in the report's scope are shown (a large point in a report)."""
    imported: Recorded | None = None
    """Who recorded the point's resolution, if an import brought it with a claimed resolver."""

    @property
    def key(self) -> str:
        return self.point.key

    @property
    def named(self) -> bool:
        return bool(self.point.record and self.point.record.title)

    @property
    def consistent(self) -> bool:
        return self.point.positions.consistent

    @property
    def sequences(self) -> list[LinkInfo]:
        """The contradictions between events that do not overlap: perhaps one after the other."""
        return [link for link in self.links if link.gap]

    def to_json(self) -> dict:
        point = self.point
        return {
            "id": self.key,
            "title": self.title,
            "named": self.named,
            "status": point.status,
            "reopened": point.reopened,
            "places": [{"id": p.key, "name": p.name} for p in self.places],
            "span": {"start": _iso(self.start), "end": _iso(self.end)},
            "consistent": self.consistent,
            "conflicts": [
                {"link": c.link.to_json(), "path": [p.to_json() for p in c.path]}
                for c in self.conflicts
            ],
            "smallest_fix": {
                "links": [link.to_json() for link in self.cut],
                "exact": self.cut_exact,
            },
            "positions": [p.to_json() for p in self.positions],
            "admissions": [{"claim": b.key, "admits": c.key} for b, c in self.admissions],
            "self_contradictions": [s.to_json() for s in self.self_contradictions],
            "links": [link.to_json() for link in self.links],
            "resolution": record_json(point.record, self.side_claim, self.imported),
            "merged": [
                {"id": f"D{r.anchor_link_id}", "title": r.title, "resolution": record_json(r)}
                for r in point.merged
            ],
        }


def record_json(
    record: Row | None, side: ClaimInfo | None = None, imported: Recorded | None = None
) -> dict | None:
    """Return how a record settled its point, or None while it is open."""
    if record is None or record.status == "open":
        return None
    return {
        "status": record.status,
        "side": side.side if side else None,
        "claim": side.key if side else None,
        "note": record.note,
        "evidence": record.evidence_url,
        "by": record.resolved_by,
        "at": record.resolved_at.isoformat() if record.resolved_at else None,
        "imported": imported is not None,
        **(imported.to_json() if imported else {}),
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _position(number: int, members: list[ClaimInfo], total: int, camps: Camps) -> PositionInfo:
    chains: dict[int, dict[int, list]] = {}
    for claim in members:
        chain = camps.chain(claim.view.claimant.id)
        chains.setdefault(chain[-1].id, {})[chain[0].id] = chain
    found = [CampInfo(camps.rows[c], list(by.values())) for c, by in chains.items()]
    return PositionInfo(label(number), members, found, total=total)


def describe(
    point: Point,
    infos: dict[int, ClaimInfo],
    reading: Reading,
    camps: Camps,
    shown: list[int] | None = None,
) -> PointInfo:
    """Return a point with its positions, links, conflicts, camps, places, dates and a title.

    With `shown`, a subset of its claims, the point is summarised: positions and links hold
    those claims only, and the positions count all of theirs.
    """
    members = [infos[i] for i in (point.claims if shown is None else shown)]
    members.sort(key=lambda c: (c.view.claim.published or dt.date.max, c.key))
    of = point.positions.of
    totals = Counter(of[i] for i in point.claims)
    grouped: dict[int, list[ClaimInfo]] = {n: [] for n in range(len(point.positions.members))}
    for claim in members:
        grouped[of[claim.view.claim.id]].append(claim)
    positions = [_position(n, grouped[n], totals[n], camps) for n in grouped]
    links = {
        e.id: LinkInfo(e, infos[e.a], infos[e.b], gap=reading.gaps.get(e.id))
        for e in point.edges
        if e.a in infos and e.b in infos
    }
    info = PointInfo(point, "", _places(members), *_span(members), positions, list(links.values()))
    info.summarised = len(members) < len(point.claims)
    _conflicts(info, links)
    admitted = reading.admissions
    info.admissions = [(infos[b], infos[c]) for b, c in admitted if b in infos and c in infos]
    for camp, spread in sorted(reading.self_contradicting.items()):
        by_position = {
            label(n): [infos[c] for c in ids if c in infos] for n, ids in sorted(spread.items())
        }
        info.self_contradictions.append(SelfContradiction(camps.rows[camp], by_position))
    record = point.record
    if record and record.side_claim_id in infos and record.status == "resolved":
        info.side_claim = infos[record.side_claim_id]
        for position in positions:
            position.chosen = position.label == info.side_claim.side
    info.title = (record.title if record and record.title else None) or derived_title(info)
    return info


def _conflicts(info: PointInfo, links: dict[int, LinkInfo]) -> None:
    """Attach each conflict with its chain of corroborations, and the smallest fix."""
    found = info.point.positions
    if found.consistent:
        return
    for edge in found.conflicts:
        path = [links[e.id] for e in found.path(edge) if e.id in links]
        if edge.id in links:
            links[edge.id].in_conflict = True
            info.conflicts.append(Conflict(links[edge.id], path))
    cut, info.cut_exact = found.cut
    info.cut = [links[e.id] for e in cut if e.id in links]
    for link in info.cut:
        link.in_cut = True


def _span(members: list[ClaimInfo]) -> tuple[dt.date | None, dt.date | None]:
    starts = [c.view.claim.event_start for c in members if c.view.claim.event_start]
    ends = [d for c in members if (d := c.view.claim.event_end or c.view.claim.event_start)]
    return min(starts, default=None), max(ends, default=None)


def _places(members: list[ClaimInfo]) -> list[Place]:
    """Return the places of a point, those most of its claims are about first."""
    counts: Counter[int] = Counter()
    by_id: dict[int, Place] = {}
    for member in members:
        for place in member.view.places:
            counts[place.id] += 1
            by_id[place.id] = place
    return sorted(by_id.values(), key=lambda p: (-counts[p.id], -p.level, p.name))


def derived_title(info: PointInfo) -> str:
    """Title a point by its main place and its dates (else its claims' publication dates)."""
    where = info.places[0].name if info.places else f"Disputed point {info.key}"
    if info.start or info.end:
        return f"{where}, {span_label(info.start, info.end)}"
    published = [
        c.view.claim.published for p in info.positions for c in p.claims if c.view.claim.published
    ]
    if published:
        return f"{where}, reported {span_label(min(published), max(published))}"
    return f"{where}, date unknown"


def span_label(start: dt.date | None, end: dt.date | None) -> str:
    """Return `27 Nov – 1 Dec 2024`, `27–30 Nov 2024` or `1 Dec 2024` for a span of days."""
    if start is None and end is None:
        return "date unknown"
    if start is None or end is None:
        return f"{'until' if start is None else 'from'} {_day(start or end)}"
    if start == end:
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{_day(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {_day(end)}"
    return f"{_day(start)} – {_day(end)}"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"
