"""A claim's history, read from the journal: every revision, link change and verdict, in order."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session

from ledger.record import claims
from ledger.record.claims import CLAIM_CONTENT
from ledger.store.db import chunks
from ledger.store.models import JournalEntry, Link

CLAIM_ACTIONS = ("claim.", "link.", "verdict.")


@dataclass
class Change:
    """One journal entry about a claim, with what it changed."""

    seq: int
    at: dt.datetime
    by: str
    action: str
    payload: dict[str, Any]
    revision: int | None = None
    changed: list[str] = field(default_factory=list)
    recorded: tuple[str, dt.datetime] | None = None
    """Who wrote the entry and when, if not who made the change: an import keeps the author."""

    def to_json(self) -> dict:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "by": self.by,
            "recorded_by": self.recorded[0] if self.recorded else self.by,
            "recorded_at": (self.recorded[1] if self.recorded else self.at).isoformat(),
            "action": self.action,
            "revision": self.revision,
            "changed": self.changed,
            "payload": self.payload,
        }


def of_claim(session: Session, key: str) -> list[Change]:
    """Return every logged change of a claim and of its links, oldest first."""
    claim = claims.get(session, key)
    link_ids = session.execute(
        select(Link.id).where(or_(Link.claim_a_id == claim.id, Link.claim_b_id == claim.id))
    ).scalars()
    subjects = [key, *(f"link:{i}" for i in link_ids)]
    rows: list[JournalEntry] = []
    for chunk in chunks(subjects):
        statement = select(JournalEntry).where(JournalEntry.subject.in_(chunk))
        rows.extend(session.execute(statement).scalars())
    rows = sorted((r for r in rows if r.action.startswith(CLAIM_ACTIONS)), key=lambda r: r.seq)
    return _changes(rows)


def _changes(rows: list[JournalEntry]) -> list[Change]:
    """Turn entries into changes, diffing each revision against the one before it."""
    changes, previous = [], None
    for row in rows:
        payload = json.loads(row.payload)
        by, at = _author(row, payload)
        change = Change(row.seq, at, by, row.action, payload)
        if (by, at) != (row.by, row.at):
            change.recorded = (row.by, row.at)
        if row.action in ("claim.add", "claim.edit"):
            change.revision = payload.get("revision", 1)
            if previous is not None:
                change.changed = [f for f in CLAIM_CONTENT if payload.get(f) != previous.get(f)]
            previous = payload
        changes.append(change)
    return changes


def _author(row: JournalEntry, payload: dict[str, Any]) -> tuple[str, dt.datetime]:
    """Return who made a change and when: an imported one names its author in the payload."""
    if row.action == "claim.add":
        by, at = payload.get("logged_by"), payload.get("logged_at")
    else:
        by, at = payload.get("by"), payload.get("at")
    when = dt.datetime.fromisoformat(at).astimezone(dt.UTC) if at else row.at
    return by or row.by, when


def describe(change: Change, key: str) -> tuple[str, list[str]]:
    """Return a one-line summary of a change as seen from claim `key`, and detail lines."""
    payload = change.payload
    if change.action == "claim.add":
        return "logged (revision 1)", [f"text: {payload.get('text')}"]
    if change.action == "claim.edit":
        detail = [f"{f}: {_shown(payload.get(f))}" for f in change.changed]
        if payload.get("reason"):
            detail.append(f"reason: {payload['reason']}")
        return f"corrected (revision {change.revision}): {', '.join(change.changed)}", detail
    if change.action == "claim.retract":
        return "retracted", [f"reason: {payload.get('reason')}"]
    if change.action in ("link.add", "link.remove"):
        other = payload["other"] if payload.get("claim") == key else payload.get("claim")
        verb = "linked" if change.action == "link.add" else "unlinked"
        why = payload.get("note") if change.action == "link.add" else payload.get("reason")
        label = "note" if change.action == "link.add" else "reason"
        return f"{verb}: {payload.get('relation')} {other}", [f"{label}: {why}"] if why else []
    if change.action == "verdict.add":
        note = payload.get("note")
        return f"verdict: {payload.get('rating')}", [f"note: {note}"] if note else []
    return change.action, []


def _shown(value: Any) -> str:
    if value is None or value == []:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
