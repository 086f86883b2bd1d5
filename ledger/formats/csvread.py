"""Reading spreadsheets as newsrooms save them: any encoding, delimiter and header spelling.

The encoding is detected from the first bytes (a UTF-8 or UTF-16 byte-order mark; UTF-16
without one by its zero bytes; UTF-8 if the start decodes as UTF-8, else Windows-1252, which
reads Latin-1 text too) unless given. The delimiter is the one of comma, semicolon and tab that
the header row uses most (outside quotes). Header names are matched ignoring case, spaces,
`_`, `-` and `.`, through the synonyms of `HEADERS`; other columns are named in one warning and
ignored; blank header cells (the empty columns Excel leaves) are ignored silently. The file is
read a line at a time: rows stream, whatever the file's size.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from ledger.errors import LedgerError

MAX_CELL = 128 * 1024
MAX_ERRORS = 50
SAMPLE = 64 * 1024
DELIMITERS = (",", ";", "\t")

HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("claim id", "claim_id", "key", "ref", "reference"),
    "text": ("claim", "statement", "claim text", "claim reviewed", "quote", "assertion"),
    "excerpt": ("extract", "quote excerpt"),
    "claimant": ("speaker", "author", "claimed by", "said by", "who", "claim author"),
    "source": ("outlet", "publication", "medium", "media", "platform", "published in", "site"),
    "url": ("link", "claim url", "source url", "appearance", "appearance url", "origin url"),
    "appearances": ("other urls", "other links", "also at", "more appearances"),
    "published": ("date", "claim date", "date published", "published date", "published on"),
    "event": ("event date", "event dates", "happened", "when"),
    "event_start": ("event start", "event from"),
    "event_end": ("event end", "event until"),
    "places": ("place", "location", "locations", "where", "country", "region", "area"),
    "contradicts": ("contradicted by", "contradicts claims"),
    "corroborates": ("corroborated by", "corroborates claims"),
    "rating": ("verdict", "ruling", "scale rating"),
    "textual_rating": ("textual rating", "publisher rating", "label", "rating text"),
    "explanation": ("rating explanation", "summary", "why"),
    "note": ("verdict note", "review body", "notes", "comment"),
    "organisation": ("organization", "reviewer", "fact checker", "factchecker", "checked by"),
    "review_url": ("fact check url", "factcheck url", "review link", "fact check link"),
    "review_date": ("reviewed on", "fact check date", "date reviewed", "review published"),
}
"""Each column and the other names a spreadsheet may give it."""


def header_key(name: str) -> str:
    """Fold a header name: case, spaces, `_`, `-` and `.` ignored (`Claim Text` = `claim_text`)."""
    return re.sub(r"[\s_\-.]+", "", name.replace("\ufeff", "").casefold())


COLUMN_OF = {header_key(n): column for column, names in HEADERS.items() for n in (column, *names)}


@dataclass
class Row:
    """One data row: its first line, and its cells by column."""

    line: int
    values: dict[str, str]


@dataclass
class Sheet:
    """An open spreadsheet: where it is, its columns, and what was wrong with its rows."""

    path: Path
    columns: list[str | None]
    errors: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def error(self, line: int, message: str, column: str | None = None) -> None:
        """Note a bad row; stop reading once there are more than can be shown."""
        where = f"{self.path}, line {line}" + (f", column {column}" if column else "")
        self.errors.append(f"{where}: {message}")
        if len(self.errors) >= MAX_ERRORS:
            raise LedgerError("\n".join([*self.errors, f"{self.path}: stopped after {MAX_ERRORS}"]))


def detect_encoding(head: bytes) -> str:
    """Return the encoding of a file that starts with these bytes."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    pairs = head[: len(head) // 2 * 2]
    if pairs and pairs[1::2].count(0) > len(pairs) // 4:
        return "utf-16-le"
    if pairs and pairs[0::2].count(0) > len(pairs) // 4:
        return "utf-16-be"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the sample's end
            return "cp1252"
    return "utf-8"


