"""Close spellings for a name that no place has: `did you mean`, and the one sure guess.

Only names that begin like the typed one are compared (the same first letters, or the same
first letters of the transliteration key), through the indexes: a lookup reads a few hundred
names, not the whole gazetteer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from ledger.geo.keys import name_key
from ledger.geo.names import normalize
from ledger.geo.prominence import OTHER_TIER, TIERS
from ledger.store import tables

if TYPE_CHECKING:
    from ledger.store.db import Reader

Places, Names = tables.place.c, tables.place_name.c
CUTOFF = 75
"""The least similarity (0-100) of a suggested spelling."""
SURE = 90
"""A spelling this close, with no other place as close, is taken as meant (a `fuzzy` match)."""
MARGIN = 6


@dataclass
class Close:
    """Up to three close names, the likeliest first, and the one place meant if it is clear."""

    names: list[str] = field(default_factory=list)
    sure: str | None = None


def _starting(column, prefix: str):  # type: ignore[no-untyped-def]
    """A range condition that an index serves: the column starts with `prefix`."""
    return (column >= prefix) & (column < prefix[:-1] + chr(ord(prefix[-1]) + 1))


def close_names(session: Reader, name: str) -> Close:
    """Return the names closest to a name no place has, the more prominent places first."""
    from rapidfuzz import fuzz, process

    norm, key = normalize(name), name_key(name)
    if not norm:
        return Close()
    near = [_starting(Names.norm, norm[:2])]
    if key:
        near.append(_starting(Names.key, key[:2]))
    rows = session.execute(
        select(tables.place, Names.norm, Names.name.label("spelling"))
        .join(tables.place_name, Names.place_id == Places.id)
        .where(or_(*near), Names.name != Places.key)
    ).all()
    norms = [r.norm for r in rows]
    matches = process.extract(norm, norms, scorer=fuzz.ratio, limit=20, score_cutoff=CUTOFF)

    def order(match: tuple) -> tuple:
        row = rows[match[2]]
        return (
            -round(match[1] / 10),
            TIERS.get(row.kind, OTHER_TIER),
            -match[1],
            row.spelling,
            row.key,
        )

    ranked = sorted(matches, key=order)
    best: dict[int, tuple[float, int]] = {}
    for _, score, i in ranked:
        best.setdefault(rows[i].id, (score, i))
    names = list(dict.fromkeys(rows[i].spelling for _, i in best.values()))[:3]
    return Close(names, _sure(rows, sorted(best.values(), reverse=True)))


def _sure(rows: list, scored: list[tuple[float, int]]) -> str | None:
    """Return the best spelling when it is close and clearly closer than any other spelling."""
    if not scored or scored[0][0] < SURE:
        return None
    best = rows[scored[0][1]].norm
    rivals = [i for score, i in scored if score > scored[0][0] - MARGIN and rows[i].norm != best]
    return None if rivals else rows[scored[0][1]].spelling
