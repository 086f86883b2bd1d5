"""The append-only log of every write, chained by hashes.

Every write runs inside `writing()`: it locks the single `journal_head` row first (so writers take
turns and the log has one order), records what it changed with `record()`, and commits the log
entries in the same transaction as the change itself: both land, or neither does.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from ledger import validation
from ledger.errors import LedgerError
from ledger.store.bulk import Converter, insert_tuples
from ledger.store.db import first_line, refusal
from ledger.store.models import JournalEntry, JournalHead

GENESIS = "0" * 64


def current_user(by: str | None = None) -> str:
    """Return who is writing: `--by`, else `LEDGER_USER`, else the OS user; refuse hostile names."""
    user = by if by is not None else os.environ.get("LEDGER_USER") or getpass.getuser()
    return validation.one_line(user, "--by")


def now() -> dt.datetime:
    """Return the current time in UTC."""
    return dt.datetime.now(dt.UTC)


_CANONICAL = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
)
_IN_ORDER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)
_COLUMNS = ("seq", "at", "by", "action", "subject", "payload", "prev_hash", "hash")


def canonical(value: Any) -> str:
    """Serialise a payload the same way every time, so its hash can be recomputed."""
    return _CANONICAL.encode(value)


def canonical_sorted(value: dict[str, Any]) -> str:
    """Serialise a flat payload whose keys are already in sorted order: `canonical`, faster.

    Bulk imports build their log records with sorted keys, and skip sorting them again.
    """
    return _IN_ORDER.encode(value)


def entry_hash(
    prev_hash: str, seq: int, at: str, by: str, action: str, subject: str, payload: str
) -> str:
    """Return the hash of one entry, chained to the one before it."""
    body = "\n".join((prev_hash, str(seq), at, by, action, subject, payload))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass
class Writer:
    """The log state of one write transaction."""

    by: str
    at: dt.datetime
    seq: int
    hash: str
    stamp: str = field(init=False, default="")
    pending: list[tuple] = field(default_factory=list)
    """Entries not yet written, as rows in the order of the journal's columns (`_COLUMNS`)."""

    def record(self, action: str, subject: str, payload: dict[str, Any]) -> None:
        """Append one entry to this transaction's part of the log."""
        self.record_text(action, subject, canonical(payload))

    def record_text(self, action: str, subject: str, body: str) -> None:
        """Append one entry whose payload is already serialised by `canonical`."""
        self.seq += 1
        prev_hash = self.hash
        self.hash = entry_hash(prev_hash, self.seq, self.stamp, self.by, action, subject, body)
        self.pending.append(
            (self.seq, self.at, self.by, action, subject, body, prev_hash, self.hash)
        )

    def __post_init__(self) -> None:
        self.stamp = self.at.isoformat()  # the time every entry's hash covers, formatted once


def writer(session: Session) -> Writer:
    """Return the log writer of a session opened by `writing()`."""
    try:
        return session.info["ledger_writer"]
    except KeyError:
        raise RuntimeError("writes must run inside ledger.store.journal.writing()") from None


def record(session: Session, action: str, subject: str, payload: dict[str, Any]) -> None:
    """Log one write of the current transaction."""
    writer(session).record(action, subject, payload)


@contextmanager
def writing(engine: Engine, by: str | None = None) -> Iterator[Session]:
    """Open a write transaction that takes the writer lock and commits the log with the change."""
    user = current_user(by)
    write_engine = engine.execution_options(ledger_write=True)
    with Session(write_engine) as session:
        try:
            head = _lock_head(session)
            at = clock(session, head.seq)
            session.info["ledger_writer"] = Writer(by=user, at=at, seq=head.seq, hash=head.hash)
            yield session
            flush(session)
            session.commit()
        except IntegrityError as error:
            session.rollback()
            raise LedgerError(
                f"the change conflicts with the ledger: {first_line(error)}"
            ) from None
        except OperationalError as error:
            session.rollback()
            raise LedgerError(refusal(error)) from None
        except BaseException:
            session.rollback()
            raise


def _lock_head(session: Session) -> JournalHead:
    """Take the writer lock (a no-op update of the head row) and return the head."""
    session.execute(update(JournalHead).where(JournalHead.id == 1).values(seq=JournalHead.seq))
    head = session.get(JournalHead, 1)
    if head is None:
        head = JournalHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
        session.flush()
    return head


def clock(session: Session, seq: int) -> dt.datetime:
    """Return the time of new entries: never before entry `seq`, the newest.

    On PostgreSQL it is the server's clock, so that writers on machines whose clocks disagree
    still log times in order; on SQLite (one file, one machine) it is this machine's clock. A
    clock that went back is held at the newest entry's time.
    """
    if session.get_bind().dialect.name == "postgresql":
        moment = session.execute(text("SELECT clock_timestamp()")).scalar_one()
    else:
        moment = now()
    newest = select(JournalEntry.at).where(JournalEntry.seq == seq)
    last = session.execute(newest).scalar() if seq else None
    return max(moment, last or moment).astimezone(dt.UTC)


def flush(session: Session) -> None:
    """Write the pending log entries now: long imports call it so they never pile up in memory."""
    log = writer(session)
    if not log.pending:
        return
    session.flush()
    at = Converter(session, JournalEntry, "at")(log.at)
    insert_tuples(
        session, JournalEntry, _COLUMNS, [(seq, at, *rest) for seq, _, *rest in log.pending]
    )
    session.execute(
        update(JournalHead).where(JournalHead.id == 1).values(seq=log.seq, hash=log.hash)
    )
    log.pending.clear()


def head(session: Session) -> JournalHead | None:
    """Return the newest entry's sequence number and hash."""
    return session.get(JournalHead, 1)


def head_label(session: Session) -> str:
    """Return the head as `SEQ:HASH`: what exports, reports and `ledger head` publish."""
    found = head(session)
    return f"{found.seq}:{found.hash}" if found else f"0:{GENESIS}"
