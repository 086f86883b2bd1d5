"""A claimant's or a source's name to its row, on the light tables: what lookups resolve.

`ledger.record.actors` resolves names to ORM objects for the commands that write; listing a
claimant's claims only needs the row's id, and building the models would cost more than the
whole lookup. Both say the same thing when a name is unknown or ambiguous (`refuse`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from ledger.errors import LedgerError
from ledger.geo.names import normalize
from ledger.store import tables

if TYPE_CHECKING:
    from sqlalchemy.engine import Row

    from ledger.store.db import Reader

# kind -> (its table, its alias table, the alias table's foreign key, what users call it)
KINDS = {
    "actor": (tables.actor, tables.actor_name, "actor_id", "claimant"),
    "source": (tables.source, tables.source_name, "source_id", "source"),
}


def find(session: Reader, kind: str, name: str) -> list[Row]:
    """Return the actor or source rows whose key or any alias matches `name`."""
    table, names, column, _ = KINDS[kind]
    by_key = session.execute(select(table).where(table.c.key == name)).first()
    if by_key is not None:
        return [by_key]
    statement = (
        select(table)
        .join(names, names.c[column] == table.c.id)
        .where(names.c.norm == normalize(name))
        .distinct()
    )
    return list(session.execute(statement))


def resolve(session: Reader, kind: str, name: str) -> Row:
    """Return the one actor or source row a name stands for, or explain what to do."""
    found = find(session, kind, name)
    refuse(found, KINDS[kind][3], kind, name)
    return found[0]


def refuse(found: list, what: str, command: str, name: str) -> None:
    """Fail unless exactly one record was `found` for `name`, saying what to do."""
    if len(found) > 1:
        keys = ", ".join(sorted(e.key for e in found))
        raise LedgerError(f"{what} {name!r} is ambiguous: name one of {keys}")
    if not found:
        raise LedgerError(
            f"no {what} {name!r}: add it with `ledger {command} add {name!r} --kind ...`"
            f" or pass --create"
        )
