"""Verdicts as schema.org ClaimReview JSON-LD, the form search engines and fact-check
aggregators read (`ledger.formats.claimreview_in` reads them back).

Each current verdict (one per reviewing organisation) of a claim becomes one ClaimReview: the
claim (`itemReviewed`, a `Claim` with its claimant as `author`, typed Person or Organization,
its appearances, places as `contentLocation`), the rating on the 1-5 scale of
`ledger.record.verdicts` with the publisher's wording as `alternateName` and `name` (the scale
term when the ledger's own) and `ratingExplanation`, the organisation as `author`, and the
review's `url`: as published, or made from a base address and the claim id for the ledger's own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from sqlalchemy import select
from sqlmodel import Session

from ledger.formats.context import UNATTRIBUTED, UNKNOWN_SOURCE
from ledger.formats.exports import appearances
from ledger.record import lookup, verdicts
from ledger.record.lookup import ClaimView
from ledger.record.verdicts import BEST_RATING, RATINGS, WORST_RATING
from ledger.store import journal
from ledger.store.models import Verdict

CONTEXT = "https://schema.org"
PAGE = 1000


def review_url(base_url: str, key: str) -> str:
    """Return where a claim's review is published: `{id}` in the base replaced, else appended."""
    if "{id}" in base_url:
        return base_url.replace("{id}", key)
    return f"{base_url.rstrip('/')}/{key}"


def review(
    view: ClaimView,
    verdict: Verdict,
    organisation: str,
    base_url: str,
    appearances: Sequence[str] = (),
) -> dict:
    """Return the ClaimReview of one claim and one current verdict."""
    claim = view.claim
    item: dict[str, Any] = {"@type": "Claim", "identifier": claim.key}
    if view.claimant.key != UNATTRIBUTED:
        kind = "Person" if view.claimant.kind == "person" else "Organization"
        item["author"] = {"@type": kind, "name": view.claimant.name}
    if claim.published:
        item["datePublished"] = claim.published.isoformat()
    item["appearance"] = _appearances(view, appearances)
    if view.places:
        item["contentLocation"] = [
            {"@type": "Place", "identifier": p.key, "name": p.name}
            for p in sorted(view.places, key=lambda p: p.key)
        ]
    wording = verdict.textual_rating or verdict.rating
    rating: dict[str, Any] = {"@type": "Rating"}
    if RATINGS[verdict.rating] is not None:
        rating["ratingValue"] = RATINGS[verdict.rating]
    rating |= {"bestRating": BEST_RATING, "worstRating": WORST_RATING}
    rating |= {"alternateName": wording, "name": wording}
    if verdict.explanation:
        rating["ratingExplanation"] = verdict.explanation
    own = verdict.organisation is None
    found = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": review_url(base_url, claim.key) if own else verdict.review_url,
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": organisation if own else verdict.organisation},
        "datePublished": (verdict.review_date or verdict.at.date()).isoformat(),
    }
    if found["url"] is None:
        del found["url"]
    if verdict.note:
        found["reviewBody"] = verdict.note
    return found


def _appearances(view: ClaimView, further: Sequence[str]) -> list[dict]:
    """Return where the claim appeared: its origin (with its source) first, then the others."""
    origin: dict[str, Any] = {"@type": "CreativeWork"}
    if view.claim.url:
        origin["url"] = view.claim.url
    if view.source.key != UNKNOWN_SOURCE:
        origin["publisher"] = {"@type": "Organization", "name": view.source.name}
    return [origin, *({"@type": "CreativeWork", "url": url} for url in further)]


def records(
    session: Session, claim_ids: Sequence[int], *, organisation: str, base_url: str
) -> list[dict]:
    """Return the ClaimReviews of those of the claims that have a verdict, in the given order.

    For pages that embed them (`<script type="application/ld+json">`) and for the export.
    """
    current = verdicts.current(session, list(claim_ids))
    views = lookup.load(session, [i for i in claim_ids if i in current])
    if not views:
        return []
    seen = appearances(session, min(current), max(current))
    return [
        review(v, verdict, organisation, base_url, seen.get(v.claim.id, []))
        for v in views
        for verdict in current[v.claim.id]
    ]


def reviewed_ids(session: Session) -> Iterator[list[int]]:
    """Yield the ids of the claims that have a verdict, a page at a time, in log order."""
    last = 0
    while True:
        ids = list(
            session.execute(
                select(Verdict.claim_id)
                .where(Verdict.claim_id > last)
                .group_by(Verdict.claim_id)
                .order_by(Verdict.claim_id)
                .limit(PAGE)
            ).scalars()
        )
        if not ids:
            return
        last = ids[-1]
        yield ids


def write(out: TextIO, session: Session, organisation: str, base_url: str, tick) -> None:  # type: ignore[no-untyped-def]
    """Write every claim with a verdict as a ClaimReview, in a schema.org DataFeed.

    The feed's `version` is the ledger's head (`ledger head SEQ:HASH`), which
    `ledger verify --against` reads.
    """
    head = json.dumps(f"ledger head {journal.head_label(session)}")
    out.write(f'{{\n  "@context": "{CONTEXT}",\n  "@type": "DataFeed",\n  "version": {head},')
    out.write('\n  "dataFeedElement": [')
    first = True
    for ids in reviewed_ids(session):
        for found in records(session, ids, organisation=organisation, base_url=base_url):
            body = json.dumps(found, ensure_ascii=False, indent=2).replace("\n", "\n    ")
            out.write(("\n    " if first else ",\n    ") + body)
            first = False
            tick()
    out.write("\n  ]\n}\n" if not first else "]\n}\n")
