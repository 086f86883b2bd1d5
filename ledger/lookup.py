"""Looking claims up by place, claimant, source and date, and loading what shows with them.

Queries are set-based: one query picks the claim ids in order, then a handful of queries load the
claimants, sources, places and links of all of them at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlmodel import Session

from ledger import actors, claims
from ledger.db import chunks
from ledger.models import Actor, Claim, ClaimPlace, Place, PlaceAncestor, Source


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
    """A claim with everything shown beside it."""

    claim: Claim
    claimant: Actor
    party: Actor | None
    source: Source
    places: list[Place] = field(default_factory=list)
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
            },
            "url": claim.url,
            "published": _iso(claim.published),
            "event": {"start": _iso(claim.event_start), "end": _iso(claim.event_end)},
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


def _ordered(statement: Select) -> Select:
    return statement.order_by(
        Claim.event_start.is_(None), Claim.event_start, Claim.published, Claim.key
    )


def _dated(statement: Select, since: dt.date | None, until: dt.date | None) -> Select:
    """Keep claims whose event overlaps [since, until]; undated events drop out of a filter."""
    if since:
        statement = statement.where(func.coalesce(Claim.event_end, Claim.event_start) >= since)
    if until:
        statement = statement.where(Claim.event_start <= until)
    return statement


def about_place(
    session: Session,
    place: Place,
    *,
    exact: bool = False,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = None,
) -> list[ClaimView]:
    """Return the claims about a place and, unless `exact`, the places inside it."""
    if exact:
        chosen = select(ClaimPlace.claim_id).where(ClaimPlace.place_id == place.id)
    else:
        chosen = (
            select(ClaimPlace.claim_id)
            .join(PlaceAncestor, PlaceAncestor.place_id == ClaimPlace.place_id)
            .where(PlaceAncestor.ancestor_id == place.id)
        )
    statement = _dated(select(Claim.id).where(Claim.id.in_(chosen)), since, until)
    ids = session.execute(_ordered(statement).limit(limit)).scalars().all()
    return load(session, ids)


def matching(
    session: Session,
    *,
    claimant: str | None = None,
    source: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = None,
) -> list[ClaimView]:
    """Return claims by a claimant (through its aliases) and/or from a source."""
    statement = select(Claim.id)
    if claimant:
        statement = statement.where(
            Claim.claimant_id == actors.resolve(session, Actor, claimant).id
        )
    if source:
        statement = statement.where(Claim.source_id == actors.resolve(session, Source, source).id)
    ids = session.execute(_ordered(_dated(statement, since, until)).limit(limit)).scalars().all()
    return load(session, ids)


def one(session: Session, key: str) -> ClaimView:
    """Return one claim with its places and its links both ways."""
    return load(session, [claims.get(session, key).id])[0]


def load(session: Session, claim_ids: Sequence[int]) -> list[ClaimView]:
    """Load claims with their claimants, sources, places and links, keeping the given order."""
    if not claim_ids:
        return []
    rows: dict[int, ClaimView] = {}
    for chunk in chunks(list(claim_ids)):
        statement = (
            select(Claim, Actor, Source)
            .join(Actor, Actor.id == Claim.claimant_id)
            .join(Source, Source.id == Claim.source_id)
            .where(Claim.id.in_(chunk))
        )
        for claim, actor, source in session.execute(statement):
            rows[claim.id] = ClaimView(claim, actor, None, source)
    _attach_parties(session, rows.values())
    _attach_places(session, rows)
    _attach_links(session, rows)
    return [rows[i] for i in claim_ids]


def _attach_parties(session: Session, views) -> None:  # type: ignore[no-untyped-def]
    party_ids = {v.claimant.party_id for v in views if v.claimant.party_id}
    parties = {
        a.id: a for a in session.execute(select(Actor).where(Actor.id.in_(party_ids))).scalars()
    }
    for view in views:
        view.party = parties.get(view.claimant.party_id)


def _attach_places(session: Session, rows: dict[int, ClaimView]) -> None:
    for chunk in chunks(list(rows)):
        statement = (
            select(ClaimPlace.claim_id, Place)
            .join(Place, Place.id == ClaimPlace.place_id)
            .where(ClaimPlace.claim_id.in_(chunk))
            .order_by(Place.level, Place.name)
        )
        for claim_id, place in session.execute(statement):
            rows[claim_id].places.append(place)


def _attach_links(session: Session, rows: dict[int, ClaimView]) -> None:
    links = claims.links_of(session, list(rows))
    others = {link.claim_a_id for link in links} | {link.claim_b_id for link in links}
    texts: dict[int, tuple[str, str]] = {}
    for chunk in chunks(sorted(others)):
        statement = select(Claim.id, Claim.key, Claim.text).where(Claim.id.in_(chunk))
        texts.update((i, (k, t)) for i, k, t in session.execute(statement))
    by_claim: dict[int, list[LinkView]] = defaultdict(list)
    for link in sorted(links, key=lambda x: x.id):
        for here, there in ((link.claim_a_id, link.claim_b_id), (link.claim_b_id, link.claim_a_id)):
            if here in rows:
                key, text = texts[there]
                view = LinkView(
                    link.relation, key, text, link.note, link.created_by, link.created_at
                )
                by_claim[here].append(view)
    for claim_id, views in by_claim.items():
        rows[claim_id].links = views
