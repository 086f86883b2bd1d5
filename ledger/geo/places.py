"""Places: adding them with their names and hierarchy, and resolving what a user types.

A user may type any spelling (`Hamah`, `حماة`), a gazetteer code (`SY05`, `C2987`, `NG`) or a name
qualified by a containing place (`Hama, Al-Hasakeh`). Real gazetteers are ambiguous, so
resolution prefers a candidate that contains the others, then the most prominent one, and says
which other places share the name.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from ledger.errors import LedgerError
from ledger.geo.keys import index_key
from ledger.geo.names import normalize
from ledger.store import tables
from ledger.store.bulk import Ids, copy_tuples
from ledger.store.db import chunks

if TYPE_CHECKING:
    from sqlalchemy.engine import Row as Place
    from sqlalchemy.orm import Session

    from ledger.store.db import Reader

# Resolution reads the light tables and returns place rows (ledger.tables); writing uses the
# models, imported where it happens, so that a lookup never builds them.
PlaceTable = tables.place
Places, Names, Ancestors = tables.place.c, tables.place_name.c, tables.place_ancestor.c
ClaimPlaces = tables.claim_place.c


@dataclass
class PlaceSpec:
    """A place to add: its key, names and the key of its parent."""

    key: str
    name: str
    kind: str
    parent: str | None = None
    name_ar: str | None = None
    aliases: Sequence[str] = ()
    gazetteer: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    keyed: bool = True
    """Whether its names are keyed (`ledger.geo.keys`): the key models romanised Arabic, so a
    country (`Chad` is not `Suwayda`) or a city outside the Arabic-speaking world is not."""
    spellings: Sequence[tuple[str, str, str | None]] = ()
    """All its names already as (name, normalised, key), as shipped data has them."""


NAME_COLUMNS = ("place_id", "norm", "name", "key")


def add_places(session: Session, specs: Sequence[PlaceSpec]) -> list[int]:
    """Insert places with their names and hierarchy, parents first, in bulk; return their ids."""
    from ledger.store.models import Place, PlaceName

    known = _levels(session, {s.parent for s in specs if s.parent})
    counter = Ids(session, Place)
    ids = dict(zip((s.key for s in specs), counter.take(len(specs)), strict=True))
    levels = {key: level for key, (_, level) in known.items()}
    ids.update((key, place_id) for key, (place_id, _) in known.items())
    rows = []
    for spec in _parents_first(specs, ids):
        levels[spec.key] = levels[spec.parent] + 1 if spec.parent else 0
        rows.append(_place_row(spec, ids, levels[spec.key]))
    copy_tuples(session, Place, PLACE_COLUMNS, rows)
    counter.settle()
    unkeyed = {ids[s.key] for s in specs if not s.keyed}
    named = [s for s in specs if not s.spellings]
    add_names(session, ((ids[s.key], n) for s in named for n in spec_names(s)), unkeyed, True)
    spelled = [(ids[s.key], n, name, k) for s in specs for name, n, k in s.spellings]
    copy_tuples(session, PlaceName, NAME_COLUMNS, spelled)
    new_ids = [ids[s.key] for s in specs]
    add_closure(session, new_ids)
    return new_ids


def log_places(session: Session, specs: Sequence[PlaceSpec]) -> None:
    """Journal each new place as a `place.add` entry: the row, parent and names it was given."""
    from ledger.store import journal

    for spec in specs:
        payload = {**spec.__dict__, "aliases": list(spec.aliases)}
        del payload["spellings"]  # the names again, normalised and keyed: replay computes them
        journal.record(session, "place.add", spec.key, payload)


PLACE_COLUMNS = (
    "id",
    "key",
    "name",
    "name_ar",
    "kind",
    "level",
    "parent_id",
    "gazetteer",
    "lat",
    "lon",
    "population",
)


def _parents_first(specs: Sequence[PlaceSpec], ids: dict[str, int]) -> list[PlaceSpec]:
    """Order new places so that each comes after its parent; fail on a parent nobody has."""
    placed = set(ids) - {s.key for s in specs}
    ordered: list[PlaceSpec] = []
    waiting = list(specs)
    while waiting:
        ready = [s for s in waiting if s.parent is None or s.parent in placed]
        if not ready:
            orphan = waiting[0]
            raise LedgerError(f"place {orphan.key!r}: no parent place {orphan.parent!r}")
        ordered += ready
        placed.update(s.key for s in ready)
        waiting = [s for s in waiting if s.key not in placed]
    return ordered


def _place_row(spec: PlaceSpec, ids: dict[str, int], level: int) -> tuple:
    parent = ids[spec.parent] if spec.parent else None
    return (
        ids[spec.key],
        spec.key,
        spec.name,
        spec.name_ar,
        spec.kind,
        level,
        parent,
        spec.gazetteer,
        spec.lat,
        spec.lon,
        spec.population,
    )


def _levels(session: Reader, keys: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Map place keys to (id, level), leaving out keys that do not exist."""
    found: dict[str, tuple[int, int]] = {}
    for chunk in chunks(sorted(set(keys))):
        rows = session.execute(
            select(Places.key, Places.id, Places.level).where(Places.key.in_(chunk))
        )
        found.update((key, (place_id, level)) for key, place_id, level in rows)
    return found


