"""Fact-checkers' verdicts on claims: kept with who and when, the last one recorded current.

"Current" follows the order the journal recorded verdicts in (their row ids, which
`ledger verify` checks against it), never the time a verdict says it was made: an imported
verdict keeps the author and time it claims, and a claimed time in 2099 cannot keep it current.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.record import claims
from ledger.store import journal
from ledger.store.db import chunks
from ledger.store.models import Verdict

RATINGS: dict[str, int | None] = {
    "true": 5,
    "mostly-true": 4,
    "mixed": 3,
    "mostly-false": 2,
    "false": 1,
    "unproven": None,  # no place on the 1-5 scale: ClaimReview carries only its name
}
BEST_RATING, WORST_RATING = 5, 1


def record(session: Session, claim_key: str, rating: str, note: str | None = None) -> Verdict:
    """Record a verdict on a claim; an earlier verdict stays in the history, superseded."""
    if rating not in RATINGS:
        raise LedgerError(f"unknown rating {rating!r}: use one of {', '.join(RATINGS)}")
    claim = claims.get(session, claim_key)
    writer = journal.writer(session)
    verdict = Verdict(
        claim_id=claim.id,
        rating=rating,
        note=(note or "").strip() or None,
        by=writer.by,
        at=writer.at,
    )
    session.add(verdict)
    session.flush()
    journal.record(
        session,
        "verdict.add",
        claim_key,
        {"claim": claim_key, "rating": rating, "note": verdict.note},
    )
    return verdict


def history(session: Session, claim_id: int) -> list[Verdict]:
    """Return a claim's verdicts, the last recorded first: the first one is current."""
    statement = select(Verdict).where(Verdict.claim_id == claim_id).order_by(Verdict.id.desc())
    return list(session.execute(statement).scalars())


def current(session: Session, claim_ids: list[int]) -> dict[int, Verdict]:
    """Return the current verdict of each claim that has one."""
    latest: dict[int, Verdict] = {}
    for chunk in chunks(sorted(set(claim_ids))):
        statement = select(Verdict).where(Verdict.claim_id.in_(chunk)).order_by(Verdict.id)
        for verdict in session.execute(statement).scalars():
            latest[verdict.claim_id] = verdict
    return latest
