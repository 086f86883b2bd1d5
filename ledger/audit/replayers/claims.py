"""Replaying claims: every revision, retraction, place and appearance of each claim.

(`claim`, `claim_place`, `claim_appearance`: an import's further appearances of a claim, after its
origin URL, numbered from 2 in the order given.)
"""

from __future__ import annotations

import itertools
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.audit.replay import Entry, Replayer, compare_rows, day, moment, raw, stream, utc
from ledger.store.models import Actor, Claim, ClaimAppearance, ClaimPlace, Place, Source


class ClaimRow(NamedTuple):
    text: str
    excerpt: str | None
    claimant: str
    source: str
    url: str | None
    published: str | None
    event_start: str | None
    event_end: str | None
    published_as: str | None
    event_as: str | None
    logged_by: str
    logged_at: str | None
    revision: int
    revised_at: str | None
    revised_by: str | None
    retracted_at: str | None
    retracted_by: str | None
    retracted_reason: str | None


CONTENT = ("text", "excerpt", "claimant", "source", "url", "published", "event_start", "event_end")
CONTENT += ("published_as", "event_as")  # dates as written; absent from entries before them


def _content(payload: dict[str, Any]) -> dict[str, Any]:
    return {name: payload.get(name) for name in CONTENT}


class Claims(Replayer):
    actions = ("claim.add", "claim.edit", "claim.retract")

    def __init__(self, replay: Any) -> None:
        super().__init__(replay)
        self.rows: dict[str, ClaimRow] = {}
        self.places: dict[str, tuple[str, ...]] = {}
        self.appearances: dict[str, tuple[tuple[int, str], ...]] = {}

    def apply(self, entry: Entry) -> None:
        payload, key = entry.payload, entry.subject
        if entry.action == "claim.add":
            if key in self.rows:
                raise ValueError(f"claim {key!r} was already added")
            self.rows[key] = ClaimRow(
                **_content(payload),
                logged_by=payload["logged_by"],
                logged_at=utc(payload["logged_at"]),
                revision=1,
                revised_at=None,
                revised_by=None,
                retracted_at=None,
                retracted_by=None,
                retracted_reason=None,
            )
        elif entry.action == "claim.edit":
            row = self.rows[key]
            if payload["revision"] != row.revision + 1:
                raise ValueError(f"revision {payload['revision']} follows {row.revision}")
            self.rows[key] = row._replace(
                **_content(payload),
                revision=payload["revision"],
                revised_at=entry.when(),  # an import keeps who corrected it, and when
                revised_by=entry.who(),
            )
        else:
            self.rows[key] = self.rows[key]._replace(
                retracted_at=entry.when(),
                retracted_by=entry.who(),
                retracted_reason=payload["reason"],
            )
        if entry.action == "claim.add" and payload.get("appearances"):
            self.appearances[key] = tuple(enumerate(payload["appearances"], start=2))
        if entry.action != "claim.retract":
            places = tuple(sorted(set(payload.get("places") or ())))
            if places:
                self.places[key] = places
            else:
                self.places.pop(key, None)

    def has(self, key: str) -> bool:
        return key in self.rows

    def counts(self) -> dict[str, int]:
        return {"claims": len(self.rows)}

    def compare(self, session: Session) -> None:
        compare_rows("claim", self.rows, self._stored(session))
        compare_rows("claim", self.places, self._stored_places(session), "places", absent=())
        compare_rows(
            "claim", self.appearances, _stored_appearances(session), "appearances", absent=()
        )

    @staticmethod
    def _stored(session: Session) -> Any:
        claimant, source = aliased(Actor), aliased(Source)
        statement = (
            select(
                Claim.key,
                Claim.text,
                Claim.excerpt,
                claimant.key,
                source.key,
                Claim.url,
                raw(Claim.published),
                raw(Claim.event_start),
                raw(Claim.event_end),
                Claim.published_as,
                Claim.event_as,
                Claim.logged_by,
                raw(Claim.logged_at),
                Claim.revision,
                raw(Claim.revised_at),
                Claim.revised_by,
                raw(Claim.retracted_at),
                Claim.retracted_by,
                Claim.retracted_reason,
            )
            .join(claimant, claimant.id == Claim.claimant_id)
            .join(source, source.id == Claim.source_id)
        )
        for row in stream(session, statement):
            (key, text, excerpt, claimant_key, source_key, url) = row[:6]
            (published, start, end, published_as, event_as, logged_by, logged_at) = row[6:13]
            (revision, revised_at, revised_by, retracted_at) = row[13:17]
            yield (
                key,
                ClaimRow(
                    text,
                    excerpt,
                    claimant_key,
                    source_key,
                    url,
                    day(published),
                    day(start),
                    day(end),
                    published_as,
                    event_as,
                    logged_by,
                    moment(logged_at),
                    revision,
                    moment(revised_at),
                    revised_by,
                    moment(retracted_at),
                    *row[17:],
                ),
            )

    @staticmethod
    def _stored_places(session: Session) -> Any:
        statement = (
            select(Claim.key, Place.key)
            .join(ClaimPlace, ClaimPlace.claim_id == Claim.id)
            .join(Place, Place.id == ClaimPlace.place_id)
            .order_by(ClaimPlace.claim_id)
        )
        rows = stream(session, statement)
        for key, group in itertools.groupby(rows, key=lambda row: row[0]):
            yield key, tuple(sorted(place for _, place in group))


def _stored_appearances(session: Session) -> Any:
    statement = (
        select(Claim.key, ClaimAppearance.position, ClaimAppearance.url)
        .join(ClaimAppearance, ClaimAppearance.claim_id == Claim.id)
        .order_by(ClaimAppearance.claim_id, ClaimAppearance.position)
    )
    for key, group in itertools.groupby(stream(session, statement), key=lambda row: row[0]):
        yield key, tuple((position, url) for _, position, url in group)
