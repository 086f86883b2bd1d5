"""The base gazetteer: every country (ISO 3166-1) and Syria's OCHA administrative places.

Loading is idempotent: places already in the ledger are kept, missing ones are added. The OCHA
data (Common Operational Dataset, administrative boundaries of Syria, 2015) is shipped in
`seeds/` with its attribution.
"""

from __future__ import annotations

import csv
import gettext
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.geo import world
from ledger.geo.keys import name_key
from ledger.geo.places import PlaceSpec, add_places, log_places
from ledger.store import journal
from ledger.store.models import Place
from ledger.store.resources import GAZETTEER_CSV, shipped

ISO = "ISO 3166-1"
OCHA = "OCHA COD-AB Syria 2015"
OCHA_LEVELS = (
    ("admin1_cod", "admin1_en", "admin1_ara", "governorate"),
    ("admin2_cod", "admin2_en", "admin2_ara", "district"),
    ("admin3_cod", "admin3_en", "admin3_ara", "subdistrict"),
)
OCHA_COLUMNS = {"pcode", "name_en", "name_ara", "latitude", "longitude"} | {
    column for level in OCHA_LEVELS for column in level[:3]
}


@dataclass
class LoadReport:
    places_added: int
    places_known: int


def default_csv() -> Path:
    return shipped("seeds") / GAZETTEER_CSV


def country_specs(names: dict[str, list[str]] | None = None) -> list[PlaceSpec]:
    """Return every ISO 3166-1 country with its common, official and Arabic names and codes.

    `names` adds more names by country code (CLDR's in the UN languages, common short names).
    """
    import pycountry

    arabic = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["ar"], fallback=True
    )

    def more(code: str) -> list[str]:
        return (names or {}).get(code, [])

    specs = []
    for country in pycountry.countries:
        common = getattr(country, "common_name", None)
        official = getattr(country, "official_name", None)
        name_ar = arabic.gettext(country.name)
        specs.append(
            PlaceSpec(
                key=country.alpha_2,
                name=common or country.name,
                name_ar=name_ar if name_ar != country.name else None,
                kind="country",
                aliases=[
                    n
                    for n in (country.name, official, country.alpha_3, *more(country.alpha_2))
                    if n
                ],
                gazetteer=ISO,
                keyed=False,
            )
        )
    return specs


def ocha_specs(path: Path) -> list[PlaceSpec]:
    """Read the OCHA communities file into governorates, districts, sub-districts, communities."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = OCHA_COLUMNS - set(reader.fieldnames or ())
            if missing:
                raise LedgerError(f"{path}: not an OCHA gazetteer, missing {sorted(missing)}")
            rows = list(reader)
    except OSError as error:
        raise LedgerError(f"cannot read the gazetteer {path}: {error.strerror}") from None
    specs: dict[str, PlaceSpec] = {}
    for line, row in enumerate(rows, start=2):
        parent = "SY"
        for code, name_en, name_ar, kind in OCHA_LEVELS:
            key = row[code]
            if key not in specs:
                specs[key] = _ocha_spec(key, row[name_en], row[name_ar], kind, parent)
            parent = key
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except ValueError:
            raise LedgerError(f"{path}, line {line}: bad coordinates") from None
        kind = "city" if _is_centre(row) else "community"
        community = _ocha_spec(row["pcode"], row["name_en"], row["name_ara"], kind, parent)
        community.lat, community.lon = lat, lon
        specs[row["pcode"]] = community
    return list(specs.values())


CENTRE = "مركز"
"""`Centre`: OCHA names the sub-district around a district's main town `مركز <town>`."""


def _is_centre(row: dict[str, str]) -> bool:
    """Tell the town an administrative area is named after (a city) from other communities."""
    own = {name_key(row["name_en"]), name_key(row["name_ara"])} - {""}
    areas = [row[level[i]] for level in OCHA_LEVELS for i in (1, 2)]
    areas = [a.removeprefix(CENTRE).strip() for a in areas]
    return bool(own & {name_key(a) for a in areas})


def _ocha_spec(key: str, name: str, name_ar: str, kind: str, parent: str) -> PlaceSpec:
    # Merged communities are named "A - B" (Arabic "A_B"): each part is also a name of its own.
    parts = [p.strip() for p in name.split(" - ") + name_ar.split("_") if p.strip()]
    aliases = [p for p in parts if p not in (name, name_ar)] if len(parts) > 2 else []
    return PlaceSpec(
        key=key,
        name=name,
        name_ar=name_ar or None,
        kind=kind,
        parent=parent,
        aliases=aliases,
        gazetteer=OCHA,
    )


def shipped_specs(path: Path | None = None) -> list[PlaceSpec]:
    """Return every place the shipped gazetteer has: countries, OCHA places, world cities."""
    countries = country_specs()
    world_data = world.read({c.key for c in countries})
    countries = country_specs(world_data.country_names)
    for spec in countries:
        spec.population = world_data.country_population.get(spec.key)
    specs = countries + ocha_specs(path or default_csv()) + world_data.cities
    more = other_names()
    for spec in specs:
        if spec.gazetteer == OCHA:
            spec.population = world_data.ocha_population.get(spec.key)
            spec.aliases = [*spec.aliases, *more.get(spec.key, [])]
    return specs


OTHER_NAMES = ("syria-kurdish-names.tsv", "syria-exonyms.tsv")
"""Other languages' names of Syrian places, each file with its source."""


def other_names() -> dict[str, list[str]]:
    """Return the Kurdish, classical and Turkish names of OCHA places, by pcode."""
    names: dict[str, list[str]] = {}
    for file in OTHER_NAMES:
        text = (shipped("seeds") / file).read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.strip() and not line.startswith("#"):
                pcode, name = line.split("\t")[:2]
                names.setdefault(pcode, []).append(name)
    return names


def load(session: Session, path: Path | None = None) -> LoadReport:
    """Add the countries, the OCHA places and the world's cities the ledger does not have yet.

    Each new place is journaled as its own `place.add` entry, so that `ledger verify` checks
    every gazetteer row, name and parent; the load itself is logged with the file's hash.
    Places the ledger has are left as they are (their names and population included).
    """
    path = path or default_csv()
    specs = shipped_specs(path)
    known = set(session.execute(select(Place.key)).scalars())
    new = [s for s in specs if s.key not in known]
    add_places(session, new)
    log_places(session, new)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    journal.record(
        session,
        "gazetteer.load",
        "gazetteer",
        {"file": path.name, "sha256": digest, "places_added": len(new), "journaled": True},
    )
    return LoadReport(places_added=len(new), places_known=len(specs) - len(new))
