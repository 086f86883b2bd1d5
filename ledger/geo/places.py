"""Places: adding them with their names and hierarchy, and resolving what a user types.

A user may type any spelling (`Hamah`, `حماة`), a gazetteer code (`SY05`, `C2987`, `NG`) or a name
qualified by a containing place (`Hama, Al-Hasakeh`). Real gazetteers are ambiguous, so
resolution prefers a candidate that contains the others, then the most prominent one, and says
which other places share the name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.geo.names import normalize
from ledger.store import tables
from ledger.store.db import chunks

if TYPE_CHECKING:
    from sqlalchemy.engine import Row as Place

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


@dataclass
class Resolution:
    """The place a name resolved to, and the other places the name also fits."""

    place: Place
    others: list[Place] = field(default_factory=list)


def add_places(session: Session, specs: Sequence[PlaceSpec]) -> list[int]:
    """Insert places with their names and hierarchy, parents first, in bulk; return their ids."""
    from ledger.store.models import Place

    levels = _levels(session, {s.parent for s in specs if s.parent})
    ids = {key: place_id for key, (place_id, _) in levels.items()}
    waiting = list(specs)
    while waiting:
        ready = [s for s in waiting if s.parent is None or s.parent in ids]
        if not ready:
            orphan = waiting[0]
            raise LedgerError(f"place {orphan.key!r}: no parent place {orphan.parent!r}")
        rows = [_place_row(s, ids, levels) for s in ready]
        session.execute(insert(Place), rows)
        for key, (place_id, level) in _levels(session, [s.key for s in ready]).items():
            ids[key], levels[key] = place_id, (place_id, level)
        waiting = [s for s in waiting if s.key not in ids]
    add_names(session, ((ids[s.key], n) for s in specs for n in spec_names(s)))
    new_ids = [ids[s.key] for s in specs]
    add_closure(session, new_ids)
    return new_ids


def _place_row(spec: PlaceSpec, ids: dict[str, int], levels: dict[str, tuple[int, int]]) -> dict:
    parent_level = levels[spec.parent][1] if spec.parent else -1
    return {
        "key": spec.key,
        "name": spec.name,
        "name_ar": spec.name_ar,
        "kind": spec.kind,
        "level": parent_level + 1,
        "parent_id": ids[spec.parent] if spec.parent else None,
        "gazetteer": spec.gazetteer,
        "lat": spec.lat,
        "lon": spec.lon,
    }


def _levels(session: Session, keys: Iterable[str]) -> dict[str, tuple[int, int]]:
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


def add_names(session: Session, names: Iterable[tuple[int, str]]) -> int:
    """Add spellings of places, skipping those a place already has; return how many were new."""
    from ledger.store.models import PlaceName

    wanted: dict[tuple[int, str], str] = {}
    for place_id, name in names:
        norm = normalize(name)
        if norm:
            wanted.setdefault((place_id, norm), name.strip())
    if not wanted:
        return 0
    place_ids = {place_id for place_id, _ in wanted}
    existing = set()
    for chunk in chunks(sorted(place_ids)):
        rows = session.execute(
            select(PlaceName.place_id, PlaceName.norm).where(PlaceName.place_id.in_(chunk))
        )
        existing.update((r.place_id, r.norm) for r in rows)
    rows = [
        {"place_id": p, "norm": n, "name": name}
        for (p, n), name in wanted.items()
        if (p, n) not in existing
    ]
    if rows:
        session.execute(insert(PlaceName), rows)
    return len(rows)


def add_closure(session: Session, place_ids: Sequence[int]) -> None:
    """Record every ancestor of the given new places (each place is its own ancestor at depth 0)."""
    from ledger.store.models import Place, PlaceAncestor

    if not place_ids:
        return
    parent_of = dict(session.execute(select(Place.id, Place.parent_id)).all())
    rows = []
    for place_id in place_ids:
        depth, current = 0, place_id
        while current is not None:
            rows.append({"ancestor_id": current, "place_id": place_id, "depth": depth})
            current, depth = parent_of[current], depth + 1
    session.execute(insert(PlaceAncestor), rows)


def keys_to_ids(session: Session, keys: Iterable[str]) -> dict[str, int]:
    """Map place keys to ids, leaving out keys that do not exist."""
    found: dict[str, int] = {}
    for chunk in chunks(sorted(set(keys))):
        rows = session.execute(select(Places.key, Places.id).where(Places.key.in_(chunk)))
        found.update(rows.all())
    return found


def resolve(session: Session, query: str) -> Resolution:
    """Resolve a typed place name, code or `name, parent` to one place, or fail with suggestions."""
    name, *qualifiers = [part.strip() for part in query.split(",")]
    candidates = _named(session, name)
    for qualifier in qualifiers:
        containers = {p.id for p in _named(session, qualifier)}
        if not containers:
            raise LedgerError(
                f"no place {qualifier!r} (in {query!r}){_did_you_mean(session, qualifier)}"
            )
        candidates = [p for p in candidates if _ancestors(session, p.id) & containers]
    if not candidates:
        raise LedgerError(f"no place {query!r}{_did_you_mean(session, name)}")
    outermost = _outermost(session, candidates)
    if len(outermost) == 1:
        return Resolution(outermost[0])
    counts = claim_counts(session, [p.id for p in outermost])
    ranked = sorted(outermost, key=lambda p: (p.level, -counts.get(p.id, 0), p.name, p.key))
    return Resolution(ranked[0], ranked[1:])


def _named(session: Session, name: str) -> list[Place]:
    norm = normalize(name)
    if not norm:
        return []
    statement = (
        select(PlaceTable)
        .join(tables.place_name, Names.place_id == Places.id)
        .where(Names.norm == norm)
        .distinct()
    )
    return list(session.execute(statement))


def _ancestors(session: Session, place_id: int) -> set[int]:
    rows = session.execute(select(Ancestors.ancestor_id).where(Ancestors.place_id == place_id))
    return set(rows.scalars())


def _outermost(session: Session, candidates: list[Place]) -> list[Place]:
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


PROMINENT = 1_000
"""Claims enough to count as prominent: counting stops there, so ranking stays cheap at scale."""


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


def _did_you_mean(session: Session, name: str) -> str:
    """Suggest up to three close names, the more prominent places first among equals."""
    from rapidfuzz import fuzz, process

    rows = session.execute(
        select(Names.norm, Names.name, Places.id, Places.level)
        .join(PlaceTable, Places.id == Names.place_id)
        .where(Names.name != Places.key)
    ).all()
    norms = [r.norm for r in rows]
    matches = process.extract(normalize(name), norms, scorer=fuzz.ratio, limit=20, score_cutoff=75)
    ranked = sorted(matches, key=lambda m: (-round(m[1] / 10), rows[m[2]].level, -m[1]))
    by_place = {rows[i].id: rows[i].name for _, _, i in reversed(ranked)}  # best spelling wins
    names = list(dict.fromkeys(by_place[rows[i].id] for _, _, i in ranked))[:3]
    return f"; did you mean {' or '.join(names)}?" if names else ""


def lineage(session: Session, place_id: int) -> list[Place]:
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
    """Return how a place is shown: name, kind and, when known, the places around it."""
    around = dict.fromkeys(p.name for p in reversed((lineage_of or [])[:-1]) if p.level > 0)
    where = f" in {', '.join(around)}" if around else ""
    return f"{place.name} ({place.kind}{where})"


def how_to_name(session: Session, place: Place) -> str:
    """Return the unambiguous ways to name a place: its code and `name, governorate`."""
    outer = [p for p in lineage(session, place.id) if p.level == 1 and p.id != place.id]
    qualified = f"'{place.name}, {outer[0].name}'" if outer else None
    return " or ".join(x for x in (qualified, place.key) if x)
