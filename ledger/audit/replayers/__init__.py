"""The replayer of each table a report or an export reads, in the order they are compared."""

from __future__ import annotations

from ledger.audit.replay import Replay, Replayer
from ledger.audit.replayers.claims import Claims
from ledger.audit.replayers.disputes import Disputes
from ledger.audit.replayers.links import Links
from ledger.audit.replayers.named import Actors, Sources
from ledger.audit.replayers.places import Places
from ledger.audit.replayers.verdicts import Verdicts

REPLAYERS: tuple[type[Replayer], ...] = (
    Places,
    Actors,
    Sources,
    Claims,
    Links,
    Verdicts,
    Disputes,
)


def replay() -> Replay:
    """Return a fresh replay of every table."""
    return Replay.of(REPLAYERS)
