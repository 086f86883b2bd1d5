"""Resolving what a user types to one place, and saying how it matched.

A name is tried in order: a spelling the place is known by (its own name or code: `exact`; an
alias: `alias`), then its transliteration key (`transliteration`: `Douma` finds `Duma`), then a
close spelling when only one place is that close (`fuzzy`). A kind word (`Hama city`) or a
containing place (`Hama, Hama`) narrows the candidates. Among several, a place containing the
others wins, then the most prominent: administrative level, population, claims.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from ledger.errors import LedgerError
from ledger.geo import prominence, qualifiers
from ledger.geo.keys import MIN_KEY, article_forms, name_key
from ledger.geo.names import normalize
from ledger.geo.prominence import Candidate
from ledger.store import tables

if TYPE_CHECKING:
    from sqlalchemy.engine import Row as Place

    from ledger.store.db import Reader

Places, Names, Ancestors = tables.place.c, tables.place_name.c, tables.place_ancestor.c
APPROXIMATE = ("transliteration", "fuzzy")
NAMESAKE = 75
"""How alike (0-100) another candidate's spelling must be to be named as sharing the name."""


@dataclass
class Resolution:
    """The place a name resolved to, how it matched, and the other places the name also fits."""

    place: Place
    others: list[Place] = field(default_factory=list)
    method: str = "exact"
    matched: str = ""

    @property
    def approximate(self) -> bool:
        return self.method in APPROXIMATE

    def to_json(self, query: str) -> dict:
        return {
            "query": query,
            "id": self.place.key,
            "method": self.method,
            "matched": self.matched,
        }


def resolve(session: Reader, text: str) -> Resolution:
    """Resolve a typed place name, code or `name, parent` to one place, or fail with suggestions."""
    query = qualifiers.parse(text)
    containers = [_containers(session, text, q) for q in query.within]
    found: list[Candidate] = []
    for reading, candidates in enumerate(_tiers(session, text, query)):
        for ids in containers:
            candidates = [c for c in candidates if _inside(session, c.place.id, ids)]
        for candidate in candidates:
            candidate.reading = max(reading, 1) if prominence.partial(candidate) else reading
        found += candidates
        if any(not prominence.weak(c) for c in candidates):
            break  # a less literal reading helps when all found are weak (`prominence.weak`)
    if found:
        return _choose(session, found, query)
    from ledger.geo.suggest import close_names

    close = close_names(session, query.name)
    if close.sure and not query.within and not query.kinds:
        guess = _choose(session, named(session, close.sure), query)
        guess.method = "fuzzy"
        return guess
    hint = f"; did you mean {' or '.join(close.names)}?" if close.names else ""
    raise LedgerError(f"no place {text!r}{hint}")


def _tiers(session: Reader, text: str, query: qualifiers.Query) -> Iterator[list[Candidate]]:
    """Yield the candidates of each reading of a name, from the most to the least literal."""
    readings = query.readings(text.split(",")[0].strip())
    for name, kinds in readings:
        yield _of_kind(named(session, name), kinds)
    for name, kinds in readings:
        key = name_key(name)
        if len(key) >= MIN_KEY:
            yield _of_kind(keyed(session, key, name), kinds)


def _of_kind(found: list[Candidate], kinds: tuple[str, ...]) -> list[Candidate]:
    return [c for c in found if c.place.kind in kinds] if kinds else found


def named(session: Reader, name: str) -> list[Candidate]:
    """Return the places known by this spelling, with or without its article (`Sweida` finds
    `As-Sweida`), telling their own names from aliases."""
    if not normalize(name):
        return []
    rows = session.execute(
        select(tables.place, Names.norm, Names.name.label("matched"))
        .join(tables.place_name, Names.place_id == Places.id)
        .where(Names.norm.in_(sorted(article_forms(name))))
    ).all()
    return [Candidate(r, r.matched, literal(r, r.norm)) for r in rows]


def keyed(session: Reader, key: str, typed: str = "") -> list[Candidate]:
    """Return the places one of whose names has this key, each with its spelling likest `typed`."""
    from rapidfuzz.fuzz import ratio

    rows = session.execute(
        select(tables.place, Names.norm, Names.name.label("matched"))
        .join(tables.place_name, Names.place_id == Places.id)
        .where(Names.key == key)
    ).all()
    norm = normalize(typed)
    rows.sort(key=lambda r: (-ratio(norm, r.norm), r.matched))
    by_place: dict[int, Candidate] = {}
    for row in rows:
        by_place.setdefault(row.id, Candidate(row, row.matched, "transliteration"))
    return list(by_place.values())


def literal(row, norm: str) -> str:  # type: ignore[no-untyped-def]
    own = {normalize(n) for n in (row.name, row.name_ar or "", row.key)}
    return "exact" if norm in own else "alias"


def _containers(session: Reader, text: str, name: str) -> set[int]:
    query = qualifiers.parse(name)
    for found in _tiers(session, name, query):
        if found:
            return {c.place.id for c in found}
    from ledger.geo.suggest import close_names

    hint = close_names(session, name).names
    did = f"; did you mean {' or '.join(hint)}?" if hint else ""
    raise LedgerError(f"no place {name!r} (in {text!r}){did}")


def _inside(session: Reader, place_id: int, container_ids: set[int]) -> bool:
    rows = session.execute(
        select(Ancestors.ancestor_id).where(Ancestors.place_id == place_id, Ancestors.depth > 0)
    )
    return bool(set(rows.scalars()) & container_ids)


def _choose(session: Reader, found: list[Candidate], query: qualifiers.Query) -> Resolution:
    by_id: dict[int, Candidate] = {}
    for c in found:  # a place named and aliased alike matched by its own name
        known = by_id.get(c.place.id)
        if not known or (c.reading, c.method != "exact") < (known.reading, known.method != "exact"):
            by_id[c.place.id] = c
    ranked = prominence.rank(session, list(by_id.values()), query.name, query.within)
    best = ranked[0]
    return Resolution(best.place, others(query.name, ranked), best.method, best.matched)


def others(name: str, ranked: list[Candidate]) -> list[Place]:
    """Return the other places worth naming: spelled like the name, not only keyed (`Manouba`)."""
    typed = normalize(name)
    return [c.place for c in ranked[1:] if prominence.likeness(typed, c) >= NAMESAKE]
