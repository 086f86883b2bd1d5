"""Claims out of time: an event after its report's publication, or in the future.

Logging refuses them unless told (`--allow-future`); imported data is taken as it comes, so
`ledger verify` lists them for a fact-checker to look at.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ledger.record.claims import out_of_time as problem_with
from ledger.store import journal
from ledger.store.tables import claim

LISTED = 100
"""How many claims out of time are named; the rest are counted."""


def out_of_time(engine: Engine) -> list[str]:
    """Return a line for each claim whose event is after its publication or in the future."""
    today = journal.now().date()
    last = func.coalesce(claim.c.event_end, claim.c.event_start)
    statement = (
        select(claim.c.key, claim.c.published, claim.c.event_start, claim.c.event_end)
        .where(or_(last > claim.c.published, last > today))
        .order_by(claim.c.key)
    )
    with Session(engine) as session:
        rows = session.execute(statement).all()
    lines = [
        f"claim {key!r}: {problem_with(published, start, end, today)}"
        for key, published, start, end in rows[:LISTED]
    ]
    if len(rows) > LISTED:
        lines.append(f"... and {len(rows) - LISTED} more claims out of time")
    return lines
