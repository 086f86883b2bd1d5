"""Replaying links between claims: added, noted and removed (`link`)."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.audit.replay import Entry, Replayer, compare_rows, moment, raw, stream
from ledger.audit.replayers.claims import Claims
from ledger.store.models import Claim, Link


class LinkRow(NamedTuple):
    claims: tuple[str, str]
    relation: str
    note: str | None
    created_by: str
    created_at: str | None
    removed_at: str | None
    removed_by: str | None
    removed_reason: str | None


def link_id(subject: str) -> int:
    return int(subject.removeprefix("link:"))


class Links(Replayer):
    actions = ("link.add", "link.remove")

    def __init__(self, replay: Any) -> None:
        super().__init__(replay)
        self.rows: dict[int, LinkRow] = {}

    def apply(self, entry: Entry) -> None:
        payload, number = entry.payload, link_id(entry.subject)
        if entry.action == "link.remove":
            self.rows[number] = self.rows[number]._replace(
                removed_at=entry.when(), removed_by=entry.who(), removed_reason=payload["reason"]
            )
            return
        if number in self.rows:
            raise ValueError(f"link {number} was already added")
        ends = tuple(sorted((payload["claim"], payload["other"])))
        claims = self.replay.get(Claims)
        if not all(claims.has(end) for end in ends):
            raise KeyError(f"a linked claim is not in the journal: {list(ends)}")
        self.rows[number] = LinkRow(
            claims=ends,  # type: ignore[arg-type]
            relation=payload["relation"],
            note=payload.get("note"),
            created_by=entry.who(),
            created_at=entry.when(),
            removed_at=None,
            removed_by=None,
            removed_reason=None,
        )

    def has(self, number: int) -> bool:
        return number in self.rows

    def counts(self) -> dict[str, int]:
        return {"links": len(self.rows)}

    def compare(self, session: Session) -> None:
        compare_rows("link", self.rows, _stored(session))


def _stored(session: Session) -> Any:
    one, other = aliased(Claim), aliased(Claim)
    statement = (
        select(
            Link.id,
            one.key,
            other.key,
            Link.relation,
            Link.note,
            Link.created_by,
            raw(Link.created_at),
            raw(Link.removed_at),
            Link.removed_by,
            Link.removed_reason,
        )
        .join(one, one.id == Link.claim_a_id)
        .join(other, other.id == Link.claim_b_id)
    )
    for number, a, b, relation, note, by, at, removed_at, removed_by, reason in stream(
        session, statement
    ):
        ends = (a, b) if a <= b else (b, a)
        row = LinkRow(ends, relation, note, by, moment(at), moment(removed_at), removed_by, reason)
        yield number, row
