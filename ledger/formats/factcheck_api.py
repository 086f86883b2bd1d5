"""Google Fact Check Tools API responses (`claims:search`) as ClaimReviews.

A response holds `claims`, each with its `text`, `claimant`, `claimDate` and the `claimReview`s
of it (`publisher` {name, site}, `url`, `title`, `reviewDate`, `textualRating`,
`languageCode`). Each review becomes the ClaimReview a publisher would have written, so that
`ledger.formats.claimreview_in` reads both alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def looks_like(data: Any) -> bool:
    """Whether parsed JSON is a `claims:search` response."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("claims"), list)
        and "format" not in data
        and all(isinstance(c, dict) and "claimReview" in c for c in data["claims"])
    )


def reviews(data: dict) -> Iterator[tuple[str, Any]]:
    """Yield each review of a response as a ClaimReview object, with where it is."""
    for n, claim in enumerate(data["claims"]):
        found = claim.get("claimReview")
        if not isinstance(found, list):
            yield f"claims[{n}]", None  # read as "not a ClaimReview"
            continue
        for m, review in enumerate(found):
            where = f"claims[{n}].claimReview[{m}]"
            yield where, as_claimreview(claim, review) if isinstance(review, dict) else None


def as_claimreview(claim: dict, review: dict) -> dict:
    """Return one API review of a claim as ClaimReview JSON-LD."""
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.get("claimant"):
        item["author"] = {"@type": "Organization", "name": claim["claimant"]}
    if claim.get("claimDate"):
        item["datePublished"] = claim["claimDate"]
    publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
    found: dict[str, Any] = {
        "@type": "ClaimReview",
        "claimReviewed": claim.get("text"),
        "itemReviewed": item,
        "reviewRating": {"@type": "Rating", "alternateName": review.get("textualRating")},
        "author": {"@type": "Organization", "name": publisher.get("name") or publisher.get("site")},
    }
    for key, value in (("url", "url"), ("datePublished", "reviewDate"), ("name", "title")):
        if review.get(value):
            found[key] = review[value]
    return found
