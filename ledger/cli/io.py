"""Moving claims in and out: import (ledger documents, CSV, ClaimReview) and export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ledger import files
from ledger.cli import state
from ledger.cli.app import app


@app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(help="Files: .yaml/.yml, .json, .jsonl, .csv, .jsonld (ClaimReview)."),
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="yaml, json, jsonl, csv or claimreview (default: by extension)."
        ),
    ] = None,
    create_places: Annotated[
        bool,
        typer.Option(
            "--create-places",
            help="Create unknown places as kind 'other' ('Name, Parent' puts one under Parent).",
        ),
    ] = False,
    create: Annotated[
        bool,
        typer.Option(
            "--create",
            help="Create unknown claimants and sources (names differing only in case or"
            " punctuation are one).",
        ),
    ] = False,
    ratings: Annotated[
        Path | None,
        typer.Option(
            "--ratings",
            help="Publishers' rating wordings and the ledger rating each stands for:"
            " a CSV of wording,rating rows or a YAML/JSON mapping (adds to the built-in table).",
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="CSV: the file's encoding (default: detected; utf-8, utf-16, cp1252, latin-1...).",
        ),
    ] = None,
    date_order: Annotated[
        str | None,
        typer.Option(
            "--date-order", help="How to read a date like 03/04/2024: dmy or mdy (else refused)."
        ),
    ] = None,
    by: state.By = None,
) -> None:
    """Import files in one transaction: all of them, or nothing. Importing twice adds nothing.

    Example: ledger import seeds/aleppo-offensive-2024-12-01.yaml; ledger import sheet.csv --create;
    ledger import factchecks.jsonld --create --ratings our-ratings.csv
    """
    from ledger import interchange
    from ledger.errors import LedgerError
    from ledger.record import ratings as wordings
    from ledger.store import journal
    from ledger.store.db import refresh_statistics

    if date_order not in (None, "dmy", "mdy"):
        raise LedgerError(f"unknown date order {date_order!r}: use dmy or mdy")
    table = wordings.load(ratings) if ratings else None
    options = {"create_places": create_places, "create": create, "ratings": table}
    options |= {"encoding": encoding, "date_order": date_order}
    engine = state.engine()
    with journal.writing(engine, by) as session:
        reports = [interchange.import_file(session, path, format, **options) for path in files]
    refresh_statistics(engine, sum(r.added.get("claims", 0) for r in reports))
    for path, report in zip(files, reports, strict=True):
        for line in report.warning_lines():
            typer.echo(f"warning: {path}: {line}", err=True)
        for note in dict.fromkeys(report.notes):
            typer.echo(f"note: {note}", err=True)
        typer.echo(f"{path}: {report.summary()}")


@app.command()
def export(
    format: Annotated[
        str, typer.Option("--format", "-f", help="json, jsonl, csv, yaml or claimreview.")
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
    organisation: state.Organisation = None,
    base_url: state.BaseUrl = None,
) -> None:
    """Export the whole ledger; importing the export into a fresh ledger gives it back.

    Example: ledger export --format jsonl -o newsroom.jsonl;
    ledger export -f claimreview --organisation "Verify Desk" --base-url https://example.org/checks
    """
    import sys

    from ledger import interchange

    options = {"organisation": organisation, "base_url": base_url}
    with interchange.reading(state.engine()) as session:
        if output is None:
            interchange.export(session, format, sys.stdout, **options)
            return
        with files.replacing(output) as out:
            interchange.export(session, format, out, **options)
    typer.echo(f"exported {format} to {output}", err=True)
