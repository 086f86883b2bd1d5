"""The ledger's tables.

Every user-facing record has an integer primary key for joins and a `key`: the stable id a user
types and that survives export and import. Names that users look things up by (place, actor and
source aliases) live in their own tables with a normalised column, indexed for lookups.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Text, UniqueConstraint, func, literal_column, text
from sqlmodel import Field, SQLModel

RELATIONS = ("contradicts", "corroborates")
TEXT_START = 64
"""How much of a claim's text `ix_claim_text_start` indexes."""

PLACE_KINDS = (
    "country",
    "governorate",
    "district",
    "subdistrict",
    "community",
    "city",
    "neighbourhood",
    "facility",
    "region",
    "other",
)


def text_start(column):  # type: ignore[no-untyped-def]
    """Return the start of a text column as `ix_claim_text_start` indexes it (same SQL)."""
    return func.substr(column, literal_column("1"), literal_column(str(TEXT_START)))


class Place(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=64)
    name: str
    name_ar: str | None = None
    kind: str = Field(max_length=32)
    level: int = Field(description="depth below the top: 0 for a country")
    parent_id: int | None = Field(default=None, foreign_key="place.id", index=True)
    gazetteer: str | None = Field(default=None, description="where the place comes from")
    lat: float | None = None
    lon: float | None = None
    population: int | None = Field(default=None, description="where the gazetteer has it")


class PlaceName(SQLModel, table=True):
    """A spelling a place is known by: its names, aliases and codes."""

    __tablename__ = "place_name"
    place_id: int = Field(foreign_key="place.id", primary_key=True)
    norm: str = Field(primary_key=True, index=True)
    name: str
    key: str | None = Field(default=None, index=True, description="transliteration key")


class PlaceAncestor(SQLModel, table=True):
    """Closure of the place hierarchy: every (ancestor, place) pair, a place being its own."""

    __tablename__ = "place_ancestor"
    ancestor_id: int = Field(foreign_key="place.id", primary_key=True)
    place_id: int = Field(foreign_key="place.id", primary_key=True, index=True)
    depth: int


class Actor(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=64)
    name: str
    kind: str = Field(max_length=32)
    party_id: int | None = Field(default=None, foreign_key="actor.id", index=True)


class ActorName(SQLModel, table=True):
    __tablename__ = "actor_name"
    actor_id: int = Field(foreign_key="actor.id", primary_key=True)
    norm: str = Field(primary_key=True, index=True)
    name: str


class Source(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=64)
    name: str
    kind: str = Field(max_length=32)
    url: str | None = None
    network_id: int | None = Field(
        default=None, foreign_key="source.id", index=True, description="the network it is part of"
    )
    reliability: str | None = Field(
        default=None, max_length=1, description="Admiralty source grade, A (reliable) to F"
    )


class SourceName(SQLModel, table=True):
    __tablename__ = "source_name"
    source_id: int = Field(foreign_key="source.id", primary_key=True)
    norm: str = Field(primary_key=True, index=True)
    name: str


