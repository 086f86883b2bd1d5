"""CSV: a newsroom spreadsheet of claims in, one row per claim out."""

from __future__ import annotations

import csv
import io
import json

from sqlmodel import Session
from test_interchange import export, state

from ledger.record import lookup

HEADER = (
    "id,text,excerpt,claimant,source,url,published,event_start,event_end,places,"
    "contradicts,corroborates,appearances,rating,textual_rating,explanation,note,organisation,"
    "review_url,review_date,exported_from"
)


def test_the_export_has_the_documented_header_and_a_row_per_claim(cli, seeded_db):  # type: ignore[no-untyped-def]
    text = export(cli, seeded_db, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == HEADER
    assert len(rows) == 28
    hama = next(r for r in rows if r["id"] == "opposition-hama-incursion")
    assert hama["claimant"] == "Syrian armed opposition"  # its name, as people read it
    assert hama["places"] == "SY05"
    assert hama["contradicts"] == "army-denies-hama-pullback"


def test_a_spreadsheet_names_things_as_people_type_them(cli, seeded_db, engine_of, tmp_path):  # type: ignore[no-untyped-def]
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "text,claimant,source,published,places,id,contradicts\n"
        '"Shelling hit ""New Aleppo"", residents say",SAA,MENAFN,2024-12-02,'
        "Halab al-Jadida;Hamah,new-aleppo-shelling,army-denies-hama-pullback\n"
        "Convoys seen near the airport,Unnamed sources,MENAFN,,Aleppo airport,,\n",
        encoding="utf-8",
    )
    code, out, err = cli(seeded_db, "import", str(sheet))
    assert (code, err) == (0, "")
    assert out == f"{sheet}: added 2 claims, 1 links; 0 already in the ledger\n"
    with Session(engine_of(seeded_db)) as session:
        view = lookup.one(session, "new-aleppo-shelling")
    assert view.claim.text == 'Shelling hit "New Aleppo", residents say'
    assert view.claimant.key == "syrian-arab-army"
    assert sorted(p.key for p in view.places) == ["SY05", "aleppo-new-aleppo"]
    assert [(link.relation, link.other_key) for link in view.links] == [
        ("contradicts", "army-denies-hama-pullback")
    ]
    code, out, _ = cli(seeded_db, "import", str(sheet))
    assert out == f"{sheet}: added nothing; 3 already in the ledger\n"  # matched by source + text


def test_an_unknown_place_names_the_row_unless_places_may_be_created(
    cli, seeded_db, engine_of, tmp_path
):  # type: ignore[no-untyped-def]
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "id,text,claimant,source,places\n"
        'c1,Fighting reported,SAA,MENAFN,"Bustan al-Qasr, Aleppo"\n',
        encoding="utf-8",
    )
    before = state(engine_of(seeded_db))
    code, _, err = cli(seeded_db, "import", str(sheet))
    assert code == 2
    assert err.startswith(f"error: {sheet}, line 2: no place 'Bustan al-Qasr, Aleppo'")
    assert state(engine_of(seeded_db)) == before
    code, out, err = cli(seeded_db, "import", str(sheet), "--create-places")
    assert (code, err) == (0, "")
    assert out == f"{sheet}: added 1 places, 1 claims; 0 already in the ledger\n"
    code, out, _ = cli(seeded_db, "place", "Bustan al-Qasr", "--json")
    place = json.loads(out)["place"]
    assert (place["kind"], [p["id"] for p in place["path"]]) == (
        "other",
        ["SY", "SY02", "bustan-al-qasr"],
    )


def test_unknown_claimants_are_an_error_unless_created(cli, seeded_db, tmp_path):  # type: ignore[no-untyped-def]
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("text,claimant,source\nA claim,Local council,MENAFN\n", encoding="utf-8")
    code, _, err = cli(seeded_db, "import", str(sheet))
    assert code == 2
    assert err.startswith(f"error: {sheet}, line 2: no claimant 'Local council'")
    code, out, _ = cli(seeded_db, "import", str(sheet), "--create")
    assert out == f"{sheet}: added 1 actors, 1 claims; 0 already in the ledger\n"
