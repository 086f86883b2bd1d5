"""Import and export in the formats fact-checkers use: one entry point each, by format.

Formats: the ledger's own `ledger/1` documents as YAML, JSON or JSON Lines (lossless), CSV (one
row per claim, the shape of a newsroom spreadsheet) and schema.org ClaimReview JSON-LD (the
verdicts, as published; Google Fact Check Tools API responses read alike). An import runs inside
the caller's write transaction: bad records stop it with the file, line (or record) and reason,
and nothing is written. Importing the same file twice adds nothing. See `ledger.formats`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.formats import (
    claimreview,
    claimreview_in,
    csvio,
    csvread,
    csvwrite,
    documents,
    exports,
    importer,
)
from ledger.formats.model import FORMAT, SECTIONS, ImportReport
from ledger.formats.progress import progress
from ledger.record.ratings import Ratings
from ledger.store.models import Claim, Link, Verdict

__all__ = ["EXPORT_FORMATS", "FORMAT", "IMPORT_FORMATS", "SECTIONS", "ImportReport"]

IMPORT_FORMATS = ("yaml", "json", "jsonl", "csv", "claimreview")
EXPORT_FORMATS = ("json", "jsonl", "csv", "yaml", "claimreview")
EXTENSIONS = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".jsonld": "claimreview",
}


def format_of(path: Path, given: str | None = None) -> str:
    """Return the format named by `--format`, else the one the file's extension implies."""
    if given:
        if given not in IMPORT_FORMATS:
            raise LedgerError(f"unknown format {given!r}: use one of {', '.join(IMPORT_FORMATS)}")
        return given
    found = EXTENSIONS.get(path.suffix.lower())
    if found is None:
        raise LedgerError(
            f"{path}: cannot tell the format from the extension; pass --format"
            f" ({', '.join(IMPORT_FORMATS)})"
        )
    return found


def import_file(
    session: Session,
    path: Path,
    format: str | None = None,
    *,
    create_places: bool = False,
    create: bool = False,
    ratings: Ratings | None = None,
    encoding: str | None = None,
    date_order: str | None = None,
) -> ImportReport:
    """Import one file inside the caller's write transaction (`ledger.store.journal.writing`).

    `ratings` maps publishers' rating wordings onto the scale (`ledger.record.ratings`);
    `encoding` forces a CSV file's encoding; `date_order` (dmy, mdy) reads 03/04/2024.
    """
    kind = format_of(path, format)
    options = {"create_places": create_places, "create": create, "ratings": ratings}
    options["date_order"] = date_order
    if not path.is_file():
        raise LedgerError(f"cannot read {path}: no such file")
    with progress(f"importing {path.name}", path.stat().st_size) as tick:
        if kind == "jsonl":
            records = documents.jsonl_records(path, tick)
        elif kind == "csv":
            sheet, rows = csvread.open_sheet(path, tick, encoding)
            try:
                report = importer.run(session, csvio.csv_records(sheet, rows), **options)
            except LedgerError as error:
                raise csvread.with_row_errors(sheet, error) from None
            if sheet.errors:
                raise csvread.with_row_errors(sheet)
            return report
        elif kind == "yaml":
            records = documents.document_records(documents.parse_yaml(path), str(path))
        else:
            data = documents.parse_json(path)
            if kind == "claimreview" or claimreview_in.looks_like(data):
                options.pop("date_order")
                return claimreview_in.import_reviews(session, data, str(path), **options)
            records = documents.document_records(data, str(path))
        return importer.run(session, records, **options)


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """Open a session that sees one state of the ledger throughout, for a consistent export."""
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with Session(engine) as session, session.begin():
        yield session


def export(
    session: Session,
    format: str,
    out: TextIO,
    *,
    organisation: str | None = None,
    base_url: str | None = None,
) -> None:
    """Write the whole ledger to `out` in one of the export formats."""
    if format not in EXPORT_FORMATS:
        raise LedgerError(f"unknown format {format!r}: use one of {', '.join(EXPORT_FORMATS)}")
    if format == "claimreview" and not (organisation and base_url):
        raise LedgerError(
            "ClaimReview needs the fact-checking organisation and the address reviews are"
            " published at: --organisation (or LEDGER_ORGANISATION) and --base-url"
            " (or LEDGER_BASE_URL)"
        )
    total = sum(
        session.execute(select(func.count()).select_from(model)).scalar() or 0
        for model in (Claim, Link, Verdict)
    )
    with progress(f"exporting {format}", total) as tick:
        if format == "csv":
            csvwrite.write_csv(out, session, tick)
        elif format == "claimreview":
            claimreview.write(out, session, organisation, base_url, tick)  # type: ignore[arg-type]
        else:
            header = {"format": FORMAT, "exported_from": exports.exported_from(session)}
            writer = {
                "json": documents.write_json,
                "jsonl": documents.write_jsonl,
                "yaml": documents.write_yaml,
            }[format]
            writer(out, header, exports.sections(session), tick)
