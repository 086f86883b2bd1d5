"""How well place names as the world writes them resolve: the evaluation of issue 9.

    python -m benchmarks.places_eval              # on a fresh SQLite ledger, the summary
    python -m benchmarks.places_eval --show wrong # and every name resolved to a wrong place

Each name of tests/data/syria-geonames-names.tsv (GeoNames' names of Syrian populated places,
with the OCHA community each names) is resolved as `ledger place` would. A name is `right` when
it resolves to that community, `area` when it resolves to an administrative area named after the
community and containing it (`Manbij` -> Manbij district, which `Manbij city` or `Manbij, Aleppo`
narrows), `wrong` when it resolves to another place, `missed` when it does not resolve.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.geo import resolution
from ledger.geo.keys import name_key
from ledger.store import tables

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "syria-geonames-names.tsv"
OUTCOMES = ("right", "area", "wrong", "missed")


@dataclass
class Evaluation:
    counts: Counter = field(default_factory=Counter)
    cases: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, outcome: str) -> float:
        return self.counts[outcome] / self.total if self.total else 0.0

    def summary(self) -> str:
        parts = [f"{o} {self.counts[o]} ({self.share(o):.1%})" for o in OUTCOMES]
        return f"{self.total} names: " + ", ".join(parts)


def names(path: Path = DATA) -> list[tuple[str, str]]:
    """Return the (name, pcode) pairs of the evaluation file."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and not line.startswith("name\t"):
            name, pcode = line.split("\t")[:2]
            rows.append((name, pcode))
    return rows


def evaluate(session: Session, pairs: list[tuple[str, str]]) -> Evaluation:
    """Resolve every name and sort it into right, area, wrong or missed."""
    result = Evaluation(cases={o: [] for o in OUTCOMES})
    for name, pcode in pairs:
        try:
            got = resolution.resolve(session, name).place.key
        except LedgerError:
            got = ""
        outcome = _outcome(session, got, pcode)
        result.counts[outcome] += 1
        result.cases[outcome].append((name, pcode, got))
    return result


def _outcome(session: Session, got: str, pcode: str) -> str:
    if not got:
        return "missed"
    if got == pcode:
        return "right"
    places, ancestors = tables.place.c, tables.place_ancestor.c
    inner = tables.place.alias("inner")
    row = session.execute(
        select(places.name, inner.c.name.label("community"))
        .join(tables.place_ancestor, ancestors.ancestor_id == places.id)
        .join(inner, inner.c.id == ancestors.place_id)
        .where(places.key == got, inner.c.key == pcode)
    ).first()
    return "area" if row and name_key(row.name) == name_key(row.community) else "wrong"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="A ledger URL or path (default: a fresh SQLite ledger).")
    parser.add_argument("--show", choices=OUTCOMES, action="append", default=[])
    args = parser.parse_args()
    from ledger.geo import gazetteer
    from ledger.store import journal, schema
    from ledger.store.db import ledger_url, make_engine

    with tempfile.TemporaryDirectory() as folder:
        url = ledger_url(args.db or str(Path(folder) / "eval.db"))
        engine = make_engine(url)
        if not args.db:
            schema.upgrade(engine)
            with journal.writing(engine, "places-eval") as session:
                gazetteer.load(session)
        with Session(engine) as session:
            result = evaluate(session, names())
        engine.dispose()
    print(result.summary())
    for outcome in args.show:
        for name, pcode, got in result.cases[outcome]:
            print(f"{outcome}\t{name}\t{pcode}\t{got}")


if __name__ == "__main__":
    main()
