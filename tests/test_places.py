"""Looking claims up by place: spellings, scripts, codes, nesting, ambiguity, unknown names."""

from __future__ import annotations

import json

import pytest


def claim_ids(output: str) -> list[str]:
    return [c["id"] for c in json.loads(output)["claims"]]


@pytest.mark.parametrize("spelling", ["Hama", "Hamah", "HAMA", "حماة", "SY05", "hama governorate"])
def test_every_spelling_of_hama_finds_the_governorate(cli, seeded_db, spelling):
    code, out, _ = cli(seeded_db, "place", spelling, "--json")
    assert code == 0
    result = json.loads(out)
    assert result["place"]["id"] == "SY05"
    assert claim_ids(out) == ["army-denies-hama-pullback", "opposition-hama-incursion"]


def test_a_city_includes_its_neighbourhoods_and_airport(cli, seeded_db):
    _, out, _ = cli(seeded_db, "place", "Aleppo city", "--json")
    ids = claim_ids(out)
    assert {"opposition-captures-aleppo-airport", "army-handed-airport-to-sdf"} <= set(ids)
    _, exact, _ = cli(seeded_db, "place", "Aleppo city", "--exact", "--json")
    assert "opposition-captures-aleppo-airport" not in claim_ids(exact)
    assert set(claim_ids(exact)) < set(ids)


def test_neighbourhood_lookup_shows_its_place_in_the_hierarchy(cli, seeded_db):
    code, out, _ = cli(seeded_db, "place", "Sheikh Maqsoud", "--json")
    assert code == 0
    result = json.loads(out)
    assert [p["id"] for p in result["place"]["path"]] == [
        "SY",
        "SY02",
        "SY0200",
        "SY020000",
        "C1007",
        "aleppo-sheikh-maqsoud",
    ]
    assert result["claims"], "the seed has claims about Sheikh Maqsoud"


def test_ambiguous_name_takes_the_most_prominent_and_names_the_others(cli, seeded_db):
    code, out, err = cli(seeded_db, "place", "Hama")
    assert code == 0
    assert out.startswith("Syria > Hama [SY05]")
    assert "'Hama, Al-Hasakeh' or C4805" in err
    assert "'Hama, Ar-Raqqa' or C5764" in err


def test_a_parent_qualifies_an_ambiguous_name(cli, seeded_db):
    _, out, _ = cli(seeded_db, "place", "Hama, Al-Hasakeh", "--json")
    assert json.loads(out)["place"]["id"] == "C4805"


def test_containing_candidate_wins_over_the_places_inside_it(cli, seeded_db):
    _, out, _ = cli(seeded_db, "place", "Aleppo", "--json")
    assert json.loads(out)["place"]["id"] == "SY02"
    assert json.loads(out)["also_named"] == []


def test_countries_are_top_level_places(cli, ledger_db):
    for name in ("Nigeria", "NG", "NGA", "نيجيريا"):
        code, out, _ = cli(ledger_db, "place", name, "--json")
        assert code == 0, name
        assert json.loads(out)["place"]["path"] == [{"id": "NG", "name": "Nigeria"}]
    _, out, _ = cli(ledger_db, "place", "SY07", "--json")
    assert [p["id"] for p in json.loads(out)["place"]["path"]] == ["SY", "SY07"]


def test_event_date_filters(cli, seeded_db):
    _, out, _ = cli(seeded_db, "place", "Syria", "--since", "2024-11-27", "--json")
    dated = claim_ids(out)
    _, out, _ = cli(seeded_db, "place", "Syria", "--until", "2016-01-01", "--json")
    assert claim_ids(out) == []
    assert dated
    code, _, err = cli(seeded_db, "place", "Syria", "--since", "2024-13-01")
    assert code == 2
    assert err.strip() == "error: invalid --since '2024-13-01': expected YYYY-MM-DD"
