"""Time in disputes: contradictions that may be a sequence, and events out of time.

"The army holds Hama" (3 Dec) and "the opposition controls Hama" (5 Dec) may both be true, one
after the other: a `contradicts` link between claims whose event windows do not overlap is
flagged as possibly a sequence, with the gap between them. (An event after its report's
publication, or in the future, is refused at logging: `ledger.record.claims.check_when`.)
"""

from __future__ import annotations

from dataclasses import dataclass

from ledger.analysis.origins import Fact


@dataclass(frozen=True)
class Gap:
    """Days between the end of the earlier event and the start of the later one."""

    days: int
    earlier: int
    later: int


def gap(one: Fact, other: Fact) -> Gap | None:
    """Return the gap between two claims' event windows, or None if they overlap or are undated."""
    if not (one.start and other.start):
        return None
    first, second = sorted((one, other), key=lambda f: (f.start, f.id))
    if first.end is not None and first.end < second.start:  # type: ignore[operator]
        return Gap((second.start - first.end).days, first.id, second.id)  # type: ignore[operator]
    return None
