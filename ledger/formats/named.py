"""Importing places, claimants and sources, a batch at a time.

A record whose id the ledger already has only adds the aliases it brings; a new one is inserted
with its names in bulk, parents (places, parties) before the records that name them.
"""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.formats import fields
from ledger.formats.context import Context
from ledger.formats.fields import Item, located
from ledger.geo import places
from ledger.geo.names import KEY_PATTERN, normalize
from ledger.record import actors
from ledger.store import journal
from ledger.store.bulk import Ids, insert_tuples
from ledger.store.models import PLACE_KINDS, Actor, ActorName, Source, SourceName


def insert_rows(session: Session, model: type, rows: list[dict]) -> None:
    """Insert rows in bulk, through the table (the ORM would inspect every row)."""
    if rows:
        session.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]


def insert_ids(session: Session, model: type, rows: list[dict]) -> list[int]:
    """Insert rows of plain values (no dates) in bulk, with ids handed out; return the ids."""
    if not rows:
        return []
    counter = Ids(session, model)
    ids = list(counter.take(len(rows)))
    columns = ("id", *rows[0])
    values = [(i, *row.values()) for i, row in zip(ids, rows, strict=True)]
    insert_tuples(session, model, columns, values)
    counter.settle()
    return ids


def _unique_key(item: Item, seen: dict[str, str], what: str) -> str:
    key = str(item.record["id"]).strip()
    if not KEY_PATTERN.match(key):
        raise LedgerError(f"{what} id {key!r} must be letters, digits, '.', '_' or '-'")
    if key in seen:
        raise LedgerError(f"duplicate {what} id {key!r} (first at {seen[key]})")
    seen[key] = item.where
    return key


def import_places(context: Context, items: list[Item]) -> None:
    """Add new places (with hierarchy and names) and the aliases given for known ones."""
    session = context.session
    known = places.keys_to_ids(session, (str(i.record["id"]).strip() for i in items))
    parents = places.keys_to_ids(session, (str(i.record.get("parent")) for i in items))
    specs: list[places.PlaceSpec] = []
    seen: dict[str, str] = {}
    for item in items:
        with located(item):
            key = _unique_key(item, seen, "place")
            aliases = fields.names(item.record)
            if key in known:
                added = places.add_names(session, ((known[key], n) for n in aliases))
                if added:
                    journal.record(session, "place.alias", key, {"aliases": aliases})
                context.count("places", bool(added))
                continue
            spec = _place_spec(item.record, key, aliases)
            if spec.parent and spec.parent not in parents and spec.parent not in seen:
                raise LedgerError(f"place {key!r}: no parent place {spec.parent!r}")
            specs.append(spec)
    places.add_places(session, specs)
    places.log_places(session, specs)
    context.count("places", True, len(specs))


def _place_spec(record: dict, key: str, aliases: list[str]) -> places.PlaceSpec:
    name, kind = fields.text(record, "name"), fields.text(record, "kind")
    if not name or not kind:
        raise LedgerError(f"no place {key!r}: a new place needs `name` and `kind`")
    if kind not in PLACE_KINDS:
        raise LedgerError(f"unknown place kind {kind!r}: use one of {', '.join(PLACE_KINDS)}")
    return places.PlaceSpec(
        key=key,
        name=name,
        kind=kind,
        parent=fields.text(record, "parent"),
        name_ar=fields.text(record, "name_ar"),
        aliases=aliases,
        gazetteer=fields.text(record, "gazetteer"),
        lat=fields.number(record, "lat"),
        lon=fields.number(record, "lon"),
    )


def import_named(context: Context, items: list[Item], model: type) -> None:
    """Add new claimants or sources in bulk, and the aliases given for known ones."""
    session, section = context.session, "actors" if model is Actor else "sources"
    what = "actor" if model is Actor else "source"
    keys = [str(i.record["id"]).strip() for i in items]
    known = dict(session.execute(select(model.key, model.id).where(model.key.in_(keys))).all())
    new: list[tuple[Item, dict]] = []
    seen: dict[str, str] = {}
    for item in items:
        with located(item):
            key = _unique_key(item, seen, what)
            if key in known:
                entity = session.get(model, known[key])
                added = actors.add_aliases(session, entity, fields.names(item.record))
                if added:
                    journal.record(
                        session, f"{what}.alias", key, {"aliases": fields.names(item.record)}
                    )
                context.count(section, bool(added))
            else:
                new.append((item, _named_row(model, item.record, key)))
    _refuse_name_clashes(context, model, new)
    _insert_named(context, model, new)
    context.count(section, True, len(new))


