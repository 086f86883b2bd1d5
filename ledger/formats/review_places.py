"""The places a published review gives for its claim, found in the ledger or created.

ClaimReview has no one property for where a claim is about: publishers use `contentLocation`
or `spatialCoverage` (schema.org, on the Claim or the review) and some `claimLocation`; each a
name, a Place with a `name` (or an `address`), or a list of them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.formats.model import ImportReport
from ledger.geo import places, resolution
from ledger.geo.names import KEY_PATTERN, new_key
from ledger.store import journal
from ledger.store.models import Place

LOCATIONS = ("contentLocation", "spatialCoverage", "claimLocation")


def text_of(value: Any) -> str | None:
    """Return a text value, or the `name` of an object; None when blank."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return value.strip() or None if isinstance(value, str) else None


def location_names(found: dict, item: dict) -> list[tuple[str | None, str]]:
    """Return the places a review gives for its claim: (identifier, name), each once."""
    names = []
    for holder in (item, found):
        for key in LOCATIONS:
            value = holder.get(key)
            for place in value if isinstance(value, list) else [value]:
                name = text_of(place)
                if name is None and isinstance(place, dict):
                    name = text_of(place.get("address"))
                if name:
                    ident = text_of(place.get("identifier")) if isinstance(place, dict) else None
                    names.append((ident, name))
    return list(dict.fromkeys(names))


def resolve(
    session: Session,
    names: list[tuple[str | None, str]],
    create: bool,
    report: ImportReport,
    warnings: list[str],
) -> list[str]:
    """Return the ids of the places the ledger knows (or may create); warn of the others.

    A place is found by its `identifier` (a ledger's own export gives its id), else its name.
    """
    kept = []
    for ident, name in names:
        if ident and session.execute(select(Place.id).where(Place.key == ident)).first():
            kept.append(ident)
            continue
        try:
            kept.append(resolution.resolve(session, name).place.key)
        except LedgerError:
            if create:
                kept.append(_create_place(session, ident, name, report))
            else:
                warnings.append(
                    f"place {name!r} is not in the ledger: left out (--create-places adds it)"
                )
    return kept


def _create_place(session: Session, ident: str | None, name: str, report: ImportReport) -> str:
    """Create a place of kind `other`, under the review's identifier for it when one is given."""
    key = ident if ident and KEY_PATTERN.match(ident) else new_key("p")
    spec = places.PlaceSpec(key=key, name=name, kind="other")
    places.add_places(session, [spec])
    journal.record(session, "place.add", key, {**spec.__dict__, "aliases": []})
    report.added["places"] += 1
    return key
