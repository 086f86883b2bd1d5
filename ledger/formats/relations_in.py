"""Importing verdicts and disputed-point records, a batch at a time.

Each names claims by their ids, which one query per batch turns into rows (links are read in
`ledger.formats.links_in`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import insert, select
from sqlmodel import Session

from ledger.analysis import disputes
from ledger.analysis.disputes import point_key
from ledger.errors import LedgerError
from ledger.formats import fields
from ledger.formats.context import UNKNOWN_SOURCE, Context
from ledger.formats.fields import ClaimRef, Item, located
from ledger.formats.named import insert_rows
from ledger.record.verdicts import PUBLISHED, Published
from ledger.store import journal
from ledger.store.bulk import LOOKUP
from ledger.store.db import among, chunks
from ledger.store.models import (
    TEXT_START,
    Claim,
    Dispute,
    DisputeClaim,
    Link,
    Source,
    Verdict,
    text_start,
)

STATUSES = ("open", "resolved", "unresolvable")


def claim_ids(session: Session, keys: Iterable[str]) -> dict[str, tuple[int, dt.datetime | None]]:
    """Map claim ids to (internal id, retraction time), leaving out unknown ones."""
    found = {}
    for chunk in chunks(sorted(set(keys)), LOOKUP):
        statement = select(Claim.key, Claim.id, Claim.retracted_at).where(
            among(session, Claim.key, chunk)
        )
        found.update((key, (i, retracted)) for key, i, retracted in session.execute(statement))
    return found


def claim_id_of(known: dict, key: str, linking: dt.datetime | bool = False) -> int:
    """Return a claim's row id; when linking (at a given time, or now), refuse a retracted one.

    A link made before the claim's retraction (a ledger's export carries them) stays.
    """
    if key not in known:
        raise LedgerError(f"no claim {key!r}")
    claim_id, retracted = known[key]
    if linking is not False and retracted is not None:
        made = linking if isinstance(linking, dt.datetime) else None
        if made is None or made > _utc(retracted):
            raise LedgerError(f"claim {key!r} was retracted: it cannot be linked")
    return claim_id


def _utc(moment: dt.datetime) -> dt.datetime:
    """Return a stored time as an aware UTC time (SQLite gives naive times back)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _when(row: dict, prefix: str, writer: journal.Writer | None = None) -> dict:
    """Return who and when, for the log, if the import kept them from an earlier ledger."""
    by, at = row[f"{prefix}_by" if prefix else "by"], row[f"{prefix}_at" if prefix else "at"]
    if writer is not None and (by, at) == (writer.by, writer.at):
        return {}
    return {"by": by, "at": at.isoformat()}


def import_verdicts(context: Context, items: list[Item]) -> None:
    """Add verdicts in order, skipping those recorded (claim, organisation, rating and time).

    A rating that is not a scale term is a publisher's wording, placed on the scale through
    `ledger.record.ratings`; an unknown wording is kept unrated, with a warning.
    """
    session, writer = context.session, context.writer
    _find_named_claims(context, [i for i in items if isinstance(i.record["claim"], ClaimRef)])
    known = claim_ids(session, (str(i.record["claim"]).strip() for i in items))
    ids = {}
    for item in items:
        with located(item):
            ids[id(item)] = claim_id_of(known, str(item.record["claim"]).strip())
    recorded, current = _recorded(session, set(ids.values()))
    new = []
    for item in items:
        with located(item):
            row = _verdict_row(context, item.record, ids[id(item)], writer)
        given_at = item.record.get("at") not in (None, "")
        mine = (row["claim_id"], row["organisation"])
        if (*mine, row["rating"], row["at"]) in recorded or (
            not given_at and current.get(mine) == (row["rating"], row["note"])
        ):
            context.count("verdicts", False)
            continue
        recorded.add((*mine, row["rating"], row["at"]))
        current[mine] = (row["rating"], row["note"])
        new.append(row)
        payload = {"claim": str(item.record["claim"]).strip(), "rating": row["rating"]}
        payload |= {"note": row["note"], **_when(row, "", writer)}
        published = Published(**{name: row[name] for name in PUBLISHED})
        journal.record(session, "verdict.add", payload["claim"], payload | published.payload())
    insert_rows(session, Verdict, new)
    context.count("verdicts", True, len(new))


