"""Replaying what fact-checkers recorded about disputed points (`dispute`, `dispute_claim`).

A record is keyed by its point's key (`D12`, the number of its anchor link): its title, its
resolution (side, note, evidence, who, when, through which link and over which structure of
links) and the claims it follows.
"""

from __future__ import annotations

import itertools
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlmodel import Session

from ledger.audit.replay import UNRECORDED, Entry, Replayer, compare_rows, moment, raw, stream, utc
from ledger.store.models import Claim, Dispute, DisputeClaim


class DisputeRow(NamedTuple):
    title: str | None
    status: str
    side: str | None
    note: str | None
    evidence_url: str | None
    resolved_by: str | None
    resolved_at: str | None
    resolved_through_link_id: int | None
    resolved_structure: str | None


OPEN = DisputeRow(None, "open", None, None, None, None, None, None, None)


def point_key(number: int) -> str:
    return f"D{number}"


class Disputes(Replayer):
    actions = ("dispute.track", "dispute.title", "dispute.resolve", "dispute.unresolvable")

    def __init__(self, replay: Any) -> None:
        super().__init__(replay)
        self.rows: dict[str, DisputeRow] = {}
        self.members: dict[str, tuple[str, ...]] = {}

    def apply(self, entry: Entry) -> None:
        key, payload = entry.subject, entry.payload
        row = self.rows.get(key, OPEN)
        if entry.action == "dispute.track":
            self.members[key] = tuple(sorted(payload["claims"]))
        elif entry.action == "dispute.title":
            row = row._replace(title=payload["title"])
        else:
            resolved = entry.action == "dispute.resolve"
            row = row._replace(
                status="resolved" if resolved else "unresolvable",
                side=payload.get("side") if resolved else None,
                note=payload.get("note"),
                evidence_url=payload.get("evidence") if resolved else None,
                resolved_by=payload.get("resolved_by", entry.by),
                resolved_at=utc(payload.get("resolved_at", entry.at)),
                resolved_through_link_id=payload.get("through", UNRECORDED),
                resolved_structure=payload.get("structure", UNRECORDED),
            )
        self.rows[key] = row

    def counts(self) -> dict[str, int]:
        return {"dispute records": len(self.rows)}

    def compare(self, session: Session) -> None:
        compare_rows("disputed point record", self.rows, _stored(session))
        compare_rows("disputed point record", self.members, _members(session), "claims", absent=())


def _stored(session: Session) -> Any:
    statement = select(
        Dispute.anchor_link_id,
        Dispute.title,
        Dispute.status,
        Claim.key,
        Dispute.note,
        Dispute.evidence_url,
        Dispute.resolved_by,
        raw(Dispute.resolved_at),
        Dispute.resolved_through_link_id,
        Dispute.resolved_structure,
    ).join(Claim, Claim.id == Dispute.side_claim_id, isouter=True)
    for anchor, title, status, side, note, url, by, at, through, structure in stream(
        session, statement
    ):
        row = DisputeRow(title, status, side, note, url, by, moment(at), through, structure)
        yield point_key(anchor), row


def _members(session: Session) -> Any:
    statement = (
        select(Dispute.anchor_link_id, Claim.key)
        .join(DisputeClaim, DisputeClaim.dispute_id == Dispute.id)
        .join(Claim, Claim.id == DisputeClaim.claim_id)
        .order_by(Dispute.id)
    )
    for anchor, group in itertools.groupby(stream(session, statement), key=lambda row: row[0]):
        yield point_key(anchor), tuple(sorted(claim for _, claim in group))
