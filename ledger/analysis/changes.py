"""Removing links and retracting claims without losing a disputed point's key or record.

Removing a point's oldest contradiction would rename a point that has no record yet, and a
split would leave its record to chance: each change first pins the points it touches to the
claims they hold (`points.track`), then makes the change. Commands and library callers that
remove links or claims go through here.
"""

from __future__ import annotations

from sqlmodel import Session

from ledger.analysis import points
from ledger.record import claims, corrections
from ledger.store.models import Claim, Link


def unlink(session: Session, key: str, other_key: str, reason: str) -> Link:
    """Remove the link between two claims (see `corrections.unlink`), keeping point keys."""
    points.track(session, [claims.get(session, k).id for k in (key, other_key)])  # type: ignore[misc]
    return corrections.unlink(session, key, other_key, reason)


def retract(session: Session, key: str, reason: str) -> Claim:
    """Retract a claim (see `corrections.retract`), keeping the keys of its points."""
    points.track(session, [claims.get(session, key).id])  # type: ignore[list-item]
    return corrections.retract(session, key, reason)
