"""A ledger's full export moves it: corrections, retractions, removed links and published
verdicts re-import into an empty ledger, which exports the same file again and verifies."""

from __future__ import annotations

import json

import pytest
from test_interchange import export, round_trip, without_header
from test_interchange import fresh_db as fresh_db  # a fixture: a second, empty ledger

from ledger.record import corrections, verdicts
from ledger.record.claims import add_link
from ledger.store import journal

FORMATS = ["json", "jsonl", "yaml"]


def correct_the_record(engine) -> None:  # type: ignore[no-untyped-def]
    """Edit a claim twice, link then retract a claim, unlink a pair, add a published verdict."""
    with journal.writing(engine, "dana") as session:
        corrections.edit_claim(
            session,
            "opposition-hama-incursion",
            corrections.ClaimEdit(text="Opposition fighters entered Hama city", places=["SY05"]),
            "the report says the city",
        )
        corrections.edit_claim(
            session,
            "opposition-hama-incursion",
            corrections.ClaimEdit(url="https://example.org/hama"),
        )
    with journal.writing(engine, "sami") as session:
        add_link(session, "army-denies-hama-pullback", "contradicts", "opposition-curfew-aleppo")
        corrections.retract(session, "opposition-curfew-aleppo", "the outlet withdrew it")
        corrections.unlink(
            session,
            "opposition-hama-incursion",
            "army-denies-hama-pullback",
            "they are about different days",
        )
        published = verdicts.Published(
            textual_rating="Engañoso",
            explanation="Las imágenes son de 2016.",
            organisation="Chequeado",
            review_url="https://chequeado.example/c/1",
        )
        verdicts.record(session, "army-denies-hama-pullback", "mostly-false", None, published)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_corrected_ledger_moves_whole_as_a_file(
    fmt, cli, seeded_db, fresh_db, engine_of, tmp_path
):  # type: ignore[no-untyped-def]
    correct_the_record(engine_of(seeded_db))
    first, second = round_trip(cli, seeded_db, fresh_db, fmt, tmp_path)
    assert without_header(second) == without_header(first)
    assert cli(fresh_db, "verify")[0] == 0
    code, out, _ = cli(fresh_db, "history", "opposition-hama-incursion")
    assert code == 0
    assert "the report says the city" in out
    code, out, _ = cli(fresh_db, "show", "opposition-curfew-aleppo", "--json")
    assert json.loads(out)["retracted"]["reason"] == "the outlet withdrew it"
    path = tmp_path / f"export.{fmt}"
    code, out, err = cli(fresh_db, "import", str(path), "--format", fmt)
    assert (code, err) == (0, "")
    assert out.split(": ")[1].split(";")[0] == "added nothing"


def test_the_document_carries_revisions_removed_links_and_who_made_them(cli, seeded_db, engine_of):  # type: ignore[no-untyped-def]
    correct_the_record(engine_of(seeded_db))
    document = json.loads(export(cli, seeded_db, "json"))
    hama = next(c for c in document["claims"] if c["id"] == "opposition-hama-incursion")
    assert "Hama city" not in hama["text"]  # as first logged
    revisions = document["revisions"]
    assert [(r["claim"], r["revision"], r["by"]) for r in revisions] == [
        ("opposition-hama-incursion", 2, "dana"),
        ("opposition-hama-incursion", 3, "dana"),
    ]
    assert revisions[0]["text"] == "Opposition fighters entered Hama city"
    assert revisions[0]["reason"] == "the report says the city"
    assert revisions[1]["url"] == "https://example.org/hama"
    removed = [link for link in document["links"] if "removed_at" in link]
    assert [(r["claim"], r["removed_by"], r["removed_reason"]) for r in removed] == [
        ("opposition-hama-incursion", "sami", "they are about different days")
    ]
    (verdict,) = [v for v in document["verdicts"] if v.get("organisation")]
    assert (verdict["textual_rating"], verdict["review_url"]) == (
        "Engañoso",
        "https://chequeado.example/c/1",
    )
