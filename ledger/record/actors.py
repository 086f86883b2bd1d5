"""Claimants (actors) and sources: adding them and resolving them through their aliases.

`Syrian army`, `SAA` and `Syrian Arab Army` are one actor; an actor may speak for a party (the
army and the Ministry of Defence both for the government), which later decides whether two
claimants are independent of each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import insert, select
from sqlmodel import Session, SQLModel

from ledger import validation
from ledger.errors import LedgerError
from ledger.geo.names import KEY_PATTERN, normalize, slugify
from ledger.record import naming
from ledger.record.kinds import ACTOR_KINDS, RELIABILITY, SOURCE_KINDS
from ledger.store import journal
from ledger.store.models import Actor, ActorName, Source, SourceName

Entity = TypeVar("Entity", Actor, Source)
# model -> (its alias table, that table's foreign key, what users call it, its command group)
NAMES: dict[type, tuple[type[SQLModel], str, str, str]] = {
    Actor: (ActorName, "actor_id", "claimant", "actor"),
    Source: (SourceName, "source_id", "source", "source"),
}


def find(session: Session, model: type[Entity], name: str) -> list[Entity]:
    """Return the actors or sources whose key or any alias matches `name`."""
    names, column, _, _ = NAMES[model]
    by_key = session.execute(select(model).where(model.key == name)).scalars().first()
    if by_key is not None:
        return [by_key]
    statement = (
        select(model)
        .join(names, getattr(names, column) == model.id)
        .where(names.norm == normalize(name))
        .distinct()
    )
    return list(session.execute(statement).scalars())


def resolve(session: Session, model: type[Entity], name: str) -> Entity:
    """Return the one actor or source a name stands for, or explain what to do."""
    found = find(session, model, name)
    _, _, what, command = NAMES[model]
    naming.refuse(found, what, command, name)
    return found[0]


def add(
    session: Session,
    model: type[Entity],
    name: str,
    kind: str,
    *,
    key: str | None = None,
    aliases: Sequence[str] = (),
    party: str | None = None,
    url: str | None = None,
    network: str | None = None,
    reliability: str | None = None,
) -> Entity:
    """Add an actor or a source with its aliases; its key defaults to a slug of its name.

    An actor may speak for a party; a source may belong to a network and carry a reliability
    grade (see `ledger.record.registry`).
    """
    kinds = ACTOR_KINDS if model is Actor else SOURCE_KINDS
    _, _, what, command = NAMES[model]
    if kind not in kinds:
        raise LedgerError(f"unknown {what} kind {kind!r}: use one of {', '.join(kinds)}")
    name = validation.one_line(name, f"the {what} name") if name.strip() else ""
    aliases = [validation.one_line(alias, "an alias") for alias in aliases]
    url = validation.web_address(url, "--url") if url and url.strip() else None
    key = key or slugify(name)
    if not name or not KEY_PATTERN.match(key):
        raise LedgerError(f"{what} {name!r} needs an id of letters, digits and hyphens (--id)")
    clash = find(session, model, key) or find(session, model, name)
    if clash:
        raise LedgerError(f"{what} {name!r} already exists as {clash[0].key!r}")
    aliases = sorted(set(aliases))  # in the journal's order, so that a replay picks alike
    payload: dict = {"key": key, "name": name, "kind": kind, "aliases": aliases}
    entity: Actor | Source
    if model is Actor:
        speaks_for = resolve(session, Actor, party) if party else None
        entity = Actor(key=key, name=name, kind=kind, party_id=speaks_for and speaks_for.id)
        payload["party"] = speaks_for and speaks_for.key
    else:
        grade = check_grade(reliability)
        within = resolve(session, Source, network) if network else None
        entity = Source(key=key, name=name, kind=kind, url=url, reliability=grade)
        entity.network_id = within and within.id
        payload |= {"url": url, "network": within and within.key, "reliability": grade}
    session.add(entity)
    session.flush()
    add_aliases(session, entity, [name, *aliases])
    journal.record(session, f"{command}.add", key, payload)
    return entity  # type: ignore[return-value]


def check_grade(grade: str | None) -> str | None:
    """Return a reliability grade as stored (A-F), None for none, or fail naming the scale."""
    found = (grade or "").strip().upper()
    if found and found not in RELIABILITY:
        raise LedgerError(
            f"unknown reliability {grade!r}: use a grade A to F"
            " (A completely reliable ... E unreliable, F cannot be judged)"
        )
    return found or None


def add_aliases(session: Session, entity: Actor | Source, aliases: Sequence[str]) -> int:
    """Add spellings an actor or source is known by; return how many were new."""
    names, column, _, _ = NAMES[type(entity)]
    have = set(
        session.execute(select(names.norm).where(getattr(names, column) == entity.id)).scalars()
    )
    rows = {}
    for alias in aliases:
        validation.one_line(alias, "an alias")
        norm = normalize(alias)
        if norm and norm not in have:
            rows.setdefault(norm, {column: entity.id, "norm": norm, "name": alias.strip()})
    if rows:
        session.execute(insert(names), list(rows.values()))
    return len(rows)
