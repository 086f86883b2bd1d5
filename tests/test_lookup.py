"""The fast paths of lookups and reports: light tables, busy places, bounded reports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

import ledger.cli as cli_main
from ledger.analysis import disputes
from ledger.record import lookup
from ledger.report import dossier, reports
from ledger.store import db, tables
from ledger.store.resources import shipped


@pytest.mark.parametrize("light", [t for t in vars(tables).values() if hasattr(t, "c")])
def test_each_light_table_mirrors_its_model_column_for_column(light):
    model = SQLModel.metadata.tables[light.name]
    assert [c.name for c in light.c] == [c.name for c in model.c]
    for column in light.c:
        kind = model.c[column.name].type
        kind = getattr(kind, "impl_instance", kind)  # SQLModel's AutoString wraps a String
        assert column.type.python_type is kind.python_type, f"{light}.{column.name}"


def test_every_table_but_the_journal_has_a_light_twin():
    light = {t.name for t in vars(tables).values() if hasattr(t, "c")}
    assert set(SQLModel.metadata.tables) - light == {"journal", "journal_head"}


def claims_of(cli, db: str, *args: str) -> list[str]:  # type: ignore[no-untyped-def]
    code, out, err = cli(db, "place", *args, "--json")
    assert code == 0, err
    return [c["id"] for c in json.loads(out)["claims"]]


@pytest.mark.parametrize(
    "args",
    [
        ("Syria",),
        ("Syria", "--limit", "3"),
        ("Aleppo city", "--limit", "2"),
        ("Aleppo city", "--exact", "--limit", "2"),
        ("Syria", "--since", "2024-11-28", "--limit", "4"),
        ("Syria", "--until", "2024-11-30", "--limit", "4"),
    ],
)
def test_a_busy_place_read_in_date_order_lists_what_sorting_lists(cli, seeded_db, args):
    sorted_first = claims_of(cli, seeded_db, *args)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lookup, "BUSY", 1)  # every place counts as busy: walk the date index
        walked = claims_of(cli, seeded_db, *args)
    assert walked == sorted_first


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (["place", "Hama"], "Syria > Hama [SY05]"),
        (["place", "Hama", "--since", "2024-11-28"], "Syria > Hama [SY05]"),
        (["show", "army-temporary-withdrawal-aleppo"], "army-temporary-withdrawal-aleppo"),
        (
            ["claims", "--claimant", "syrian-armed-opposition", "--until", "2024-12-31"],
            "opposition",
        ),
    ],
)
def test_a_lookup_never_imports_the_orm_or_the_models(seeded_db, args, first_line):
    # Importing sqlmodel, the ORM and the models costs more than a lookup's queries.
    code = (
        "import sys\n"
        "from ledger.cli import main\n"
        f"sys.argv = ['ledger', '--db', {seeded_db!r}, *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "heavy = {'sqlmodel', 'sqlalchemy.orm', 'ledger.store.models', 'networkx', 'jinja2'}\n"
        "assert not heavy & set(sys.modules), heavy & set(sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(first_line), run.stdout


def test_a_report_covers_the_first_claims_and_says_there_are_more(cli, seeded_db, tmp_path):
    target = tmp_path / "report.html"
    code, out, _ = cli(seeded_db, "report", "-o", str(target), "--limit", "5")
    assert code == 0
    assert (
        out
        == f"{target}: 2 disputed points, 5 claims (the first by event date; --limit 0 for all)\n"
    )
    assert "these are the first 5 by event date" in target.read_text(encoding="utf-8")
    _, whole, _ = cli(seeded_db, "report", "-o", str(target), "--limit", "0")
    assert whole == f"{target}: 2 disputed points, 28 claims\n"


def test_a_large_point_shows_its_claims_in_scope_and_counts_the_rest(seeded_db, engine_of):
    with Session(engine_of(seeded_db)) as session:
        graph, points = disputes.analyse(session)
        hama = next(p for p in points if p.key == "D1")
        first = hama.claims[0]
        (info,), _ = dossier.gather(session, graph, [hama], [first], summarise_over=1)
        (whole,), _ = dossier.gather(session, graph, [hama], [first], summarise_over=2)
    assert info.summarised
    assert [[c.view.claim.id for c in side.claims] for side in info.positions if side.claims] == [
        [first]
    ]
    assert [side.total for side in info.positions] == [1, 1]
    assert info.links == []
    html = reports.environment().get_template("_point.html").render(point=info)
    assert "<code>ledger report --dispute D1</code> shows all 1." in " ".join(html.split())
    assert not whole.summarised
    assert sum(len(side.claims) for side in whole.positions) == 2


def test_a_bulk_import_into_postgres_refreshes_the_planners_statistics(
    cli, ledger_db, engine_of, monkeypatch
):
    monkeypatch.setattr(db, "STATISTICS_AFTER", 1)
    seed = shipped("seeds") / "aleppo-offensive-2024-12-01.yaml"
    assert cli(ledger_db, "import", str(seed))[0] == 0
    engine = engine_of(ledger_db)
    if engine.dialect.name != "postgresql":
        return  # SQLite's planner needs no statistics for ledger's queries
    query = "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'claim'"
    with engine.connect() as connection:
        assert connection.execute(text(query)).scalar() is not None


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["--db", "x.db", "place", "Hama"], "place"),
        (["place", "--db", "Hama"], "place"),
        (["--db", "x.db", "dispute", "show", "D1"], "dispute"),
        (["--version"], None),
        ([], None),
    ],
)
def test_the_command_line_builds_only_the_command_asked_for(args, name):
    assert cli_main.requested(args) == name


def test_a_misspelt_command_is_a_usage_error(ledger_db):
    run = subprocess.run(
        [sys.executable, "-m", "ledger", "--db", ledger_db, "plac", "Hama"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "No such command 'plac'. Did you mean 'place'?" in run.stderr
