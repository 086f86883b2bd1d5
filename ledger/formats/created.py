"""Claimants and sources an import makes (`--create`), a batch at a time.

A spreadsheet of a quarter of a million rows may name thousands of people and outlets the ledger
does not know: they are made together, a few queries and bulk inserts per batch, each still
logged as the `actor.add` or `source.add` it is. Names that differ only in case, spaces or
punctuation (`Facebook`, `facebook`; `Channels TV`, `ChannelsTV`) are one, kept as first written.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from ledger.formats.context import BUILTIN, Context
from ledger.formats.named import insert_ids
from ledger.geo.names import normalize, slugify
from ledger.store import journal
from ledger.store.bulk import insert_tuples
from ledger.store.db import chunks
from ledger.store.models import Actor, ActorName, SourceName


def create_named(context: Context, model: type, wanted: Iterable[str]) -> None:
    """Make the claimants (or sources) of a batch that are neither known nor made yet."""
    cache = context.named[model]
    firsts: dict[str, str] = {}
    wanted = [n for n in dict.fromkeys(wanted) if n not in cache and n != BUILTIN[model][0]]
    for name in wanted:
        norm = normalize(name)
        if not norm:
            continue
        made = context.created.get((model, norm))
        if made is not None:
            cache[name] = made
        else:
            firsts.setdefault(norm, name)
    if not firsts:
        return
    names = list(firsts.values())
    keys = _free_keys(context, model, names)
    kinds = [context.kinds.get(n, "other") if model is Actor else "other" for n in names]
    rows = [
        {"key": k, "name": n, "kind": kind} for k, n, kind in zip(keys, names, kinds, strict=True)
    ]
    ids = insert_ids(context.session, model, rows)
    table, column = (ActorName, "actor_id") if model is Actor else (SourceName, "source_id")
    spellings = [(i, normalize(n), n) for i, n in zip(ids, names, strict=True)]
    insert_tuples(context.session, table, (column, "norm", "name"), spellings)
    what = "actor" if model is Actor else "source"
    extra = (
        {"party": None} if model is Actor else {"url": None, "network": None, "reliability": None}
    )
    for row, new_id in zip(rows, ids, strict=True):
        journal.record(context.session, f"{what}.add", row["key"], {**row, "aliases": [], **extra})
        ref = (new_id, row["key"])
        cache[row["name"]] = context.created[model, normalize(row["name"])] = ref
    for name in wanted:
        if name not in cache and (model, normalize(name)) in context.created:
            cache[name] = context.created[model, normalize(name)]
    context.count("actors" if model is Actor else "sources", True, len(rows))


def _free_keys(context: Context, model: type, names: list[str]) -> list[str]:
    """Return an unused id for each name (`name`, else `name-2`, ...), in a few queries."""
    bases = [(slugify(n) or "unnamed")[:56].rstrip("-") for n in names]
    keys = list(bases)
    suffix = 1
    while True:
        taken = set()
        for chunk in chunks(sorted(set(keys))):
            taken |= set(
                context.session.execute(select(model.key).where(model.key.in_(chunk))).scalars()
            )
        seen: set[str] = set()
        clashes = []
        for n, key in enumerate(keys):
            if key in taken or key in seen:
                clashes.append(n)
            seen.add(key)
        if not clashes:
            return keys
        suffix += 1
        for n in clashes:
            keys[n] = f"{bases[n]}-{suffix}"
