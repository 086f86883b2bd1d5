"""Claims written as a spreadsheet that is safe to open, and that reads back as it was written.

One row per claim, in the order they were logged: claimants and sources by their display names,
places by id, the claims each one contradicts and corroborates, and its newest current verdict
(the ledger document carries them all); the first row's last cell, `exported_from`, holds the
ledger's head (`ledger head SEQ:HASH`, which `ledger verify --against` reads). A cell a
spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return)
is written with a `'` in front, as OWASP recommends against CSV injection; the reader takes that
one `'` off again.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.formats.exports import claim_pages
from ledger.record import verdicts
from ledger.record.claims import CLAIM_CONTENT
from ledger.store import journal
from ledger.store.models import RELATIONS, Actor, Claim, Link, Source

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "id",
    *CLAIM_CONTENT,
    *RELATIONS,
    "appearances",
    "rating",
    "textual_rating",
    "explanation",
    "note",
    "organisation",
    "review_url",
    "review_date",
)
EXPORTED_FROM = "exported_from"
"""The last column of an export: the ledger's head in its first row (ignored on import)."""


def neutralised(cell: str) -> str:
    """Return a cell a spreadsheet will show as text: a `'` before a formula's first character.

    A cell that already starts with `'`s before one gets one more, so that `restored` is exact.
    """
    return "'" + cell if cell.lstrip("'").startswith(TRIGGERS) else cell


def restored(cell: str) -> str:
    """Undo `neutralised`: take off the one `'` it put in front."""
    if cell.startswith("'") and cell.lstrip("'").startswith(TRIGGERS):
        return cell[1:]
    return cell


def write_csv(out: TextIO, session: Session, tick: Callable[[], None]) -> None:
    """Write every claim as a row, with its links and its newest current verdict."""
    writer = csv.writer(out)
    writer.writerow((*COLUMNS, EXPORTED_FROM))
    head = f"ledger head {journal.head_label(session)}"
    actor_names = dict(session.execute(select(Actor.id, Actor.name)).all())
    source_names = dict(session.execute(select(Source.id, Source.name)).all())
    for page in claim_pages(session):
        ids = [claim["_id"] for claim in page]
        linked = _linked(session, ids[0], ids[-1])
        current = verdicts.current(session, ids)
        for claim in page:
            values = {**claim, "places": ";".join(claim["places"])}
            values["claimant"] = actor_names[claim["claimant_id"]]
            values["source"] = source_names[claim["source_id"]]
            values["appearances"] = ";".join(claim["appearances"])
            for relation in RELATIONS:
                values[relation] = ";".join(linked[claim["_id"]][relation])
            found = current.get(claim["_id"])
            if found:
                newest = max(found, key=lambda v: (v.at, v.id))
                values |= {n: getattr(newest, n) for n in COLUMNS[-7:]}
            writer.writerow([*(neutralised(_cell(values.get(n))) for n in COLUMNS), head])
            head = ""
            tick()
    if head:
        writer.writerow([*("" for _ in COLUMNS), head])


def _cell(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _linked(session: Session, first: int, last: int) -> dict[int, dict[str, list[str]]]:
    """Map each claim of an id range to the claims it is linked to, by relation, in log order."""
    found: dict[int, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for here, there in (("claim_a_id", "claim_b_id"), ("claim_b_id", "claim_a_id")):
        other = aliased(Claim)
        rows = session.execute(
            select(getattr(Link, here), Link.relation, other.id, other.key)
            .join(other, other.id == getattr(Link, there))
            .where(getattr(Link, here).between(first, last), Link.removed_at.is_(None))
        )
        for claim_id, relation, other_id, key in rows:
            found[claim_id][relation].append((other_id, key))
    return defaultdict(
        lambda: defaultdict(list),
        {
            claim_id: defaultdict(list, {r: [k for _, k in sorted(v)] for r, v in by.items()})
            for claim_id, by in found.items()
        },
    )
