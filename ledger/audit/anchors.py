"""Anchored heads: a published `SEQ:HASH` that the ledger must still extend.

A head written down outside the database (a published export, a report, a signed checkpoint, a
note in a newsroom's log) pins everything before it: recomputing the chain can then tell a
rewrite that rechained every later hash, a truncation, or entries forged in place of real ones,
which no check inside the database alone can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ledger.errors import LedgerError

LABEL = re.compile(r"^\s*(\d{1,18}):([0-9a-f]{64})\s*$")
_IN_TEXT = re.compile(r"ledger head (\d{1,18}):([0-9a-f]{64})")
_IN_META = re.compile(r'<meta name="ledger-head" content="(\d{1,18}):([0-9a-f]{64})"')
_IN_CHECKPOINT = re.compile(r"^ledger checkpoint v1\n[^\n]*\n(\d{1,18}):([0-9a-f]{64})\n")
_SEQ = re.compile(r"""head_seq["']?\s*:\s*(\d{1,18})""")
_HASH = re.compile(r"""head_hash["']?\s*:\s*["']?([0-9a-f]{64})""")
SCANNED = 1 << 20
"""How much of a file's start is searched for its head: every format writes it first."""


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    origin: str
    """Where the anchor came from, to name it in a problem."""

    @property
    def label(self) -> str:
        return f"{self.seq}:{self.hash}"


def parse(text: str, origin: str = "--expect") -> Anchor:
    """Read `SEQ:HASH` as `ledger head` prints it."""
    found = LABEL.match(text)
    if found is None:
        raise LedgerError(
            f"{origin}: expected SEQ:HASH as `ledger head` prints it (a number, a colon and 64"
            f" hex digits), not {text.strip()[:80]!r}"
        )
    return Anchor(int(found[1]), found[2], origin)


def of_file(path: Path) -> Anchor:
    """Return the head an export, a report or a `ledger head` output carries."""
    try:
        with path.open("rb") as handle:
            start = handle.read(SCANNED).decode("utf-8", errors="replace")
    except OSError as error:
        raise LedgerError(f"cannot read {path}: {error.strerror}") from None
    origin = str(path)
    if LABEL.match(start):
        return parse(start, origin)
    for pattern in (_IN_CHECKPOINT, _IN_META, _IN_TEXT):
        found = pattern.search(start)
        if found:
            return Anchor(int(found[1]), found[2], origin)
    seq, hash_ = _SEQ.search(start), _HASH.search(start)
    if seq and hash_:
        return Anchor(int(seq[1]), hash_[1], origin)
    raise LedgerError(
        f"{path}: no ledger head found: it is not an export, a report or a `ledger head` output"
    )


def check(anchor: Anchor, seq: int, hash_: str | None) -> None:
    """Check the journal's entry `anchor.seq` (its hash `hash_`, None if there is none)."""
    where = f"the head {anchor.seq}:{anchor.hash[:12]}… of {anchor.origin}"
    if hash_ is None:
        raise LedgerError(
            f"the journal ends at entry {seq}, before {where}: entries that were published have"
            " been removed"
        )
    if hash_ != anchor.hash:
        raise LedgerError(
            f"journal entry {anchor.seq} has the hash {hash_[:12]}…, not {where}: the journal"
            " was rewritten since that head was published"
        )
