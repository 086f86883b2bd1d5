"""Which of the places a name fits a user most likely means.

A place that contains the others wins (`Aleppo`: the governorate over the city and the
sub-district inside it). Then the most prominent: administrative level (a country, a
governorate, a district, a sub-district, a city, then any other place), population where the
gazetteer has it, claims tagged with it, and last the spelling closest to what was typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlmodel import Session

from ledger.geo.names import normalize
from ledger.geo.qualifiers import ADMIN1, SETTLEMENTS
from ledger.store import tables

if TYPE_CHECKING:
    from sqlalchemy.engine import Row as Place

Ancestors, ClaimPlaces = tables.place_ancestor.c, tables.claim_place.c
TIERS = {"country": 0, **dict.fromkeys(ADMIN1, 1), "district": 2, "subdistrict": 3, "city": 4}
OTHER_TIER = 5

PROMINENT = 1_000
"""Claims enough to count as prominent: counting stops there, so ranking stays cheap at scale."""


def rank(
    session: Session, places: Sequence[Place], name: str, within: Sequence[str] = ()
) -> list[Place]:
    """Order the places a name fits, the likeliest first.

    Inside a named container (`Hama, Hama`) a settlement comes before the administrative areas
    that share its name; elsewhere a place inside another candidate is left out.
    """
    if len(places) == 1:
        return list(places)
    candidates = list(places) if within else outermost(session, places)
    counts = claim_counts(session, [p.id for p in candidates]) if len(candidates) > 1 else {}
    from rapidfuzz.fuzz import ratio

    typed = normalize(name)

    def order(place: Place) -> tuple:
        settled = 0 if not within or place.kind in SETTLEMENTS else 1
        return (
            settled,
            TIERS.get(place.kind, OTHER_TIER),
            -(place.population or 0),
            -counts.get(place.id, 0),
            -ratio(typed, normalize(place.name)),
            place.name,
            place.key,
        )

    return sorted(candidates, key=order)


def outermost(session: Session, candidates: Sequence[Place]) -> list[Place]:
    """Drop candidates that lie inside another candidate."""
    ids = {p.id for p in candidates}
    inside = session.execute(
        select(Ancestors.place_id).where(
            Ancestors.place_id.in_(ids),
            Ancestors.ancestor_id.in_(ids),
            Ancestors.depth > 0,
        )
    )
    contained = set(inside.scalars())
    return [p for p in candidates if p.id not in contained]


def claim_counts(session: Session, place_ids: list[int]) -> dict[int, int]:
    """Count the claims tagged with each place or a place inside it, up to PROMINENT each.

    A claim tagged with two places inside one counts twice; the count only ranks namesakes.
    """
    counts = {}
    for place_id in place_ids:
        tagged = (
            select(ClaimPlaces.claim_id)
            .join(tables.place_ancestor, Ancestors.place_id == ClaimPlaces.place_id)
            .where(Ancestors.ancestor_id == place_id)
            .limit(PROMINENT)
            .subquery()
        )
        counts[place_id] = session.execute(select(func.count()).select_from(tagged)).scalar_one()
    return counts
