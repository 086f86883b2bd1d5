"""Proposed links: a denial contradicts what it denies; one assertion from two claimants
corroborates.

A denial is matched to the claim it answers: an earlier claim of the article by someone else
about the same place (the same sentence first), else a claim the ledger already holds about
that place around that time. Corroboration needs two claimants, a shared place and shared
content words; precision matters more than recall, so the bar is high.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session

from ledger.record.lookup import about_place

if TYPE_CHECKING:
    from ledger.draft.build import DraftClaim

STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "they",
        "he",
        "she",
        "his",
        "her",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "said",
        "says",
        "say",
        "also",
        "after",
        "before",
        "as",
        "into",
        "over",
        "under",
        "than",
        "then",
        "there",
        "which",
        "who",
        "whom",
        "while",
        "although",
        "some",
        "any",
        "all",
        "more",
        "most",
        "other",
        "such",
        "not",
        "no",
        "nor",
        "so",
        "very",
        "reported",
        "reportedly",
        "according",
        "confirmed",
        "announced",
        "denied",
        "claimed",
        "told",
        "earlier",
        "later",
        "now",
    ]
)
SIMILAR = 0.3
SHARED = 3
DENIAL_REACH = 3
"""How many sentences back a denial looks for what it denies."""


@dataclass
class DraftLink:
    claim: str
    relation: str
    other: str
    note: str
    confidence: float
    in_ledger: bool = False


def stems(text: str) -> set[str]:
    """Content words, crudely stemmed so `withdrawal` meets `withdrew` halfway."""
    words = re.findall(r"[a-z]+", text.lower())
    return {w[:6] for w in words if w not in STOPWORDS and len(w) > 2}


def propose(session: Session, claims: list[DraftClaim]) -> list[DraftLink]:
    """Return the contradicts and corroborates links a draft's claims suggest."""
    links: list[DraftLink] = []
    paired: set[frozenset[str]] = set()
    for claim in claims:
        if claim.attribution.denies:
            link = _denied(claim, claims) or _denied_in_ledger(session, claim)
            if link:
                links.append(link)
                paired.add(frozenset((link.claim, link.other)))
    for i, one in enumerate(claims):
        for other in claims[i + 1 :]:
            pair = frozenset((one.key, other.key))
            if pair in paired or one.claimant.key == other.claimant.key:
                continue
            if one.attribution.denies or other.attribution.denies:
                continue
            score = _similarity(one, other)
            if score is not None:
                paired.add(pair)
                note = (
                    f"{one.claimant.name} and {other.claimant.name} assert the same thing"
                    f" ({score:.0%} of content words shared)"
                )
                links.append(DraftLink(other.key, "corroborates", one.key, note, round(score, 2)))
    return links


def _places(claim: DraftClaim) -> set[int]:
    return {p for m in claim.places for p in (m.place.id, *m.place.ancestors)}


def _overlap(one: DraftClaim, other: DraftClaim) -> bool:
    mine = {m.place.id for m in one.places}
    theirs = {m.place.id for m in other.places}
    return bool(mine & _places(other) or theirs & _places(one)) or not (mine and theirs)


def _similarity(one: DraftClaim, other: DraftClaim) -> float | None:
    if not _overlap(one, other):
        return None
    a, b = stems(one.text), stems(other.text)
    shared = a & b
    if len(shared) < SHARED:
        return None
    score = len(shared) / len(a | b)
    return score if score >= SIMILAR else None


def _denied(denial: DraftClaim, claims: list[DraftClaim]) -> DraftLink | None:
    best, best_score = None, 0.0
    for claim in claims:
        if claim is denial or claim.span[0] > denial.span[0]:
            continue
        distance = denial.sentence - claim.sentence
        if distance > DENIAL_REACH or claim.claimant.key == denial.claimant.key:
            continue
        if not _overlap(denial, claim):
            continue
        shared = len(stems(denial.text) & stems(claim.text))
        score = 1.0 / (1 + distance) + 0.2 * shared + (0.5 if claim.places else 0.0)
        if score > best_score:
            best, best_score = claim, score
    if best is None:
        return None
    note = f"{denial.claimant.name} denies what {best.claimant.name} says"
    confidence = 0.8 if best.sentence == denial.sentence else 0.6
    return DraftLink(denial.key, "contradicts", best.key, note, confidence)


def _denied_in_ledger(session: Session, denial: DraftClaim) -> DraftLink | None:
    """A denial of something already logged: same place (or inside it), overlapping time."""
    day = denial.window.start if denial.window else denial.published
    since, until = day - dt.timedelta(days=14), day + dt.timedelta(days=1)
    words = stems(denial.text)
    candidates = {}
    for mention in denial.places:
        for view in about_place(session, mention.place, since=since, until=until, limit=200):
            if view.claimant.key != denial.claimant.key:
                candidates[view.claim.key] = view
    if not candidates:
        return None
    best = max(candidates.values(), key=lambda v: len(words & stems(v.claim.text)))
    if not words & stems(best.claim.text) and len(candidates) > 1:
        return None  # nothing in common, and no single claim it can only be about
    note = f"{denial.claimant.name} denies what {best.claimant.name} says (already in the ledger)"
    return DraftLink(denial.key, "contradicts", best.claim.key, note, 0.5, in_ledger=True)
