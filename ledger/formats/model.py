"""The `ledger/1` document model: its sections, their fields, and the report of an import.

The same records travel in every ledger format: YAML and JSON documents hold them in sections,
JSON Lines holds one per line with a `type`, CSV holds the claims (and their links) as rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ledger.record.claims import CLAIM_CONTENT
from ledger.record.verdicts import PUBLISHED

FORMAT = "ledger/1"
SECTIONS = (
    "places",
    "actors",
    "sources",
    "claims",
    "revisions",
    "links",
    "verdicts",
    "disputes",
)
TYPES = {
    "place": "places",
    "actor": "actors",
    "source": "sources",
    "claim": "claims",
    "revision": "revisions",
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
        "event",
        "appearances",
        "logged_by",
        "logged_at",
        "retracted_at",
        "retracted_by",
        "retracted_reason",
    ),
    "revisions": (
        "claim",
        "revision",
        *CLAIM_CONTENT,
        "event",
        "appearances",
        "by",
        "at",
        "reason",
    ),
    "links": (
        "claim",
        "relation",
        "other",
        "note",
        "by",
        "at",
        "removed_at",
        "removed_by",
        "removed_reason",
    ),
    "verdicts": ("claim", "rating", "note", "by", "at", *PUBLISHED),
    "disputes": (
        "anchor",
        "claims",
        "title",
        "status",
        "side",
        "note",
        "evidence",
        "resolved_by",
        "resolved_at",
        "resolved_through",
        "reopened",
    ),
}
"""Every field of a record, in the order exports write them."""

REQUIRED = {
    "places": {"id"},
    "actors": {"id", "name", "kind"},
    "sources": {"id", "name", "kind"},
    "claims": {"text"},
    "revisions": {"claim", "revision", "text"},
    "links": {"claim", "relation", "other"},
    "verdicts": {"claim"},
    "disputes": {"anchor"},
}


@dataclass
class ImportReport:
    """How many records of each section an import added, and how many were there already."""

    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    notes: list[str] = field(default_factory=list)
    """How approximate or shared place names were read, for stderr."""
    warnings: dict[str, int] = field(default_factory=dict)

    def warn(self, message: str) -> None:
        """Note a warning; the same one again only counts."""
        self.warnings[message] = self.warnings.get(message, 0) + 1

    def warning_lines(self) -> list[str]:
        """Return each warning once, with how many records it concerns."""
        return [m if n == 1 else f"{m} ({n} records)" for m, n in self.warnings.items()]

    def merge(self, other: ImportReport) -> None:
        """Add another report's counts and warnings to this one."""
        for section in SECTIONS:
            self.added[section] += other.added[section]
            self.unchanged[section] += other.unchanged[section]
        for message, n in other.warnings.items():
            self.warnings[message] = self.warnings.get(message, 0) + n
        self.notes.extend(other.notes)

    def summary(self) -> str:
        added = ", ".join(f"{n} {section}" for section, n in self.added.items() if n)
        return f"added {added or 'nothing'}; {sum(self.unchanged.values())} already in the ledger"
