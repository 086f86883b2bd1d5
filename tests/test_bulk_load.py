"""A bulk load into an empty ledger: indexes built after the rows, the same ones, atomically."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from ledger.store import bulk
from ledger.store.resources import shipped

SEED = shipped("seeds") / "aleppo-offensive-2024-12-01.yaml"


def indexes(engine) -> dict[str, list]:  # type: ignore[no-untyped-def]
    """Every index of the claim tables, as the database describes it."""
    found = inspect(engine)
    return {
        table: sorted(
            (i["name"], tuple(i["column_names"]), bool(i["unique"]))
            for i in found.get_indexes(table)
        )
        for table in ("claim", "claim_place", "link")
    }


def definitions(engine) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The deferred indexes' names and definitions, as the database holds them."""
    with Session(engine) as session:
        return bulk._definitions(session, bulk.DEFERRED)


def test_a_load_into_an_empty_ledger_leaves_the_indexes_it_found(cli, ledger_db, engine_of):  # type: ignore[no-untyped-def]
    before = indexes(engine_of(ledger_db)), definitions(engine_of(ledger_db))
    assert ("ix_claim_event", ("event_start", "published", "key"), False) in before[0]["claim"]
    assert len(before[1]) >= 5
    assert cli(ledger_db, "import", str(SEED))[0] == 0
    assert (indexes(engine_of(ledger_db)), definitions(engine_of(ledger_db))) == before
    code, out, _ = cli(ledger_db, "place", "Aleppo", "--json")  # the indexes answer lookups
    assert code == 0 and json.loads(out)["claims"]


def test_a_failed_load_into_an_empty_ledger_keeps_its_indexes_and_no_rows(
    cli, ledger_db, engine_of, tmp_path: Path
):  # type: ignore[no-untyped-def]
    before = indexes(engine_of(ledger_db))
    lines = [
        {"type": "header", "format": "ledger/1"},
        {"type": "actor", "id": "a", "name": "A", "kind": "party"},
        {"type": "source", "id": "s", "name": "S", "kind": "other"},
        {"type": "claim", "id": "c1", "text": "T", "claimant": "a", "source": "s",
         "places": ["SY05"], "event_start": "2024-01-01"},
        {"type": "claim", "id": "c2", "text": "U", "claimant": "nobody", "source": "s",
         "places": ["SY05"]},
    ]  # fmt: skip
    path = tmp_path / "broken.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, _, err = cli(ledger_db, "import", str(path))
    assert code == 2, err
    assert "no claimant 'nobody'" in err
    assert indexes(engine_of(ledger_db)) == before
    code, out, _ = cli(ledger_db, "claims", "--json")
    assert (code, json.loads(out)["claims"]) == (0, [])
