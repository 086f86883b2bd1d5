"""The kinds of actors and sources, and the reliability grades of sources.

Plain values with no imports, so that `--help` can list them without loading the database layer.
"""

from collections.abc import Iterable

ACTOR_KINDS = (
    "party",
    "coalition",
    "armed-group",
    "armed-forces",
    "state-body",
    "media",
    "person",
    "organisation",
    "other",
)
SOURCE_KINDS = (
    "news-agency",
    "newspaper",
    "broadcaster",
    "website",
    "social-media",
    "official-statement",
    "report",
    "other",
)
RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
"""The Admiralty (NATO) grades of a source's reliability."""

PUBLISHED = ("textual_rating", "explanation", "organisation", "review_url", "review_date")
"""The fields of a verdict as its organisation published it."""


def current_of(verdicts: Iterable) -> list:
    """Return, of verdicts listed newest first, the current one of each organisation."""
    seen, found = set(), []
    for verdict in verdicts:
        if verdict.organisation not in seen:
            seen.add(verdict.organisation)
            found.append(verdict)
    return found