class Claim(SQLModel, table=True):
    # The order every listing is in: walked, not sorted, for a busy place (ledger.lookup).
    # Claims without an id are matched by their text: through its start, a short index key.
    __table_args__ = (
        Index("ix_claim_event", "event_start", "published", "key"),
        Index("ix_claim_text_start", text(f"substr(text, 1, {TEXT_START})")),
    )
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=64)
    text: str = Field(sa_column=Column(Text, nullable=False))
    excerpt: str | None = Field(default=None, sa_column=Column(Text))
    claimant_id: int = Field(foreign_key="actor.id", index=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    url: str | None = None
    published: dt.date | None = Field(default=None, index=True)
    event_start: dt.date | None = None
    event_end: dt.date | None = None
    published_as: str | None = Field(
        default=None, description="the publication date as written, when not one ISO day"
    )
    event_as: str | None = Field(
        default=None, description="the event's date as written, when not ISO days"
    )
    logged_by: str
    logged_at: dt.datetime
    revision: int = Field(default=1, description="1 as logged, +1 for each correction")
    revised_at: dt.datetime | None = None
    revised_by: str | None = None
    retracted_at: dt.datetime | None = None
    retracted_by: str | None = None
    retracted_reason: str | None = None


class ClaimPlace(SQLModel, table=True):
    __tablename__ = "claim_place"
    # The claims of a place straight from the index, without a read of the table.
    __table_args__ = (Index("ix_claim_place_place", "place_id", "claim_id"),)
    claim_id: int = Field(foreign_key="claim.id", primary_key=True)
    place_id: int = Field(foreign_key="place.id", primary_key=True)


class ClaimAppearance(SQLModel, table=True):
    """A further place a claim appeared, after `Claim.url` (its origin), in the order given."""

    __tablename__ = "claim_appearance"
    claim_id: int = Field(foreign_key="claim.id", primary_key=True)
    position: int = Field(primary_key=True, description="2 for the first after the origin")
    url: str = Field(index=True)


class Link(SQLModel, table=True):
    """A contradicts/corroborates link, stored once with the lower claim id first."""

    __table_args__ = (
        Index(
            "ux_link_pair_live",
            "claim_a_id",
            "claim_b_id",
            unique=True,
            sqlite_where=Column("removed_at").is_(None),
            postgresql_where=Column("removed_at").is_(None),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    claim_a_id: int = Field(foreign_key="claim.id", index=True)
    claim_b_id: int = Field(foreign_key="claim.id", index=True)
    relation: str = Field(max_length=16)
    note: str | None = Field(default=None, sa_column=Column(Text))
    created_by: str
    created_at: dt.datetime
    removed_at: dt.datetime | None = None
    removed_by: str | None = None
    removed_reason: str | None = None


class Verdict(SQLModel, table=True):
    """A fact-checker's rating of a claim; each organisation's newest one is current.

    `rating` is the ledger's scale term; the published fields keep the review as its
    organisation published it (`organisation` None: the ledger's own fact-checkers).
    """

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    rating: str = Field(max_length=16)
    note: str | None = Field(default=None, sa_column=Column(Text))
    by: str
    at: dt.datetime
    textual_rating: str | None = Field(default=None, sa_column=Column(Text))
    explanation: str | None = Field(default=None, sa_column=Column(Text))
    organisation: str | None = None
    review_url: str | None = None
    review_date: dt.date | None = None


class Dispute(SQLModel, table=True):
    """What a fact-checker recorded about a disputed point: a title, a resolution.

    A disputed point itself is derived from the link graph. Its key (`D12`) comes from the oldest
    contradicts link it held when first recorded (`anchor_link_id`), and stays the point's key
    whatever happens to that link: the record follows the point holding most of its claims
    (`DisputeClaim`), through unlinks, merges and splits.
    """

    __table_args__ = (UniqueConstraint("anchor_link_id"),)
    id: int | None = Field(default=None, primary_key=True)
    anchor_link_id: int = Field(foreign_key="link.id")
    title: str | None = None
    status: str = Field(default="open", max_length=16)
    side_claim_id: int | None = Field(default=None, foreign_key="claim.id")
    note: str | None = Field(default=None, sa_column=Column(Text))
    evidence_url: str | None = None
    resolved_by: str | None = None
    resolved_at: dt.datetime | None = None
    resolved_through_link_id: int | None = None
    resolved_structure: str | None = Field(
        default=None, max_length=64, description="hash of the point's links when it was settled"
    )


class DisputeClaim(SQLModel, table=True):
    """A claim of the point a `Dispute` record was last written for: the record follows them."""

    __tablename__ = "dispute_claim"
    dispute_id: int = Field(foreign_key="dispute.id", primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", primary_key=True, index=True)


class JournalEntry(SQLModel, table=True):
    """One write, in the append-only log; `hash` chains it to the entry before."""

    __tablename__ = "journal"
    seq: int = Field(primary_key=True)
    at: dt.datetime
    by: str
    action: str = Field(max_length=32)
    subject: str = Field(index=True, max_length=64)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class JournalHead(SQLModel, table=True):
    """The single row every writer locks first, so that writes and the log stay in one order."""

    __tablename__ = "journal_head"
    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str = Field(max_length=64)
