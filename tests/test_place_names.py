"""Places as the world writes them: romanisations, kind words, containers, how a name matched."""

from __future__ import annotations

import json

import pytest

from ledger.geo.keys import index_key, name_key

SAME_PLACE = [
    ["Qamishli", "Kamishli", "Quamishli", "al-Qamishli", "القامشلي"],
    ["Douma", "Duma", "دوما"],
    ["Mayadin", "Al Mayadin", "al-Mayadeen", "الميادين"],
    ["Jisr al-Shughur", "Jisr ash-Shughur", "Jisr-Ash-Shugur", "جسر الشغور"],
    ["Baniyas", "Banyas", "بانياس"],
    ["Salamiyah", "Salamieh", "As-Salamiyeh", "السلمية"],
    ["Mhardeh", "Muhradah", "محردة"],
    ["Tell Abyad", "Tal Abyad", "Tall Abyad", "Tel Abiad", "تل أبيض"],
    ["Deir ez-Zor", "Dayr az Zawr", "Dair al-Zour", "دير الزور"],
    ["Kafr Nabl", "Kfar Nabl", "Kafarnabl", "كفرنبل"],
    ["Ras al-Ain", "Ras Al Ain", "Ras el-Ein", "رأس العين"],
    ["Sheikh Maqsoud", "Cheikh Maksoud", "Shaykh Maqsud", "الشيخ مقصود"],
    ["AlBab", "Al-Bab", "الباب"],
]


@pytest.mark.parametrize("spellings", SAME_PLACE, ids=lambda s: s[0])
def test_romanisations_and_the_arabic_name_share_one_key(spellings):
    assert len({name_key(s) for s in spellings}) == 1


def test_codes_are_not_keyed_and_distinct_names_stay_apart():
    assert index_key("SY05") is None
    assert index_key("UK") is None
    assert name_key("Aleppo") != name_key("Libya")
    assert name_key("Homs") != name_key("Hama")


def place_of(cli, db: str, name: str) -> dict:
    code, out, err = cli(db, "place", name, "--json")
    assert code == 0, err
    result = json.loads(out)
    return {"id": result["place"]["id"], **result["match"]}


@pytest.mark.parametrize(
    ("typed", "place", "matched"),
    [
        ("Douma", "C2338", "Duma"),
        ("Qamishli", "C4564", "Quamishli"),
        ("Kamishli", "C4564", "Quamishli"),
        ("Jisr al-Shughur", "C4199", "Jisr-Ash-Shugur"),
        ("Idlib", "SY07", "Idleb"),
        ("Mhardeh", "C3457", "Muhradah"),
        ("Rif Dimashq", "SY03", "ريف دمشق"),
    ],
)
def test_a_romanisation_resolves_by_transliteration(cli, ledger_db, typed, place, matched):
    assert place_of(cli, ledger_db, typed) == {
        "id": place,
        "query": typed,
        "method": "transliteration",
        "matched": matched,
    }


def test_exact_and_alias_spellings_win_over_the_key(cli, seeded_db):
    assert place_of(cli, seeded_db, "Hama")["method"] == "exact"
    assert place_of(cli, seeded_db, "Ras al-Ain") == {
        "id": "C4988",
        "query": "Ras al-Ain",
        "method": "exact",
        "matched": "Ras Al Ain",
    }
    assert place_of(cli, seeded_db, "Maarat al-Numan")["method"] == "alias"


def test_with_or_without_the_article_is_the_same_name(cli, ledger_db):
    for typed in ("Sweida", "As-Sweida", "al-Sweida", "السويداء", "Mayadin", "el Mayadin"):
        assert place_of(cli, ledger_db, typed)["method"] == "exact", typed
    assert place_of(cli, ledger_db, "Sweida")["id"] == "SY13"
    assert place_of(cli, ledger_db, "Mayadin")["id"] == "C5192"


def test_a_city_comes_before_the_district_named_after_it(cli, ledger_db):
    code, out, err = cli(ledger_db, "place", "Manbij")
    assert code == 0
    assert out.startswith("Syria > Aleppo > Menbij [C1767]")
    notes = err.splitlines()
    assert (
        notes[0]
        == "note: 'Manbij' -> Menbij (city in Menbij, Aleppo), by transliteration of 'Menbij'"
    )
    assert "Manouba" not in err, "a place that only shares the key is not a namesake"
    assert place_of(cli, ledger_db, "Manbij district")["id"] == "SY0205"


@pytest.mark.parametrize(
    ("typed", "place"),
    [
        ("Hama city", "C2987"),
        ("Hama, Hama", "C2987"),
        ("Homs city", "C2528"),
        ("Aleppo governorate", "SY02"),
        ("Idlib province", "SY07"),
        ("Idlib countryside", "SY07"),
        ("Damascus countryside", "SY03"),
        ("Rural Damascus", "SY03"),
    ],
)
def test_a_kind_word_or_a_container_picks_that_place(cli, ledger_db, typed, place):
    assert place_of(cli, ledger_db, typed)["id"] == place


def test_a_close_misspelling_of_one_name_is_a_fuzzy_match(cli, ledger_db):
    code, out, err = cli(ledger_db, "place", "Lattakiaz")
    assert code == 0
    assert out.startswith("Syria > Lattakia [SY06]")
    assert err == "note: 'Lattakiaz' -> Lattakia (governorate), by fuzzy of 'Lattakia'\n"


def test_a_true_miss_suggests_and_exits_2(cli, ledger_db):
    code, out, err = cli(ledger_db, "place", "Hamxa")
    assert (code, out) == (2, "")
    # The nearest name first; the runners-up tie on distance, so their order is not pinned.
    assert err.startswith("error: no place 'Hamxa'; did you mean Hama or ") and err.endswith("?\n")
    assert len(err.removesuffix("?\n").split("did you mean ")[1].split(" or ")) == 3


def test_tagging_a_claim_says_which_place_an_approximate_name_chose(cli, seeded_db):
    args = ("claim", "add", "Shelling reported", "-c", "SAA", "-s", "MENAFN", "-p", "Douma")
    code, out, err = cli(seeded_db, *args, "-p", "Hama", "--json")
    assert code == 0
    assert json.loads(out)["places"] == [
        {"query": "Douma", "id": "C2338", "method": "transliteration", "matched": "Duma"},
        {"query": "Hama", "id": "SY05", "method": "exact", "matched": "Hama"},
    ]
    notes = err.splitlines()
    assert notes[0] == (
        "note: 'Douma' -> Duma (city in Duma, Rural Damascus), by transliteration of 'Duma'"
    )
    assert "note: 'Hama' also names Hama (community in Karama, Ar-Raqqa)" in err
    code, out, err = cli(seeded_db, "claim", "add", "Quiet", "-c", "SAA", "-s", "MENAFN")
    assert (code, err) == (0, "")


def test_lookups_do_not_write(cli, seeded_db):
    _, before, _ = cli(seeded_db, "verify")
    for name in ("Douma", "Aleppoo", "Hamxa", "Hama, Hama"):
        cli(seeded_db, "place", name)
    assert cli(seeded_db, "verify")[1] == before
