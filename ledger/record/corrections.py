"""Correcting the record without rewriting it: claim edits, retractions and unlinking.

A correction never overwrites silently. An edit makes a new revision of the claim (the journal
keeps every earlier one); a retraction and an unlink mark the claim or link, never delete it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import delete, insert
from sqlmodel import Session

from ledger import validation
from ledger.errors import LedgerError
from ledger.geo import resolution
from ledger.record import actors, claims
from ledger.store import journal
from ledger.store.models import Actor, Claim, ClaimPlace, Link, Source

Clear = Literal[""]
"""An empty string given for an optional field clears it."""


@dataclass
class ClaimEdit:
    """What to change in a claim; None keeps a field as it is, "" clears an optional one."""

    text: str | None = None
    excerpt: str | None = None
    claimant: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | Clear | None = None
    event: tuple[dt.date | None, dt.date | None] | Clear | None = None
    places: Sequence[str] | None = None

    def is_empty(self) -> bool:
        return all(value is None for value in self.__dict__.values())


def edit_claim(
    session: Session,
    key: str,
    edit: ClaimEdit,
    reason: str | None = None,
    allow_future: bool = False,
) -> Claim:
    """Make a new revision of a claim; the journal keeps the full record of every revision.

    A new date putting the event after the report's publication or in the future is refused
    unless `allow_future`.
    """
    if edit.is_empty():
        raise LedgerError(f"nothing to change in claim {key!r}: give what to correct")
    claim = claims.get(session, key)
    claims.refuse_retracted(claim, "edited")
    before = claims.claim_record(session, claim)
    _apply(session, claim, edit)
    claims.check_event(key, claim.event_start, claim.event_end)
    dated = edit.published is not None or edit.event is not None
    if dated and not allow_future:
        claims.check_when(key, claim.published, claim.event_start, claim.event_end)
    session.flush()
    after = claims.claim_record(session, claim)
    if after == before:
        raise LedgerError(f"claim {key!r} already says that: nothing to correct")
    writer = journal.writer(session)
    claim.revision += 1
    claim.revised_at, claim.revised_by = writer.at, writer.by
    session.flush()
    journal.record(
        session,
        "claim.edit",
        key,
        {**after, "revision": claim.revision, "reason": _reason(reason, required=False)},
    )
    return claim


def _apply(session: Session, claim: Claim, edit: ClaimEdit) -> None:
    if edit.text is not None:
        claim.text = validation.free_text(edit.text, "claim text")
    if edit.excerpt is not None:
        claim.excerpt = edit.excerpt.strip() or None
    if edit.url is not None:
        claim.url = edit.url.strip() or None
    if edit.claimant is not None:
        claim.claimant_id = actors.resolve(session, Actor, edit.claimant).id
    if edit.source is not None:
        claim.source_id = actors.resolve(session, Source, edit.source).id
    if edit.published is not None:
        claim.published, claim.published_as = edit.published or None, None
    if edit.event is not None:
        claim.event_start, claim.event_end = edit.event or (None, None)
        claim.event_as = None
    if edit.places is not None:
        place_ids = list(
            dict.fromkeys(resolution.resolve(session, p).place.id for p in edit.places)
        )
        session.execute(delete(ClaimPlace).where(ClaimPlace.claim_id == claim.id))
        if place_ids:
            rows = [{"claim_id": claim.id, "place_id": p} for p in place_ids]
            session.execute(insert(ClaimPlace), rows)


def retract(session: Session, key: str, reason: str) -> Claim:
    """Mark a claim retracted, with why; it stays in the ledger and in every lookup."""
    claim = claims.get(session, key)
    if claim.retracted_at is not None:
        raise LedgerError(
            f"claim {key!r} was already retracted on {claim.retracted_at:%Y-%m-%d}"
            f" by {claim.retracted_by}"
        )
    writer = journal.writer(session)
    claim.retracted_reason = _reason(reason)
    claim.retracted_at, claim.retracted_by = writer.at, writer.by
    session.flush()
    journal.record(session, "claim.retract", key, {"claim": key, "reason": claim.retracted_reason})
    return claim


def unlink(session: Session, key: str, other_key: str, reason: str) -> Link:
    """Mark the link between two claims removed, with why; the pair may be linked again."""
    one, other = claims.get(session, key), claims.get(session, other_key)
    low, high = sorted((one.id, other.id))
    link = claims.live_link(session, low, high)
    if link is None:
        raise LedgerError(f"{key} and {other_key} are not linked")
    writer = journal.writer(session)
    link.removed_reason = _reason(reason)
    link.removed_at, link.removed_by = writer.at, writer.by
    session.flush()
    journal.record(
        session,
        "link.remove",
        f"link:{link.id}",
        {
            "claim": key,
            "relation": link.relation,
            "other": other_key,
            "reason": link.removed_reason,
        },
    )
    return link


def _reason(reason: str | None, required: bool = True) -> str | None:
    if reason is None or not reason.strip():
        if required:
            raise LedgerError("give the reason with --reason")
        return None
    return validation.free_text(reason, "--reason")
