"""A disputed point's history, read from the journal: its records and the links between its claims.

It lists what fact-checkers recorded (title, resolution, the claims the record follows) under
the point's key and under the keys of the points merged into it, and every link added or removed
between its claims, oldest first. A point whose links have all gone keeps its history too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from ledger.analysis import disputes, points
from ledger.errors import LedgerError
from ledger.store.db import among
from ledger.store.models import Claim, Dispute, DisputeClaim, JournalEntry, Link


@dataclass
class Entry:
    seq: int
    at: object
    by: str
    action: str
    subject: str
    payload: dict

    def to_json(self) -> dict:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),  # type: ignore[attr-defined]
            "by": self.by,
            "action": self.action,
            "subject": self.subject,
            "payload": self.payload,
        }


def _scope(session: Session, key: str) -> tuple[list[str], set[int]]:
    """Return the record keys and the claims whose entries make up a point's history.

    The claims are those the point and its records hold now and every claim a record has held.
    """
    number = disputes.parse_key(key)
    name = disputes.point_key(number)
    try:
        _, point = points.one(session, name)
    except LedgerError:
        record = session.execute(select(Dispute).where(Dispute.anchor_link_id == number)).scalar()
        if record is None:
            raise
        keys, records, claims = [name], [record.id], set()
    else:
        keys = [point.key, *(disputes.point_key(r.anchor_link_id) for r in point.merged)]
        records = [r.id for r in (point.record, *point.merged) if r is not None]
        claims = set(point.claims)
    members = select(DisputeClaim.claim_id).where(among(session, DisputeClaim.dispute_id, records))
    claims |= set(session.execute(members).scalars())
    tracked = select(JournalEntry.payload).where(
        JournalEntry.action == "dispute.track",
        JournalEntry.subject.in_(keys),  # type: ignore[attr-defined]
    )
    held = {k for p in session.execute(tracked).scalars() for k in json.loads(p)["claims"]}
    ids = select(Claim.id).where(Claim.key.in_(held))  # type: ignore[attr-defined]
    return keys, claims | set(session.execute(ids).scalars())


def of_point(session: Session, key: str) -> list[Entry]:
    """Return every logged change of a point's records and of the links between its claims."""
    keys, claims = _scope(session, key)
    between = select(Link.id).where(
        among(session, Link.claim_a_id, claims), among(session, Link.claim_b_id, claims)
    )
    subjects = [*keys, *(f"link:{i}" for i in session.execute(between).scalars())]
    statement = (
        select(JournalEntry)
        .where(JournalEntry.subject.in_(subjects))  # type: ignore[attr-defined]
        .order_by(JournalEntry.seq)
    )
    return [
        Entry(e.seq, e.at, e.by, e.action, e.subject, json.loads(e.payload))
        for e in session.execute(statement).scalars()
        if e.action.startswith(("dispute.", "link."))
    ]