def _find_named_claims(context: Context, items: list[Item]) -> None:
    """Put the ids of the claims that verdict rows name by content (rows without an id).

    A claim is the one with the row's text and URL, or with no URL, its text and source.
    """
    if not items:
        return
    refs = {id(i): i.record["claim"] for i in items}
    texts = sorted({ref.text for ref in refs.values()})
    by_url, by_source = {}, {}
    for chunk in chunks(texts):
        rows = context.session.execute(
            select(Claim.key, Claim.text, Claim.url, Claim.source_id).where(
                text_start(Claim.text).in_(sorted({t[:TEXT_START] for t in chunk}))
            )
        )
        for key, text, url, source_id in rows:
            by_url.setdefault((text, url), key)
            by_source.setdefault((text, source_id), key)
    for item in items:
        ref = refs[id(item)]
        if ref.url:
            found = by_url.get((ref.text, ref.url))
        else:
            source = context.named_ref(Source, ref.source or UNKNOWN_SOURCE)
            found = by_source.get((ref.text, source[0]))
        if found is not None:
            item.record["claim"] = found


def _recorded(session: Session, claim_ids: set[int]) -> tuple[set[tuple], dict[tuple, tuple]]:
    """Return the verdicts the claims have, and each organisation's current rating and note."""
    recorded: set[tuple] = set()
    current: dict[tuple, tuple] = {}
    for chunk in chunks(sorted(claim_ids)):
        rows = session.execute(
            select(Verdict.claim_id, Verdict.organisation, Verdict.rating, Verdict.note, Verdict.at)
            .where(Verdict.claim_id.in_(chunk))
            .order_by(Verdict.id)  # the journal's order: the last one is current
        )
        for claim_id, organisation, rating, note, at in rows:
            recorded.add((claim_id, organisation, rating, at))
            current[claim_id, organisation] = (rating, note)
    return recorded, current


def _verdict_row(context: Context, record: dict, claim_id: int, writer: journal.Writer) -> dict:
    textual = fields.text(record, "textual_rating")
    rating, textual, unknown = context.ratings.resolve(fields.text(record, "rating"), textual)
    if unknown:
        context.report.warn(
            f"rating {textual!r} is not in the ratings table: kept unrated"
            " (map it with --ratings FILE)"
        )
    return {
        "claim_id": claim_id,
        "rating": rating,
        "note": fields.text(record, "note"),
        "by": fields.text(record, "by") or writer.by,
        "at": fields.moment(record, "at") or writer.at,
        "textual_rating": textual,
        "explanation": fields.text(record, "explanation"),
        "organisation": fields.text(record, "organisation"),
        "review_url": fields.text(record, "review_url"),
        "review_date": fields.date(record, "review_date", context.date_order),
    }


def import_disputes(context: Context, items: list[Item]) -> None:
    """Attach titles and resolutions to the disputed points anchored on the given links."""
    for item in items:
        with located(item):
            context.count("disputes", _import_dispute(context, item.record))


def _link_of(session: Session, record: dict, name: str) -> Link:
    """Return the link between a record's two claims: the live one, else the newest removed."""
    pair = record.get(name)
    if not isinstance(pair, list) or len(pair) != 2:
        raise LedgerError(f"`{name}` must be the ids of the two claims of a link")
    known = claim_ids(session, [str(k) for k in pair])
    low, high = sorted(claim_id_of(known, str(k)) for k in pair)
    link = session.execute(
        select(Link)
        .where(Link.claim_a_id == low, Link.claim_b_id == high)
        .order_by(Link.removed_at.is_not(None), Link.id.desc())
        .limit(1)
    ).scalar()
    if link is None:
        raise LedgerError(f"no link between {pair[0]} and {pair[1]}")
    return link


