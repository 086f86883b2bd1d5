"""Authorship an import claims, beside who recorded it and when.

An import keeps the authors and times its records claim (a claim's `logged_by`, a verdict's or a
retraction's `by` and `at`): they are what the source ledger or publisher says, not what this
ledger saw. The journal entry that recorded each one says who imported it and when; this module
finds them, so that everything showing a claimed author can say it was imported.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime, Integer, String, column, select, table

from ledger.store.db import chunks
from ledger.store.tables import claim as Claim
from ledger.store.tables import verdict as Verdict

if TYPE_CHECKING:
    from ledger.store.db import Reader

JournalEntry = table(
    "journal",
    column("seq", Integer),
    column("subject", String),
    column("action", String),
    column("by", String),
    column("at", DateTime),
    column("payload", String),
)
"""The journal's columns read here, without building the models (a lookup shows who imported)."""

ACTIONS = ("claim.add", "claim.retract", "verdict.add")


@dataclass(frozen=True)
class Recorded:
    """Who recorded an imported change in this ledger, and when."""

    by: str
    at: dt.datetime

    def label(self) -> str:
        return f"imported; recorded by {self.by} at {self.at:%Y-%m-%d %H:%M} UTC"

    def to_json(self) -> dict[str, str]:
        return {"recorded_by": self.by, "recorded_at": self.at.isoformat()}


def _moment(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _claims_other(entry: Recorded, payload: dict[str, Any], by: str, at: str) -> bool:
    """Whether an entry's payload names another author or time than the entry's own."""
    claimed = _moment(payload.get(at))
    return (payload.get(by) or entry.by) != entry.by or (
        claimed is not None and claimed != entry.at
    )


def of_claims(session: Reader, claim_ids: Iterable[int]) -> dict[str, Recorded]:
    """Return who recorded each imported logging, retraction and verdict of the claims.

    Keys: `logged <claim id>`, `retracted <claim id>`, `verdict <verdict id>`. A claim's
    verdicts are matched to its `verdict.add` entries in order, which `ledger verify` checks.
    """
    ids = sorted(set(claim_ids))
    keys: dict[str, int] = {}
    verdicts: dict[int, list[int]] = defaultdict(list)
    for chunk in chunks(ids):
        keys.update(
            (k, i)
            for i, k in session.execute(
                select(Claim.c.id, Claim.c.key).where(Claim.c.id.in_(chunk))
            )
        )
        rows = session.execute(
            select(Verdict.c.claim_id, Verdict.c.id)
            .where(Verdict.c.claim_id.in_(chunk))
            .order_by(Verdict.c.id)
        )
        for claim_id, verdict_id in rows:
            verdicts[claim_id].append(verdict_id)
    found: dict[str, Recorded] = {}
    seen: dict[int, int] = defaultdict(int)
    for chunk in chunks(sorted(keys)):
        statement = (
            select(
                JournalEntry.c.subject,
                JournalEntry.c.action,
                JournalEntry.c.by,
                JournalEntry.c.at,
                JournalEntry.c.payload,
            )
            .where(JournalEntry.c.subject.in_(chunk), JournalEntry.c.action.in_(ACTIONS))
            .order_by(JournalEntry.c.seq)
        )
        for entry in session.execute(statement):
            claim_id = keys[entry.subject]
            payload = json.loads(entry.payload)
            at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=dt.UTC)  # SQLite's
            recorded = Recorded(entry.by, at)
            if entry.action == "claim.add":
                if _claims_other(recorded, payload, "logged_by", "logged_at"):
                    found[f"logged {claim_id}"] = recorded
            elif entry.action == "claim.retract":
                if _claims_other(recorded, payload, "by", "at"):
                    found[f"retracted {claim_id}"] = recorded
            else:
                n, seen[claim_id] = seen[claim_id], seen[claim_id] + 1
                mine = verdicts.get(claim_id, [])
                if n < len(mine) and _claims_other(recorded, payload, "by", "at"):
                    found[f"verdict {mine[n]}"] = recorded
    return found


SETTLED = ("dispute.resolve", "dispute.unresolvable")


def of_points(session: Reader, keys: Iterable[str]) -> dict[str, Recorded]:
    """Return who recorded each imported resolution of the points (keyed `D12`), and when.

    An imported record journals the resolver and time it claims (`resolved_by`, `resolved_at`);
    only the newest resolution of a point counts, as it is the one its record holds.
    """
    from ledger.store.models import JournalEntry

    newest: dict[str, Any] = {}
    for chunk in chunks(sorted(set(keys))):
        statement = (
            select(JournalEntry.subject, JournalEntry.by, JournalEntry.at, JournalEntry.payload)
            .where(JournalEntry.subject.in_(chunk), JournalEntry.action.in_(SETTLED))
            .order_by(JournalEntry.seq)
        )
        newest.update((entry.subject, entry) for entry in session.execute(statement))
    found = {}
    for key, entry in newest.items():
        payload = json.loads(entry.payload)
        if "resolved_by" in payload or "resolved_at" in payload:
            found[key] = Recorded(entry.by, entry.at)
    return found
