"""Logging sourced claims and the links between them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert, or_, select
from sqlmodel import Session

from ledger import validation
from ledger.errors import LedgerError
from ledger.geo import resolution
from ledger.geo.names import KEY_PATTERN, POINT_KEY, new_key
from ledger.record import actors
from ledger.store import journal
from ledger.store.db import chunks
from ledger.store.models import RELATIONS, Actor, Claim, ClaimPlace, Link, Place, Source
from ledger.validation import parse_date

CLAIM_CONTENT = (
    "text",
    "excerpt",
    "claimant",
    "source",
    "url",
    "published",
    "event_start",
    "event_end",
    "places",
)
"""What a claim asserts, who, where and when: the fields a correction may change."""


@dataclass
class NewClaim:
    """What a fact-checker logs: the assertion, who makes it, where, when and about where."""

    text: str
    claimant: str
    source: str
    places: Sequence[str] = ()
    key: str | None = None
    excerpt: str | None = None
    url: str | None = None
    published: dt.date | None = None
    event_start: dt.date | None = None
    event_end: dt.date | None = None


def parse_event(value: str) -> tuple[dt.date | None, dt.date | None]:
    """Parse an event date `2024-11-30` or a range `2024-11-27..2024-12-01` (either end open)."""
    if ".." not in value:
        day = parse_date(value, "event date")
        return day, day
    start, end = value.split("..", 1)
    return (
        parse_date(start, "event start") if start.strip() else None,
        parse_date(end, "event end") if end.strip() else None,
    )


def add_claim(
    session: Session,
    new: NewClaim,
    *,
    create: bool = False,
    allow_future: bool = False,
    matches: list[tuple[str, resolution.Resolution]] | None = None,
) -> Claim:
    """Log one claim; unknown claimants and sources are created only when `create` is set.

    An event after the report's publication, or in the future, is refused unless
    `allow_future` (a forecast, or a date a fact-checker has checked). How each place name
    was matched is appended to `matches` when given.
    """
    text = validation.free_text(new.text, "claim text")
    key = new.key or _fresh_key(session)
    check_key(key)
    if session.execute(select(Claim.id).where(Claim.key == key)).first():
        raise LedgerError(f"claim {key!r} already exists")
    start, end = new.event_start, new.event_end
    check_event(key, start, end)
    if not allow_future:
        check_when(new.key, new.published, start, end)
    claimant = _claimant(session, new.claimant, create)
    source = _source(session, new.source, create)
    found = [(name, resolution.resolve(session, name)) for name in new.places]
    if matches is not None:
        matches.extend(found)
    place_ids = [match.place.id for _, match in found]
    claim = Claim(
        key=key,
        text=text,
        excerpt=(new.excerpt or "").strip() or None,
        claimant_id=claimant.id,
        source_id=source.id,
        url=(new.url or "").strip() or None,
        published=new.published,
        event_start=start,
        event_end=end,
        logged_by=journal.writer(session).by,
        logged_at=journal.writer(session).at,
    )
    session.add(claim)
    session.flush()
    unique_place_ids = list(dict.fromkeys(place_ids))
    if unique_place_ids:
        session.execute(
            insert(ClaimPlace), [{"claim_id": claim.id, "place_id": p} for p in unique_place_ids]
        )
    journal.record(session, "claim.add", key, claim_record(session, claim))
    return claim


def check_key(key: str) -> None:
    """Refuse a claim id that cannot be typed, or that reads as a disputed point's id."""
    if not KEY_PATTERN.match(key):
        raise LedgerError(f"claim id {key!r} must be letters, digits, '.', '_' or '-'")
    if POINT_KEY.match(key):
        raise LedgerError(f"claim id {key!r} reads as a disputed point's id (D12): choose another")


def check_event(key: str, start: dt.date | None, end: dt.date | None) -> None:
    """Refuse an event that ends before it starts."""
    if start and end and end < start:
        raise LedgerError(f"claim {key!r}: event ends ({end}) before it starts ({start})")


def out_of_time(
    published: dt.date | None, start: dt.date | None, end: dt.date | None, today: dt.date
) -> str | None:
    """Return what is wrong with an event's dates against its report's and today, or None."""
    last = end or start
    if last is None:
        return None
    if last > today:
        return f"the event ({last}) is in the future"
    if published is not None and last > published:
        return f"the event ({last}) is after the report was published ({published})"
    return None


def check_when(
    key: str | None, published: dt.date | None, start: dt.date | None, end: dt.date | None
) -> None:
    """Refuse an event after its report's publication or in the future (see --allow-future)."""
    problem = out_of_time(published, start, end, journal.now().date())
    if problem:
        which = f"claim {key!r}: " if key else ""
        raise LedgerError(f"{which}{problem}; pass --allow-future if that is right")


