"""Published fact-checks read back: ClaimReview JSON-LD as publishers write it, as claims with
verdicts (Google Fact Check Tools API responses arrive here too, through `factcheck_api`).

Publishers differ: the claim's author may be missing (the claim is unattributed), an object or
a plain name; appearances may be objects or URL strings (all are kept, the first is the origin,
its publisher or host the claim's source); the rating is the publisher's own wording. A review
of a claim the ledger has (the same id, an appearance URL it knows, or the same text) adds its
verdict to that claim; reviews of one claim in one file (several organisations) share it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import select
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.formats import factcheck_api, importer, review_places
from ledger.formats.fields import Item
from ledger.formats.model import ImportReport
from ledger.formats.review_places import location_names, text_of
from ledger.geo.names import KEY_PATTERN, new_key
from ledger.record.ratings import UNRATED, Ratings
from ledger.record.verdicts import BEST_RATING, RATINGS, WORST_RATING
from ledger.store.models import TEXT_START, Claim, ClaimAppearance, text_start

MAX_ERRORS = 50
_BY_VALUE = {value: name for name, value in RATINGS.items() if value is not None}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass
class Review:
    """One review as read: the claim it is about and the verdict it gives."""

    where: str
    claim: dict[str, Any]
    kind: str
    verdict: dict[str, Any]
    urls: list[str] = field(default_factory=list)
    place_names: list[tuple[str | None, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def looks_like(data: Any) -> bool:
    """Whether parsed JSON is ClaimReview JSON-LD or a Fact Check API response."""
    if factcheck_api.looks_like(data):
        return True
    if isinstance(data, list):
        return all(isinstance(d, dict) and "format" not in d for d in data)
    return isinstance(data, dict) and ("@context" in data or "@type" in data or "@graph" in data)


def reviews_of(data: Any, origin: str) -> list[tuple[str, Any]]:
    """Return each review of a file with where it is (`review 3`, `claims[2].claimReview[0]`)."""
    if factcheck_api.looks_like(data):
        return [(f"{origin}, {where}", found) for where, found in factcheck_api.reviews(data)]
    found = (
        data.get("dataFeedElement", data.get("@graph", [data])) if isinstance(data, dict) else data
    )
    if not isinstance(found, list):
        raise LedgerError(f"{origin}: expected ClaimReview objects")
    return [(f"{origin}, review {n}", review) for n, review in enumerate(found, start=1)]


def import_reviews(
    session: Session,
    data: Any,
    origin: str,
    *,
    create_places: bool = False,
    create: bool = False,
    ratings: Ratings | None = None,
) -> ImportReport:
    """Import reviews as claims (new or matched) with their verdicts; every bad review named."""
    ratings = ratings or Ratings()
    parsed, errors = [], []
    for where, found in reviews_of(data, origin):
        try:
            parsed.append(parse(found, where, ratings))
        except LedgerError as error:
            errors.append(f"{where}: {error.message}")
    if errors:
        raise LedgerError("\n".join(errors[:MAX_ERRORS]))
    report = ImportReport()
    for review in parsed:
        review.claim["places"] = review_places.resolve(
            session, review.place_names, create_places, report, review.warnings
        )
        for message in review.warnings:
            report.warn(message)
    groups = _group(parsed)
    known = _match(session, groups)
    new = [g for n, g in enumerate(groups) if n not in known]
    for group in new:
        _combine(group)
    kinds = {r.claim["claimant"]: r.kind for r in parsed if r.claim.get("claimant")}
    claims = (("claims", Item(g[0].claim, g[0].where)) for g in new)
    options = {"create_places": create_places, "create": create, "ratings": ratings}
    report.merge(importer.run(session, claims, kinds=kinds, **options))
    report.unchanged["claims"] += len(set(known.values()))
    keys = {id(g[0]): known.get(n) or g[0].claim["id"] for n, g in enumerate(groups)}
    verdicts = [
        ("verdicts", Item({**review.verdict, "claim": keys[id(group[0])]}, review.where))
        for group in groups
        for review in group
    ]
    report.merge(importer.run(session, iter(verdicts), ratings=ratings))
    return report


def parse(found: Any, where: str, ratings: Ratings) -> Review:
    """Read one ClaimReview: its claim, its claimant's kind and its verdict."""
    if not isinstance(found, dict) or "ClaimReview" not in str(found.get("@type")):
        raise LedgerError("not a ClaimReview")
    item = _one(found.get("itemReviewed"))
    text = _name(found.get("claimReviewed")) or _name(item.get("name")) or _name(item.get("text"))
    if not text:
        raise LedgerError("no claimReviewed: the text of the claim reviewed")
    author = _first(item.get("author"))
    claimant = _name(author)
    urls, source = _appearances(item)
    claim: dict[str, Any] = {"text": text, "claimant": claimant, "source": source}
    if urls:
        claim |= {"url": urls[0], "appearances": urls[1:]}
    key = item.get("identifier")
    if isinstance(key, str) and KEY_PATTERN.match(key):
        claim["id"] = key
    review = Review(where, claim, _kind(author), {}, urls, location_names(found, item))
    claim["published"] = _day(item.get("datePublished"), "itemReviewed.datePublished", review)
    review.verdict = _verdict(found, review, ratings)
    return review