def open_sheet(
    path: Path, advance: Callable[[int], None], encoding: str | None = None
) -> tuple[Sheet, Iterator[Row]]:
    """Open a spreadsheet: its header read, its rows to come."""
    try:
        raw = path.open("rb")
    except OSError as error:
        raise LedgerError(f"cannot read {path}: {error.strerror}") from None
    encoding = encoding or detect_encoding(raw.read(SAMPLE))
    raw.seek(0)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raw.close()
        raise LedgerError(f"unknown encoding {encoding!r}") from None
    lines = _lines(path, raw, encoding, advance)
    first = next(lines, None)
    if first is None or not first.strip():
        raw.close()
        raise LedgerError(f"{path}: empty file, expected a header row")
    delimiter = sniff(first)
    csv.field_size_limit(16 * MAX_CELL)
    reader = csv.reader(_chain(first, lines), delimiter=delimiter)
    sheet = Sheet(path, [])
    try:
        names = next(reader)
    except csv.Error as error:
        raw.close()
        raise LedgerError(f"{path}, line 1: unreadable header: {error}") from None
    sheet.columns = _header(sheet, names)
    return sheet, _rows(sheet, reader, raw)


def sniff(header: str) -> str:
    """Return the delimiter the header row uses most, outside quoted names."""
    bare = re.sub(r'"[^"]*"', "", header)
    counts = {d: bare.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _lines(path: Path, raw: BinaryIO, encoding: str, advance: Callable[[int], None]):  # type: ignore[no-untyped-def]
    """Yield the file's text lines, decoded as they are read."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    pending, number = "", 0
    for chunk in chain(iter(lambda: raw.read(1 << 16), b""), [None]):  # None: the end
        advance(len(chunk or b""))
        try:
            text = pending + (decoder.decode(chunk) if chunk else decoder.decode(b"", final=True))
        except UnicodeDecodeError:
            raise LedgerError(
                f"{path}, line {number + 1}: not {encoding} text;"
                " pass --encoding (e.g. cp1252, latin-1, utf-16)"
            ) from None
        tail = "\r" if chunk and text.endswith("\r") else ""  # maybe half of a \r\n
        text = text[: len(text) - len(tail)].replace("\r\n", "\n").replace("\r", "\n")
        *complete, pending = text.split("\n")  # newlines end lines: cells keep \u2028
        pending += tail
        number += len(complete)
        for line in complete:
            yield line + "\n"
    if pending:
        yield pending


def _header(sheet: Sheet, names: list[str]) -> list[str | None]:
    columns: list[str | None] = []
    for name in names:
        column = COLUMN_OF.get(header_key(name))
        if header_key(name) == "exportedfrom":  # a ledger export's head: nothing to import
            columns.append(None)
            continue
        if column is None and name.strip():
            sheet.ignored.append(name.strip())
        if column is not None and column in columns:
            raise LedgerError(f"{sheet.path}, line 1: two columns are {column!r}")
        columns.append(column)
    if "text" not in columns:
        raise LedgerError(
            f"{sheet.path}, line 1: no column for the claim's text (text, claim or statement);"
            f" the header is {', '.join(n.strip() for n in names)}"
        )
    return columns


def _rows(sheet: Sheet, reader, raw: BinaryIO) -> Iterator[Row]:  # type: ignore[no-untyped-def]
    """Yield the data rows; a row that cannot be read is noted, and reading goes on."""
    width = len(sheet.columns)
    start = 2
    with raw:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                sheet.error(start, f"unreadable row: {error}")
                start = reader.line_num + 1
                continue
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                sheet.error(line, f"{len(cells)} fields, but the header has {width}")
                continue
            values = {}
            for column, cell in zip(sheet.columns, cells, strict=False):
                if column is None:
                    continue
                if len(cell) > MAX_CELL:
                    size = len(cell.encode("utf-8")) // 1024
                    sheet.error(line, f"a cell of {size} KiB; at most 128 KiB", column)
                    break
                if "\x00" in cell:
                    sheet.error(line, "a NUL character: not text", column)
                    break
                values[column] = cell
            else:
                yield Row(line, values)


def with_row_errors(sheet: Sheet, error: LedgerError | None = None) -> LedgerError:
    """Return the rows the sheet found bad and an import's own error, in one message by line."""
    lines = [*sheet.errors, *(error.message.splitlines() if error else [])]
    lines = sorted(dict.fromkeys(lines), key=_line_of)
    return LedgerError("\n".join(lines[:MAX_ERRORS]))


def _line_of(message: str) -> int:
    found = re.search(r", line (\d+)", message)
    return int(found.group(1)) if found else 0
