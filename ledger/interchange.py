"""Reading ledger documents (the `ledger/1` format, as YAML or JSON) into the ledger.

A document has the sections places, actors, sources, claims and links. An import runs in one
transaction: the first bad record stops it with the file, line (or record) and reason, and the
ledger is left unchanged. Importing the same document twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlmodel import Session

from ledger import actors, claims, journal, places
from ledger.claims import NewClaim, parse_date
from ledger.errors import LedgerError
from ledger.models import Actor, Claim, Place, Source
from ledger.places import PlaceSpec

FORMAT = "ledger/1"
SECTIONS = ("places", "actors", "sources", "claims", "links")
FIELDS = {
    "places": {"id", "name", "kind", "parent", "aliases", "name_ar", "lat", "lon", "gazetteer"},
    "actors": {"id", "name", "kind", "party", "aliases"},
    "sources": {"id", "name", "kind", "url", "aliases"},
    "claims": {
        "id",
        "text",
        "excerpt",
        "claimant",
        "source",
        "url",
        "published",
        "event_start",
        "event_end",
        "places",
        "logged_by",
        "logged_at",
    },
    "links": {"claim", "relation", "other", "note", "by", "at"},
}
REQUIRED = {
    "places": {"id"},
    "actors": {"id", "name", "kind"},
    "sources": {"id", "name", "kind"},
    "claims": {"id", "text", "claimant", "source"},
    "links": {"claim", "relation", "other"},
}


class Record(dict):
    """A mapping read from a document, remembering the line it started on (YAML only)."""

    line: int | None = None


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader whose mappings are `Record`s that know their line."""


def _construct_record(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[Record]:
    record = Record()
    record.line = node.start_mark.line + 1
    yield record
    record.update(loader.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_record)


# Dates stay text while parsing, so that a bad one is reported with its record's line.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class ImportReport:
    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))


def read_document(path: Path) -> dict[str, Any]:
    """Parse a YAML or JSON ledger document, with a clear message for broken syntax."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LedgerError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise LedgerError(f"{path}: not UTF-8 text") from None
    try:
        if path.suffix.lower() == ".json":
            document = json.loads(raw)
        else:
            document = yaml.load(raw, Loader=_LineLoader)
    except json.JSONDecodeError as error:
        raise LedgerError(f"{path}, line {error.lineno}: invalid JSON: {error.msg}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        reason = getattr(error, "problem", None) or "invalid YAML"
        raise LedgerError(f"{path}{where}: {reason}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise LedgerError(f"{path}: not a ledger document (expected `format: {FORMAT}`)")
    unknown = set(document) - {"format", *SECTIONS}
    if unknown:
        raise LedgerError(f"{path}: unknown section(s) {sorted(unknown)}; expected {SECTIONS}")
    return document


def import_document(session: Session, document: dict[str, Any], origin: str) -> ImportReport:
    """Apply a parsed document to the ledger inside the caller's write transaction."""
    report = ImportReport()
    steps: dict[str, Callable[[Session, Record], bool]] = {
        "places": _import_place,
        "actors": _import_actor,
        "sources": _import_source,
        "claims": _import_claim,
        "links": _import_link,
    }
    for section in SECTIONS:
        records = document.get(section) or []
        if not isinstance(records, list):
            raise LedgerError(f"{origin}: `{section}` must be a list")
        for index, record in enumerate(_ordered(section, records)):
            with _located(origin, section, index, record):
                _check_fields(section, record)
                added = steps[section](session, record)
            (report.added if added else report.unchanged)[section] += 1
    return report


def _ordered(section: str, records: list) -> list:
    """Put parents (places, parties) before the records that name them."""
    if section not in ("places", "actors"):
        return records
    parent_field = "parent" if section == "places" else "party"
    keys = {r.get("id") for r in records if isinstance(r, dict)}
    done: set = set()
    ordered: list = []
    waiting = list(records)
    while waiting:
        ready = [
            r for r in waiting if not isinstance(r, dict) or r.get(parent_field) not in keys - done
        ]
        if not ready:  # a cycle: leave the rest in file order, the parent check will report it
            return ordered + waiting
        ordered += ready
        done |= {r.get("id") for r in ready if isinstance(r, dict)}
        waiting = [r for r in waiting if all(r is not x for x in ready)]
    return ordered


@contextmanager
def _located(origin: str, section: str, index: int, record: Any) -> Iterator[None]:
    """Prefix any error with where the record is: its line, else its position."""
    try:
        yield
    except LedgerError as error:
        line = getattr(record, "line", None)
        where = f"line {line}" if line else f"{section}[{index}]"
        raise LedgerError(f"{origin}, {where}: {error.message}") from None


