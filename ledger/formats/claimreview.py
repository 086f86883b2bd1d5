"""Verdicts as schema.org ClaimReview JSON-LD, the form search engines and fact-check
aggregators read; and ClaimReview records read back as claims with their verdicts.

Each claim with a verdict becomes one ClaimReview of its current verdict: the claim
(`itemReviewed`, a `Claim` with its claimant as `author`, its report as `appearance`), the
rating on the 1-5 scale of `ledger.verdicts` (`alternateName` carries the ledger's own name), the
fact-checking organisation as `author`, and a `url` made from a base address and the claim id.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, TextIO
from urllib.parse import urlparse

from sqlalchemy import select
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.formats import importer
from ledger.formats.fields import Item
from ledger.formats.model import ImportReport
from ledger.geo.names import KEY_PATTERN
from ledger.record import actors, lookup, verdicts
from ledger.record.lookup import ClaimView
from ledger.record.verdicts import BEST_RATING, RATINGS, WORST_RATING
from ledger.store import journal
from ledger.store.models import Claim, Source, Verdict

CONTEXT = "https://schema.org"
PAGE = 1000
_BY_VALUE = {value: name for name, value in RATINGS.items() if value is not None}


def review_url(base_url: str, key: str) -> str:
    """Return where a claim's review is published: `{id}` in the base replaced, else appended."""
    if "{id}" in base_url:
        return base_url.replace("{id}", key)
    return f"{base_url.rstrip('/')}/{key}"


def review(view: ClaimView, verdict: Verdict, organisation: str, base_url: str) -> dict:
    """Return the ClaimReview of one claim and its current verdict."""
    claim = view.claim
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if claim.url:
        appearance["url"] = claim.url
    appearance["publisher"] = {"@type": "Organization", "name": view.source.name}
    item: dict[str, Any] = {
        "@type": "Claim",
        "identifier": claim.key,
        "author": {
            "@type": "Person" if view.claimant.kind == "person" else "Organization",
            "name": view.claimant.name,
        },
    }
    if claim.published:
        item["datePublished"] = claim.published.isoformat()
    item["appearance"] = appearance
    rating: dict[str, Any] = {"@type": "Rating"}
    if RATINGS[verdict.rating] is not None:
        rating["ratingValue"] = RATINGS[verdict.rating]
    rating |= {"bestRating": BEST_RATING, "worstRating": WORST_RATING}
    rating["alternateName"] = verdict.rating
    found = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": review_url(base_url, claim.key),
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": organisation},
        "datePublished": verdict.at.date().isoformat(),
    }
    if verdict.note:
        found["reviewBody"] = verdict.note
    return found


def records(
    session: Session, claim_ids: Sequence[int], *, organisation: str, base_url: str
) -> list[dict]:
    """Return the ClaimReviews of those of the claims that have a verdict, in the given order.

    For pages that embed them (`<script type="application/ld+json">`) and for the export.
    """
    current = verdicts.current(session, list(claim_ids))
    views = lookup.load(session, [i for i in claim_ids if i in current])
    return [review(v, current[v.claim.id], organisation, base_url) for v in views]


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


# --- reading ClaimReviews back --------------------------------------------------------------


def looks_like(data: Any) -> bool:
    """Whether parsed JSON is ClaimReview JSON-LD rather than a ledger document."""
    if isinstance(data, list):
        return all(isinstance(d, dict) and "format" not in d for d in data)
    return isinstance(data, dict) and ("@context" in data or "@type" in data or "@graph" in data)


