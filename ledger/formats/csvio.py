"""Claims as a newsroom spreadsheet: one row per claim, with its verdict and links.

Columns (any order, names and synonyms in `ledger.formats.csvread`; only the text is required):
id, text, excerpt, claimant, source, url, appearances, published, event (or event_start and
event_end), places, contradicts, corroborates, and the verdict's rating, textual_rating,
explanation, note, organisation, review_url, review_date. `appearances`, `places`,
`contradicts` and `corroborates` hold several values separated by `;`. Claimants, sources and
places are named by id or by any of their names; a blank claimant is `unattributed`, a blank
source `unknown-source`. Every bad row is reported (up to 50), and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterator

from ledger.formats.csvread import Row, Sheet
from ledger.formats.csvwrite import restored
from ledger.formats.fields import ClaimRef, Item
from ledger.record.verdicts import PUBLISHED
from ledger.store.models import RELATIONS

BATCH = 5000
CLAIM_COLUMNS = ("id", "text", "excerpt", "claimant", "source", "url", "published")
CLAIM_COLUMNS += ("event_start", "event_end")
VERDICT_COLUMNS = ("rating", "note", *PUBLISHED)


def _cell(value: str) -> str:
    """Return a cell's text: stripped, and without the `'` an export put before a formula."""
    value = value.strip()
    return restored(value) if value.startswith("'") else value


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def csv_records(sheet: Sheet, rows: Iterator[Row]) -> Iterator[tuple[str, Item]]:
    """Yield a claim per row, each batch's verdicts after it, then the links the rows name.

    Bad rows are noted in the sheet and skipped (`csvread.with_row_errors` reports them).
    """
    path = sheet.path
    if sheet.ignored:
        yield "warning", Item({"message": _ignored(sheet)}, str(path))
    links: list[Item] = []
    verdicts: list[Item] = []
    for row in rows:
        where = f"{path}, line {row.line}"
        if not row.values.get("text", "").strip():
            sheet.error(row.line, "no claim text", "text")
            continue
        yield "claims", Item(_claim(row.values), where, columns=True)
        verdict = _verdict(row.values, where)
        if verdict is not None:
            verdicts.append(verdict)
        links += _links(sheet, row)
        if len(verdicts) >= BATCH:
            yield from (("verdicts", v) for v in verdicts)
            verdicts = []
    yield from (("verdicts", v) for v in verdicts)
    if sheet.errors:
        return  # the caller reports them; links to bad rows would only add noise
    for link in links:
        yield "links", link


def _ignored(sheet: Sheet) -> str:
    names = ", ".join(repr(n) for n in sheet.ignored)
    return f"column(s) {names} are not ledger columns: ignored"


def _claim(values: dict[str, str]) -> dict:
    record: dict = {
        name: _cell(values[name])
        for name in CLAIM_COLUMNS
        if name in values and values[name].strip()
    }
    if values.get("event", "").strip():
        record["event"] = values["event"].strip()
    if "event_end" in values and not values["event_end"].strip() and "event_start" in record:
        record["event_end"] = None  # a blank end is an open end, not a one-day event
    record["places"] = split(values.get("places", ""))
    if values.get("appearances", "").strip():
        record["appearances"] = split(values["appearances"])
    return record


def _verdict(values: dict[str, str], where: str) -> Item | None:
    record = {n: _cell(values[n]) for n in VERDICT_COLUMNS if values.get(n, "").strip()}
    if not (record.get("rating") or record.get("textual_rating")):
        return None
    key = values.get("id", "").strip()
    text, url = values["text"].strip(), values.get("url", "").strip() or None
    record["claim"] = key or ClaimRef(text, url, values.get("source", "").strip())
    return Item(record, where, columns=True)


def _links(sheet: Sheet, row: Row) -> list[Item]:
    key = row.values.get("id", "").strip()
    found = []
    for relation in RELATIONS:
        for other in split(row.values.get(relation, "")):
            if not key:
                sheet.error(row.line, "a row with links needs an id", relation)
                return []
            where = f"{sheet.path}, line {row.line}"
            found.append(Item({"claim": key, "relation": relation, "other": other}, where))
    return found
