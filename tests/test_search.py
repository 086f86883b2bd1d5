"""`ledger search`: claims found by their words, with each database's own full-text engine."""

from __future__ import annotations

import json

import pytest

ARABIC = "قالت المصادر إنّ الجيشَ انسحبَ من مدينةِ حماة"


def found(cli, db: str, *args: str) -> list[str]:  # type: ignore[no-untyped-def]
    code, out, err = cli(db, "search", *args, "--json")
    assert code == 0, err
    return [claim["id"] for claim in json.loads(out)["claims"]]


def add(cli, db: str, text: str, *args: str) -> str:  # type: ignore[no-untyped-def]
    code, out, err = cli(db, "claim", "add", text, "-c", "SAA", "-s", "MENAFN", *args)
    assert code == 0, err
    return out.strip()


def test_imported_claims_are_found_by_their_words_best_first(cli, seeded_db):
    assert found(cli, seeded_db, "airport handed to the SDF")[0] == "army-handed-airport-to-sdf"


def test_english_words_match_their_other_forms(cli, seeded_db):
    key = add(cli, seeded_db, "Rebels captured the power station", "--published", "2024-12-02")
    assert found(cli, seeded_db, "captures power stations") == [key]


def test_arabic_matches_without_short_vowels_and_with_any_alef(cli, seeded_db):
    key = add(cli, seeded_db, ARABIC, "--published", "2024-12-02")
    assert found(cli, seeded_db, "مدينة حماه") == [key]
    assert found(cli, seeded_db, "ان الجيش") == [key]


def test_when_no_claim_holds_every_word_any_word_will_do(cli, seeded_db):
    hits = found(cli, seeded_db, "airport zeppelin")
    assert "opposition-captures-aleppo-airport" in hits
    assert found(cli, seeded_db, "zeppelin") == []


def test_an_edited_claim_is_found_by_its_new_words_only(cli, seeded_db):
    key = add(cli, seeded_db, "Convoy seen near the citadel", "--published", "2024-12-02")
    assert cli(seeded_db, "claim", "edit", key, "--text", "Tanks seen near the bridge",
               "--reason", "closer to the source")[0] == 0  # fmt: skip
    assert found(cli, seeded_db, "citadel convoy") == []
    assert found(cli, seeded_db, "tanks bridge") == [key]


def test_place_and_dates_narrow_the_search(cli, seeded_db):
    everywhere = set(found(cli, seeded_db, "army", "--limit", "0"))
    in_hama = set(found(cli, seeded_db, "army", "--place", "Hama governorate", "--limit", "0"))
    assert "army-denies-hama-pullback" in in_hama and in_hama < everywhere
    key = add(cli, seeded_db, "The army shelled a village", "--event", "2025-03-01",
              "--published", "2025-03-02")  # fmt: skip
    assert found(cli, seeded_db, "army", "--since", "2025-01-01") == [key]


@pytest.mark.parametrize("query", ['"', "AND", "*", "NEAR(", "a OR", "-", "'; DROP TABLE claim"])
def test_queries_that_break_search_syntax_are_answered(cli, seeded_db, query):
    code, out, err = cli(seeded_db, "search", query)
    assert "unexpected" not in err and "bug" not in err
    if code == 2:
        assert err == f"error: nothing to search for in {query!r}: give one or more words\n"
    else:
        assert code == 0 and out


def test_an_empty_query_is_refused(cli, seeded_db):
    assert cli(seeded_db, "search", "  ") == (
        2,
        "",
        "error: nothing to search for in '  ': give one or more words\n",
    )