def _import_dispute(context: Context, record: dict) -> bool:
    session = context.session
    anchor = _link_of(session, record, "anchor")
    if anchor.relation != "contradicts":
        raise LedgerError(f"the link between {record['anchor']} does not contradict")
    status = fields.text(record, "status") or "open"
    if status not in STATUSES:
        raise LedgerError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
    side = fields.text(record, "side")
    through = (
        _link_of(session, record, "resolved_through") if record.get("resolved_through") else None
    )
    row = {
        "title": fields.text(record, "title"),
        "status": status,
        "side_claim_id": claim_id_of(claim_ids(session, [side]), side) if side else None,
        "note": fields.text(record, "note"),
        "evidence_url": fields.text(record, "evidence"),
        "resolved_by": fields.text(record, "resolved_by"),
        "resolved_at": fields.moment(record, "resolved_at"),
        "resolved_through_link_id": through.id if through else None,
    }
    existing = session.execute(select(Dispute).where(Dispute.anchor_link_id == anchor.id)).scalar()
    if existing is not None:
        if all(getattr(existing, k) == v for k, v in row.items()):
            return False
        raise LedgerError(f"disputed point {point_key(anchor.id)} is already recorded differently")
    dispute = Dispute(anchor_link_id=anchor.id, **row)
    session.add(dispute)
    session.flush()
    key, members = point_key(anchor.id), sorted(set(fields.names(record, "claims")))
    _import_members(session, dispute, members)
    if status != "open":
        row["resolved_structure"] = _structure(session, dispute, record.get("reopened") is True)
        dispute.resolved_structure = row["resolved_structure"]
    _log_dispute(session, key, [str(k) for k in record["anchor"]], row, side)
    if members:
        journal.record(session, "dispute.track", key, {"dispute": key, "claims": members})
    return True


REOPENED_ELSEWHERE = "reopened before it was moved"
"""A settled record's fingerprint when its point had changed in the ledger it was exported from."""


def _import_members(session: Session, dispute: Dispute, members: list[str]) -> None:
    """Keep the claims a record's point held, so the record finds its point as it did."""
    if members:
        known = claim_ids(session, members)
        rows = [{"dispute_id": dispute.id, "claim_id": claim_id_of(known, k)} for k in members]
        session.execute(insert(DisputeClaim), rows)


def _structure(session: Session, dispute: Dispute, reopened: bool) -> str | None:
    """Fingerprint a settled record's point as imported, unless it had changed since settling."""
    if reopened:
        return REOPENED_ELSEWHERE
    anchor = session.get_one(Link, dispute.anchor_link_id)
    held = select(DisputeClaim.claim_id).where(DisputeClaim.dispute_id == dispute.id)
    claims = {anchor.claim_a_id, anchor.claim_b_id, *session.execute(held).scalars()}
    _, found = disputes.analyse(session, sorted(claims))
    home = next((p for p in found if p.record is not None and p.record.id == dispute.id), None)
    return home.structure if home is not None else None


def _log_dispute(
    session: Session, key: str, anchor: list[str], row: dict, side: str | None
) -> None:
    """Journal an imported record: its title, its resolution as claimed, or that it exists."""
    payload = {"dispute": key, "anchor": anchor}
    if row["title"]:
        journal.record(session, "dispute.title", key, {**payload, "title": row["title"]})
    if row["status"] != "open":
        at = row["resolved_at"]
        detail = {"side": side, "note": row["note"], "evidence": row["evidence_url"]}
        detail |= {"resolved_by": row["resolved_by"], "resolved_at": at and at.isoformat()}
        structure = row.get("resolved_structure")
        detail |= {"through": row["resolved_through_link_id"], "structure": structure}
        action = "resolve" if row["status"] == "resolved" else "unresolvable"
        journal.record(session, f"dispute.{action}", key, {**payload, **detail})
    if not row["title"] and row["status"] == "open":
        journal.record(session, "dispute.track", key, {**payload, "claims": []})
