"""Importing claims a batch at a time: a few set-based queries and one bulk insert per batch.

A claim is matched by its id; one without an id by its URL and text (or, with no URL, by its
source and text). A match with the same content is left alone, one with other content is an
error; a claim that appears twice in one import is an error too. New claims, their places and
their journal entries are built in one pass and inserted as tuples, ids handed out beforehand
(`ledger.bulk`): no ORM objects, no parameter dicts, no selecting ids back.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from ledger import validation
from ledger.errors import LedgerError
from ledger.formats import created, fields
from ledger.formats.context import UNATTRIBUTED, UNKNOWN_SOURCE, Context, Ref
from ledger.formats.fields import Item, relocated
from ledger.geo.names import _ID_ALPHABET as ID_ALPHABET
from ledger.record.claims import check_event, check_key
from ledger.store import journal
from ledger.store.bulk import LOOKUP, insert_tuples
from ledger.store.db import among, chunks
from ledger.store.models import (
    TEXT_START,
    Actor,
    Claim,
    ClaimAppearance,
    ClaimPlace,
    JournalEntry,
    Source,
    text_start,
)

COMPARED = ("text", "excerpt", "url", "published", "event_start", "event_end")
COMPARED += ("published_as", "event_as")
MAX_ERRORS = 50


@dataclass
class Incoming:
    item: Item
    key: str | None
    row: dict
    claimant: str
    source: str
    place_names: list[str]
    claimant_ref: Ref = (0, "")
    source_ref: Ref = (0, "")
    place_refs: list[Ref] = field(default_factory=list)
    appearances: list[str] = field(default_factory=list)


def parse(item: Item, order: str | None = None) -> Incoming:
    """Check one claim record and turn it into the row it will be.

    Dates may be written in any form of `ledger.record.dates` (`order` reads 03/04/2024): each
    is stored as its first day (an event as its first and last), and as written.
    """
    record = item.record
    key = fields.text(record, "id")
    if key is not None:
        check_key(key)
    published = fields.fuzzy(record, "published", order)
    start, end, event_as = _event(record, order)
    check_event(key or "?", start, end)
    row = {
        "text": fields.text(record, "text"),
        "excerpt": fields.text(record, "excerpt"),
        "url": fields.text(record, "url"),
        "published": published.start if published else None,
        "published_as": None if published is None or published.plain else published.text,
        "event_start": start,
        "event_end": end,
        "event_as": event_as,
        "logged_by": fields.text(record, "logged_by"),
        "logged_at": fields.moment(record, "logged_at"),
        "retracted_at": fields.moment(record, "retracted_at"),
        "retracted_by": fields.text(record, "retracted_by"),
        "retracted_reason": fields.text(record, "retracted_reason"),
    }
    if row["retracted_at"] and not row["retracted_by"]:
        raise LedgerError("a retracted claim needs `retracted_by`")
    claimant = fields.text(record, "claimant") or UNATTRIBUTED
    source = fields.text(record, "source") or UNKNOWN_SOURCE
    incoming = Incoming(item, key, row, claimant, source, fields.names(record, "places"))
    incoming.appearances = _appearances(record, row["url"])
    return incoming


def _event(record: dict, order: str | None) -> tuple[dt.date | None, dt.date | None, str | None]:
    """Return an event's first and last day and how it was written (None: as ISO days).

    `event` (a day, month, year or range) or `event_start` with `event_end`; a single date
    without `event_end` is its own span (a day is a one-day event), `event_end: null` is open.
    """
    given = fields.fuzzy(record, "event", order) or fields.fuzzy(record, "event_start", order)
    if given is None:
        return None, None, None
    end = given.end
    if "event" not in record and "event_end" in record:
        last = fields.fuzzy(record, "event_end", order)
        end = last.end if last else None
    return given.start, end, None if given.plain else given.text


def _appearances(record: dict, origin: str | None) -> list[str]:
    """Return the further appearances of a claim: URLs after its origin, each once."""
    if not record.get("appearances"):
        return []
    urls = [
        validation.web_address(u, "`appearances`")
        for u in fields.names(record, "appearances")
        if u.strip()
    ]
    if urls and not origin:
        raise LedgerError("a claim with `appearances` needs a `url`: its origin")
    return [u for u in dict.fromkeys(urls) if u != origin]


def import_claims(context: Context, items: list[Item]) -> None:
    """Add the new claims of a batch and check that the known ones are unchanged.

    Every bad record of the batch is reported (up to `MAX_ERRORS`), in one error.
    """
    batch, errors = [], []
    for item in items:
        try:
            batch.append(parse(item, context.date_order))
        except LedgerError as error:
            errors.append(relocated(item, error).message)
    _raise(errors)
    _resolve(context, batch)
    existing = _match(context, batch)
    _check_unchanged(context.session, existing)
    new = [c for c in batch if id(c) not in existing] if existing else batch
    _insert(context, new)
    context.count("claims", True, len(new))
    context.count("claims", False, len(existing))


def _resolve(context: Context, batch: list[Incoming]) -> None:
    context.prefetch_named(Actor, {c.claimant for c in batch})
    context.prefetch_named(Source, {c.source for c in batch})
    if context.create:
        created.create_named(context, Actor, [c.claimant for c in batch])
        created.create_named(context, Source, [c.source for c in batch])
    context.prefetch_places({p for c in batch for p in c.place_names})
    actors, sources, places = context.named[Actor], context.named[Source], context.place_refs
    errors = []
    for claim in batch:
        try:
            found = actors.get(claim.claimant)
            claim.claimant_ref = (
                found if isinstance(found, tuple) else context.named_ref(Actor, claim.claimant)
            )
            found = sources.get(claim.source)
            claim.source_ref = (
                found if isinstance(found, tuple) else context.named_ref(Source, claim.source)
            )
            refs = [places.get(p) or context.place_ref(p) for p in claim.place_names]
            claim.place_refs = list(dict.fromkeys(refs)) if len(refs) > 1 else refs
        except LedgerError as error:
            errors.append(relocated(claim.item, error).message)
    _raise(errors)


def _raise(errors: list[str]) -> None:
    """Raise the errors of a batch's records as one error, one line each."""
    if errors:
        raise LedgerError("\n".join(errors[:MAX_ERRORS]))


