"""Resolving an import's place names: set-based, with the same answers and notes as one by one."""

from __future__ import annotations

from sqlalchemy import event
from sqlmodel import Session

from ledger.geo import bulk_resolution, resolution
from ledger.record import lookup

NAMES = ["Douma", "Kiev", "SY05", "Hama", "As-Sweida", "Sweida", "Lagos", "Qamishli", "Idlib"]


def test_bulk_resolution_agrees_with_one_by_one(ledger_db, engine_of):
    with Session(engine_of(ledger_db)) as session:
        many = bulk_resolution.resolve_many(session, NAMES)
        assert set(many) >= {"Douma", "Kiev", "As-Sweida", "Lagos", "Qamishli", "Idlib"}
        for name, found in many.items():
            one = resolution.resolve(session, name)
            assert (found.place.key, found.method) == (one.place.key, one.method), name


def test_bulk_resolution_is_a_few_queries_for_many_names(ledger_db, engine_of):
    engine = engine_of(ledger_db)
    names = [f"Village {n}" for n in range(3000)] + NAMES
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with Session(engine) as session:
        bulk_resolution.resolve_many(session, names)
    assert len(statements) <= 4 * (len(names) // 500 + 1)


def test_an_import_says_how_it_read_approximate_names(cli, seeded_db, engine_of, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "id,text,claimant,source,places\n"
        "douma-shelling,Shelling in Douma,SAA,MENAFN,Douma\n"
        "kyiv-talks,Talks in Kiev,SAA,MENAFN,Kiev\n",
        encoding="utf-8",
    )
    code, _, err = cli(seeded_db, "import", str(sheet))
    assert code == 0
    assert err.splitlines()[0] == (
        "note: 'Douma' -> Duma (city in Duma, Rural Damascus), by transliteration of 'Duma'"
    )
    assert "Kiev" not in err, "an alias that one place has needs no note"
    with Session(engine_of(seeded_db)) as session:
        assert [p.key for p in lookup.one(session, "douma-shelling").places] == ["C2338"]
        assert [p.key for p in lookup.one(session, "kyiv-talks").places] == ["G703448"]
