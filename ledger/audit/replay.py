"""Rebuilding what the ledger's tables should hold from the journal alone.

Replaying every entry in order gives the claims (with their places, revisions and retractions),
links and verdicts the journal vouches for, and how many places it added; `ledger.verify`
compares that with the tables.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ledger.errors import LedgerError
from ledger.record.claims import CLAIM_CONTENT

CLAIM_FIELDS = (*CLAIM_CONTENT, "logged_by", "logged_at")


@dataclass
class Expected:
    """The state the journal describes, keyed by what users see (claim ids, not row ids)."""

    claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: dict[int, dict[str, Any]] = field(default_factory=dict)
    verdicts: Counter = field(default_factory=Counter)
    places: int = 0

    def apply(
        self, seq: int, at: dt.datetime, by: str, action: str, subject: str, payload: dict
    ) -> None:
        """Apply one entry; fail naming it if it contradicts the entries before it."""
        step = _STEPS.get(action)
        if step is not None:
            try:
                step(self, at.isoformat(), by, subject, payload)
            except (KeyError, TypeError, ValueError) as error:
                raise LedgerError(
                    f"journal entry {seq} ({action} {subject}) does not follow from the entries"
                    f" before it ({type(error).__name__}: {error})"
                ) from None


def claim_row(record: dict[str, Any]) -> dict[str, Any]:
    """Return the fields of a claim record that the claim table must hold."""
    row = {name: record.get(name) for name in CLAIM_FIELDS}
    row["places"] = sorted(row["places"] or [])
    row["logged_at"] = utc(row["logged_at"])
    return row


def utc(moment: str | None) -> str | None:
    """Return a logged time as the database gives it back: in UTC."""
    if moment is None:
        return None
    return dt.datetime.fromisoformat(moment).astimezone(dt.UTC).isoformat()


def _who(payload: dict, by: str) -> str:
    """Return who did it: the entry's writer, unless the payload names someone (an import)."""
    return payload.get("by") or by


def _when(payload: dict, at: str) -> str:
    """Return when it was done: the entry's time, unless the payload gives one (an import)."""
    return utc(payload.get("at")) or at


def _claim_add(state: Expected, at: str, by: str, subject: str, payload: dict) -> None:
    if subject in state.claims:
        raise ValueError(f"claim {subject!r} was already added")
    state.claims[subject] = {
        **claim_row(payload),
        "revision": 1,
        "revised_at": None,
        "revised_by": None,
        "retracted_at": None,
        "retracted_by": None,
        "retracted_reason": None,
    }


def _claim_edit(state: Expected, at: str, by: str, subject: str, payload: dict) -> None:
    claim = state.claims[subject]
    if payload["revision"] != claim["revision"] + 1:
        raise ValueError(f"revision {payload['revision']} follows {claim['revision']}")
    claim.update(claim_row(payload), revision=payload["revision"], revised_at=at, revised_by=by)


def _claim_retract(state: Expected, at: str, by: str, subject: str, payload: dict) -> None:
    claim = state.claims[subject]
    claim.update(
        retracted_at=_when(payload, at),
        retracted_by=_who(payload, by),
        retracted_reason=payload["reason"],
    )


def _link_add(state: Expected, at: str, by: str, subject: str, payload: dict) -> None:
    link_id = int(subject.removeprefix("link:"))
    ends = sorted((payload["claim"], payload["other"]))
    if any(end not in state.claims for end in ends):
        raise KeyError(f"a linked claim is not in the journal: {ends}")
    state.links[link_id] = {
        "claims": ends,
        "relation": payload["relation"],
        "note": payload.get("note"),
        "created_by": _who(payload, by),
        "created_at": _when(payload, at),
        "removed_at": None,
        "removed_by": None,
        "removed_reason": None,
    }


def _link_remove(state: Expected, at: str, by: str, subject: str, payload: dict) -> None:
    link = state.links[int(subject.removeprefix("link:"))]
    link.update(
        removed_at=_when(payload, at),
        removed_by=_who(payload, by),
        removed_reason=payload["reason"],
    )


def _verdict_add(state: Expected, at: str, by: str, subject: str, payload: dict) -> None:
    if payload["claim"] not in state.claims:
        raise KeyError(f"no claim {payload['claim']!r} in the journal")
    claim, note = payload["claim"], payload.get("note")
    state.verdicts[(claim, payload["rating"], note, _who(payload, by), _when(payload, at))] += 1


def _place_add(state: Expected, at: str, by: str, subject: str, payload: dict) -> None:
    state.places += 1


def _gazetteer_load(state: Expected, at: str, by: str, subject: str, payload: dict) -> None:
    state.places += int(payload["places_added"])


_STEPS = {
    "claim.add": _claim_add,
    "claim.edit": _claim_edit,
    "claim.retract": _claim_retract,
    "link.add": _link_add,
    "link.remove": _link_remove,
    "verdict.add": _verdict_add,
    "place.add": _place_add,
    "gazetteer.load": _gazetteer_load,
}
