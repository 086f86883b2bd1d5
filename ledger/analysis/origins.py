"""Where a claim comes from, and whether support from another claim is independent of it.

Support is independent when it comes from another camp and is not the same report. Two claims
are one report when they share a URL, or when both are outlets' own reporting (media claimants)
through sources of one network: a copy is not a second witness. An outlet quoting two different
claimants carries two origins, not one.

Support from a claimant whose camp stands on another position of the same disputed point is an
admission against interest: the strongest corroboration there is, counted as independent even
when the same outlet or article carries both claims.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from ledger.record.camps import camps_of, networks_of
from ledger.store.db import among
from ledger.store.tables import actor, claim

if TYPE_CHECKING:
    from ledger.store.db import Reader

INDEPENDENT, ADMISSION, DEPENDENT = "independent", "admission", "dependent"
OWN_VOICE = "media"
"""The actor kind of an outlet speaking for itself: its reports share its network's origin."""


@dataclass(frozen=True)
class Fact:
    """What the analysis needs to know of a claim: who, through which outlet, when."""

    id: int
    claimant: int
    camp: int
    own_voice: bool
    source: int
    network: int
    url: str | None
    published: dt.date | None
    start: dt.date | None
    end: dt.date | None


def facts(session: Reader, claim_ids: Iterable[int]) -> dict[int, Fact]:
    """Load the facts of the claims, with their claimants' camps and their sources' networks."""
    columns = (
        claim.c.id,
        claim.c.claimant_id,
        claim.c.source_id,
        claim.c.url,
        claim.c.published,
        claim.c.event_start,
        claim.c.event_end,
    )
    rows = session.execute(select(*columns).where(among(session, claim.c.id, claim_ids))).all()
    people = {r.claimant_id for r in rows}
    camp = camps_of(session, people)
    network = networks_of(session, {r.source_id for r in rows})
    kinds = select(actor.c.id, actor.c.kind).where(among(session, actor.c.id, people))
    voice = {i for i, kind in session.execute(kinds) if kind == OWN_VOICE}
    return {
        r.id: Fact(
            r.id,
            r.claimant_id,
            camp[r.claimant_id],
            r.claimant_id in voice,
            r.source_id,
            network[r.source_id],
            r.url,
            r.published,
            r.event_start,
            r.event_end or r.event_start,
        )
        for r in rows
    }


def same_report(one: Fact, other: Fact) -> str | None:
    """Return why two claims are one report, or None when they are two."""
    if one.url and one.url == other.url:
        return "same report (same URL)"
    if one.own_voice and other.own_voice and one.network == other.network:
        return "same report (one network's own reporting)"
    return None


def support(claimed: Fact, backer: Fact, admits: bool) -> tuple[str, str | None]:
    """Classify support for `claimed` from `backer`: independent, admission or dependent (why)."""
    if claimed.claimant == backer.claimant:
        return DEPENDENT, "same claimant"
    if claimed.camp == backer.camp:
        return DEPENDENT, "same camp"
    if admits:
        return ADMISSION, None
    reason = same_report(claimed, backer)
    return (DEPENDENT, reason) if reason else (INDEPENDENT, None)