def _match(context: Context, batch: list[Incoming]) -> dict[int, tuple[Incoming, int]]:
    """Find the claims the ledger has already: {id(incoming): (incoming, claim id)}."""
    session, found = context.session, {}
    by_key: dict[str, Incoming] = {}
    for claim in (c for c in batch if c.key):
        if claim.key in by_key:
            raise LedgerError(
                f"{claim.item.where}: duplicate claim id {claim.key!r}"
                f" (first at {by_key[claim.key].item.where})"
            )
        by_key[claim.key] = claim  # type: ignore[index]
    for chunk in chunks(list(by_key), LOOKUP):
        rows = session.execute(select(Claim.key, Claim.id).where(among(session, Claim.key, chunk)))
        for key, claim_id in rows:
            found[id(by_key[key])] = (by_key[key], claim_id)
    keyless: dict[tuple, Incoming] = {}
    for claim in (c for c in batch if not c.key):
        content = _content(claim.row["text"], claim.row["url"], claim.source_ref[0])
        if content in keyless:
            raise LedgerError(
                f"{claim.item.where}: duplicate: the same claim is at {keyless[content].item.where}"
            )
        keyless[content] = claim
    texts = sorted({content[0] for content in keyless})
    for chunk in chunks(texts):
        rows = session.execute(
            select(Claim.id, Claim.text, Claim.url, Claim.source_id).where(
                text_start(Claim.text).in_(sorted({t[:TEXT_START] for t in chunk}))
            )
        )
        for claim_id, text, url, source_id in rows:
            claim = keyless.get(_content(text, url, source_id))
            if claim is not None:
                found.setdefault(id(claim), (claim, claim_id))
    for incoming, claim_id in found.values():
        if claim_id > context.claim_floor:
            what = f"claim id {incoming.key!r}" if incoming.key else "the same claim"
            raise LedgerError(f"{incoming.item.where}: duplicate: {what} is earlier in this import")
    return found


def _content(text: str, url: str | None, source_id: int) -> tuple:
    """What identifies a claim that has no id: its URL and text, else its source and text."""
    return (text, url) if url else (text, source_id)


def _check_unchanged(session: Session, existing: dict[int, tuple[Incoming, int]]) -> None:
    """Refuse a claim whose id is taken by a claim with other content."""
    by_id = {claim_id: incoming for incoming, claim_id in existing.values()}
    places: dict[int, set[int]] = {i: set() for i in by_id}
    for chunk in chunks(sorted(by_id)):
        rows = session.execute(
            select(ClaimPlace.claim_id, ClaimPlace.place_id).where(ClaimPlace.claim_id.in_(chunk))
        )
        for claim_id, place_id in rows:
            places[claim_id].add(place_id)
        for claim in session.execute(select(Claim).where(Claim.id.in_(chunk))).scalars():
            incoming = by_id[claim.id]
            same = (
                all(getattr(claim, f) == incoming.row[f] for f in COMPARED)
                and (claim.claimant_id, claim.source_id)
                == (incoming.claimant_ref[0], incoming.source_ref[0])
                and places[claim.id] == {p for p, _ in incoming.place_refs}
            )
            if not same and claim.revision > 1:  # corrected since: is it as first logged?
                same = _as_first_logged(session, claim.key, incoming)
            if not same:
                raise LedgerError(
                    f"{incoming.item.where}: claim {claim.key!r} already exists with other"
                    " content: change it with `ledger claim edit`, or give this one another id"
                )


