"""Listing, describing and changing actors and sources once they exist.

An actor's party and a source's network can be set, changed or cleared at any time (never so
that one speaks for itself); renaming keeps the old name as an alias, so lookups by it still
work. Every change is one journal entry with the actor's or source's whole new state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlmodel import Session

from ledger import validation
from ledger.errors import LedgerError
from ledger.geo.names import normalize
from ledger.record import actors, camps
from ledger.record.actors import Entity
from ledger.record.kinds import ACTOR_KINDS, SOURCE_KINDS
from ledger.store import journal, tables
from ledger.store.models import Actor, Claim, Source

_CLEAR = ""
"""Given for an optional field (party, network, reliability, URL), the empty string clears it."""


@dataclass
class Change:
    """What to change in an actor or source; None keeps a field, "" clears an optional one."""

    name: str | None = None
    kind: str | None = None
    add_aliases: Sequence[str] = ()
    drop_aliases: Sequence[str] = ()
    parent: str | None = None
    """The party an actor speaks for, or the network a source belongs to."""
    url: str | None = None
    reliability: str | None = None

    def is_empty(self) -> bool:
        return not (self.add_aliases or self.drop_aliases) and all(
            v is None for v in (self.name, self.kind, self.parent, self.url, self.reliability)
        )


@dataclass
class Entry:
    """An actor or source as listed: its nesting above it, aliases, what is below and claims."""

    entity: Actor | Source
    above: list[Actor | Source]
    aliases: list[str]
    below: list[Actor | Source] = field(default_factory=list)
    claims: int = 0

    def to_json(self) -> dict:
        entity = self.entity
        found = {"id": entity.key, "name": entity.name, "kind": entity.kind}
        if isinstance(entity, Source):
            found |= {"url": entity.url, "reliability": entity.reliability}
        above = [{"id": e.key, "name": e.name} for e in self.above]
        outer = "camp" if isinstance(entity, Actor) else "network"
        return {
            **found,
            "aliases": self.aliases,
            "within": above,
            outer: above[-1] if above else {"id": entity.key, "name": entity.name},
            "members": [{"id": e.key, "name": e.name} for e in self.below],
            "claims": self.claims,
        }


def _parent_column(model: type[Entity]) -> str:
    return "party_id" if model is Actor else "network_id"


def describe(session: Session, model: type[Entity], name: str) -> Entry:
    """Return one actor or source with its nesting, aliases, members and claim count."""
    entity = actors.resolve(session, model, name)
    return _entries(session, model, [entity], with_members=True)[0]


def listing(session: Session, model: type[Entity]) -> list[Entry]:
    """Return every actor or source, by id."""
    found = list(session.execute(select(model).order_by(model.key)).scalars())
    return _entries(session, model, found)


def _entries(
    session: Session, model: type[Entity], found: list, with_members: bool = False
) -> list[Entry]:
    table = tables.actor if model is Actor else tables.source
    parent = camps.parents(session, table, [e.id for e in found])
    rows = {e.id: e for e in session.execute(select(model).where(model.id.in_(parent))).scalars()}
    names, column, _, _ = actors.NAMES[model]
    alias_rows = session.execute(select(getattr(names, column), names.name).order_by(names.name))
    aliases: dict[int, list[str]] = {}
    for owner, alias in alias_rows:
        aliases.setdefault(owner, []).append(alias)
    counted = Claim.claimant_id if model is Actor else Claim.source_id
    counts = dict(session.execute(select(counted, func.count()).group_by(counted)).all())
    entries = []
    for entity in found:
        above = [rows[i] for i in camps.chain(entity.id, parent)[1:]]
        others = [a for a in aliases.get(entity.id, []) if a != entity.name]
        entry = Entry(entity, above, others, claims=counts.get(entity.id, 0))
        if with_members:
            members = select(model).where(getattr(model, _parent_column(model)) == entity.id)
            entry.below = list(session.execute(members.order_by(model.key)).scalars())
        entries.append(entry)
    return entries


def edit(session: Session, model: type[Entity], name: str, change: Change) -> Entity:
    """Change an actor or source; its id stays, and the journal records its new state."""
    entity = actors.resolve(session, model, name)
    _, _, what, command = actors.NAMES[model]
    if change.is_empty():
        raise LedgerError(f"nothing to change in {what} {entity.key!r}: give what to change")
    if change.kind is not None:
        kinds = ACTOR_KINDS if model is Actor else SOURCE_KINDS
        if change.kind not in kinds:
            raise LedgerError(f"unknown {what} kind {change.kind!r}: use one of {', '.join(kinds)}")
        entity.kind = change.kind
    if change.name is not None:
        _rename(session, model, entity, change.name)
    if change.parent is not None:
        _nest(session, model, entity, change.parent)
    if model is Source:
        _source_fields(entity, change)  # type: ignore[arg-type]
    elif change.url is not None or change.reliability is not None:
        raise LedgerError("--url and --reliability belong to sources, not actors")
    actors.add_aliases(session, entity, list(change.add_aliases))
    _drop_aliases(session, model, entity, change.drop_aliases)
    session.flush()
    journal.record(session, f"{command}.edit", entity.key, state(session, model, entity))
    return entity


def _rename(session: Session, model: type[Entity], entity: Entity, name: str) -> None:
    name = name.strip()
    if not name:
        raise LedgerError("a name must not be empty")
    clash = [e for e in actors.find(session, model, name) if e.id != entity.id]
    if clash:
        raise LedgerError(f"{name!r} already names {clash[0].key!r}")
    actors.add_aliases(session, entity, [entity.name, name])
    entity.name = name


def _nest(session: Session, model: type[Entity], entity: Entity, parent: str) -> None:
    column = _parent_column(model)
    if parent == _CLEAR:
        setattr(entity, column, None)
        return
    above = actors.resolve(session, model, parent)
    table = tables.actor if model is Actor else tables.source
    if entity.id in camps.chain(above.id, camps.parents(session, table, [above.id])):
        what = "speak for" if model is Actor else "belong to"
        raise LedgerError(f"{entity.key!r} cannot {what} {above.key!r}, which is within it already")
    setattr(entity, column, above.id)


def _source_fields(source: Source, change: Change) -> None:
    if change.url is not None:
        url = change.url.strip()
        source.url = validation.web_address(url, "--url") if url else None
    if change.reliability is not None:
        source.reliability = actors.check_grade(change.reliability)


def _drop_aliases(
    session: Session, model: type[Entity], entity: Entity, drop: Sequence[str]
) -> None:
    names, column, _, _ = actors.NAMES[model]
    for alias in drop:
        norm = normalize(alias)
        if norm == normalize(entity.name):
            raise LedgerError(f"{alias!r} is the name of {entity.key!r}: rename it instead")
        gone = session.execute(
            delete(names).where(getattr(names, column) == entity.id, names.norm == norm)
        )
        if not gone.rowcount:  # type: ignore[attr-defined]
            raise LedgerError(f"{entity.key!r} has no alias {alias!r}")


def state(session: Session, model: type[Entity], entity: Entity) -> dict:
    """Return an actor or source as the journal records it: by keys, with its aliases."""
    names, column, _, _ = actors.NAMES[model]
    aliases = session.execute(select(names.name).where(getattr(names, column) == entity.id))
    parent_id = getattr(entity, _parent_column(model))
    parent = session.get(model, parent_id) if parent_id else None
    found = {
        "key": entity.key,
        "name": entity.name,
        "kind": entity.kind,
        "aliases": sorted(set(aliases.scalars())),
    }
    if model is Actor:
        return found | {"party": parent.key if parent else None}
    return found | {
        "url": entity.url,  # type: ignore[union-attr]
        "network": parent.key if parent else None,
        "reliability": entity.reliability,  # type: ignore[union-attr]
    }
