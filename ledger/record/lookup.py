"""Looking claims up by place, claimant, source and date, and loading what shows with them.

Queries are set-based: one query picks the claim ids in order, then a handful of queries load the
claimants, sources, places and links of all of them at once. They read the light tables of
`ledger.tables` and return rows (`view.claim.key`, `view.claimant.name`), not ORM objects: a
lookup never builds the models, and loading thousands of claims for a report stays cheap.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, or_, select, true

from ledger.errors import LedgerError
from ledger.store.db import among, dialect_name
from ledger.store.tables import actor as Actor
from ledger.store.tables import claim as Claim
from ledger.store.tables import claim_place as ClaimPlace
from ledger.store.tables import link as Link
from ledger.store.tables import place as PlaceTable
from ledger.store.tables import place_ancestor as PlaceAncestor
from ledger.store.tables import source as Source

if TYPE_CHECKING:
    from sqlalchemy.engine import Row

    from ledger.store.db import Reader
    from ledger.store.models import Place


@dataclass
class LinkView:
    relation: str
    other_key: str
    other_text: str
    note: str | None
    by: str
    at: dt.datetime

    def to_json(self) -> dict:
        return {
            "relation": self.relation,
            "claim": self.other_key,
            "text": self.other_text,
            "note": self.note,
            "by": self.by,
            "at": self.at.isoformat(),
        }


@dataclass
class ClaimView:
    """A claim with everything shown beside it, as rows that read like the models."""

    claim: Row
    claimant: Row
    party: Row | None
    source: Row
    places: list[Row] = field(default_factory=list)
    links: list[LinkView] = field(default_factory=list)

    def to_json(self) -> dict:
        claim = self.claim
        return {
            "id": claim.key,
            "text": claim.text,
            "excerpt": claim.excerpt,
            "claimant": {
                "id": self.claimant.key,
                "name": self.claimant.name,
                "kind": self.claimant.kind,
                "party": self.party.key if self.party else None,
            },
            "source": {
                "id": self.source.key,
                "name": self.source.name,
                "kind": self.source.kind,
                "url": self.source.url,
                "reliability": self.source.reliability,
            },
            "url": claim.url,
            "published": _iso(claim.published),
            **({"published_as": claim.published_as} if claim.published_as else {}),
            "event": {
                "start": _iso(claim.event_start),
                "end": _iso(claim.event_end),
                **({"as": claim.event_as} if claim.event_as else {}),
            },
            "places": [{"id": p.key, "name": p.name, "kind": p.kind} for p in self.places],
            "links": [link.to_json() for link in self.links],
            "logged_by": claim.logged_by,
            "logged_at": claim.logged_at.isoformat(),
            "retracted": None
            if claim.retracted_at is None
            else {
                "at": claim.retracted_at.isoformat(),
                "by": claim.retracted_by,
                "reason": claim.retracted_reason,
            },
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


BUSY = 2_000
"""A place with at least this many claim-place rows is walked in date order, not sorted."""


def _ordered(statement: Select) -> Select:
    return statement.order_by(
        Claim.c.event_start.is_(None), Claim.c.event_start, Claim.c.published, Claim.c.key
    )


def within_dates(statement: Select, since: dt.date | None, until: dt.date | None) -> Select:
    """Keep claims whose event overlaps [since, until]; undated events drop out of a filter."""
    if since:
        statement = statement.where(func.coalesce(Claim.c.event_end, Claim.c.event_start) >= since)
    if until:
        statement = statement.where(Claim.c.event_start <= until)
    return statement


def tagged(place_id: int, exact: bool) -> Select:
    """Select the claim-place rows of a place and, unless `exact`, of the places inside it."""
    if exact:
        return select(ClaimPlace.c.claim_id).where(ClaimPlace.c.place_id == place_id)
    return (
        select(ClaimPlace.c.claim_id)
        .join(PlaceAncestor, PlaceAncestor.c.place_id == ClaimPlace.c.place_id)
        .where(PlaceAncestor.c.ancestor_id == place_id)
    )


def _busy(session: Reader, tagged: Select) -> bool:
    """Tell whether a place has at least BUSY claim-place rows, counting no further."""
    capped = tagged.limit(BUSY).subquery()
    return session.execute(select(func.count()).select_from(capped)).scalar_one() >= BUSY


def _about(session: Reader, place_id: int, exact: bool):  # type: ignore[no-untyped-def]
    """Return the condition that a claim is about a place (or a place inside it), claim first.

    The places inside are looked up first and bound as values, so that PostgreSQL's planner
    sees how common they are and walks the date index. On SQLite, `+ 0` keeps the database
    from probing the claim's places once per place of a large closure (a country holds
    thousands) and has it read the claim's one to three places instead.
    """
    mine = ClaimPlace.c.claim_id == Claim.c.id
    if exact:
        return select(ClaimPlace.c.claim_id).where(mine, ClaimPlace.c.place_id == place_id).exists()
    closure = select(PlaceAncestor.c.place_id).where(PlaceAncestor.c.ancestor_id == place_id)
    inside = list(session.execute(closure).scalars())
    column = ClaimPlace.c.place_id
    if dialect_name(session) == "sqlite":
        column = column + 0
    return select(ClaimPlace.c.claim_id).where(mine, among(session, column, inside)).exists()


def _walk(session: Reader, about, since, until, limit: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Read claims in date order along the event index, keeping those about the place.

    A busy place is about a good share of all claims, so the first `limit` turn up after a few
    hundred index entries; sorting all of them first would cost a read of each. Dated claims come
    first, then undated ones, which is the order `_ordered` gives.
    """
    chosen = within_dates(select(Claim.c.id).where(about), since, until)
    dated = chosen.where(Claim.c.event_start.is_not(None))
    dated = dated.order_by(Claim.c.event_start, Claim.c.published, Claim.c.key)
    ids = list(session.execute(dated.limit(limit)).scalars())
    if len(ids) < limit:
        undated = chosen.where(Claim.c.event_start.is_(None)).order_by(
            Claim.c.published, Claim.c.key
        )
        ids += session.execute(undated.limit(limit - len(ids))).scalars()
    return ids


