"""Which of the places a name fits a user most likely means.

A country or governorate that contains the others wins (`Aleppo`: the governorate over the city
inside it). Then the most prominent: a country, a governorate, a settlement, a district, a
sub-district, then any other place; among settlements the most populous where the gazetteer
knows (GeoNames' population, for Syria's towns too), a city before a village; then claims
tagged with it, and last the spelling closest to what was typed. A city comes before the
district and sub-district named after it, as reporting means (`Manbij` is the city; `Manbij
district` the district).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from ledger.geo.names import normalize
from ledger.geo.qualifiers import ADMIN1, SETTLEMENTS
from ledger.store import tables
from ledger.store.db import chunks

if TYPE_CHECKING:
    from sqlalchemy.engine import Row as Place

    from ledger.store.db import Reader

Ancestors, ClaimPlaces = tables.place_ancestor.c, tables.claim_place.c
TIERS = {
    "country": 0,
    **dict.fromkeys(ADMIN1, 1),
    **dict.fromkeys(SETTLEMENTS, 2),
    "district": 3,
    "subdistrict": 4,
}
CONTAINERS = ("country", *ADMIN1)
"""Kinds of place that win over the namesakes inside them."""
OTHER_TIER = 5

MAJOR = 100_000
"""People a city abroad needs to come before Syria's places (see `minor`)."""
GEONAMES = "GeoNames"

ALIKE = 60
"""Similarity (0-100) at which a matched spelling counts as the typed name written another way."""

PROMINENT = 1_000
"""Claims enough to count as prominent: counting stops there, so ranking stays cheap at scale."""


@dataclass
class Candidate:
    """A place a name may mean, the spelling of it that matched, how, and at which reading."""

    place: Place
    matched: str
    method: str
    reading: int = 0


def minor(candidate: Candidate) -> bool:
    """Tell a city abroad that yields to Syria's places: a small one, or one only like the name.

    The world data is coarse beside the ledger's own gazetteer, and its alternate names include
    many a Syrian village's name (`Sassa`); `Gaza`, `غزة`, `Mosul` or `Tripoli` stay theirs.
    """
    place = candidate.place
    named = candidate.method in ("exact", "alias") and (place.population or 0) >= MAJOR
    return place.gazetteer == GEONAMES and not named


def partial(candidate: Candidate) -> bool:
    """Tell a match on one part of a merged community's name (`Yabrud` of `Ras El Ein - Yabrud`).

    The part is also a town's name more often than not, so it reads no more literally than a
    transliteration of that town's name.
    """
    name = candidate.place.name
    return " - " in name and normalize(candidate.matched) != normalize(name)


def weak(candidate: Candidate) -> bool:
    """Tell a literal match that should not stop the search for a transliteration."""
    return minor(candidate) or partial(candidate)


def likeness(typed: str, candidate: Candidate) -> int:
    """Return how alike (0-100) a normalised typed name and the candidate's spellings are."""
    from rapidfuzz.fuzz import ratio

    spellings = (candidate.matched, candidate.place.name)
    return round(max(ratio(typed, normalize(s)) for s in spellings))


def rank(
    session: Reader, found: Sequence[Candidate], name: str, within: Sequence[str] = ()
) -> list[Candidate]:
    """Order the places a name fits, the likeliest first (see `order`)."""
    if len(found) == 1:
        return list(found)
    ids = [c.place.id for c in found]
    return order(found, name, within, containers_of(session, ids), claim_counts(session, ids))


def order(
    found: Sequence[Candidate],
    name: str,
    within: Sequence[str],
    containers: dict[int, set[int]],
    counts: dict[int, int],
) -> list[Candidate]:
    """Order candidates, knowing the country or governorate each lies in and its claims.

    Inside a named container (`Hama, Hama`) a settlement comes before the administrative areas
    that share its name; elsewhere a place inside another candidate is left out. A smaller city
    abroad comes after Syria's places (the ledger's own gazetteer), then the more literal
    reading first (exact, then transliteration), then a spelling alike the typed name (ALIKE):
    a transliteration key finds `Sidnaya` and `Sidon` for `Sednaya`, and means the first.
    """
    outer = {c.place.id for c in found if c.place.kind in CONTAINERS}
    kept = [c for c in found if within or not containers.get(c.place.id, set()) & outer]
    typed = normalize(name)

    def key(c: Candidate) -> tuple:
        place = c.place
        settled = 0 if not within or place.kind in SETTLEMENTS else 1
        return (
            settled,
            minor(c),
            c.reading,
            likeness(typed, c) < ALIKE,
            TIERS.get(place.kind, OTHER_TIER),
            -(place.population or 0),
            place.kind != "city",
            -counts.get(place.id, 0),
            -likeness(typed, c),
            place.name,
            place.key,
        )

    return sorted(kept, key=key)


def containers_of(session: Reader, place_ids: Sequence[int]) -> dict[int, set[int]]:
    """Map places to the countries and governorates they lie in."""
    found: dict[int, set[int]] = {}
    outer = tables.place.alias("outer")
    for chunk in chunks(sorted(set(place_ids))):
        rows = session.execute(
            select(Ancestors.place_id, Ancestors.ancestor_id)
            .join(outer, outer.c.id == Ancestors.ancestor_id)
            .where(
                Ancestors.place_id.in_(chunk),
                Ancestors.depth > 0,
                outer.c.kind.in_(CONTAINERS),
            )
        )
        for place_id, ancestor_id in rows:
            found.setdefault(place_id, set()).add(ancestor_id)
    return found


def claim_totals(session: Reader, place_ids: Sequence[int]) -> dict[int, int]:
    """Count the claims tagged with each place or a place inside it, in one query a chunk."""
    counts: dict[int, int] = {}
    for chunk in chunks(sorted(set(place_ids))):
        rows = session.execute(
            select(Ancestors.ancestor_id, func.count())
            .join(tables.claim_place, ClaimPlaces.place_id == Ancestors.place_id)
            .where(Ancestors.ancestor_id.in_(chunk))
            .group_by(Ancestors.ancestor_id)
        )
        counts.update((place_id, min(count, PROMINENT)) for place_id, count in rows)
    return counts


def claim_counts(session: Reader, place_ids: Sequence[int]) -> dict[int, int]:
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