def _check_fields(section: str, record: Any) -> None:
    if not isinstance(record, dict):
        raise LedgerError(f"each entry of `{section}` must be a mapping")
    unknown = set(record) - FIELDS[section]
    if unknown:
        raise LedgerError(
            f"unknown field(s) {sorted(unknown)} in {section}; expected {sorted(FIELDS[section])}"
        )
    missing = {f for f in REQUIRED[section] if record.get(f) in (None, "")}
    if missing:
        raise LedgerError(f"{section} entry is missing {sorted(missing)}")


def _text(record: dict, name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, bool | list | dict):
        raise LedgerError(f"`{name}` must be text")
    return str(value)


def _names(record: dict, name: str = "aliases") -> list[str]:
    value = record.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise LedgerError(f"`{name}` must be a list of names")
    return [str(v) for v in value]


def _date(record: dict, name: str) -> dt.date | None:
    value = record.get(name)
    if value is None or isinstance(value, dt.date):
        return value
    return parse_date(str(value), name)


def _import_place(session: Session, record: Record) -> bool:
    key = str(record["id"])
    existing = session.execute(select(Place).where(Place.key == key)).scalars().first()
    if existing is None:
        if not record.get("name") or not record.get("kind"):
            raise LedgerError(f"no place {key!r}: a new place needs `name` and `kind`")
        spec = PlaceSpec(
            key=key,
            name=str(record["name"]),
            kind=str(record["kind"]),
            parent=_text(record, "parent"),
            name_ar=_text(record, "name_ar"),
            aliases=_names(record),
            gazetteer=_text(record, "gazetteer"),
            lat=record.get("lat"),
            lon=record.get("lon"),
        )
        places.add_places(session, [spec])
        journal.record(session, "place.add", key, {**spec.__dict__, "aliases": list(spec.aliases)})
        return True
    added = places.add_names(session, ((existing.id, n) for n in _names(record)))
    if added:
        journal.record(session, "place.alias", key, {"aliases": _names(record)})
    return bool(added)


def _import_actor(session: Session, record: Record) -> bool:
    return _import_named(session, Actor, record, party=_text(record, "party"))


def _import_source(session: Session, record: Record) -> bool:
    return _import_named(session, Source, record, url=_text(record, "url"))


def _import_named(session: Session, model: type, record: Record, **extra: str | None) -> bool:
    key = str(record["id"])
    existing = session.execute(select(model).where(model.key == key)).scalars().first()
    if existing is None:
        actors.add(
            session,
            model,
            str(record["name"]),
            str(record["kind"]),
            key=key,
            aliases=_names(record),
            **extra,
        )
        return True
    added = actors.add_aliases(session, existing, _names(record))
    if added:
        journal.record(session, f"{model.__name__.lower()}.alias", key, {"aliases": _names(record)})
    return bool(added)


def _import_claim(session: Session, record: Record) -> bool:
    new = NewClaim(
        key=str(record["id"]),
        text=str(record["text"]),
        excerpt=_text(record, "excerpt"),
        claimant=str(record["claimant"]),
        source=str(record["source"]),
        url=_text(record, "url"),
        published=_date(record, "published"),
        event_start=_date(record, "event_start"),
        event_end=_date(record, "event_end"),
        places=_names(record, "places"),
    )
    if new.event_start and not new.event_end and "event_end" not in record:
        new.event_end = new.event_start
    existing = session.execute(select(Claim).where(Claim.key == new.key)).scalars().first()
    if existing is None:
        claims.add_claim(session, new)
        return True
    if not _same_claim(session, existing, new):
        raise LedgerError(
            f"claim {new.key!r} already exists with other content: change it with"
            " `ledger claim edit`, or give this one another id"
        )
    return False


def _same_claim(session: Session, claim: Claim, new: NewClaim) -> bool:
    current = claims.claim_record(session, claim)
    wanted_places = sorted(places.resolve(session, p).place.key for p in new.places)
    return (
        current["text"] == new.text.strip()
        and current["claimant"] == actors.resolve(session, Actor, new.claimant).key
        and current["source"] == actors.resolve(session, Source, new.source).key
        and current["places"] == wanted_places
        and (current["published"], current["event_start"], current["event_end"])
        == (new.published, new.event_start, new.event_end)
    )


def _import_link(session: Session, record: Record) -> bool:
    key, relation, other = str(record["claim"]), str(record["relation"]), str(record["other"])
    one, two = claims.get(session, key), claims.get(session, other)
    low, high = sorted((one.id, two.id))
    existing = claims.live_link(session, low, high)
    if existing is not None and existing.relation == relation:
        return False
    claims.add_link(session, key, relation, other, _text(record, "note"))
    return True


def import_file(session: Session, path: Path) -> ImportReport:
    """Import one ledger document file inside the caller's write transaction."""
    return import_document(session, read_document(path), str(path))
