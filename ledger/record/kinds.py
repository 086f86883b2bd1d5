"""The kinds of actors and sources, and the reliability grades of sources.

Plain values with no imports, so that `--help` can list them without loading the database layer.
"""

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
