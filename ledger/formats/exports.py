"""The records a ledger exports, section by section, in an order that survives a round trip.

Places are only those a fresh `ledger init` ledger lacks: places the shipped gazetteer does not
have, and the aliases added to the ones it has. Claims, links and verdicts go out in the order
they were made (by internal id), so that an import gives them the same relative order, and the
oldest contradiction of each disputed point, its anchor, stays the same.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.analysis import disputes
from ledger.formats.model import FIELDS, SECTIONS
from ledger.geo import gazetteer
from ledger.geo.names import normalize
from ledger.geo.places import spec_names
from ledger.store import journal
from ledger.store.models import (
    Actor,
    ActorName,
    Claim,
    ClaimAppearance,
    ClaimPlace,
    Dispute,
    DisputeClaim,
    JournalEntry,
    Link,
    Place,
    PlaceName,
    Source,
    SourceName,
    Verdict,
)

PAGE = 5000


def exported_from(session: Session) -> dict[str, Any]:
    """Return the journal head the export was read at, to tie a published file to a ledger."""
    head = journal.head(session)
    return {"head_seq": head.seq if head else 0, "head_hash": head.hash if head else None}


def tidy(section: str, values: dict[str, Any]) -> dict[str, Any]:
    """Order a record's fields as documented and leave out empty ones.

    `event_end` stays when there is an `event_start`: without it a claim is a one-day event.
    """
    record = {}
    for name in FIELDS[section]:
        value = values.get(name)
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        if value not in (None, [], "") or (name == "event_end" and values.get("event_start")):
            record[name] = value
    return record


@cache
def base_gazetteer() -> dict[str, frozenset[str]]:
    """Return the shipped gazetteer: each place's key and the normalised names it comes with."""
    return {
        s.key: frozenset(n for _, n, _ in s.spellings)
        if s.spellings
        else frozenset(normalize(n) for n in spec_names(s))
        for s in gazetteer.shipped_specs()
    }


def place_records(session: Session) -> Iterator[dict]:
    """Yield the places the base gazetteer lacks, parents first, then aliases added to its own."""
    base = base_gazetteer()
    rows = session.execute(select(Place)).scalars().all()
    key_of = {p.id: p.key for p in rows}
    spellings: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for place_id, norm, name in session.execute(
        select(PlaceName.place_id, PlaceName.norm, PlaceName.name)
    ):
        spellings[place_id].append((norm, name))
    extra_aliases = []
    for place in sorted(rows, key=lambda p: (p.level, p.key)):
        known = base.get(place.key)
        if known is None:
            own = {normalize(n) for n in (place.name, place.name_ar or "", place.key)}
            yield tidy(
                "places",
                {
                    **place.model_dump(),
                    "id": place.key,
                    "parent": key_of.get(place.parent_id),
                    "aliases": _aliases(spellings[place.id], own),
                },
            )
        elif aliases := _aliases(spellings[place.id], known):
            extra_aliases.append({"id": place.key, "aliases": aliases})
    yield from sorted(extra_aliases, key=lambda r: r["id"])


def _aliases(spellings: list[tuple[str, str]], known: set[str] | frozenset[str]) -> list[str]:
    return sorted(name for norm, name in spellings if norm not in known)


def named_records(session: Session, model: type) -> Iterator[dict]:
    """Yield actors (parties before those who speak for them) or sources, by id."""
    table, column = (ActorName, "actor_id") if model is Actor else (SourceName, "source_id")
    rows = session.execute(select(model)).scalars().all()
    key_of = {r.id: r.key for r in rows}
    spellings: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for owner, norm, name in session.execute(
        select(getattr(table, column), table.norm, table.name)
    ):
        spellings[owner].append((norm, name))
    section = "actors" if model is Actor else "sources"
    column, field = ("party_id", "party") if model is Actor else ("network_id", "network")
    parent = {r.id: getattr(r, column) for r in rows}
    depth = _depths(parent)
    for row in sorted(rows, key=lambda r: (depth.get(r.id, 0), r.key)):
        values = {**row.model_dump(), "id": row.key}
        values["aliases"] = _aliases(spellings[row.id], {normalize(row.name)})
        values[field] = key_of.get(parent[row.id])
        yield tidy(section, values)