def spec_names(spec: PlaceSpec) -> list[str]:
    """Return every spelling a place is looked up by: name, Arabic name, code, aliases."""
    return [n for n in (spec.name, spec.name_ar, spec.key, *spec.aliases) if n]


def add_names(
    session: Session,
    names: Iterable[tuple[int, str]],
    unkeyed: Collection[int] = (),
    fresh: bool = False,
) -> int:
    """Add spellings of places, skipping those a place already has; return how many were new.

    The names of the places in `unkeyed` get no key; `fresh` says that the places
    are new, so have no spelling yet.
    """
    from ledger.store.models import PlaceName

    wanted: dict[tuple[int, str], str] = {}
    for place_id, name in names:
        norm = normalize(name)
        if norm:
            wanted.setdefault((place_id, norm), name.strip())
    if not wanted:
        return 0
    existing = set() if fresh else _spellings(session, {place_id for place_id, _ in wanted})
    rows = [
        (p, n, name, None if p in unkeyed else index_key(name))
        for (p, n), name in wanted.items()
        if (p, n) not in existing
    ]
    copy_tuples(session, PlaceName, NAME_COLUMNS, rows)
    return len(rows)


def _spellings(session: Reader, place_ids: set[int]) -> set[tuple[int, str]]:
    existing = set()
    for chunk in chunks(sorted(place_ids)):
        rows = session.execute(select(Names.place_id, Names.norm).where(Names.place_id.in_(chunk)))
        existing.update((r.place_id, r.norm) for r in rows)
    return existing


def add_closure(session: Session, place_ids: Sequence[int]) -> None:
    """Record every ancestor of the given new places (each place is its own ancestor at depth 0)."""
    from ledger.store.models import PlaceAncestor

    if not place_ids:
        return
    parent_of = dict(session.execute(select(Places.id, Places.parent_id)).all())
    rows = []
    for place_id in place_ids:
        depth, current = 0, place_id
        while current is not None:
            rows.append((current, place_id, depth))
            current, depth = parent_of[current], depth + 1
    copy_tuples(session, PlaceAncestor, ("ancestor_id", "place_id", "depth"), rows)


def keys_to_ids(session: Reader, keys: Iterable[str]) -> dict[str, int]:
    """Map place keys to ids, leaving out keys that do not exist."""
    found: dict[str, int] = {}
    for chunk in chunks(sorted(set(keys))):
        rows = session.execute(select(Places.key, Places.id).where(Places.key.in_(chunk)))
        found.update(rows.all())
    return found


def lineage(session: Reader, place_id: int) -> list[Place]:
    """Return a place and its ancestors, outermost first (Syria > Aleppo > ... > the place)."""
    statement = (
        select(PlaceTable)
        .join(tables.place_ancestor, Ancestors.ancestor_id == Places.id)
        .where(Ancestors.place_id == place_id)
        .order_by(Ancestors.depth.desc())
    )
    return list(session.execute(statement))


def path_label(lineage_of: list[Place]) -> str:
    """Return `Syria > Aleppo > Jebel Saman > Aleppo`: a namesake sub-district shown once."""
    names = [p.name for p in lineage_of]
    return " > ".join(n for i, n in enumerate(names) if i == 0 or n != names[i - 1])


def label(place: Place, lineage_of: list[Place] | None = None) -> str:
    """Return how a place is shown: name, kind and, when known, the places around it.

    The country is left out, except for a city right under it (`Tripoli (city in Lebanon)`).
    """
    outer = (lineage_of or [])[:-1]
    around = dict.fromkeys(p.name for p in reversed(outer) if p.level > 0)
    if not around and outer and place.kind == "city":
        around = {outer[-1].name: None}
    where = f" in {', '.join(around)}" if around else ""
    return f"{place.name} ({place.kind}{where})"


def how_to_name(session: Reader, place: Place) -> str:
    """Return the unambiguous ways to name a place: its code and `name, governorate|country`."""
    outer = [p for p in lineage(session, place.id) if p.id != place.id]
    region = [p for p in outer if p.level == 1] or outer
    qualified = f"'{place.name}, {region[0].name}'" if region else None
    return " or ".join(x for x in (qualified, place.key) if x)
