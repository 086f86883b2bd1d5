"""Camps: who ultimately speaks for whom, and which outlets are one network.

Parties nest: a unit speaks for an army, the army for a government, the government may belong
to an alliance. The outermost party is the actor's camp (an actor without a party is its own),
and independence compares camps, so an ally's word is never independent support. Sources nest
the same way: an outlet may be a copy or part of a network, whose outermost source is the
network the outlet belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import TableClause, select

from ledger.store.db import among
from ledger.store.tables import actor, source

if TYPE_CHECKING:
    from ledger.store.db import Reader


def parents(session: Reader, table: TableClause, ids: Iterable[int]) -> dict[int, int | None]:
    """Return the parent of each row and of every row above it, one query per level."""
    column = table.c.party_id if table is actor else table.c.network_id
    found: dict[int, int | None] = {}
    wanted = set(ids)
    while wanted:
        statement = select(table.c.id, column).where(among(session, table.c.id, wanted))
        rows = dict(session.execute(statement).all())
        found.update(rows)
        wanted = {p for p in rows.values() if p is not None and p not in found}
    return found


def chain(node: int, parent: dict[int, int | None]) -> list[int]:
    """Return a row and the rows above it, innermost first (a loop in the data stops it)."""
    path = [node]
    while (up := parent.get(path[-1])) is not None and up not in path:
        path.append(up)
    return path


def outermost(ids: Iterable[int], parent: dict[int, int | None]) -> dict[int, int]:
    """Return the outermost row above each of `ids` (itself when it has no parent)."""
    return {node: chain(node, parent)[-1] for node in ids}


def camps_of(session: Reader, actor_ids: Iterable[int]) -> dict[int, int]:
    """Return the camp (the outermost party) of each actor, by actor row id."""
    ids = set(actor_ids)
    return outermost(ids, parents(session, actor, ids))


def camp_of(session: Reader, actor_id: int) -> int:
    """Return the row id of an actor's camp: the outermost party it speaks for, or itself."""
    return camps_of(session, [actor_id])[actor_id]


def networks_of(session: Reader, source_ids: Iterable[int]) -> dict[int, int]:
    """Return the network (the outermost source above it) of each source, by source row id."""
    ids = set(source_ids)
    return outermost(ids, parents(session, source, ids))


def would_loop(node: int, new_parent: int, parent: dict[int, int | None]) -> bool:
    """Tell whether making `new_parent` the parent of `node` would make a row its own party."""
    return node in chain(new_parent, parent)
