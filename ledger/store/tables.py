"""Light read-only views of the tables that lookups read, without building the ORM models.

Building the SQLModel classes of `ledger.models` costs more than the whole of a `ledger place`
lookup on a million claims, so the read paths (`ledger.lookup`, place resolution) query these
plain `table()` clauses and hand back rows, which read like the models (`claim.key`,
`place.name`). `tests/test_lookup.py` keeps every column here equal to its model's.
"""

from __future__ import annotations

from sqlalchemy import Date, DateTime, Float, Integer, String, column, table

place = table(
    "place",
    column("id", Integer),
    column("key", String),
    column("name", String),
    column("name_ar", String),
    column("kind", String),
    column("level", Integer),
    column("parent_id", Integer),
    column("gazetteer", String),
    column("lat", Float),
    column("lon", Float),
    column("population", Integer),
)
place_name = table(
    "place_name",
    column("place_id", Integer),
    column("norm", String),
    column("name", String),
    column("key", String),
)
place_ancestor = table(
    "place_ancestor",
    column("ancestor_id", Integer),
    column("place_id", Integer),
    column("depth", Integer),
)
actor = table(
    "actor",
    column("id", Integer),
    column("key", String),
    column("name", String),
    column("kind", String),
    column("party_id", Integer),
)
actor_name = table(
    "actor_name", column("actor_id", Integer), column("norm", String), column("name", String)
)
source = table(
    "source",
    column("id", Integer),
    column("key", String),
    column("name", String),
    column("kind", String),
    column("url", String),
    column("network_id", Integer),
    column("reliability", String),
)
source_name = table(
    "source_name", column("source_id", Integer), column("norm", String), column("name", String)
)
claim = table(
    "claim",
    column("id", Integer),
    column("key", String),
    column("text", String),
    column("excerpt", String),
    column("claimant_id", Integer),
    column("source_id", Integer),
    column("url", String),
    column("published", Date),
    column("event_start", Date),
    column("event_end", Date),
    column("published_as", String),
    column("event_as", String),
    column("logged_by", String),
    column("logged_at", DateTime),
    column("revision", Integer),
    column("revised_at", DateTime),
    column("revised_by", String),
    column("retracted_at", DateTime),
    column("retracted_by", String),
    column("retracted_reason", String),
)
claim_place = table("claim_place", column("claim_id", Integer), column("place_id", Integer))
claim_appearance = table(
    "claim_appearance",
    column("claim_id", Integer),
    column("position", Integer),
    column("url", String),
)
link = table(
    "link",
    column("id", Integer),
    column("claim_a_id", Integer),
    column("claim_b_id", Integer),
    column("relation", String),
    column("note", String),
    column("created_by", String),
    column("created_at", DateTime),
    column("removed_at", DateTime),
    column("removed_by", String),
    column("removed_reason", String),
)
verdict = table(
    "verdict",
    column("id", Integer),
    column("claim_id", Integer),
    column("rating", String),
    column("note", String),
    column("by", String),
    column("at", DateTime),
    column("textual_rating", String),
    column("explanation", String),
    column("organisation", String),
    column("review_url", String),
    column("review_date", Date),
)
dispute = table(
    "dispute",
    column("id", Integer),
    column("anchor_link_id", Integer),
    column("title", String),
    column("status", String),
    column("side_claim_id", Integer),
    column("note", String),
    column("evidence_url", String),
    column("resolved_by", String),
    column("resolved_at", DateTime),
    column("resolved_through_link_id", Integer),
    column("resolved_structure", String),
)
dispute_claim = table("dispute_claim", column("dispute_id", Integer), column("claim_id", Integer))
