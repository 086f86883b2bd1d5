"""What fact-checkers record about a disputed point: its title and how it was settled.

The point itself is derived from the links; its `Dispute` row holds only what a person decided
and the claims it was decided about (`ledger.analysis.points`). A resolution remembers the
fingerprint of the point's links, so that any later change to them (a link added or removed, a
merge, a split, a retraction) reopens the point instead of hiding under an old verdict.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from ledger import validation
from ledger.analysis import points
from ledger.analysis.disputes import Point
from ledger.errors import LedgerError
from ledger.record import claims
from ledger.store import journal
from ledger.store.models import Claim, Dispute, Link


def _record(session: Session, point: Point) -> Dispute:
    """Return the point's record to write to, holding the point's claims as they are now."""
    record = points.remember(session, point)
    point.record = record  # type: ignore[assignment]
    return record


def _anchor_keys(session: Session, point: Point) -> list[str]:
    """Name the link the point's key comes from by its claims' ids, which survive an export."""
    number = point.number
    ends = select(Link.claim_a_id, Link.claim_b_id).where(Link.id == number)
    ids = list(session.execute(ends).one())
    keys = dict(session.execute(select(Claim.id, Claim.key).where(Claim.id.in_(ids))).all())
    return [keys[i] for i in ids]


def _log(session: Session, action: str, point: Point, **payload: object) -> None:
    session.flush()
    body = {"dispute": point.key, "anchor": _anchor_keys(session, point), **payload}
    journal.record(session, action, point.key, body)


def _clean(text: str | None, what: str, required: bool = False) -> str | None:
    if not (text or "").strip():
        if required:
            raise LedgerError(f"{what} must not be empty")
        return None
    return validation.free_text(text, what)


def set_title(session: Session, key: str, title: str) -> Point:
    """Name a disputed point, replacing the title derived from its places and dates."""
    _, point = points.one(session, key)
    if not title.strip():
        raise LedgerError("the title must not be empty")
    text = validation.one_line(title, "the title")
    _record(session, point).title = text
    _log(session, "dispute.title", point, title=text)
    return point


def _check_url(url: str | None) -> str | None:
    url = (url or "").strip() or None
    return validation.web_address(url, "--evidence") if url else None


def resolve(session: Session, key: str, side: str, note: str, evidence: str | None = None) -> Point:
    """Settle a point for the side of one of its claims, with the reason and the evidence."""
    _, point = points.one(session, key)
    claim = claims.get(session, side)
    if claim.id not in point.positions.of:
        raise LedgerError(f"claim {side!r} is not part of disputed point {point.key}")
    text, url = _clean(note, "--note", required=True), _check_url(evidence)
    _settle(session, point, "resolved", text, url, claim.id)
    label = point.side_of(claim.id)
    _log(
        session,
        "dispute.resolve",
        point,
        side=side,
        side_label=label,
        note=text,
        evidence=url,
        **_settled(point),
    )
    return point


def mark_unresolvable(session: Session, key: str, note: str) -> Point:
    """Record that the evidence cannot settle a point, and why."""
    _, point = points.one(session, key)
    text = _clean(note, "--note", required=True)
    _settle(session, point, "unresolvable", text, None, None)
    _log(session, "dispute.unresolvable", point, note=text, **_settled(point))
    return point


def _settled(point: Point) -> dict[str, object]:
    """Return what a resolution records of the links it was made over, for the journal."""
    record = point.record
    return {"through": record.resolved_through_link_id, "structure": record.resolved_structure}  # type: ignore[union-attr]


def _settle(
    session: Session,
    point: Point,
    status: str,
    note: str | None,
    evidence: str | None,
    side_claim_id: int | None,
) -> None:
    record = _record(session, point)
    writer = journal.writer(session)
    record.status = status
    record.note = note
    record.evidence_url = evidence
    record.side_claim_id = side_claim_id
    record.resolved_by = writer.by
    record.resolved_at = writer.at
    record.resolved_through_link_id = max(e.id for e in point.edges)
    record.resolved_structure = point.structure
