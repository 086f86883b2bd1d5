"""The place-name evaluation (benchmarks/places_eval.py): GeoNames' names of Syrian places.

The figures are regressions guards at today's level, below issue 9's target (95% right, under
1% wrong); benchmarks/README.md reports the measured figures.
"""

from __future__ import annotations

from sqlmodel import Session

from benchmarks import places_eval


def test_names_as_geonames_writes_them_resolve(ledger_db, engine_of):
    pairs = places_eval.names()
    assert len(pairs) > 2000
    sample = pairs[::3]
    with Session(engine_of(ledger_db)) as session:
        result = places_eval.evaluate(session, sample)
    assert result.share("right") + result.share("area") >= 0.68, result.summary()
    assert result.share("wrong") <= 0.18, result.summary()
