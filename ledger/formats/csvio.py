"""Claims as a newsroom spreadsheet: one row per claim, links as lists of claim ids.

Columns (a header row names them; any order, only `text`, `claimant` and `source` required):
id, text, excerpt, claimant, source, url, published, event_start, event_end, places,
contradicts, corroborates. `places`, `contradicts` and `corroborates` hold several values
separated by `;`. Claimants, sources and places are named by id or by any of their names.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.formats.exports import claim_pages
from ledger.formats.fields import Item
from ledger.record.claims import CLAIM_CONTENT
from ledger.store import journal
from ledger.store.models import RELATIONS, Claim, Link

COLUMNS = ("id", *CLAIM_CONTENT, *RELATIONS)
REQUIRED = ("text", "claimant", "source")
EXPORTED_FROM = "exported_from"
"""The last column of an export: the ledger's head in its first row (ignored on import)."""


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def csv_records(path: Path, advance: Callable[[int], None]) -> Iterator[tuple[str, Item]]:
    """Yield a claim per row, then the links the rows name (claims may link to later rows)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise LedgerError(f"cannot read {path}: {error.strerror}") from None
    with handle:
        lines = _counted(handle, advance)
        reader = csv.reader(lines)
        header = _header(path, next(reader, None))
        links: list[Item] = []
        start = reader.line_num + 1
        for row in reader:
            where, start = f"{path}, line {start}", reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise LedgerError(f"{where}: {len(row)} fields, but the header has {len(header)}")
            values = dict(zip(header, row, strict=True))
            values.pop(EXPORTED_FROM, None)
            if not any(cell.strip() for cell in values.values()):
                continue
            yield "claims", Item(_claim(values), where)
            links += _links(values, where)
    for link in links:
        yield "links", link


def _counted(handle: TextIO, advance: Callable[[int], None]) -> Iterator[str]:
    try:
        for line in handle:
            advance(len(line))
            yield line
    except UnicodeDecodeError:
        raise LedgerError(f"{handle.name}: not UTF-8 text") from None


def _header(path: Path, header: list[str] | None) -> list[str]:
    if not header:
        raise LedgerError(f"{path}: empty file, expected a header row ({', '.join(COLUMNS)})")
    names = [name.strip() for name in header]
    unknown = [name for name in names if name not in (*COLUMNS, EXPORTED_FROM)]
    if unknown:
        raise LedgerError(
            f"{path}, line 1: unknown column(s) {', '.join(unknown)}; expected {', '.join(COLUMNS)}"
        )
    twice = sorted({name for name in names if names.count(name) > 1})
    missing = [name for name in REQUIRED if name not in names]
    if twice or missing:
        problem = f"column(s) {', '.join(twice)} twice" if twice else f"no {', '.join(missing)}"
        raise LedgerError(f"{path}, line 1: {problem}; expected {', '.join(COLUMNS)}")
    return names


def _claim(values: dict[str, str]) -> dict:
    record: dict = {
        name: value.strip()
        for name, value in values.items()
        if name not in ("places", *RELATIONS) and value.strip()
    }
    if "event_end" in values and not values["event_end"].strip():
        record["event_end"] = None  # a blank end is an open end, not a one-day event
    record["places"] = split(values.get("places", ""))
    return record


def _links(values: dict[str, str], where: str) -> list[Item]:
    key = values.get("id", "").strip()
    found = []
    for relation in RELATIONS:
        for other in split(values.get(relation, "")):
            if not key:
                raise LedgerError(f"{where}: a row with links needs an id")
            found.append(Item({"claim": key, "relation": relation, "other": other}, where))
    return found


def write_csv(out: TextIO, session: Session, tick: Callable[[], None]) -> None:
    """Write every claim as a row, with the claims it contradicts and corroborates.

    The first row's last cell holds the ledger's head (`ledger head SEQ:HASH`), which
    `ledger verify --against` reads; a ledger without claims gets a row with only that cell.
    """
    writer = csv.writer(out)
    writer.writerow((*COLUMNS, EXPORTED_FROM))
    head = f"ledger head {journal.head_label(session)}"
    for page in claim_pages(session):
        linked = _linked(session, page[0]["_id"], page[-1]["_id"])
        for claim in page:
            row = [_cell(claim.get(name)) for name in COLUMNS[:-3]]
            row.append(";".join(claim["places"]))
            row += [";".join(linked[claim["_id"]][r]) for r in RELATIONS]
            writer.writerow([*row, head])
            head = ""
            tick()
    if head:
        writer.writerow([*("" for _ in COLUMNS), head])


def _cell(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _linked(session: Session, first: int, last: int) -> dict[int, dict[str, list[str]]]:
    """Map each claim of an id range to the claims it is linked to, by relation, in log order."""
    found: dict[int, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for here, there in (("claim_a_id", "claim_b_id"), ("claim_b_id", "claim_a_id")):
        other = aliased(Claim)
        rows = session.execute(
            select(getattr(Link, here), Link.relation, other.id, other.key)
            .join(other, other.id == getattr(Link, there))
            .where(getattr(Link, here).between(first, last), Link.removed_at.is_(None))
        )
        for claim_id, relation, other_id, key in rows:
            found[claim_id][relation].append((other_id, key))
    return defaultdict(
        lambda: defaultdict(list),
        {
            claim_id: defaultdict(list, {r: [k for _, k in sorted(v)] for r, v in by.items()})
            for claim_id, by in found.items()
        },
    )
