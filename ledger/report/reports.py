"""The HTML dispute report: one self-contained file an editor can publish, print or mail.

Rendering is Jinja2 with autoescaping on, from the templates shipped inside the package (or the
checkout's `templates/`). The page carries its CSS inline and a Content-Security-Policy that
forbids scripts and every fetch, so it works offline and a hostile claim cannot run anything.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from sqlalchemy import select

from ledger import files
from ledger.analysis import disputes, points
from ledger.errors import LedgerError
from ledger.geo import places, resolution
from ledger.record import lookup
from ledger.report import diagram, dossier
from ledger.report.dossier import ClaimInfo
from ledger.report.pointinfo import PointInfo, span_label
from ledger.store import journal
from ledger.store.db import chunks
from ledger.store.resources import shipped
from ledger.store.tables import place as PlaceTable
from ledger.store.tables import place_ancestor as PlaceAncestor

if TYPE_CHECKING:
    from ledger.store.db import Reader
    from ledger.store.models import Place

CLAIMS = 1_000
"""How many claims a ledger or place report covers unless told otherwise (`--limit`)."""
LARGE_POINT = diagram.MAX_NODES
"""A point with more claims than this shows only its claims in the report's scope."""


@dataclass
class PlaceNode:
    """A place in the index, with the chain of empty places above it folded into its label."""

    path: list[Place]
    claims: list[ClaimInfo] = field(default_factory=list)
    children: list[PlaceNode] = field(default_factory=list)

    @property
    def place(self) -> Place:
        return self.path[-1]

    @property
    def label(self) -> str:
        return places.path_label(self.path).replace(" > ", " › ")

    @property
    def points(self) -> list[str]:
        return sorted({c.point for c in self.claims if c.point}, key=disputes.parse_key)

    def keys(self) -> set[str]:
        return {c.key for c in self.claims}.union(*(child.keys() for child in self.children))

    @property
    def total(self) -> int:
        """Count the claims about this place and the places inside it, each once."""
        return len(self.keys())


@dataclass
class Report:
    heading: str
    scope: str
    generated: dt.datetime
    points: list[PointInfo]
    claims: list[ClaimInfo]
    places: list[PlaceNode]
    timeline: list[tuple[str, list[ClaimInfo]]]
    more: bool = False
    """Whether the scope holds more claims than the report covers (see `build`'s limit)."""
    reviews: list[dict] = field(default_factory=list)
    """ClaimReview JSON-LD of the verdicts on the claims shown, embedded for search engines."""
    head: str = ""
    """The journal head (`SEQ:HASH`) the report was read at, for `ledger verify --against`."""


def build(
    session: Reader,
    *,
    place: str | None = None,
    dispute: str | None = None,
    limit: int | None = CLAIMS,
    reviews_by: tuple[str, str] | None = None,
) -> Report:
    """Gather a report on the whole ledger, on a place (and inside it), or on one point.

    A ledger or place report covers the first `limit` claims by event date (None: all), and the
    disputed points they belong to; a point too large to read in full shows its claims in scope.
    `reviews_by` (organisation, base URL) embeds the ClaimReview records of the claims' verdicts.
    """
    if place and dispute:
        raise LedgerError("choose --place or --dispute, not both")
    more, target = False, None
    if dispute:
        graph, point = points.one(session, dispute)
        found, scope = [point], list(point.claims)
    else:
        target = resolution.resolve(session, place).place if place else None
        scope = _scope(session, target, limit)
        more = limit is not None and len(scope) > limit
        scope = scope[:limit]
        graph, found = disputes.analyse(session, scope)
    infos, claims = dossier.gather(session, graph, found, scope, summarise_over=LARGE_POINT)
    in_scope = [claims[i] for i in scope]
    if dispute:
        heading, where = infos[0].title, f"disputed point {infos[0].key}"
    elif target is not None:
        path = places.lineage(session, target.id)
        heading, where = f"Disputed claims: {target.name}", places.label(target, path)
    else:
        heading, where = "Disputed claims", "the whole ledger"
    return Report(
        heading=heading,
        scope=where,
        generated=journal.now(),
        points=infos,
        claims=in_scope,
        places=place_index(session, in_scope),
        timeline=timeline(in_scope),
        more=more,
        reviews=_reviews(session, list(claims), reviews_by),
        head=journal.head_label(session),
    )


