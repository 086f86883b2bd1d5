"""The state of one import: the transaction, its options, and names already resolved.

Names are resolved a batch at a time: one query finds every claimant, source or place a batch
names by its id, one more finds the rest through their aliases, and the answers are kept for the
batches after it. Only names that are neither ids nor plain aliases (ambiguous or qualified
place names) fall back to the one-by-one resolution of `ledger.places`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.formats.model import ImportReport
from ledger.geo import bulk_resolution, notes, places, resolution
from ledger.geo.names import normalize, slugify
from ledger.record import actors
from ledger.record.ratings import Ratings
from ledger.store import journal
from ledger.store.bulk import Converter, Ids
from ledger.store.db import chunks
from ledger.store.journal import Writer
from ledger.store.models import Actor, ActorName, Claim, Place, Source, SourceName

Ref = tuple[int, str]
"""A resolved record: its internal id and its key."""

UNATTRIBUTED = "unattributed"
UNKNOWN_SOURCE = "unknown-source"
BUILTIN = {
    Actor: (UNATTRIBUTED, "Unattributed", "other"),
    Source: (UNKNOWN_SOURCE, "Unknown source", "other"),
}
"""What a claim with no claimant (no source) is recorded under: made when first needed."""

_ALIASES = {Actor: (ActorName, ActorName.actor_id), Source: (SourceName, SourceName.source_id)}


@dataclass
class Context:
    session: Session
    create_places: bool = False
    create: bool = False
    kinds: dict[str, str] = field(default_factory=dict)
    report: ImportReport = field(default_factory=ImportReport)
    named: dict[type, dict[str, Ref | list[str]]] = field(
        default_factory=lambda: {Actor: {}, Source: {}}
    )
    place_refs: dict[str, Ref] = field(default_factory=dict)
    created: dict[tuple[type, str], Ref] = field(default_factory=dict)
    ratings: Ratings = field(default_factory=Ratings)
    date_order: str | None = None
    claim_floor: int = 0
    _ids: dict[type, Ids] = field(default_factory=dict)
    _converters: dict[tuple[type, str], Converter] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.claim_floor = self.ids(Claim).floor

    @property
    def writer(self) -> Writer:
        return journal.writer(self.session)

    def ids(self, model: type) -> Ids:
        """Return the id counter of a table, for the whole import."""
        if model not in self._ids:
            self._ids[model] = Ids(self.session, model)
        return self._ids[model]

    def converter(self, model: type, column: str) -> Converter:
        """Return the converter of a column's values into the driver's terms."""
        if (model, column) not in self._converters:
            self._converters[model, column] = Converter(self.session, model, column)
        return self._converters[model, column]

    def count(self, section: str, added: bool, n: int = 1) -> None:
        (self.report.added if added else self.report.unchanged)[section] += n

    # --- claimants and sources ----------------------------------------------------------------

    def prefetch_named(self, model: type, wanted: Iterable[str]) -> None:
        """Resolve a batch's claimant or source names: by id, then by alias, two queries."""
        cache = self.named[model]
        todo = sorted({n for n in wanted if n and n not in cache})
        for chunk in chunks(todo):
            rows = self.session.execute(select(model.id, model.key).where(model.key.in_(chunk)))
            cache.update((key, (i, key)) for i, key in rows)
        by_norm: dict[str, set[Ref]] = defaultdict(set)
        norms = sorted({normalize(n) for n in todo if n not in cache})
        table, column = _ALIASES[model]
        for chunk in chunks(norms):
            rows = self.session.execute(
                select(table.norm, model.id, model.key)
                .join(model, model.id == column)
                .where(table.norm.in_(chunk))
            )
            for norm, i, key in rows:
                by_norm[norm].add((i, key))
        for name in todo:
            found = by_norm.get(normalize(name), set())
            if name not in cache and found:
                cache[name] = next(iter(found)) if len(found) == 1 else sorted(k for _, k in found)

    def named_ref(self, model: type, name: str, kind: str = "other") -> Ref:
        """Return a prefetched claimant or source; create an unknown one when asked to."""
        found = self.named[model].get(name)
        if isinstance(found, tuple):
            return found
        if isinstance(found, list):
            what = "claimant" if model is Actor else "source"
            raise LedgerError(f"{what} {name!r} is ambiguous: name one of {', '.join(found)}")
        made = self.created.get((model, normalize(name)))
        if made is not None:  # `Facebook` made earlier in this import, now spelt `facebook`
            self.named[model][name] = made
            return made
        builtin = BUILTIN[model] if name == BUILTIN[model][0] else None
        if builtin is not None:
            key, name, kind = builtin
        elif not self.create:
            actors.resolve(self.session, model, name)  # raises the usual "no claimant" error
        else:
            key = _free_key(self, model, name)
            kind = self.kinds.get(name, kind) if model is Actor else kind
        entity = actors.add(self.session, model, name, kind, key=key)
        ref = (entity.id, entity.key)
        self.named[model][builtin[0] if builtin else name] = ref  # type: ignore[assignment]
        self.created[model, normalize(name)] = ref  # type: ignore[assignment]
        self.count("actors" if model is Actor else "sources", True)
        return ref  # type: ignore[return-value]

    # --- places -------------------------------------------------------------------------------

    def prefetch_places(self, wanted: Iterable[str]) -> None:
        """Resolve the places of a batch set-based: ids in one query, plain names in a few.

        Qualified, ambiguous and unknown names resolve one by one later.
        """
        todo = sorted({n for n in wanted if n not in self.place_refs})
        for chunk in chunks(todo):
            rows = self.session.execute(select(Place.id, Place.key).where(Place.key.in_(chunk)))
            self.place_refs.update((key, (i, key)) for i, key in rows)
        rest = [n for n in todo if n not in self.place_refs]
        for name, found in bulk_resolution.resolve_many(self.session, rest).items():
            self.place_refs[name] = (found.place.id, found.place.key)
            self.note_place(name, found)

    def note_place(self, name: str, found: resolution.Resolution) -> None:
        """Keep what to tell the user about how a place name was read (`ledger.geo.notes`)."""
        self.report.notes.extend(notes.notes(self.session, name, found))

    def place_ref(self, name: str) -> Ref:
        """Return the place a name stands for: by id, by name, or newly created if allowed."""
        if name in self.place_refs:
            return self.place_refs[name]
        try:
            found = resolution.resolve(self.session, name)
            place = found.place
            self.note_place(name, found)
        except LedgerError:
            if not self.create_places:
                raise
            place = _create_place(self, name)
        self.place_refs[name] = (place.id, place.key)  # type: ignore[assignment]
        return self.place_refs[name]


def _free_key(context: Context, model: type, name: str) -> str:
    """Return an unused id made from a name (`name`, `name-2`, ...)."""
    base = (slugify(name) or "unnamed")[:56].rstrip("-")
    key, n = base, 1
    while context.session.execute(select(model.id).where(model.key == key)).first():
        n += 1
        key = f"{base}-{n}"
    return key


def _create_place(context: Context, name: str) -> Place:
    """Create an unknown place as kind `other`: under its qualifier (`Name, Parent`) if given."""
    own, _, qualifier = (part.strip() for part in name.partition(","))
    parent = resolution.resolve(context.session, qualifier).place if qualifier else None
    spec = places.PlaceSpec(
        key=_free_key(context, Place, own),
        name=own,
        kind="other",
        parent=parent.key if parent else None,
    )
    (place_id,) = places.add_places(context.session, [spec])
    places.log_places(context.session, [spec])
    context.count("places", True)
    return context.session.get(Place, place_id)  # type: ignore[return-value]
