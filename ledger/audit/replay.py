"""Rebuilding what the ledger's tables should hold from the journal alone, table by table.

Each table a report or an export reads has a replayer (`ledger.audit.replayers`): it takes the
journal actions that write its rows, builds the rows they describe, then reads the table (one
streamed query, not one per row) and names the first row that differs. An action no replayer
takes is an error: a journal this version cannot replay cannot be vouched for.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar, NamedTuple

from sqlalchemy import type_coerce
from sqlalchemy.types import NullType
from sqlmodel import Session

from ledger.errors import LedgerError

BATCH = 5000
"""Rows fetched at a time when a table is read."""


class Unrecorded:
    """A value the journal did not record (an entry from before it did): not compared."""

    def __repr__(self) -> str:
        return "(not recorded)"


UNRECORDED: Any = Unrecorded()


@dataclass
class Entry:
    """One journal entry as replayed: its time as ISO text in UTC, its payload parsed."""

    seq: int
    at: str
    by: str
    action: str
    subject: str
    payload: dict[str, Any]

    def who(self) -> str:
        """Return who did it: the entry's writer, unless the payload names someone (an import)."""
        return self.payload.get("by") or self.by

    def when(self) -> str:
        """Return when it was done: the entry's time, unless the payload gives one (an import)."""
        return utc(self.payload.get("at")) or self.at


def utc(moment: str | dt.datetime | None) -> str | None:
    """Return a time as the database gives it back: ISO text in UTC."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat()


class Replayer(ABC):
    """Replays the journal actions that write some tables, then compares the tables."""

    actions: ClassVar[tuple[str, ...]] = ()
    """The journal actions this replayer takes."""

    def __init__(self, replay: Replay) -> None:
        self.replay = replay

    @abstractmethod
    def apply(self, entry: Entry) -> None:
        """Apply one entry; raise KeyError, TypeError or ValueError if it cannot follow."""

    @abstractmethod
    def compare(self, session: Session) -> None:
        """Read the tables and raise `LedgerError` naming the first row that differs."""

    def counts(self) -> dict[str, int]:
        """Return how many rows of each kind the journal vouches for."""
        return {}

    def warnings(self) -> list[str]:
        """Return what the journal could only partly vouch for (entries of older versions)."""
        return []


@dataclass
class Replay:
    """The replayers of every table, fed the journal in order."""

    replayers: list[Replayer] = field(default_factory=list)
    by_action: dict[str, list[Replayer]] = field(default_factory=dict)

    @classmethod
    def of(cls, kinds: Iterable[type[Replayer]]) -> Replay:
        replay = cls()
        for kind in kinds:
            replayer = kind(replay)
            replay.replayers.append(replayer)
            for action in kind.actions:
                replay.by_action.setdefault(action, []).append(replayer)
        return replay

    def get(self, kind: type[Replayer]) -> Any:
        """Return the replayer of a kind, for another that needs its state."""
        return next(r for r in self.replayers if isinstance(r, kind))

    def apply(self, entry: Entry) -> None:
        """Apply one entry; fail naming it if no replayer takes it or it contradicts the past."""
        takers = self.by_action.get(entry.action)
        if not takers:
            raise LedgerError(
                f"journal entry {entry.seq} ({entry.action} {entry.subject}) is an action this"
                " version of ledger cannot replay: upgrade ledger to verify this ledger"
            )
        for replayer in takers:
            try:
                replayer.apply(entry)
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise LedgerError(
                    f"journal entry {entry.seq} ({entry.action} {entry.subject}) does not follow"
                    f" from the entries before it ({type(error).__name__}: {error})"
                ) from None

    def compare(self, session: Session) -> None:
        for replayer in self.replayers:
            replayer.compare(session)

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for replayer in self.replayers:
            found |= replayer.counts()
        return found

    def warnings(self) -> list[str]:
        return [w for replayer in self.replayers for w in replayer.warnings()]


def raw(column: Any) -> Any:
    """Select a date or time column as the driver gives it, without SQLAlchemy's conversion.

    SQLite gives text, PostgreSQL a date or an aware datetime; `day` and `moment` turn either
    into the journal's ISO text, once per distinct value (an import shares one time).
    """
    return type_coerce(column, NullType())


def day(value: Any) -> str | None:
    """Return a raw date as ISO text."""
    return value if value is None or isinstance(value, str) else value.isoformat()


@lru_cache(maxsize=1 << 16)
def moment(value: Any) -> str | None:
    """Return a raw time as ISO text in UTC, as the journal writes it."""
    return utc(value)


def stream(session: Session, statement: Any) -> Iterator[Any]:
    """Read a query's rows a batch at a time."""
    yield from session.execute(statement.execution_options(yield_per=BATCH))


class Difference(NamedTuple):
    key: Any
    message: str


def compare_rows(
    name: str,
    logged: dict[Any, Any],
    stored: Iterable[tuple[Any, Any]],
    column: str | None = None,
    absent: Any = None,
) -> None:
    """Compare rows keyed alike; raise naming the difference with the smallest key.

    Rows are named tuples, or single values named `column` (a claim's places). `logged` is
    consumed: rows found in the table are removed from it as they are read, so memory shrinks
    as the table streams by. With `absent`, a key missing from the table holds that value
    (no places) instead of being a deleted row.
    """
    first: Difference | None = None
    for key, row in stored:
        want = logged.pop(key, absent)
        if want is None:
            found = Difference(key, f"{name} {key!r} is in the table but not in the journal")
        elif not same(want, row):
            found = Difference(key, _difference(f"{name} {key!r}", want, row, column))
        else:
            continue
        if first is None or key < first.key:
            first = found
    leftover = sorted(k for k, v in logged.items() if absent is None or v != absent)
    if leftover and (first is None or leftover[0] < first.key):
        key = leftover[0]
        if absent is None:
            message = f"{name} {key!r} is in the journal but not in the table: it was deleted"
        else:
            message = _difference(f"{name} {key!r}", logged[key], absent, column)
        first = Difference(key, message)
    if first is not None:
        raise LedgerError(first.message)


def _shown(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _difference(name: str, want: Any, row: Any, column: str | None) -> str:
    if column is not None:
        pairs = [(column, want, row)]
    else:
        pairs = list(zip(want._fields, want, row, strict=True))
    for field_name, logged, stored in pairs:
        if logged is not UNRECORDED and logged != stored:
            return (
                f"{name} differs from the journal: {field_name} is {_shown(stored)!r},"
                f" the journal says {_shown(logged)!r}"
            )
    raise AssertionError("rows differ in no field")  # pragma: no cover


def same(want: Any, row: Any) -> bool:
    """Whether a stored row matches a logged one, fields the journal did not record aside."""
    if want == row:
        return True
    if not hasattr(want, "_fields"):
        return False
    return all(w is UNRECORDED or w == r for w, r in zip(want, row, strict=True))
