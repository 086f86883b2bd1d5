"""Importing links, a batch at a time, removed ones too.

A link names its two claims by id. One the ledger has already (the live link of the pair, or the
same removed link) is left alone; one that would both contradict and corroborate a pair is an
error. A ledger's export gives removed links with `removed_at`, `removed_by` and
`removed_reason`: they are added as removed, with their own log entries, and a link made before
one of its claims was retracted is kept, so that a whole ledger moves as a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.formats import fields
from ledger.formats.context import Context
from ledger.formats.fields import Item, relocated
from ledger.formats.relations_in import claim_id_of, claim_ids
from ledger.store.bulk import LOOKUP, insert_tuples
from ledger.store.db import among, chunks
from ledger.store.models import RELATIONS, Link

LINK_COLUMNS = ("id", "claim_a_id", "claim_b_id", "relation", "note", "created_by", "created_at")
LINK_COLUMNS += ("removed_at", "removed_by", "removed_reason")


@dataclass
class _Link:
    """A link record read: its pair, relation, note, who and when, and its removal if any."""

    claim: str
    other: str
    low: int
    high: int
    relation: str
    note: str | None
    by: str | None
    at: dt.datetime | None
    removed: tuple[dt.datetime, str, str] | None


def import_links(context: Context, items: list[Item]) -> None:
    """Add the new links of a batch, in order, so that older links keep the lower ids."""
    known = claim_ids(context.session, (i.record[f] for i in items for f in ("claim", "other")))
    read = []
    for item in items:
        try:
            read.append(_read(item.record, known))
        except LedgerError as error:
            raise relocated(item, error) from None
    live, removed = _pairs(context.session, {link.low for link in read})
    new = []
    for item, link in zip(items, read, strict=True):
        pair = (link.low, link.high)
        if link.removed is not None:
            seen = (*pair, link.relation, link.removed[0])
            if seen in removed:
                context.count("links", False)
                continue
            removed.add(seen)
        elif pair in live:
            if live[pair] != link.relation:
                raise LedgerError(
                    f"{item.where}: {link.claim} already {live[pair]} {link.other}:"
                    " a pair cannot both contradict and corroborate"
                )
            context.count("links", False)
            continue
        else:
            live[pair] = link.relation
        new.append(link)
    _insert(context, new)


def _read(record: dict, known: dict) -> _Link:
    claim, other = str(record["claim"]).strip(), str(record["other"]).strip()
    relation = str(record["relation"]).strip()
    if relation not in RELATIONS:
        raise LedgerError(f"unknown relation {relation!r}: use {' or '.join(RELATIONS)}")
    if claim == other:
        raise LedgerError(f"claim {claim!r} cannot be linked to itself")
    note, by, at = _link_fields(record)
    linking = at or True
    low, high = sorted((claim_id_of(known, claim, linking), claim_id_of(known, other, linking)))
    removed = None
    if record.get("removed_at") not in (None, ""):
        removed_by = fields.text(record, "removed_by")
        reason = fields.text(record, "removed_reason")
        if not (removed_by and reason):
            raise LedgerError("a removed link needs `removed_by` and `removed_reason`")
        removed = (fields.moment(record, "removed_at"), removed_by, reason)
    return _Link(claim, other, low, high, relation, note, by, at, removed)  # type: ignore[arg-type]


def _link_fields(record: dict) -> tuple[str | None, str | None, dt.datetime | None]:
    """Return a link record's note, author and time (None where not given)."""
    if len(record) == 3:  # claim, relation, other: nothing more to read
        return None, None, None
    return fields.text(record, "note"), fields.text(record, "by"), fields.moment(record, "at")


def _pairs(session: Session, lows: set[int]) -> tuple[dict[tuple[int, int], str], set[tuple]]:
    """Return the live links of the pairs (by pair) and the removed ones (pair, relation, when)."""
    live, removed = {}, set()
    for chunk in chunks(sorted(lows), LOOKUP):
        rows = session.execute(
            select(Link.claim_a_id, Link.claim_b_id, Link.relation, Link.removed_at).where(
                among(session, Link.claim_a_id, chunk)
            )
        )
        for a, b, relation, removed_at in rows:
            if removed_at is None:
                live[a, b] = relation
            else:
                when = removed_at if removed_at.tzinfo else removed_at.replace(tzinfo=dt.UTC)
                removed.add((a, b, relation, when))
    return live, removed


def _insert(context: Context, new: list[_Link]) -> None:
    """Insert links in bulk with their log entries: `link.add`, and `link.remove` if removed."""
    writer, moment = context.writer, context.converter(Link, "created_at")
    rows = []
    for link_id, link in zip(context.ids(Link).take(len(new)), new, strict=True):
        by, at = link.by or writer.by, link.at or writer.at
        ends = {"claim": link.claim, "other": link.other}
        payload = {**ends, "note": link.note, "relation": link.relation}
        if (by, at) != (writer.by, writer.at):
            payload |= {"by": by, "at": at.isoformat()}
        writer.record("link.add", f"link:{link_id}", payload)
        removed_at, removed_by, reason = link.removed or (None, None, None)
        if removed_at is not None:
            gone = {**ends, "relation": link.relation, "reason": reason}
            writer.record("link.remove", f"link:{link_id}", gone | _who(removed_by, removed_at))
        row = (link_id, link.low, link.high, link.relation, link.note, by, moment(at))
        rows.append((*row, removed_at and moment(removed_at), removed_by, reason))
    insert_tuples(context.session, Link, LINK_COLUMNS, rows)
    context.ids(Link).settle()
    context.count("links", True, len(new))


def _who(by: str | None, at: dt.datetime) -> dict:
    return {"by": by, "at": at.isoformat()}