def import_reviews(
    session: Session, data: Any, origin: str, *, create_places: bool, create: bool
) -> ImportReport:
    """Import ClaimReviews as claims (matched by identifier, else URL and text) with verdicts."""
    if isinstance(data, dict):
        reviews = data.get("dataFeedElement", data.get("@graph", [data]))
    else:
        reviews = data
    if not isinstance(reviews, list):
        raise LedgerError(f"{origin}: expected ClaimReview objects")
    claims: dict[tuple, Item] = {}
    kinds: dict[str, str] = {}
    verdicts_of: list[tuple[tuple, Item]] = []
    for index, found in enumerate(reviews):
        where = f"{origin}, review {index + 1}"
        try:
            claim, kind, verdict = _parse(found)
        except LedgerError as error:
            raise LedgerError(f"{where}: {error.message}") from None
        same = (claim["id"],) if "id" in claim else (claim["text"], claim["url"] or claim["source"])
        claims.setdefault(same, Item(claim, where))
        kinds[claim["claimant"]] = kind
        verdicts_of.append((same, Item(verdict, where)))
    options = {"create_places": create_places, "create": create, "kinds": kinds}
    report = importer.run(session, (("claims", i) for i in claims.values()), **options)
    keys = {same: _key_of(session, item.record) for same, item in claims.items()}
    for same, item in verdicts_of:
        item.record["claim"] = keys[same]
    more = importer.run(session, (("verdicts", item) for _, item in verdicts_of))
    for section, n in more.added.items():
        report.added[section] += n
        report.unchanged[section] += more.unchanged[section]
    return report


def _key_of(session: Session, claim: dict) -> str:
    """Return the id of the claim a review without an identifier was matched to or logged as."""
    if "id" in claim:
        return claim["id"]
    statement = select(Claim.key).where(Claim.text == claim["text"].strip())
    if claim["url"]:
        statement = statement.where(Claim.url == claim["url"])
    else:
        source = actors.resolve(session, Source, claim["source"])
        statement = statement.where(Claim.source_id == source.id, Claim.url.is_(None))
    return session.execute(statement.order_by(Claim.id)).scalars().first()  # type: ignore[return-value]


def _one(value: Any) -> dict:
    """Return the first object of a JSON-LD value that may be an object or a list of them."""
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, dict) else {}


def _parse(found: Any) -> tuple[dict, str, dict]:
    if not isinstance(found, dict) or "ClaimReview" not in str(found.get("@type")):
        raise LedgerError("not a ClaimReview")
    text = found.get("claimReviewed")
    if not isinstance(text, str) or not text.strip():
        raise LedgerError("no claimReviewed")
    item = _one(found.get("itemReviewed"))
    claimant = _one(item.get("author"))
    appearance = _one(item.get("appearance")) or _one(item.get("firstAppearance"))
    reviewer = _one(found.get("author")).get("name")
    url = appearance.get("url")
    source = _one(appearance.get("publisher")).get("name") or (url and urlparse(url).hostname)
    source = source or reviewer
    if not claimant.get("name") or not source:
        raise LedgerError("itemReviewed needs an author and an appearance (or a review author)")
    claim = {"text": text, "claimant": claimant["name"], "source": source, "url": url}
    claim["published"] = str(item.get("datePublished") or "")[:10] or None
    key = item.get("identifier")
    if isinstance(key, str) and KEY_PATTERN.match(key):
        claim["id"] = key
    kind = "person" if claimant.get("@type") == "Person" else "organisation"
    verdict = {
        "rating": rating_name(_one(found.get("reviewRating"))),
        "note": found.get("reviewBody"),
        "by": reviewer,
        "at": str(found.get("datePublished") or "")[:10] or None,
    }
    return claim, kind, verdict


def rating_name(rating: dict) -> str:
    """Map a schema.org Rating onto the ledger's ratings: by name, else by place on its scale."""
    name = str(rating.get("alternateName") or "").strip().lower()
    if name in RATINGS:
        return name
    try:
        value = float(rating["ratingValue"])
        best = float(rating.get("bestRating", BEST_RATING))
        worst = float(rating.get("worstRating", WORST_RATING))
        position = (value - worst) / (best - worst)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        raise LedgerError(f"cannot read the rating {rating!r}") from None
    step = round(WORST_RATING + position * (BEST_RATING - WORST_RATING))
    return _BY_VALUE[min(max(step, WORST_RATING), BEST_RATING)]
