"""Resolving many place names at once, set-based: an import's names in a few queries.

Each chunk of names costs one query for their exact spellings (with and without the article)
and one for the transliteration keys of those still unknown. The candidates of all names are
ranked as `resolution.resolve` ranks them, with the facts that ranking needs (containing
countries and governorates, claims) fetched for all at once. A qualified or unknown name is
left to `resolution.resolve`, which reads kind words and suggests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session

from ledger.geo import prominence
from ledger.geo.keys import MIN_KEY, article_forms, name_key
from ledger.geo.prominence import Candidate
from ledger.geo.resolution import Resolution, literal, others
from ledger.store import tables
from ledger.store.bulk import LOOKUP
from ledger.store.db import chunks

Places, Names = tables.place.c, tables.place_name.c


def resolve_many(session: Session, names: Iterable[str]) -> dict[str, Resolution]:
    """Return the resolution of every name that one place plainly fits; leave out the rest."""
    plain = sorted({n for n in names if n.strip() and "," not in n})
    spelled = _by_spelling(session, plain)
    for name in plain:
        for c in spelled[name]:
            c.reading = 1 if prominence.partial(c) else 0
    literal_only = [n for n in plain if any(not prominence.weak(c) for c in spelled[n])]
    found = _settle(session, literal_only, spelled)
    rest = [n for n in plain if n not in found]
    keyed = _by_key(session, rest)
    for name in rest:  # a small city abroad yields to a transliteration, as in `resolve`
        for c in keyed[name]:
            c.reading = 1
        keyed[name] = spelled[name] + keyed[name]
    found.update(_settle(session, rest, keyed))
    return found


def _by_spelling(session: Session, names: list[str]) -> dict[str, list[Candidate]]:
    forms = {n: article_forms(n) for n in names}
    wanted = sorted({f for fs in forms.values() for f in fs})
    by_norm: dict[str, list] = defaultdict(list)
    for chunk in chunks(wanted, LOOKUP):
        rows = session.execute(
            select(tables.place, Names.norm, Names.name.label("matched"))
            .join(tables.place_name, Names.place_id == Places.id)
            .where(Names.norm.in_(chunk))
        )
        for row in rows:
            by_norm[row.norm].append(row)
    return {
        n: [Candidate(r, r.matched, literal(r, r.norm)) for f in forms[n] for r in by_norm[f]]
        for n in names
    }


def _by_key(session: Session, names: list[str]) -> dict[str, list[Candidate]]:
    keys = {n: name_key(n) for n in names}
    wanted = sorted({k for k in keys.values() if len(k) >= MIN_KEY})
    by_key: dict[str, list] = defaultdict(list)
    for chunk in chunks(wanted, LOOKUP):
        rows = session.execute(
            select(tables.place, Names.key.label("name_key"), Names.name.label("matched"))
            .join(tables.place_name, Names.place_id == Places.id)
            .where(Names.key.in_(chunk))
        )
        for row in rows:
            by_key[row.name_key].append(row)
    return {
        n: [Candidate(r, r.matched, "transliteration") for r in by_key.get(keys[n], [])]
        for n in names
    }


def _settle(
    session: Session, names: list[str], candidates: dict[str, list[Candidate]]
) -> dict[str, Resolution]:
    """Rank each name's candidates as `resolution.resolve` does, the facts fetched for all."""
    ids = sorted({c.place.id for n in names for c in candidates.get(n, [])})
    containers = prominence.containers_of(session, ids)
    counts = prominence.claim_totals(session, ids)
    settled = {}
    for name in names:
        found = _once(candidates.get(name, []))
        if found:
            ranked = prominence.order(found, name, (), containers, counts)
            best = ranked[0]
            settled[name] = Resolution(best.place, others(name, ranked), best.method, best.matched)
    return settled


def _once(found: list[Candidate]) -> list[Candidate]:
    by_id: dict[int, Candidate] = {}
    for c in found:  # a place named and aliased alike matched by its own name
        if c.place.id not in by_id or c.method == "exact":
            by_id[c.place.id] = c
    return list(by_id.values())
