"""What to tell a user about how a place name was read: an approximate match, other namesakes.

A fact-checker must see a wrong guess before it is published, so a name matched only by its
transliteration or a close spelling, or one that other places share, is reported on stderr:
`note: 'Douma' -> Duma (city in Rural Damascus), by transliteration`.
"""

from __future__ import annotations

from sqlmodel import Session

from ledger.geo import places
from ledger.geo.resolution import Resolution

SHOWN = 3
"""Namesakes named in a note; the rest are counted."""


def notes(session: Session, query: str, found: Resolution) -> list[str]:
    """Return the notes a resolution calls for (none for an exact, unambiguous name)."""
    said = []
    if found.approximate:
        where = places.label(found.place, places.lineage(session, found.place.id))
        said.append(f"{query!r} -> {where}, by {found.method} of {found.matched!r}")
    for other in found.others[:SHOWN]:
        where = places.label(other, places.lineage(session, other.id))
        said.append(f"{query!r} also names {where}: use {places.how_to_name(session, other)}")
    if len(found.others) > SHOWN:
        said.append(f"{query!r} also names {len(found.others) - SHOWN} more places")
    return said