def _depths(party: dict[int, int | None]) -> dict[int, int]:
    """Return how deep each row is below the outermost row above it (parties, networks)."""
    depth = {}
    for actor_id in party:
        n, current, seen = 0, party[actor_id], {actor_id}
        while current is not None and current not in seen:
            seen.add(current)
            n, current = n + 1, party.get(current)
        depth[actor_id] = n
    return depth


def claim_pages(session: Session) -> Iterator[list[dict]]:
    """Yield claims a page at a time, in the order they were logged, with their place ids."""
    actor_keys = dict(session.execute(select(Actor.id, Actor.key)).all())
    source_keys = dict(session.execute(select(Source.id, Source.key)).all())
    place_keys = dict(session.execute(select(Place.id, Place.key)).all())
    columns = [c for c in Claim.__table__.c if c.name not in ("revised_at", "revised_by")]
    last = 0
    while True:
        rows = (
            session.execute(select(*columns).where(Claim.id > last).order_by(Claim.id).limit(PAGE))
            .mappings()
            .all()
        )
        if not rows:
            return
        first, last = rows[0]["id"], rows[-1]["id"]
        places: dict[int, list[str]] = defaultdict(list)
        for claim_id, place_id in session.execute(
            select(ClaimPlace.claim_id, ClaimPlace.place_id).where(
                ClaimPlace.claim_id.between(first, last)
            )
        ):
            places[claim_id].append(place_keys[place_id])
        seen = appearances(session, first, last)
        yield [
            {
                **row,
                "id": row["key"],
                "published": row["published_as"] or row["published"],  # as written
                "event_start": row["event_as"] or row["event_start"],
                "claimant": actor_keys[row["claimant_id"]],
                "source": source_keys[row["source_id"]],
                "places": sorted(places[row["id"]]),
                "appearances": seen.get(row["id"], []),
                "_id": row["id"],
            }
            for row in rows
        ]


def appearances(session: Session, first: int, last: int) -> dict[int, list[str]]:
    """Return the further appearances of the claims of an id range, in order."""
    found: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(ClaimAppearance.claim_id, ClaimAppearance.url)
        .where(ClaimAppearance.claim_id.between(first, last))
        .order_by(ClaimAppearance.claim_id, ClaimAppearance.position)
    )
    for claim_id, url in rows:
        found[claim_id].append(url)
    return found


def claim_records(session: Session) -> Iterator[dict]:
    """Yield claims as first logged: a corrected claim's later revisions follow in `revisions`."""
    for page in claim_pages(session):
        first = _first_revisions(session, [v["id"] for v in page if v["revision"] > 1])
        for values in page:
            yield tidy("claims", {**values, **first.get(values["id"], {})})


CONTENT = ("text", "excerpt", "claimant", "source", "url", "published", "event_start")
CONTENT += ("event_end", "places")


def _content(payload: dict) -> dict:
    """Return the content of a logged claim record, dates as written."""
    found = {name: payload.get(name) for name in CONTENT}
    found["published"] = payload.get("published_as") or found["published"]
    found["event_start"] = payload.get("event_as") or found["event_start"]
    return found


def _first_revisions(session: Session, keys: list[str]) -> dict[str, dict]:
    """Return the content corrected claims were first logged with, from their `claim.add`."""
    if not keys:
        return {}
    rows = session.execute(
        select(JournalEntry.subject, JournalEntry.payload).where(
            JournalEntry.action == "claim.add", JournalEntry.subject.in_(keys)
        )
    )
    return {key: _content(json.loads(payload)) for key, payload in rows}


def revision_records(session: Session) -> Iterator[dict]:
    """Yield every correction of a claim (revision 2 on), in the order they were made."""
    revised = select(Claim.key).where(Claim.revision > 1)
    rows = session.execute(
        select(JournalEntry)
        .where(JournalEntry.action == "claim.edit", JournalEntry.subject.in_(revised))
        .order_by(JournalEntry.seq)
    ).scalars()
    for entry in rows:
        payload = json.loads(entry.payload)
        values = {**_content(payload), "claim": entry.subject, "revision": payload["revision"]}
        at = dt.datetime.fromisoformat(payload["at"]) if payload.get("at") else entry.at
        values |= {"by": payload.get("by") or entry.by, "at": at}
        yield tidy("revisions", {**values, "reason": payload.get("reason")})


