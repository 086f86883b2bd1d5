"""The `ledger/1` document model: its sections, their fields, and the report of an import.

The same records travel in every ledger format: YAML and JSON documents hold them in sections,
JSON Lines holds one per line with a `type`, CSV holds the claims (and their links) as rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ledger.record.claims import CLAIM_CONTENT

FORMAT = "ledger/1"
SECTIONS = ("places", "actors", "sources", "claims", "links", "verdicts", "disputes")
TYPES = {
    "place": "places",
    "actor": "actors",
    "source": "sources",
    "claim": "claims",
    "link": "links",
    "verdict": "verdicts",
    "dispute": "disputes",
}
"""The `type` of a JSON Lines record, and the section it belongs to."""

FIELDS: dict[str, tuple[str, ...]] = {
    "places": ("id", "name", "name_ar", "kind", "parent", "aliases", "gazetteer", "lat", "lon"),
    "actors": ("id", "name", "kind", "party", "aliases"),
    "sources": ("id", "name", "kind", "url", "network", "reliability", "aliases"),
    "claims": (
        "id",
        *CLAIM_CONTENT,
        "logged_by",
        "logged_at",
        "retracted_at",
        "retracted_by",
        "retracted_reason",
    ),
    "links": ("claim", "relation", "other", "note", "by", "at"),
    "verdicts": ("claim", "rating", "note", "by", "at"),
    "disputes": (
        "anchor",
        "title",
        "status",
        "side",
        "note",
        "evidence",
        "resolved_by",
        "resolved_at",
        "resolved_through",
    ),
}
"""Every field of a record, in the order exports write them."""

REQUIRED = {
    "places": {"id"},
    "actors": {"id", "name", "kind"},
    "sources": {"id", "name", "kind"},
    "claims": {"text", "claimant", "source"},
    "links": {"claim", "relation", "other"},
    "verdicts": {"claim", "rating"},
    "disputes": {"anchor"},
}


@dataclass
class ImportReport:
    """How many records of each section an import added, and how many were there already."""

    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))

    def summary(self) -> str:
        added = ", ".join(f"{n} {section}" for section, n in self.added.items() if n)
        return f"added {added or 'nothing'}; {sum(self.unchanged.values())} already in the ledger"
