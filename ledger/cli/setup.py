"""Creating and upgrading a ledger, and loading its gazetteer: init, upgrade, gazetteer load."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ledger.cli import state
from ledger.cli.app import app

gazetteer_app = typer.Typer(help="The gazetteer of places (countries, Syria's OCHA places).")
app.add_typer(gazetteer_app, name="gazetteer")


@app.command()
def init(
    no_gazetteer: Annotated[
        bool, typer.Option("--no-gazetteer", help="Do not load the shipped gazetteer.")
    ] = False,
    by: state.By = None,
) -> None:
    """Create a ledger (or bring an existing one up to date) and load the gazetteer.

    Example: ledger init; LEDGER_DB=postgresql://localhost/newsroom ledger init
    """
    from ledger.geo import gazetteer
    from ledger.store import journal, schema
    from ledger.store.db import describe, ledger_url, make_engine

    url = ledger_url(state.DB)
    engine = make_engine(url)
    schema.upgrade(engine)
    if not no_gazetteer:
        with journal.writing(engine, by) as session:
            report = gazetteer.load(session)
        typer.echo(f"gazetteer: {report.places_added} places added, {report.places_known} known")
    typer.echo(f"ledger ready at {describe(url)}")


@app.command()
def upgrade() -> None:
    """Upgrade a ledger made by an older version to this schema, and rebuild its search index.

    Example: ledger upgrade; ledger --db postgresql://localhost/newsroom upgrade
    """
    from ledger.errors import LedgerError
    from ledger.store import schema
    from ledger.store.db import describe, ledger_url, make_engine, sqlite_path

    url = ledger_url(state.DB)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise LedgerError(f"no ledger at {path}: run `ledger init` to create one")
    from ledger.find import search

    engine = make_engine(url)
    schema.upgrade(engine)
    with engine.begin() as connection:
        search.rebuild(connection)
    typer.echo(f"ledger at {describe(url)} is up to date")


@gazetteer_app.command("load")
def gazetteer_load(
    file: Annotated[
        Path | None, typer.Argument(help="An OCHA communities CSV. Default: the shipped one.")
    ] = None,
    by: state.By = None,
) -> None:
    """Add the countries and Syria's OCHA places the ledger does not have yet.

    Example: ledger gazetteer load
    """
    from ledger.geo import gazetteer
    from ledger.store import journal

    with journal.writing(state.engine(), by) as session:
        report = gazetteer.load(session, file)
    typer.echo(f"gazetteer: {report.places_added} places added, {report.places_known} known")