def link_records(session: Session) -> Iterator[dict]:
    """Yield links, oldest first, each naming its two claims by id; removed ones with why."""
    one, other = aliased(Claim), aliased(Claim)
    last = 0
    while True:
        rows = session.execute(
            select(Link, one.key, other.key)
            .join(one, one.id == Link.claim_a_id)
            .join(other, other.id == Link.claim_b_id)
            .where(Link.id > last)
            .order_by(Link.id)
            .limit(PAGE)
        ).all()
        if not rows:
            return
        last = rows[-1][0].id
        for link, a, b in rows:
            values = {"claim": a, "relation": link.relation, "other": b, "note": link.note}
            values |= {"by": link.created_by, "at": link.created_at}
            values |= {"removed_at": link.removed_at, "removed_by": link.removed_by}
            yield tidy("links", {**values, "removed_reason": link.removed_reason})


def verdict_records(session: Session) -> Iterator[dict]:
    """Yield every verdict, the superseded ones too, oldest first."""
    statement = select(Verdict, Claim.key).join(Claim, Claim.id == Verdict.claim_id)
    for verdict, key in session.execute(statement.order_by(Verdict.id)):
        yield tidy("verdicts", {**verdict.model_dump(), "claim": key})


def dispute_records(session: Session) -> Iterator[dict]:
    """Yield what fact-checkers recorded about disputed points, by the anchor link's claims.

    A record names its anchor link even once that link is removed (the export carries removed
    links), and the claims its point held when last written, which decide where it belongs.
    """
    pairs = _link_pairs(session)
    members: dict[int, list[str]] = defaultdict(list)
    held = select(DisputeClaim.dispute_id, Claim.key).join(Claim, Claim.id == DisputeClaim.claim_id)
    for dispute_id, key in session.execute(held.order_by(DisputeClaim.dispute_id, Claim.key)):
        members[dispute_id].append(key)
    reopened = _reopened(session)
    side_keys = dict(
        session.execute(
            select(Claim.id, Claim.key).join(Dispute, Dispute.side_claim_id == Claim.id)
        ).all()
    )
    statement = select(Dispute).order_by(Dispute.anchor_link_id)
    for dispute in session.execute(statement).scalars():
        values = {
            **dispute.model_dump(),
            "anchor": pairs[dispute.anchor_link_id],
            "claims": members.get(dispute.id),
            "side": side_keys.get(dispute.side_claim_id),
            "evidence": dispute.evidence_url,
            "resolved_through": pairs.get(dispute.resolved_through_link_id),
            "reopened": reopened.get(dispute.id),
        }
        yield tidy("disputes", values)


def _reopened(session: Session) -> dict[int, bool]:
    """Tell, for each settled record, whether its point changed since (not portable as a hash).

    A settled record fingerprints its point's links by their row ids, which a move to another
    ledger renumbers; the export says instead whether the point had changed.
    """
    settled = set(session.execute(select(Dispute.id).where(Dispute.status != "open")).scalars())
    if not settled:
        return {}
    held = select(DisputeClaim.claim_id).where(DisputeClaim.dispute_id.in_(settled))
    anchored = select(Link.claim_a_id).join(Dispute, Dispute.anchor_link_id == Link.id)
    claims = set(session.execute(held.union(anchored)).scalars())
    _, found = disputes.analyse(session, sorted(claims))
    return {
        p.record.id: p.reopened for p in found if p.record is not None and p.record.id in settled
    }


def _link_pairs(session: Session) -> dict[int, list[str]]:
    """Map the links (live or removed) that disputes refer to onto their claims' ids."""
    one, other = aliased(Claim), aliased(Claim)
    wanted = select(Dispute.anchor_link_id).union(select(Dispute.resolved_through_link_id))
    rows = session.execute(
        select(Link.id, one.key, other.key)
        .join(one, one.id == Link.claim_a_id)
        .join(other, other.id == Link.claim_b_id)
        .where(Link.id.in_(wanted))
    )
    return {link_id: [a, b] for link_id, a, b in rows}


def sections(session: Session) -> Iterator[tuple[str, Iterator[dict]]]:
    """Yield each section of a ledger document with its records, in document order."""
    readers = {
        "places": place_records,
        "actors": lambda s: named_records(s, Actor),
        "sources": lambda s: named_records(s, Source),
        "claims": claim_records,
        "revisions": revision_records,
        "links": link_records,
        "verdicts": verdict_records,
        "disputes": dispute_records,
    }
    for section in SECTIONS:
        yield section, readers[section](session)
