"""What to tell a user about how a place name was read: an approximate match, other namesakes.

A fact-checker must see a wrong guess before it is published, so a name matched only by its
transliteration or a close spelling, or one that other places share, is reported on stderr:
`note: 'Douma' -> Duma (city in Rural Damascus), by transliteration`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledger.geo import places
from ledger.geo.resolution import Resolution

if TYPE_CHECKING:
    from ledger.store.db import Reader

SHOWN = 3
"""Namesakes named in a note; the rest are counted."""


def notes(session: Reader, query: str, found: Resolution) -> list[str]:
    """Return the notes a resolution calls for (none for an exact, unambiguous name)."""
    said = []
    path = places.lineage(session, found.place.id)
    if found.approximate:
        where = places.label(found.place, path)
        said.append(f"{query!r} -> {where}, by {found.method} of {found.matched!r}")
    around = {p.id for p in path}
    others = [o for o in found.others if o.id not in around]  # the district named after a city
    for other in others[:SHOWN]:
        where = places.label(other, places.lineage(session, other.id))
        said.append(f"{query!r} also names {where}: use {places.how_to_name(session, other)}")
    if len(others) > SHOWN:
        said.append(f"{query!r} also names {len(others) - SHOWN} more places")
    return said