def _claimant(session: Session, name: str, create: bool) -> Actor:
    if create and not actors.find(session, Actor, name):
        return actors.add(session, Actor, name, "other")
    return actors.resolve(session, Actor, name)


def _source(session: Session, name: str, create: bool) -> Source:
    if create and not actors.find(session, Source, name):
        return actors.add(session, Source, name, "other")
    return actors.resolve(session, Source, name)


def _fresh_key(session: Session) -> str:
    while True:
        key = new_key()
        if not session.execute(select(Claim.id).where(Claim.key == key)).first():
            return key


def claim_record(session: Session, claim: Claim) -> dict:
    """Return a claim as the log and the exports record it: by keys, not internal ids."""
    claimant = session.get(Actor, claim.claimant_id)
    source = session.get(Source, claim.source_id)
    place_keys = session.execute(
        select(Place.key)
        .join(ClaimPlace, ClaimPlace.place_id == Place.id)
        .where(ClaimPlace.claim_id == claim.id)
        .order_by(Place.key)
    ).scalars()
    record = {
        "id": claim.key,
        "text": claim.text,
        "excerpt": claim.excerpt,
        "claimant": claimant.key if claimant else None,
        "source": source.key if source else None,
        "url": claim.url,
        "published": claim.published,
        "event_start": claim.event_start,
        "event_end": claim.event_end,
        "places": list(place_keys),
        "logged_by": claim.logged_by,
        "logged_at": claim.logged_at.isoformat(),
    }
    for name in ("published_as", "event_as"):  # dates as written, when not ISO days
        if getattr(claim, name):
            record[name] = getattr(claim, name)
    return record


def get(session: Session, key: str) -> Claim:
    """Return a claim by its id, or fail naming it."""
    claim = session.execute(select(Claim).where(Claim.key == key)).scalars().first()
    if claim is None:
        raise LedgerError(f"no claim {key!r}")
    return claim


def refuse_retracted(claim: Claim, what: str) -> None:
    """Fail if a claim was retracted: a retracted claim stays as it was."""
    if claim.retracted_at is not None:
        raise LedgerError(
            f"claim {claim.key!r} was retracted on {claim.retracted_at:%Y-%m-%d}"
            f" by {claim.retracted_by}: it cannot be {what}"
        )


def add_link(
    session: Session, key: str, relation: str, other_key: str, note: str | None = None
) -> Link:
    """Link two claims; a pair is linked at most once, and never to itself."""
    if relation not in RELATIONS:
        raise LedgerError(f"unknown relation {relation!r}: use {' or '.join(RELATIONS)}")
    if key == other_key:
        raise LedgerError(f"claim {key!r} cannot be linked to itself")
    one, other = get(session, key), get(session, other_key)
    for claim in (one, other):
        refuse_retracted(claim, "linked")
    low, high = sorted((one.id, other.id))
    existing = live_link(session, low, high)
    if existing is not None:
        if existing.relation == relation:
            raise LedgerError(f"{key} already {relation} {other_key}")
        raise LedgerError(
            f"{key} already {existing.relation} {other_key}: a pair cannot both contradict and"
            " corroborate; remove the link first with `ledger unlink`"
        )
    writer = journal.writer(session)
    link = Link(
        claim_a_id=low,
        claim_b_id=high,
        relation=relation,
        note=(note or "").strip() or None,
        created_by=writer.by,
        created_at=writer.at,
    )
    session.add(link)
    session.flush()
    journal.record(
        session,
        "link.add",
        f"link:{link.id}",
        {"claim": key, "relation": relation, "other": other_key, "note": link.note},
    )
    return link


def live_link(session: Session, low: int, high: int) -> Link | None:
    """Return the link of a claim pair (lower id first) that has not been removed."""
    return (
        session.execute(
            select(Link).where(
                Link.claim_a_id == low, Link.claim_b_id == high, Link.removed_at.is_(None)
            )
        )
        .scalars()
        .first()
    )


def links_of(session: Session, claim_ids: Sequence[int]) -> list[Link]:
    """Return the live links touching any of the claims."""
    found: list[Link] = []
    for chunk in chunks(sorted(set(claim_ids))):
        statement = select(Link).where(
            or_(Link.claim_a_id.in_(chunk), Link.claim_b_id.in_(chunk)), Link.removed_at.is_(None)
        )
        found.extend(session.execute(statement).scalars())
    return list({link.id: link for link in found}.values())
