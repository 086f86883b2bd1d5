"""The world beyond Syria: countries by the names people use, cities under their country."""

from __future__ import annotations

import gzip
import json
from itertools import islice

import pytest

from ledger.geo import world
from ledger.geo.keys import KEY_VERSION, index_key
from ledger.geo.names import normalize


def place_of(cli, db: str, name: str) -> str:
    code, out, err = cli(db, "place", name, "--json")
    assert code == 0, err
    return json.loads(out)["place"]["id"]


@pytest.mark.parametrize(
    ("typed", "country"),
    [
        ("UK", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("المملكة المتحدة", "GB"),
        ("Royaume-Uni", "GB"),
        ("Ivory Coast", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Burma", "MM"),
        ("Czech Republic", "CZ"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Германия", "DE"),
        ("德国", "DE"),
        ("Alemania", "DE"),
        ("USA", "US"),
    ],
)
def test_countries_by_the_names_people_use(cli, ledger_db, typed, country):
    assert place_of(cli, ledger_db, typed) == country


@pytest.mark.parametrize(
    ("typed", "city", "country"),
    [
        ("Kyiv", "G703448", "UA"),
        ("Kiev", "G703448", "UA"),
        ("Київ", "G703448", "UA"),
        ("Gaza", "G281133", "PS"),
        ("غزة", "G281133", "PS"),
        ("Lagos", "G2332459", "NG"),
        ("Khartoum", "G379252", "SD"),
        ("Mosul", "G99072", "IQ"),
        ("الموصل", "G99072", "IQ"),
    ],
)
def test_cities_worldwide_by_their_alternate_names(cli, ledger_db, typed, city, country):
    code, out, _ = cli(ledger_db, "place", typed, "--json")
    assert code == 0
    path = [p["id"] for p in json.loads(out)["place"]["path"]]
    assert path == [country, city]


def test_a_name_two_capitals_share_says_how_to_name_each(cli, ledger_db):
    code, out, err = cli(ledger_db, "place", "Tripoli")
    assert code == 0
    assert out.startswith("Libya > Tripoli [G2210247]")
    assert "note: 'Tripoli' also names Tripoli (city in Lebanon): use 'Tripoli, Lebanon'" in err
    assert place_of(cli, ledger_db, "Tripoli, Lebanon") == "G266826"


def test_a_country_includes_its_cities(cli, ledger_db):
    args = ("claim", "add", "Flooding in Lagos", "-c", "X", "-s", "Y", "--create", "-p", "Lagos")
    code, key, _ = cli(ledger_db, *args)
    assert code == 0
    _, out, _ = cli(ledger_db, "place", "Nigeria", "--json")
    assert [c["id"] for c in json.loads(out)["claims"]] == [key.strip()]


def test_the_shipped_keys_are_this_version_s_keys():
    """The world file carries each name's normal form and key: they must be today's."""
    with gzip.open(world.cities_file(), "rt", encoding="utf-8") as handle:
        lines = list(islice(handle, 20_000))
    assert f"# keys: {KEY_VERSION}\n" in lines
    for line in lines[::7]:
        fields = line.rstrip("\n").split("\t")
        if fields[0] != "city":
            continue
        names, norms, keys = (f.split("|") for f in fields[6:9])
        assert norms == [normalize(n) for n in names]
        keyed = fields[2] in world.ARABIC_SPEAKING
        assert keys == [(index_key(n) if keyed else None) or "" for n in names]
