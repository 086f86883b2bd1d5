"""Spreadsheets as newsrooms keep them: Excel's CSV (BOM, semicolons, CRLF, empty trailing
columns), Latin-1 and UTF-16 files, headers in any case with synonyms, dates as people write
them, verdict columns, blank claimants and sources; every bad row reported; safe exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sqlmodel import Session
from test_interchange import export, state, without_header
from test_interchange import fresh_db as fresh_db  # a fixture: a second, empty ledger

from ledger.record import claims, verdicts

EXCEL = Path(__file__).parent / "data" / "factchecks" / "newsroom-excel.csv"
IGNORED = (
    f"warning: {EXCEL}: column(s) 'Desk notes' are not ledger columns: ignored\n"
    f"warning: {EXCEL}: rating 'Cherry-picked framing' is not in the ratings table:"
    " kept unrated (map it with --ratings FILE)\n"
)


def claim_of(cli, db: str, text: str) -> dict:  # type: ignore[no-untyped-def]
    _, out, _ = cli(db, "claims", "--json")
    (found,) = [c for c in json.loads(out)["claims"] if c["text"] == text]
    return found


def verdict_of(engine, key: str):  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        (found,) = verdicts.history(session, claims.get(session, key).id)
    return found


def test_an_excel_sheet_imports_as_it_was_saved(cli, seeded_db, engine_of):  # type: ignore[no-untyped-def]
    before = state(engine_of(seeded_db))
    code, out, err = cli(seeded_db, "import", str(EXCEL), "--create")
    assert (code, out) == (2, "")
    assert err == (
        f"error: {EXCEL}, line 4, column review_date: ambiguous review_date '03/12/2024':"
        " 3 December or March 12; pass --date-order dmy or mdy\n"
    )
    assert state(engine_of(seeded_db)) == before
    code, out, err = cli(seeded_db, "import", str(EXCEL), "--create", "--date-order", "dmy")
    assert code == 0, err
    # the sheet's `Hama` is the governorate; a note names the villages of that name too
    assert "".join(x for x in err.splitlines(True) if not x.startswith("note: ")) == IGNORED
    assert "note: 'Hama' also names Hama (community in Al-Malikeyyeh, Al-Hasakeh)" in err
    assert out == (
        f"{EXCEL}: added 3 actors, 3 sources, 5 claims, 5 verdicts; 0 already in the ledger\n"
    )
    engine = engine_of(seeded_db)
    control = claim_of(cli, seeded_db, "Rebels control the whole of Aleppo city")
    assert (control["claimant"]["id"], control["published"]) == (
        "syrian-armed-opposition",
        "2024-11-30",
    )
    verdict = verdict_of(engine, control["id"])
    assert (verdict.rating, verdict.textual_rating, verdict.organisation) == (
        "mostly-false",
        "Mostly False",
        "Verify Desk",
    )
    assert (verdict.explanation, verdict.review_date.isoformat()) == (
        "Army units still held two districts.",
        "2024-12-02",
    )
    curfew = claim_of(cli, seeded_db, "A curfew was declared in Aleppo")
    assert (curfew["claimant"]["id"], curfew["published"], curfew["published_as"]) == (
        "unattributed",
        "2024-11-01",
        "November 2024",
    )
    jets = claim_of(cli, seeded_db, 'Video shows "jets over Hama" tonight')
    airport = claim_of(cli, seeded_db, "Hama airport reopened")
    assert jets["claimant"]["id"] == airport["claimant"]["id"]  # Channels TV = ChannelsTV
    assert jets["source"]["id"] == airport["source"]["id"]  # Facebook = facebook
    assert verdict_of(engine, airport["id"]).explanation.startswith("=HYPERLINK(")
    idlib = claim_of(cli, seeded_db, "Fighting stopped in Idlib")
    assert (idlib["source"]["id"], idlib["published_as"]) == ("unknown-source", "2024")
    assert cli(seeded_db, "verify")[0] == 0
    code, out, _ = cli(seeded_db, "import", str(EXCEL), "--create", "--date-order", "dmy")
    assert out == f"{EXCEL}: added nothing; 10 already in the ledger\n"


def test_latin_1_and_utf_16_files_are_read_as_such(cli, ledger_db, tmp_path):  # type: ignore[no-untyped-def]
    text = "Statement,Author,Source\nLe café a fermé à Alep,Conseil local,Hawar\n"
    latin = tmp_path / "latin.csv"
    latin.write_bytes(text.encode("cp1252"))
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(text.replace(",", "\t").encode("utf-16"))
    for path in (latin, utf16):
        code, out, err = cli(ledger_db, "import", str(path), "--create")
        assert (code, err) == (0, "")
    code, out, _ = cli(ledger_db, "claims", "--json")
    assert [c["text"] for c in json.loads(out)["claims"]] == ["Le café a fermé à Alep"]
    forced = tmp_path / "forced.csv"
    forced.write_bytes("text\nNaïve\n".encode())
    code, _, err = cli(ledger_db, "import", str(forced), "--encoding", "latin-1", "--create")
    code, out, _ = cli(ledger_db, "claims", "--json")
    assert "NaÃ¯ve" in [c["text"] for c in json.loads(out)["claims"]]


def test_every_bad_row_is_reported_and_nothing_written(cli, seeded_db, engine_of, tmp_path):  # type: ignore[no-untyped-def]
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "TEXT , Claimant,SOURCE,published,event\n"
        "Fine row,SAA,MENAFN,2024-12-01,\n"
        ",SAA,MENAFN,,\n"
        "Bad date,SAA,MENAFN,yesterday,\n"
        "Too many,SAA,MENAFN,,,surplus\n"
        f"Huge,SAA,MENAFN,,{'x' * (129 * 1024)}\n"
        "Backwards event,SAA,MENAFN,,2024-12-05..2024-12-01\n"
        "Nul\x00byte,SAA,MENAFN,,\n",
        encoding="utf-8",
    )
    before = state(engine_of(seeded_db))
    code, out, err = cli(seeded_db, "import", str(sheet))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"error: {sheet}, line 3, column text: no claim text",
        f"error: {sheet}, line 4, column published: invalid published 'yesterday': expected"
        " YYYY, YYYY-MM, YYYY-MM-DD, 'March 2024', '12 March 2024' or a range A..B",
        f"error: {sheet}, line 5: 6 fields, but the header has 5",
        f"error: {sheet}, line 6, column event: a cell of 129 KiB; at most 128 KiB",
        f"error: {sheet}, line 7, column event: invalid event '2024-12-05..2024-12-01':"
        " expected YYYY, YYYY-MM, YYYY-MM-DD, 'March 2024', '12 March 2024' or a range A..B",
        f"error: {sheet}, line 8, column text: a NUL character: not text",
    ]
    assert state(engine_of(seeded_db)) == before


def test_a_csv_round_trip_keeps_verdicts_names_and_formulas_inert(
    cli, seeded_db, fresh_db, tmp_path
):  # type: ignore[no-untyped-def]
    assert cli(seeded_db, "import", str(EXCEL), "--create", "--date-order", "dmy")[0] == 0
    first = export(cli, seeded_db, "csv")
    rows = list(csv.DictReader(io.StringIO(first)))
    airport = next(r for r in rows if r["text"] == "Hama airport reopened")
    assert airport["explanation"] == '\'=HYPERLINK("http://evil.example","click")'
    assert (airport["claimant"], airport["source"]) == ("Channels TV", "Facebook")
    assert (airport["rating"], airport["textual_rating"]) == ("unrated", "Satire")
    curfew = next(r for r in rows if r["text"] == "A curfew was declared in Aleppo")
    assert (curfew["published"], curfew["claimant"]) == ("November 2024", "Unattributed")
    path = tmp_path / "export.csv"
    path.write_text(first, encoding="utf-8")
    code, _, err = cli(fresh_db, "import", str(path), "--create", "--create-places")
    assert code == 0, err
    assert without_header(export(cli, fresh_db, "csv")) == without_header(first)


def test_an_id_cut_from_a_long_name_never_ends_in_a_hyphen(cli, ledger_db, tmp_path):  # type: ignore[no-untyped-def]
    long = "Coordination committee of the local councils of eastern Aleppo province"
    sheet = tmp_path / "long.csv"
    sheet.write_text(f'text,claimant,source\nA claim,"{long}",Desk\n', encoding="utf-8")
    assert cli(ledger_db, "import", str(sheet), "--create")[0] == 0
    claimant = claim_of(cli, ledger_db, "A claim")["claimant"]
    assert claimant["id"] == "coordination-committee-of-the-local-councils-of-eastern"  # cut at 56
    assert claimant["name"] == long
