"""The world beyond Syria: countries by the names people use, and cities under their country.

Country names come from CLDR through Babel (the name of every country in English, Arabic,
Chinese, French, Russian and Spanish), pycountry (ISO 3166-1 names and codes) and
`seeds/country-names.tsv` (short and common names: UK, Ivory Coast, Burma). Cities come from
GeoNames (`seeds/world-cities.tsv.gz`, built by scripts/build_world_seed.py): each city of
15,000 people or more, with its population and alternate names, under its country.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ledger.geo.keys import KEY_VERSION
from ledger.geo.places import PlaceSpec
from ledger.geo.prominence import GEONAMES
from ledger.store.resources import shipped

UN_LANGUAGES = ("en", "ar", "zh", "fr", "ru", "es")
ARABIC_SPEAKING = frozenset(
    "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE EH TD".split()  # noqa: SIM905
)
"""Countries whose places' names are mostly Arabic, so keyed (ledger.geo.keys)."""


@dataclass
class World:
    """The shipped world data: country populations and names, cities, Syrian populations."""

    country_population: dict[str, int] = field(default_factory=dict)
    country_names: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    cities: list[PlaceSpec] = field(default_factory=list)
    ocha_population: dict[str, int] = field(default_factory=dict)


def cities_file() -> Path:
    return shipped("seeds") / "world-cities.tsv.gz"


def read(countries: set[str]) -> World:
    """Read the shipped world data, keeping the cities of the given countries."""
    world, keyed = World(), False
    for fields in _rows(cities_file()):
        if fields[0] == "#keys":
            keyed = int(fields[1]) == KEY_VERSION
        elif fields[0] == "country":
            world.country_population[fields[1]] = int(fields[2])
        elif fields[0] == "ocha":
            world.ocha_population[fields[1]] = int(fields[2])
        elif fields[0] == "city" and fields[2] in countries:
            world.cities.append(_city(fields, keyed))
    for code, name in _rows(shipped("seeds") / "country-names.tsv"):
        world.country_names[code].append(name)
    for code, names in cldr_names().items():
        world.country_names[code].extend(names)
    return world


def _rows(path: Path) -> Iterator[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("# keys:"):
                yield ["#keys", line.split(":")[1].strip()]
            elif line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def _city(fields: list[str], keyed: bool) -> PlaceSpec:
    """Read a city; its names' normalised forms and keys too, if made by this `name_key`."""
    key, country, population, lat, lon, names, norms, keys = fields[1:9]
    name, *aliases = spelled = names.split("|")
    spellings = zip(spelled, norms.split("|"), (k or None for k in keys.split("|")), strict=True)
    return PlaceSpec(
        key=key,
        name=name,
        kind="city",
        parent=country,
        aliases=aliases,
        gazetteer=GEONAMES,
        lat=float(lat),
        lon=float(lon),
        population=int(population),
        keyed=country in ARABIC_SPEAKING,
        spellings=list(spellings) if keyed else (),
    )


def cldr_names() -> dict[str, list[str]]:
    """Return each country's CLDR names in the UN's six languages."""
    from babel import Locale

    names: dict[str, list[str]] = defaultdict(list)
    for language in UN_LANGUAGES:
        for code, name in Locale(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names[code].append(name)
    return names
