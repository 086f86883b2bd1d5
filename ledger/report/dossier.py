"""Everything shown about claims and disputed points: standing, support, camps, verdicts.

The analysis (`ledger.analysis.standing`) derives each claim's standing; this module loads the
claims shown with what is shown beside them, for the terminal, the JSON and the report alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from ledger.analysis import disputes, points, standing
from ledger.analysis.disputes import Graph, Point
from ledger.analysis.origins import ADMISSION, INDEPENDENT
from ledger.analysis.standing import Standing
from ledger.record import claimed, kinds, lookup
from ledger.record.claimed import Recorded
from ledger.record.lookup import ClaimView
from ledger.report.pointinfo import Camps, PointInfo, describe
from ledger.store.db import among
from ledger.store.tables import verdict as Verdict

if TYPE_CHECKING:
    from sqlalchemy.engine import Row

    from ledger.store.db import Reader


@dataclass
class Support:
    """A claim backing another: independent, an admission against interest, or why not."""

    view: ClaimView
    kind: str
    reason: str | None

    @property
    def independent(self) -> bool:
        return self.kind in (INDEPENDENT, ADMISSION)

    @property
    def admission(self) -> bool:
        return self.kind == ADMISSION

    @property
    def label(self) -> str:
        if self.admission:
            return "admission against interest"
        return "independent" if self.independent else f"not independent: {self.reason}"

    def to_json(self) -> dict:
        return {
            "claim": self.view.claim.key,
            "kind": self.kind,
            "independent": self.independent,
            "admission": self.admission,
            "reason": self.reason,
        }


@dataclass
class ClaimInfo:
    view: ClaimView
    standing: Standing
    support: list[Support] = field(default_factory=list)
    verdicts: list[Row] = field(default_factory=list)  # the last recorded (current) first
    recorded: dict[str, Recorded] = field(default_factory=dict)
    """Who recorded what an import brought with a claimed author (`ledger.record.claimed`)."""

    def imported(self, what: str, number: int) -> Recorded | None:
        """Return who recorded an imported `logged`, `retracted` or `verdict` (by its id)."""
        return self.recorded.get(f"{what} {number}")

    @property
    def key(self) -> str:
        return self.view.claim.key

    @property
    def status(self) -> str:
        return self.standing.word

    @property
    def point(self) -> str | None:
        return self.standing.point

    @property
    def side(self) -> str | None:
        return self.standing.position

    @property
    def verdict(self) -> Row | None:
        return self.verdicts[0] if self.verdicts else None

    @property
    def current_verdicts(self) -> list[Row]:
        """The current verdict of each organisation that reviewed the claim."""
        return kinds.current_of(self.verdicts)

    def to_json(self) -> dict:
        return {**self.view.to_json(), **self.standing_json()}

    def standing_json(self) -> dict:
        return {
            "standing": self.status,
            "dispute": self.point,
            "position": self.side,
            "independent_support": self.standing.independent,
            "support": [s.to_json() for s in self.support],
            "verdicts": [verdict_json(v, self.imported("verdict", v.id)) for v in self.verdicts],
        }


def verdict_json(verdict: Row, imported: Recorded | None = None) -> dict:
    """Return a verdict as JSON: an imported one says who recorded it here, and when; a
    published one, the review as its organisation published it."""
    recorded = imported or Recorded(verdict.by, verdict.at)
    found = {
        "rating": verdict.rating,
        "note": verdict.note,
        "by": verdict.by,
        "at": verdict.at.isoformat(),
        "imported": imported is not None,
        **recorded.to_json(),
    }
    for name in kinds.PUBLISHED:
        value = getattr(verdict, name)
        if value is not None:
            found[name] = value.isoformat() if name == "review_date" else value
    return found


def _verdicts(session: Reader, claim_ids: Iterable[int]) -> list[Row]:
    """Return the verdicts on the claims, the last recorded (the current one) first."""
    statement = select(Verdict).where(among(session, Verdict.c.claim_id, claim_ids))
    return sorted(session.execute(statement), key=lambda v: v.id, reverse=True)


def _infos(
    session: Reader, ids: Sequence[int], assessed: standing.Assessment, views: dict
) -> dict[int, ClaimInfo]:
    """Build the claims' infos from the assessment, loading the views they still lack."""
    backers = {b.claim for i in ids for b in assessed.standing[i].support}
    missing = sorted((set(ids) | backers) - set(views))
    views.update((v.claim.id, v) for v in lookup.load(session, missing))
    infos = {}
    for i in ids:
        found = assessed.standing[i]
        support = [Support(views[b.claim], b.kind, b.reason) for b in found.support]
        infos[i] = ClaimInfo(views[i], found, support)
    for verdict in _verdicts(session, infos):
        infos[verdict.claim_id].verdicts.append(verdict)
    recorded = claimed.of_claims(session, infos)
    for info in infos.values():
        info.recorded = recorded
    return infos


def of_views(session: Reader, shown: Sequence[ClaimView]) -> list[ClaimInfo]:
    """Return the claims of a listing (`show`, `claims`, `place`) with their standing."""
    ids = [v.claim.id for v in shown]
    assessed = standing.assess(session, ids, whole_points=False)
    infos = _infos(session, ids, assessed, {v.claim.id: v for v in shown})
    return [infos[i] for i in ids]


def gather(
    session: Reader,
    graph: Graph,
    found: list[Point],
    scope: Iterable[int],
    *,
    summarise_over: int | None = None,
) -> tuple[list[PointInfo], dict[int, ClaimInfo]]:
    """Load the claims in scope and in the points, and derive what is shown about them.

    A point with more than `summarise_over` claims shows only its claims in scope (and those of
    its conflicts), with counts for the rest: its other claims are not even loaded.
    """
    scope = list(scope)
    in_scope = set(scope)
    shown = {}
    for point in found:
        large = summarise_over is not None and len(point.claims) > summarise_over
        conflicted = {n for e in point.positions.conflicts for n in (e.a, e.b)}
        shown[point.key] = (
            [i for i in point.claims if i in in_scope or i in conflicted] if large else point.claims
        )
    ids = list(dict.fromkeys([*scope, *(n for p in found for n in shown[p.key])]))
    assessed = standing.assess(session, ids, graph, found)
    infos = _infos(session, ids, assessed, {})
    camps = Camps.load(session, [f.claimant for f in assessed.facts.values()])
    described = [describe(p, infos, assessed.readings[p.key], camps, shown[p.key]) for p in found]
    settled = [p.key for p in found if p.record is not None and p.record.status != "open"]
    imported = claimed.of_points(session, settled) if settled else {}
    for info in described:
        info.imported = imported.get(info.key)
    return described, infos


def listing(session: Reader, place: Row | None = None) -> list[PointInfo]:
    """Return the disputed points of the ledger, or those touching a place."""
    graph, found = disputes.analyse(session, disputes.claims_about(place) if place else None)
    return gather(session, graph, found, [])[0]


def one(session: Reader, key: str) -> PointInfo:
    """Return one disputed point with everything shown about it."""
    graph, point = points.one(session, key)
    return gather(session, graph, [point], [])[0][0]