def about_place(
    session: Reader,
    place: Place,
    *,
    exact: bool = False,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = None,
) -> list[ClaimView]:
    """Return the claims about a place and, unless `exact`, the places inside it, by event date.

    A quiet place's claims are gathered and sorted; a busy place's are read in date order until
    `limit` are found (see `_walk`). Both give the same rows in the same order.
    """
    return load(session, place_claim_ids(session, place, exact, since, until, limit))


def place_claim_ids(
    session: Reader,
    place: Place | Row,
    exact: bool = False,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = None,
) -> list[int]:
    """Return the ids of the claims `about_place` returns, in its order."""
    rows = tagged(place.id, exact)  # type: ignore[arg-type]
    # With --since the walk would read every earlier claim first (an event's end has no index).
    if limit and not since and _busy(session, rows):
        return _walk(session, _about(session, place.id, exact), since, until, limit)  # type: ignore[arg-type]
    statement = within_dates(select(Claim.c.id).where(Claim.c.id.in_(rows)), since, until)
    return list(session.execute(_ordered(statement).limit(limit)).scalars())


def first_claim_ids(session: Reader, limit: int | None = None) -> list[int]:
    """Return the ids of the ledger's first claims by event date (the order of every listing)."""
    if limit:
        return _walk(session, true(), None, None, limit)
    return list(session.execute(_ordered(select(Claim.c.id))).scalars())


def matching(
    session: Reader,
    *,
    claimant: str | None = None,
    source: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = None,
) -> list[ClaimView]:
    """Return claims by a claimant (through its aliases) and/or from a source."""
    from ledger.record import naming

    statement = select(Claim.c.id)
    if claimant:
        found = naming.resolve(session, "actor", claimant)
        statement = statement.where(Claim.c.claimant_id == found.id)
    if source:
        found = naming.resolve(session, "source", source)
        statement = statement.where(Claim.c.source_id == found.id)
    ids = (
        session.execute(_ordered(within_dates(statement, since, until)).limit(limit))
        .scalars()
        .all()
    )
    return load(session, ids)


def one(session: Reader, key: str) -> ClaimView:
    """Return one claim with its places and its links both ways."""
    found = session.execute(select(Claim.c.id).where(Claim.c.key == key)).scalar()
    if found is None:
        raise LedgerError(f"no claim {key!r}")
    return load(session, [found])[0]


def load(session: Reader, claim_ids: Sequence[int]) -> list[ClaimView]:
    """Load claims with their claimants, sources, places and links, keeping the given order."""
    if not claim_ids:
        return []
    found = _by_id(session, Claim, claim_ids)
    people = _by_id(session, Actor, {c.claimant_id for c in found.values()})
    people |= _by_id(session, Actor, {p.party_id for p in people.values() if p.party_id})
    outlets = _by_id(session, Source, {c.source_id for c in found.values()})
    rows = {
        i: ClaimView(c, people[c.claimant_id], None, outlets[c.source_id]) for i, c in found.items()
    }
    for view in rows.values():
        view.party = people.get(view.claimant.party_id)
    _attach_places(session, rows)
    _attach_links(session, rows)
    return [rows[i] for i in claim_ids]


def _by_id(session: Reader, table, ids: Iterable[int]) -> dict[int, Row]:  # type: ignore[no-untyped-def]
    statement = select(table).where(among(session, table.c.id, ids))
    return {row.id: row for row in session.execute(statement)}


def _attach_places(session: Reader, rows: dict[int, ClaimView]) -> None:
    statement = (
        select(ClaimPlace.c.claim_id, ClaimPlace.c.place_id)
        .join(PlaceTable, PlaceTable.c.id == ClaimPlace.c.place_id)
        .where(among(session, ClaimPlace.c.claim_id, rows))
        .order_by(PlaceTable.c.level, PlaceTable.c.name)
    )
    tagged = session.execute(statement).all()
    found = _by_id(session, PlaceTable, {place_id for _, place_id in tagged})
    for claim_id, place_id in tagged:
        rows[claim_id].places.append(found[place_id])


def links_of(session: Reader, claim_ids: Iterable[int]) -> list[Row]:
    """Return the live links touching any of the claims, oldest first."""
    ids = set(claim_ids)
    statement = select(Link).where(
        or_(among(session, Link.c.claim_a_id, ids), among(session, Link.c.claim_b_id, ids)),
        Link.c.removed_at.is_(None),
    )
    return sorted(session.execute(statement), key=lambda link: link.id)


def _attach_links(session: Reader, rows: dict[int, ClaimView]) -> None:
    links = links_of(session, rows)
    others = {link.claim_a_id for link in links} | {link.claim_b_id for link in links}
    statement = select(Claim.c.id, Claim.c.key, Claim.c.text).where(
        among(session, Claim.c.id, others)
    )
    texts = {i: (k, t) for i, k, t in session.execute(statement)}
    by_claim: dict[int, list[LinkView]] = defaultdict(list)
    for link in links:
        for here, there in ((link.claim_a_id, link.claim_b_id), (link.claim_b_id, link.claim_a_id)):
            if here in rows:
                key, text = texts[there]
                view = LinkView(
                    link.relation, key, text, link.note, link.created_by, link.created_at
                )
                by_claim[here].append(view)
    for claim_id, views in by_claim.items():
        rows[claim_id].links = views