def _named_row(model: type, record: dict, key: str) -> dict:
    kinds = actors.ACTOR_KINDS if model is Actor else actors.SOURCE_KINDS
    kind, name = str(record["kind"]).strip(), str(record["name"]).strip()
    what = "claimant" if model is Actor else "source"
    if kind not in kinds:
        raise LedgerError(f"unknown {what} kind {kind!r}: use one of {', '.join(kinds)}")
    row = {"key": key, "name": name, "kind": kind, "aliases": fields.names(record)}
    row["parent"] = fields.text(record, _PARENT[model])
    if model is Source:
        row["url"] = fields.text(record, "url")
        row["reliability"] = actors.check_grade(fields.text(record, "reliability"))
    return row


_PARENT = {Actor: "party", Source: "network"}
"""The field naming what an actor speaks for, or what a source belongs to."""


def _refuse_name_clashes(context: Context, model: type, new: list[tuple[Item, dict]]) -> None:
    """Refuse a new record whose name is already another record's name or alias."""
    context.prefetch_named(model, [row["name"] for _, row in new])
    what = "claimant" if model is Actor else "source"
    for item, row in new:
        clash = context.named[model].get(row["name"])
        if clash:
            other = clash[1] if isinstance(clash, tuple) else clash[0]
            raise LedgerError(f"{item.where}: {what} {row['name']!r} already exists as {other!r}")


def _insert_named(context: Context, model: type, new: list[tuple[Item, dict]]) -> None:
    """Insert parties (networks) before the actors (outlets) within them; then names and log."""
    ids: dict[str, int] = {}
    batch = {r["key"] for _, r in new}
    context.prefetch_named(model, [r["parent"] for _, r in new if r["parent"] not in batch])
    waiting = new
    while waiting:
        ready = [(i, r) for i, r in waiting if _parent_ready(context, model, i, r, ids, batch)]
        if not ready:
            raise LedgerError(
                f"{waiting[0][0].where}: {_PARENT[model]} fields name each other in a cycle"
            )
        rows = [_table_row(model, r, ids, context) for _, r in ready]
        for (_, row), new_id in zip(ready, insert_ids(context.session, model, rows), strict=True):
            ids[row["key"]] = new_id
        waiting = [(i, r) for i, r in waiting if r["key"] not in ids]
    _insert_names(context, model, [r for _, r in new], ids)
    what = "actor" if model is Actor else "source"
    for _, row in new:
        payload = {k: row[k] for k in ("key", "name", "kind")}
        payload["aliases"] = sorted(set(row["aliases"]))
        parent = row["parent"]
        payload[_PARENT[model]] = parent and _parent_key(context, model, parent, ids)
        if model is Source:
            payload |= {"url": row["url"], "reliability": row["reliability"]}
        journal.record(context.session, f"{what}.add", row["key"], payload)
        context.named[model][row["key"]] = (ids[row["key"]], row["key"])


def _parent_ready(
    context: Context, model: type, item: Item, row: dict, ids: dict, batch: set[str]
) -> bool:
    """Whether an actor's party (a source's network) is in the ledger already; fail if nowhere."""
    parent = row.get("parent")
    if parent is None or parent in ids:
        return True
    if parent == row["key"]:
        raise LedgerError(f"{item.where}: {parent!r} cannot be its own {_PARENT[model]}")
    if parent in batch:
        return False
    if not isinstance(context.named[model].get(parent), tuple):
        with located(item):
            actors.resolve(context.session, model, parent)  # raises: ambiguous or unknown
    return True


def _parent_key(context: Context, model: type, parent: str, ids: dict[str, int]) -> str:
    return parent if parent in ids else context.named[model][parent][1]  # type: ignore[index]


def _table_row(model: type, row: dict, ids: dict[str, int], context: Context) -> dict:
    table_row = {"key": row["key"], "name": row["name"], "kind": row["kind"]}
    parent = row["parent"]
    column = "party_id" if model is Actor else "network_id"
    table_row[column] = (
        None if parent is None else ids.get(parent) or context.named[model][parent][0]
    )
    if model is Source:
        table_row |= {"url": row["url"], "reliability": row["reliability"]}
    return table_row


def _insert_names(context: Context, model: type, rows: list[dict], ids: dict[str, int]) -> None:
    table, column = (ActorName, "actor_id") if model is Actor else (SourceName, "source_id")
    names: dict[tuple[int, str], dict] = {}
    for row in rows:
        for name in (row["name"], *sorted(set(row["aliases"]))):  # as the journal lists them
            norm = normalize(name)
            if norm:
                key = (ids[row["key"]], norm)
                names.setdefault(key, {column: key[0], "norm": norm, "name": name.strip()})
    rows = [(row[column], row["norm"], row["name"]) for row in names.values()]
    insert_tuples(context.session, table, (column, "norm", "name"), rows)