def _reviews(session: Reader, claim_ids: list[int], by: tuple[str, str] | None) -> list[dict]:
    if by is None:
        return []
    from ledger.formats import claimreview

    organisation, base_url = by
    return claimreview.records(session, claim_ids, organisation=organisation, base_url=base_url)


def _scope(session: Reader, target, limit: int | None) -> list[int]:  # type: ignore[no-untyped-def]
    """Return the first claims of a place (or the ledger) by event date: one more than `limit`."""
    more = limit + 1 if limit else None
    if target is not None:
        return lookup.place_claim_ids(session, target, limit=more)
    return lookup.first_claim_ids(session, limit=more)


def timeline(claims: list[ClaimInfo]) -> list[tuple[str, list[ClaimInfo]]]:
    """Group claims by the days their events span, earliest first, undated last."""
    groups: dict[tuple, list[ClaimInfo]] = {}
    for info in claims:
        claim = info.view.claim
        groups.setdefault((claim.event_start, claim.event_end), []).append(info)
    ordered = sorted(groups, key=lambda k: (k[0] is None, k[0] or dt.date.min, k[1] or dt.date.max))
    by_date = lambda c: (c.view.claim.published or dt.date.max, c.key)  # noqa: E731
    return [(span_label(*key), sorted(groups[key], key=by_date)) for key in ordered]


def place_index(session: Reader, claims: list[ClaimInfo]) -> list[PlaceNode]:
    """Arrange the places the claims are about in their hierarchy, outermost first."""
    tagged: dict[int, list[ClaimInfo]] = {}
    for info in claims:
        for place in info.view.places:
            tagged.setdefault(place.id, []).append(info)
    known: dict[int, Place] = {}
    for chunk in chunks(sorted(tagged)):
        statement = (
            select(PlaceTable)
            .join(PlaceAncestor, PlaceAncestor.c.ancestor_id == PlaceTable.c.id)
            .where(PlaceAncestor.c.place_id.in_(chunk))
        )
        known.update((p.id, p) for p in session.execute(statement))
    children: dict[int | None, list[Place]] = {}
    for place in sorted(known.values(), key=lambda p: p.name):
        parent = place.parent_id if place.parent_id in known else None
        children.setdefault(parent, []).append(place)

    def grow(place: Place) -> PlaceNode:
        below = children.get(place.id, [])
        if place.id not in tagged and len(below) == 1:
            node = grow(below[0])
            node.path.insert(0, place)
            return node
        return PlaceNode([place], tagged.get(place.id, []), [grow(p) for p in below])

    return [grow(root) for root in children.get(None, [])]


def _href(url: str | None) -> Markup | None:
    """Return a web address fit for a link (escaped, never isolated), or None: no `javascript:`."""
    url = (url or "").strip()
    return escape(url) if url.lower().startswith(("https://", "http://")) else None


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


RIGHT_TO_LEFT_OR_BIDI_CONTROL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _isolate(value: object) -> object:
    """Put text that holds right-to-left script or bidi controls in its own `<bdi>`.

    An Arabic name or a stray right-to-left override in a claimant's name would otherwise reorder
    the sentence around it ("Backed by ... :" printed backwards). Markup from macros and filters
    is already built from isolated parts and passes as it is.
    """
    plain = isinstance(value, str) and not isinstance(value, Markup)
    if plain and RIGHT_TO_LEFT_OR_BIDI_CONTROL.search(value):
        return Markup("<bdi>%s</bdi>") % value
    return value


def environment() -> Environment:
    """Return the Jinja environment of the shipped templates, escaping everything by default."""
    env = Environment(
        loader=FileSystemLoader(shipped("templates")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_isolate,
    )
    env.filters["day"] = lambda d: f"{d.day} {d:%b %Y}" if d else "unknown"
    env.filters["span"] = lambda pair: span_label(*pair)
    env.filters["stamp"] = lambda t: f"{t:%Y-%m-%d %H:%M} UTC"
    env.filters["href"] = _href
    env.filters["plural"] = _plural
    env.globals["diagram"] = diagram.svg
    return env


def render(report: Report) -> str:
    return environment().get_template("report.html").render(report=report)


def write(path: Path, html: str) -> None:
    """Write the report atomically: readers see the old file or the whole new one."""
    files.write_text(path, html)
