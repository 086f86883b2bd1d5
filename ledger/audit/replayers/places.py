"""Replaying places: rows, hierarchy and names (`place`, `place_ancestor`, `place_name`).

Every place is journaled as its own `place.add` entry, gazetteer loads included. Ledgers whose
gazetteer load was journaled as a count only (before every place was) are checked by that
count, and `ledger verify` says so.
"""

from __future__ import annotations

import itertools
from typing import Any, NamedTuple

from sqlalchemy import select, text
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.audit.replay import UNRECORDED, Entry, Replayer, compare_rows, stream
from ledger.errors import LedgerError
from ledger.geo.keys import index_key
from ledger.geo.names import normalize
from ledger.store.models import Place, PlaceName


class PlaceRow(NamedTuple):
    name: str
    name_ar: str | None
    kind: str
    level: int
    parent: str | None
    gazetteer: str | None
    lat: float | None
    lon: float | None
    population: int | None


def add_names(names: dict[str, Any], spellings: list[str], keyed: bool | None = None) -> None:
    """Add spellings as `ledger.geo.places.add_names` does: the first of each lookup key wins.

    A place's names also carry their transliteration key (`ledger.geo.keys`) if the place is
    `keyed` (countries and cities outside the Arabic-speaking world are not); actors' and
    sources' names (`keyed` None) carry none.
    """
    for spelling in spellings:
        if spelling:
            norm = normalize(spelling)
            if norm and norm not in names:
                name = spelling.strip()
                names[norm] = name if keyed is None else (name, index_key(name) if keyed else None)


class Places(Replayer):
    actions = ("place.add", "place.alias", "gazetteer.load")

    def __init__(self, replay: Any) -> None:
        super().__init__(replay)
        self.rows: dict[str, PlaceRow] = {}
        self.names: dict[str, dict[str, str]] = {}
        self.counted_only = 0
        """Places a gazetteer load of an older version journaled only as a count."""

    def apply(self, entry: Entry) -> None:
        payload = entry.payload
        if entry.action == "gazetteer.load":
            if not payload.get("journaled"):
                self.counted_only += int(payload["places_added"])
            return
        key = entry.subject
        if entry.action == "place.alias":  # an alias added later is keyed as a Latin name
            add_names(self.names.setdefault(key, {}), list(payload["aliases"]), keyed=True)
            return
        if key in self.rows:
            raise ValueError(f"place {key!r} was already added")
        self.rows[key] = self._row(payload)
        spellings = [payload["name"], payload.get("name_ar"), key, *payload.get("aliases", [])]
        # Places logged before keys existed were keyed by the migration: all but countries
        keyed = payload.get("keyed", payload["kind"] != "country")
        add_names(self.names.setdefault(key, {}), spellings, keyed=keyed)

    def _row(self, payload: dict[str, Any]) -> PlaceRow:
        parent = payload.get("parent")
        if parent is None:
            level: Any = 0
        elif parent in self.rows:
            above = self.rows[parent].level
            level = UNRECORDED if above is UNRECORDED else above + 1
        elif self.counted_only:
            level = UNRECORDED  # the parent came with a gazetteer journaled as a count
        else:
            raise KeyError(f"no parent place {parent!r} in the journal")
        return PlaceRow(
            name=payload["name"],
            name_ar=payload.get("name_ar"),
            kind=payload["kind"],
            level=level,
            parent=parent,
            gazetteer=payload.get("gazetteer"),
            lat=payload.get("lat"),
            lon=payload.get("lon"),
            population=payload.get("population"),
        )

    def counts(self) -> dict[str, int]:
        return {"places": len(self.rows) + self.counted_only}

    def warnings(self) -> list[str]:
        if not self.counted_only:
            return []
        return [
            f"{self.counted_only} places of a gazetteer loaded by an older version of ledger are"
            " journaled as a count only: their rows and names are checked by that count"
        ]

    def compare(self, session: Session) -> None:
        logged = set(self.rows)
        unlogged = self._compare_rows(session)
        names = {
            k: tuple(sorted((norm, *named) for norm, named in v.items()))
            for k, v in self.names.items()
            if k in logged
        }
        self.names.clear()
        compare_rows("place", names, self._stored_names(session, unlogged), "names", absent=())
        _check_hierarchy(session)

    def _compare_rows(self, session: Session) -> set[str]:
        """Compare the place rows; return the keys of places only a count vouches for."""
        unlogged: set[str] = set()

        def stored() -> Any:
            for key, row in _stored(session):
                if key in self.rows or not self.counted_only:
                    yield key, row
                else:
                    unlogged.add(key)

        compare_rows("place", self.rows, stored())
        if len(unlogged) != self.counted_only:
            raise LedgerError(
                f"the ledger has {len(unlogged)} places that no journal entry names, the"
                f" gazetteer loads journaled as a count added {self.counted_only}: places were"
                " added or removed behind the ledger's back"
            )
        return unlogged

    @staticmethod
    def _stored_names(session: Session, unlogged: set[str]) -> Any:
        statement = (
            select(Place.key, PlaceName.norm, PlaceName.name, PlaceName.key)
            .join(Place, Place.id == PlaceName.place_id)
            .order_by(PlaceName.place_id)
        )
        for key, group in itertools.groupby(stream(session, statement), key=lambda row: row[0]):
            if key not in unlogged:
                yield key, tuple(sorted((norm, name, k) for _, norm, name, k in group))


def _stored(session: Session) -> Any:
    parent = aliased(Place)
    statement = select(
        Place.key,
        Place.name,
        Place.name_ar,
        Place.kind,
        Place.level,
        parent.key,
        Place.gazetteer,
        Place.lat,
        Place.lon,
        Place.population,
    ).join(parent, parent.id == Place.parent_id, isouter=True)
    for key, *values in stream(session, statement):
        yield key, PlaceRow(*values)


_HIERARCHY = """
WITH RECURSIVE up (place_id, ancestor_id, depth) AS (
    SELECT id, id, 0 FROM place
    UNION ALL
    SELECT up.place_id, p.parent_id, up.depth + 1
    FROM up JOIN place p ON p.id = up.ancestor_id
    WHERE p.parent_id IS NOT NULL AND up.depth < 64
),
missing AS (
    SELECT place_id, ancestor_id, depth FROM up
    EXCEPT SELECT place_id, ancestor_id, depth FROM place_ancestor
),
extra AS (
    SELECT place_id, ancestor_id, depth FROM place_ancestor
    EXCEPT SELECT place_id, ancestor_id, depth FROM up
),
wrong AS (
    SELECT 'missing' AS what, place_id, ancestor_id, depth FROM missing
    UNION ALL SELECT 'extra', place_id, ancestor_id, depth FROM extra
)
SELECT w.what, p.key, a.key, w.depth FROM wrong w
LEFT JOIN place p ON p.id = w.place_id
LEFT JOIN place a ON a.id = w.ancestor_id
ORDER BY p.key, w.depth
LIMIT 1
"""


def _check_hierarchy(session: Session) -> None:
    """Check the place hierarchy's closure against the parents (themselves checked above)."""
    wrong = session.execute(text(_HIERARCHY)).first()
    if wrong is None:
        return
    what, place, ancestor, depth = wrong
    if what == "missing":
        raise LedgerError(
            f"place {place!r} is not listed within {ancestor!r} (depth {depth}) though its"
            " parents say so: the place hierarchy was changed behind the ledger's back"
        )
    raise LedgerError(
        f"place {place!r} is listed within {ancestor!r} (depth {depth}), which its parents do"
        " not say: the place hierarchy was changed behind the ledger's back"
    )
