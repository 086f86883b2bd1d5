"""Fact-checkers' verdicts on claims: kept with who and when, each organisation's last current.

"Current" follows the order the journal recorded verdicts in (their row ids, which
`ledger verify` checks against it), never the time a verdict says it was made: an imported
verdict keeps the author and time it claims, and a claimed time in 2099 cannot keep it current.

A verdict carries the ledger's scale term (`rating`) and, when it comes from a published review,
the review as published: the publisher's own wording, its explanation, the organisation, the
review's address and date. Several organisations can review one claim; the current verdict is
per organisation (the ledger's own fact-checkers being one, `organisation` None).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlmodel import Session

from ledger import validation
from ledger.errors import LedgerError
from ledger.record import claims
from ledger.record.kinds import PUBLISHED, current_of  # noqa: F401  (re-exported)
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
    "unrated": None,  # a publisher's wording with no place on the scale (satire, opinion...)
}
BEST_RATING, WORST_RATING = 5, 1


@dataclass(frozen=True)
class Published:
    """A review as published: the publisher's wording, explanation, organisation, address, date."""

    textual_rating: str | None = None
    explanation: str | None = None
    organisation: str | None = None
    review_url: str | None = None
    review_date: dt.date | None = None

    def payload(self) -> dict:
        """Return the fields given, for the journal (none: nothing, as before they existed)."""
        found = {k: getattr(self, k) for k in PUBLISHED if getattr(self, k) is not None}
        if self.review_date is not None:
            found["review_date"] = self.review_date.isoformat()
        return found


def record(
    session: Session,
    claim_key: str,
    rating: str,
    note: str | None = None,
    published: Published | None = None,
) -> Verdict:
    """Record a verdict on a claim; an earlier verdict stays in the history, superseded."""
    if rating not in RATINGS:
        raise LedgerError(f"unknown rating {rating!r}: use one of {', '.join(RATINGS)}")
    claim = claims.get(session, claim_key)
    writer = journal.writer(session)
    published = _checked(published or Published())
    verdict = Verdict(
        claim_id=claim.id,
        rating=rating,
        note=(note or "").strip() or None,
        by=writer.by,
        at=writer.at,
        **asdict(published),
    )
    session.add(verdict)
    session.flush()
    payload = {"claim": claim_key, "rating": rating, "note": verdict.note}
    journal.record(session, "verdict.add", claim_key, payload | published.payload())
    return verdict


def _checked(published: Published) -> Published:
    """Refuse a published review's fields that the import rules refuse (`ledger.validation`)."""
    values = asdict(published)
    for name in ("textual_rating", "explanation", "organisation", "review_url"):
        if values[name] is not None:
            values[name] = validation.field(name, values[name])
    return Published(**values)


def history(session: Session, claim_id: int) -> list[Verdict]:
    """Return a claim's verdicts, the last recorded first: the first one is current."""
    statement = select(Verdict).where(Verdict.claim_id == claim_id).order_by(Verdict.id.desc())
    return list(session.execute(statement).scalars())


def current(session: Session, claim_ids: list[int]) -> dict[int, list[Verdict]]:
    """Return the current verdicts of each claim that has one: one per organisation.

    The ledger's own comes first, then the organisations' by name.
    """
    latest: dict[int, dict[str, Verdict]] = {}
    for chunk in chunks(sorted(set(claim_ids))):
        statement = select(Verdict).where(Verdict.claim_id.in_(chunk)).order_by(Verdict.id)
        for verdict in session.execute(statement).scalars():
            latest.setdefault(verdict.claim_id, {})[verdict.organisation or ""] = verdict
    return {claim_id: [by[k] for k in sorted(by)] for claim_id, by in latest.items()}