def _verdict(found: dict, review: Review, ratings: Ratings) -> dict[str, Any]:
    rating = _one(found.get("reviewRating"))
    term, wording = rating_term(rating, ratings)
    if term is None:
        review.warnings.append(
            f"rating {wording!r} is not in the ratings table: kept unrated"
            " (map it with --ratings FILE)"
            if wording
            else "a review without a rating (no alternateName, name or ratingValue): kept unrated"
        )
        term = UNRATED
    organisation = _name(_first(found.get("author"))) or _name(_first(found.get("publisher")))
    url = _name(found.get("url"))
    organisation = organisation or (url and urlparse(url).hostname) or "unknown organisation"
    day = _day(found.get("datePublished"), "datePublished", review)
    return {
        "rating": term,
        "textual_rating": wording,
        "explanation": _name(rating.get("ratingExplanation")),
        "note": _name(found.get("reviewBody")),
        "by": organisation,
        "at": day,
        "organisation": organisation,
        "review_url": url,
        "review_date": day,
    }


def rating_term(rating: dict, ratings: Ratings) -> tuple[str | None, str | None]:
    """Return a Rating's scale term (by its wording, else its place on its scale) and wording."""
    wording = _name(rating.get("alternateName")) or _name(rating.get("name"))
    wording = wording or _name(rating.get("textualRating"))
    term = ratings.term(wording) if wording else None
    return term or scale_position(rating), wording


def scale_position(rating: dict) -> str | None:
    """Place a numeric rating on the ledger's scale by its position on its own; None if none."""
    try:
        value = float(rating["ratingValue"])
        best = float(rating.get("bestRating", BEST_RATING))
        worst = float(rating.get("worstRating", WORST_RATING))
        position = (value - worst) / (best - worst)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not 0 <= position <= 1:
        return None
    step = round(WORST_RATING + position * (BEST_RATING - WORST_RATING))
    return _BY_VALUE[min(max(step, WORST_RATING), BEST_RATING)]


def _appearances(item: dict) -> tuple[list[str], str | None]:
    """Return the claim's appearance URLs (first appearance first) and its source's name."""
    urls: list[str] = []
    source = None
    for key in ("firstAppearance", "appearance"):
        value = item.get(key)
        for found in value if isinstance(value, list) else [value]:
            if isinstance(found, str) and found.strip():
                urls.append(found.strip())
            elif isinstance(found, dict):
                url = _name(found.get("url")) or _name(found.get("@id"))
                if url:
                    urls.append(url)
                if source is None:
                    source = _name(_first(found.get("publisher"))) or _name(
                        _first(found.get("author"))
                    )
    urls = list(dict.fromkeys(u for u in urls if u.startswith(("http://", "https://"))))
    if source is None and urls:
        source = (urlparse(urls[0]).hostname or "").removeprefix("www.") or None
    return urls, source


def _group(reviews: list[Review]) -> list[list[Review]]:
    """Put reviews of one claim together: the same id, an appearance URL or the same text."""
    groups: list[list[Review]] = []
    index: dict[tuple, int] = {}
    for review in reviews:
        tokens = [("url", u) for u in review.urls] + [("text", review.claim["text"].strip())]
        if "id" in review.claim:
            tokens.insert(0, ("id", review.claim["id"]))
        n = next((index[t] for t in tokens if t in index), None)
        if n is None:
            n = len(groups)
            groups.append([])
        groups[n].append(review)
        for token in tokens:
            index.setdefault(token, n)
    return groups


def _combine(group: list[Review]) -> None:
    """Give the claim of a group (its first review's) every appearance and place the group has."""
    claim = group[0].claim
    claim.setdefault("id", new_key())
    urls = list(dict.fromkeys(u for r in group for u in r.urls))
    if urls:
        claim |= {"url": urls[0], "appearances": urls[1:]}
    claim["places"] = list(dict.fromkeys(p for r in group for p in r.claim["places"]))


def _match(session: Session, groups: list[list[Review]]) -> dict[int, str]:
    """Find the claims the ledger has already: {group number: claim id}."""
    found: dict[int, str] = {}
    for n, group in enumerate(groups):
        first = group[0]
        key = first.claim.get("id")
        if key and session.execute(select(Claim.id).where(Claim.key == key)).first():
            found[n] = key
            continue
        urls = sorted({u for r in group for u in r.urls})
        match = _by_url(session, urls) if urls else None
        if match is None:
            text = first.claim["text"].strip()
            keys = session.execute(
                select(Claim.key)
                .where(text_start(Claim.text) == text[:TEXT_START], Claim.text == text)
                .limit(2)
            ).scalars()
            match = next(iter(keys), None) if len(keys := list(keys)) == 1 else None
        if match is not None:
            found[n] = match
    return found


def _by_url(session: Session, urls: list[str]) -> str | None:
    key = session.execute(
        select(Claim.key).where(Claim.url.in_(urls)).order_by(Claim.id).limit(1)
    ).scalar()
    if key is None:
        key = session.execute(
            select(Claim.key)
            .join(ClaimAppearance, ClaimAppearance.claim_id == Claim.id)
            .where(ClaimAppearance.url.in_(urls))
            .order_by(Claim.id)
            .limit(1)
        ).scalar()
    return key


def _day(value: Any, what: str, review: Review) -> str | None:
    """Return the day of an ISO date or timestamp; warn about and leave out anything else."""
    text = _name(value)
    if not text:
        return None
    if _DAY.match(text):
        try:
            return dt.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            pass
    review.warnings.append(f"{review.where}: {what} {text!r} is not an ISO date: left out")
    return None


def _kind(author: Any) -> str:
    return (
        "person" if isinstance(author, dict) and author.get("@type") == "Person" else "organisation"
    )


def _first(value: Any) -> Any:
    """Return the first of a JSON-LD value that may be a list."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _one(value: Any) -> dict:
    """Return the first object of a JSON-LD value that may be an object or a list of them."""
    value = _first(value)
    return value if isinstance(value, dict) else {}


_name = text_of  # a text value, or an object's `name`
