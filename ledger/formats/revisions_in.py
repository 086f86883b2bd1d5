"""Importing claims' corrections: the revisions a ledger's export gives after each claim.

A revision record is the claim as corrected (every content field), with its number, who made it,
when and why. It applies to the claim at the revision before it; one the claim already has is
left alone. Each is logged as the `claim.edit` it was, keeping its author and time.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.formats import fields
from ledger.formats.claims_in import parse
from ledger.formats.context import Context
from ledger.formats.fields import Item, located
from ledger.record import claims
from ledger.store import journal
from ledger.store.models import Actor, Claim, ClaimPlace, Source

CHANGED = ("text", "excerpt", "url", "published", "published_as", "event_start", "event_end")
CHANGED += ("event_as",)


def import_revisions(context: Context, items: list[Item]) -> None:
    """Apply the corrections of a batch, in order."""
    for item in items:
        with located(item):
            context.count("revisions", _revise(context, item))


def _revise(context: Context, item: Item) -> bool:
    session, record = context.session, item.record
    key = str(record["claim"]).strip()
    number = _number(record)
    claim = session.execute(select(Claim).where(Claim.key == key)).scalars().first()
    if claim is None:
        raise LedgerError(f"no claim {key!r}")
    if claim.revision >= number:
        return False
    if claim.revision != number - 1:
        raise LedgerError(
            f"revision {number} of claim {key!r} follows its revision {claim.revision}"
        )
    incoming = parse(Item({k: v for k, v in record.items() if k != "claim"}, item.where))
    context.prefetch_named(Actor, [incoming.claimant])
    context.prefetch_named(Source, [incoming.source])
    context.prefetch_places(incoming.place_names)
    for name in CHANGED:
        setattr(claim, name, incoming.row[name])
    claim.claimant_id = context.named_ref(Actor, incoming.claimant)[0]
    claim.source_id = context.named_ref(Source, incoming.source)[0]
    _set_places(session, claim.id, [context.place_ref(p)[0] for p in incoming.place_names])  # type: ignore[arg-type]
    writer = journal.writer(session)
    by, at = fields.text(record, "by") or writer.by, fields.moment(record, "at") or writer.at
    claim.revision, claim.revised_at, claim.revised_by = number, at, by
    session.flush()
    payload = {**claims.claim_record(session, claim), "revision": number}
    payload["reason"] = fields.text(record, "reason")
    if (by, at) != (writer.by, writer.at):
        payload |= {"by": by, "at": at.isoformat()}
    journal.record(session, "claim.edit", key, payload)
    return True


def _number(record: dict) -> int:
    try:
        number = int(record["revision"])
    except (TypeError, ValueError):
        raise LedgerError(f"`revision` must be a number, not {record['revision']!r}") from None
    if number < 2:
        raise LedgerError("a claim's first revision is its claim record: revisions start at 2")
    return number


def _set_places(session: Session, claim_id: int, place_ids: list[int]) -> None:
    session.execute(delete(ClaimPlace).where(ClaimPlace.claim_id == claim_id))
    unique = list(dict.fromkeys(place_ids))
    if unique:
        session.execute(insert(ClaimPlace), [{"claim_id": claim_id, "place_id": p} for p in unique])
