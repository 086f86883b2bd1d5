"""Reading one field of an imported record, with a message that names the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import Any

from ledger import validation
from ledger.errors import LedgerError
from ledger.record import dates
from ledger.record.dates import Fuzzy


@dataclass
class Item:
    """One imported record and where it came from (`file, line 12` or `file, claims[3]`).

    `columns`: the record is a spreadsheet row, whose errors name the column.
    """

    record: dict[str, Any]
    where: str
    columns: bool = False


class ClaimRef(str):
    """A claim a verdict row names by its content (a row without an id): text, URL, source."""

    text: str
    url: str | None
    source: str

    def __new__(cls, text: str, url: str | None, source: str) -> ClaimRef:
        ref = super().__new__(cls, f"the claim {text[:40]!r}")
        ref.text, ref.url, ref.source = text, url, source
        return ref


class FieldError(LedgerError):
    """A user error in one field of a record."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@contextmanager
def located(item: Item) -> Iterator[None]:
    """Prefix any user error raised while handling a record with where the record is."""
    try:
        yield
    except LedgerError as error:
        raise relocated(item, error) from None


def relocated(item: Item, error: LedgerError) -> LedgerError:
    """Return a user error prefixed with where its record is (for loops too hot for `located`)."""
    if error.message.startswith(item.where):
        return error
    column = isinstance(error, FieldError) and item.columns
    where = f"{item.where}, column {error.field}" if column else item.where  # type: ignore[attr-defined]
    return LedgerError(f"{where}: {error.message}")


def check_fields(section: str, record: Any, allowed: set[str], required: set[str]) -> None:
    """Refuse a record that is not a mapping, has unknown fields or lacks required ones."""
    if not isinstance(record, dict):
        raise LedgerError(f"each entry of `{section}` must be a mapping")
    if not record.keys() <= allowed:
        unknown = set(record) - allowed
        raise LedgerError(
            f"unknown field(s) {sorted(unknown)} in {section}; expected {sorted(allowed)}"
        )
    for name in required:
        if record.get(name) in (None, ""):
            missing = {f for f in required if record.get(f) in (None, "")}
            raise LedgerError(f"{section} entry is missing {sorted(missing)}")


def text(record: dict, name: str) -> str | None:
    """Return a text field checked by the rule its name carries, None when absent or blank."""
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, bool | list | dict | float):
        raise LedgerError(f"`{name}` must be text")
    value = value if type(value) is str else str(value)
    return validation.field(name, value) if value.strip() else None


def names(record: dict, name: str = "aliases") -> list[str]:
    """Return a list-of-names field."""
    value = record.get(name) or []
    if not isinstance(value, list):
        raise LedgerError(f"`{name}` must be a list of names")
    if all(map(isinstance, value, repeat(str))):
        return value
    if not all(map(isinstance, value, repeat(str | int))):
        raise LedgerError(f"`{name}` must be a list of names")
    return [str(v) for v in value]


def date(record: dict, name: str, order: str | None = None) -> dt.date | None:
    """Return a date field's first day (any form of `ledger.record.dates`)."""
    found = fuzzy(record, name, order)
    return found.start if found else None


def fuzzy(record: dict, name: str, order: str | None = None) -> Fuzzy | None:
    """Return a date field as written: a day, a month, a year or a range."""
    value = record.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return Fuzzy.day(value)
    return _fuzzy(str(value), name, order)


@lru_cache(maxsize=1 << 16)
def _fuzzy(value: str, name: str, order: str | None) -> Fuzzy:
    """Parse a date once: a big import names the same few thousand days over and over."""
    try:
        return dates.parse(value, name, order)
    except LedgerError as error:
        raise FieldError(error.message, name) from None


def moment(record: dict, name: str) -> dt.datetime | None:
    """Return an ISO 8601 timestamp field as an aware datetime (UTC when no offset is given)."""
    value = record.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return _moment(str(value), name)


@lru_cache(maxsize=1 << 16)
def _moment(value: str, name: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise LedgerError(f"invalid {name} {value!r}: expected an ISO 8601 timestamp") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


@lru_cache(maxsize=1 << 16)
def iso(moment: dt.datetime) -> str:
    """Return a time as ISO 8601 text, once per distinct time."""
    return moment.isoformat()


def number(record: dict, name: str) -> float | None:
    """Return a numeric field (coordinates)."""
    value = record.get(name)
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise LedgerError(f"`{name}` must be a number, not {value!r}") from None
