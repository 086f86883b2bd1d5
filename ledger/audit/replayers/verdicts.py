"""Replaying verdicts: each claim's ratings, in the order the journal recorded them (`verdict`).

The order matters: the current verdict is the one recorded last, so a verdict moved behind
another (its row id changed) is found as well as one changed, added or deleted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlmodel import Session

from ledger.audit.replay import Entry, Replayer, day, moment, raw, stream
from ledger.audit.replayers.claims import Claims
from ledger.errors import LedgerError
from ledger.record.verdicts import PUBLISHED
from ledger.store.models import Claim, Verdict


class VerdictRow(NamedTuple):
    rating: str
    note: str | None
    by: str
    at: str | None
    textual_rating: str | None = None
    explanation: str | None = None
    organisation: str | None = None
    review_url: str | None = None
    review_date: str | None = None


class Verdicts(Replayer):
    actions = ("verdict.add",)

    def __init__(self, replay: Any) -> None:
        super().__init__(replay)
        self.rows: dict[str, list[VerdictRow]] = defaultdict(list)
        self.total = 0

    def apply(self, entry: Entry) -> None:
        payload = entry.payload
        claim = payload["claim"]
        if not self.replay.get(Claims).has(claim):
            raise KeyError(f"no claim {claim!r} in the journal")
        published = (payload.get(name) for name in PUBLISHED)
        row = VerdictRow(
            payload["rating"], payload.get("note"), entry.who(), entry.when(), *published
        )
        self.rows[claim].append(row)
        self.total += 1

    def counts(self) -> dict[str, int]:
        return {"verdicts": self.total}

    def compare(self, session: Session) -> None:
        stored: dict[str, list[VerdictRow]] = defaultdict(list)
        published = [getattr(Verdict, name) for name in PUBLISHED]
        statement = (
            select(Claim.key, Verdict.rating, Verdict.note, Verdict.by, raw(Verdict.at), *published)
            .join(Claim, Claim.id == Verdict.claim_id)
            .order_by(Verdict.id)
        )
        for claim, rating, note, by, at, *rest in stream(session, statement):
            pairs = zip(PUBLISHED, rest, strict=True)
            review = (day(v) if name == "review_date" else v for name, v in pairs)
            stored[claim].append(VerdictRow(rating, note, by, moment(at), *review))
        for claim in sorted(self.rows.keys() | stored.keys()):
            _same_verdicts(claim, self.rows.get(claim, []), stored.get(claim, []))


def _same_verdicts(claim: str, logged: list[VerdictRow], stored: list[VerdictRow]) -> None:
    if logged == stored:
        return
    want, have = Counter(logged), Counter(stored)
    for verdict in sorted((want - have) + (have - want), key=str):
        where = (
            "journal but not in the table"
            if want[verdict] > have[verdict]
            else ("table but not in the journal")
        )
        raise LedgerError(
            f"the verdict {verdict.rating!r} on {claim!r} by {verdict.by} at {verdict.at}"
            f" is in the {where}"
        )
    raise LedgerError(
        f"the verdicts on {claim!r} are not in the order the journal recorded them: the current"
        f" one should be {logged[-1].rating!r} ({logged[-1].by} at {logged[-1].at})"
    )
