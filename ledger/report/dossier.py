"""Everything shown about disputed points and their claims: sides, support, status, verdicts.

A claim's status is derived, never typed: `disputed` when it belongs to a disputed point,
`corroborated` when a claim from an independent claimant supports it, else `uncontested`.
Support is not independent when it comes from the same claimant, from another claimant of the
same party (the army and the Ministry of Defence), or through the same source: one outlet carrying
both claims has not been checked by anyone else.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
from sqlalchemy import select
from sqlmodel import Session

from ledger.analysis import disputes
from ledger.analysis.disputes import SIDES, Edge, Point
from ledger.record import lookup
from ledger.record.lookup import ClaimView
from ledger.store.db import chunks
from ledger.store.models import Actor, Place, Verdict


@dataclass
class Support:
    """A claim that corroborates another, and why it does not count if it does not."""

    view: ClaimView
    reason: str | None

    @property
    def independent(self) -> bool:
        return self.reason is None


@dataclass
class ClaimInfo:
    view: ClaimView
    status: str = "uncontested"
    point: str | None = None
    side: str | None = None
    support: list[Support] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)  # newest first

    @property
    def key(self) -> str:
        return self.view.claim.key

    @property
    def verdict(self) -> Verdict | None:
        return self.verdicts[0] if self.verdicts else None

    def to_json(self) -> dict:
        return {
            **self.view.to_json(),
            "status": self.status,
            "dispute": self.point,
            "side": self.side,
            "support": [
                {"claim": s.view.claim.key, "independent": s.independent, "reason": s.reason}
                for s in self.support
            ],
            "verdicts": [verdict_json(v) for v in self.verdicts],
        }


@dataclass
class LinkInfo:
    edge: Edge
    one: ClaimInfo
    other: ClaimInfo
    in_cycle: bool = False

    def to_json(self) -> dict:
        edge = self.edge
        return {
            "claim": self.one.key,
            "relation": edge.relation,
            "other": self.other.key,
            "note": edge.note,
            "by": edge.by,
            "at": edge.at.isoformat(),
        }


@dataclass
class SideInfo:
    label: str
    claims: list[ClaimInfo]
    chosen: bool = False
    total: int = 0
    """How many claims the side has: more than `claims` when a large point is summarised."""

    @property
    def claimants(self) -> list[Actor]:
        return list({c.view.claimant.id: c.view.claimant for c in self.claims}.values())

    @property
    def parties(self) -> list[Actor]:
        return list({(c.view.party or c.view.claimant).id: c.view.party or c.view.claimant
                     for c in self.claims}.values())  # fmt: skip


@dataclass
class PointInfo:
    point: Point
    title: str
    places: list[Place]
    start: dt.date | None
    end: dt.date | None
    sides: list[SideInfo]
    links: list[LinkInfo]
    cycle: list[LinkInfo]
    side_claim: ClaimInfo | None = None
    summarised: bool = False
    """Whether only the claims in the report's scope are shown (a large point in a report)."""

    @property
    def key(self) -> str:
        return self.point.key

    @property
    def named(self) -> bool:
        return bool(self.point.record and self.point.record.title)

    def to_json(self) -> dict:
        point, record = self.point, self.point.record
        settled = record is not None and record.status != "open"
        return {
            "id": self.key,
            "title": self.title,
            "named": self.named,
            "status": point.status,
            "reopened": point.reopened,
            "places": [{"id": p.key, "name": p.name} for p in self.places],
            "span": {"start": _iso(self.start), "end": _iso(self.end)},
            "consistent": point.balance.consistent,
            "cycle": [link.to_json() for link in self.cycle],
            "sides": [
                {
                    "side": s.label,
                    "claims": [c.key for c in s.claims],
                    "claimants": [{"id": a.key, "name": a.name} for a in s.claimants],
                    "parties": [{"id": a.key, "name": a.name} for a in s.parties],
                }
                for s in self.sides
            ],
            "links": [link.to_json() for link in self.links],
            "resolution": {
                "status": record.status,
                "side": self.side_claim.side if self.side_claim else None,
                "claim": self.side_claim.key if self.side_claim else None,
                "note": record.note,
                "evidence": record.evidence_url,
                "by": record.resolved_by,
                "at": record.resolved_at.isoformat() if record.resolved_at else None,
            }
            if settled
            else None,
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def verdict_json(verdict: Verdict) -> dict:
    return {
        "rating": verdict.rating,
        "note": verdict.note,
        "by": verdict.by,
        "at": verdict.at.isoformat(),
    }


def dependence(one: ClaimView, other: ClaimView) -> str | None:
    """Return why support from `other` does not count as independent of `one`, or None."""
    if one.claimant.id == other.claimant.id:
        return "same claimant"
    party = one.party or one.claimant
    if party.id == (other.party or other.claimant).id:
        return f"same party: {party.name}"
    if one.source.id == other.source.id:
        return f"same source: {one.source.name}"
    return None


def gather(
    session: Session,
    graph: nx.Graph,
    points: list[Point],
    scope: Iterable[int],
    *,
    summarise_over: int | None = None,
) -> tuple[list[PointInfo], dict[int, ClaimInfo]]:
    """Load the claims in scope and in the points, and derive what is shown about them.

    A point with more than `summarise_over` claims shows only its claims in scope (and those of
    a broken cycle), with counts for the rest: its other claims are not even loaded.
    """
    scope = list(scope)
    in_scope = set(scope)
    shown = {}
    for point in points:
        large = summarise_over is not None and len(point.claims) > summarise_over
        cycle = {n for e in point.balance.cycle for n in (e.a, e.b)}
        shown[point.anchor.id] = (
            [i for i in point.claims if i in in_scope or i in cycle] if large else point.claims
        )
    ids = list(dict.fromkeys([*scope, *(n for p in points for n in shown[p.anchor.id])]))
    wanted = set(ids) | {n for i in ids if i in graph for n in graph.adj[i]}
    views = {v.claim.id: v for v in lookup.load(session, sorted(wanted))}
    infos = {i: ClaimInfo(views[i]) for i in ids}
    for claim_id, info in infos.items():
        if claim_id in graph:
            info.support = _support(graph, views, claim_id)
            if any(s.independent for s in info.support):
                info.status = "corroborated"
    for point in points:
        for claim_id in shown[point.anchor.id]:
            info = infos[claim_id]
            info.status, info.point, info.side = "disputed", point.key, point.side_of(claim_id)
    for verdict in _verdicts(session, list(infos)):
        infos[verdict.claim_id].verdicts.append(verdict)
    return [describe(p, infos, shown[p.anchor.id]) for p in points], infos


def _support(graph: nx.Graph, views: dict[int, ClaimView], claim_id: int) -> list[Support]:
    found = []
    for other in sorted(graph.adj[claim_id]):
        if graph.edges[claim_id, other]["edge"].relation == "corroborates":
            found.append(Support(views[other], dependence(views[claim_id], views[other])))
    return found


def _verdicts(session: Session, claim_ids: list[int]) -> list[Verdict]:
    """Return the verdicts on the claims, newest first."""
    found: list[Verdict] = []
    for chunk in chunks(sorted(claim_ids)):
        statement = select(Verdict).where(Verdict.claim_id.in_(chunk))
        found.extend(session.execute(statement).scalars())
    return sorted(found, key=lambda v: (v.at, v.id), reverse=True)


def describe(
    point: Point, infos: dict[int, ClaimInfo], shown: list[int] | None = None
) -> PointInfo:
    """Return a point with its sides, links, places, dates and a title.

    With `shown`, a subset of its claims, the point is summarised: sides and links hold those
    claims only, and the sides count all of theirs.
    """
    members = [infos[i] for i in (point.claims if shown is None else shown)]
    members.sort(key=lambda c: (c.view.claim.published or dt.date.max, c.key))
    totals = Counter(point.balance.side[i] for i in point.claims)
    sides = [
        SideInfo(label, [c for c in members if c.side == label], total=totals[number])
        for number, label in enumerate(SIDES)
    ]
    cycle_ids = {e.id for e in point.balance.cycle}
    links = [
        LinkInfo(e, infos[e.a], infos[e.b], e.id in cycle_ids)
        for e in point.edges
        if e.a in infos and e.b in infos
    ]
    by_id = {link.edge.id: link for link in links}
    starts = [c.view.claim.event_start for c in members if c.view.claim.event_start]
    ends = [c.view.claim.event_end or c.view.claim.event_start for c in members]
    ends = [d for d in ends if d]
    places = _places(members)
    info = PointInfo(
        point=point,
        title="",
        places=places,
        start=min(starts, default=None),
        end=max(ends, default=None),
        sides=sides,
        links=links,
        cycle=[by_id[e.id] for e in point.balance.cycle],
        summarised=len(members) < len(point.claims),
    )
    record = point.record
    if record and record.side_claim_id in infos and record.status == "resolved":
        info.side_claim = infos[record.side_claim_id]
        for side in sides:
            side.chosen = side.label == info.side_claim.side
    info.title = (record.title if record and record.title else None) or derived_title(info)
    return info


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
    """Title a point by its main place and its dates until a fact-checker names it."""
    where = info.places[0].name if info.places else f"Disputed point {info.key}"
    return f"{where}, {span_label(info.start, info.end)}"


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


def listing(session: Session, place: Place | None = None) -> list[PointInfo]:
    """Return the disputed points of the ledger, or those touching a place."""
    graph, found = disputes.analyse(session, disputes.claims_about(place) if place else None)
    return gather(session, graph, found, [])[0]


def one(session: Session, key: str) -> PointInfo:
    """Return one disputed point with everything shown about it."""
    graph, point = disputes.one(session, key)
    return gather(session, graph, [point], [])[0][0]