def _as_first_logged(session: Session, key: str, incoming: Incoming) -> bool:
    """Whether an incoming claim is a corrected claim as it was first logged (its `claim.add`)."""
    payload = session.execute(
        select(JournalEntry.payload).where(
            JournalEntry.action == "claim.add", JournalEntry.subject == key
        )
    ).scalar()
    if payload is None:
        return False
    first, row = json.loads(payload), incoming.row
    mine = {name: row[name] for name in ("text", "excerpt", "url", "published_as", "event_as")}
    for name in ("published", "event_start", "event_end"):
        mine[name] = row[name].isoformat() if row[name] else None
    mine |= {"claimant": incoming.claimant_ref[1], "source": incoming.source_ref[1]}
    mine["places"] = sorted(key for _, key in incoming.place_refs)
    return all(first.get(name) == value for name, value in mine.items())


CLAIM_COLUMNS = (
    "id",
    "key",
    "text",
    "excerpt",
    "claimant_id",
    "source_id",
    "url",
    "published",
    "event_start",
    "event_end",
    "published_as",
    "event_as",
    "logged_by",
    "logged_at",
    "revision",
    "retracted_at",
    "retracted_by",
    "retracted_reason",
)


def _insert(context: Context, new: list[Incoming]) -> None:
    """Insert new claims, their places and their log entries in bulk, in one pass."""
    if not new:
        return
    _give_keys(context.session, [c for c in new if not c.key])
    writer = context.writer
    day, moment = context.converter(Claim, "published"), context.converter(Claim, "logged_at")
    rows, places, seen = [], [], []
    for claim_id, claim in zip(context.ids(Claim).take(len(new)), new, strict=True):
        row = claim.row
        row["logged_by"] = row["logged_by"] or writer.by
        row["logged_at"] = row["logged_at"] or writer.at
        rows.append(
            (
                claim_id,
                claim.key,
                row["text"],
                row["excerpt"],
                claim.claimant_ref[0],
                claim.source_ref[0],
                row["url"],
                day(row["published"]),
                day(row["event_start"]),
                day(row["event_end"]),
                row["published_as"],
                row["event_as"],
                row["logged_by"],
                moment(row["logged_at"]),
                1,
                moment(row["retracted_at"]),
                row["retracted_by"],
                row["retracted_reason"],
            )
        )
        places.extend((claim_id, place_id) for place_id, _ in claim.place_refs)
        seen.extend((claim_id, n, url) for n, url in enumerate(claim.appearances, start=2))
        writer.record_text("claim.add", claim.key, journal.canonical_sorted(_log_record(claim)))
        if row["retracted_at"]:
            payload = {"claim": claim.key, "reason": row["retracted_reason"]}
            payload |= {"by": row["retracted_by"], "at": row["retracted_at"].isoformat()}
            writer.record("claim.retract", claim.key, payload)
    insert_tuples(context.session, Claim, CLAIM_COLUMNS, rows)
    insert_tuples(context.session, ClaimPlace, ("claim_id", "place_id"), places)
    insert_tuples(context.session, ClaimAppearance, ("claim_id", "position", "url"), seen)
    context.ids(Claim).settle()


def _give_keys(session: Session, keyless: list[Incoming]) -> None:
    """Give claims without an id a fresh random one that no claim has."""
    while keyless:
        for claim, key in zip(keyless, _random_keys(len(keyless)), strict=True):
            claim.key = key
        taken = set()
        for chunk in chunks([c.key for c in keyless]):
            taken |= set(session.execute(select(Claim.key).where(Claim.key.in_(chunk))).scalars())
        keyless = [c for c in keyless if c.key in taken]


def _random_keys(count: int) -> list[str]:
    """Return fresh random claim ids like `new_key`'s (`c7k3m9x2q`), from one read of randomness."""
    raw = secrets.token_bytes(8 * count)
    alphabet = ID_ALPHABET * (256 // len(ID_ALPHABET) + 1)
    return ["c" + "".join(alphabet[b] for b in raw[i : i + 8]) for i in range(0, len(raw), 8)]


def _log_record(claim: Incoming) -> dict:
    """Return what `claims.claim_record` logs for a claim, keys in sorted order (no query)."""
    row = claim.row
    places = [key for _, key in claim.place_refs]
    return {
        **({"appearances": claim.appearances} if claim.appearances else {}),
        "claimant": claim.claimant_ref[1],
        **({"event_as": row["event_as"]} if row["event_as"] else {}),
        "event_end": row["event_end"],
        "event_start": row["event_start"],
        "excerpt": row["excerpt"],
        "id": claim.key,
        "logged_at": fields.iso(row["logged_at"]),
        "logged_by": row["logged_by"],
        "places": sorted(places) if len(places) > 1 else places,
        "published": row["published"],
        **({"published_as": row["published_as"]} if row["published_as"] else {}),
        "source": claim.source_ref[1],
        "text": row["text"],
        "url": row["url"],
    }
