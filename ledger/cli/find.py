"""Finding claims by their words."""

from __future__ import annotations

from typing import Annotated

import typer

from ledger.cli import state
from ledger.cli.app import app
from ledger.cli.claims import Limit, Since, Until


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words the claim's text or excerpt holds.")],
    place: Annotated[
        str | None, typer.Option("--place", "-p", help="Only claims about this place (or inside).")
    ] = None,
    exact: Annotated[
        bool, typer.Option("--exact", help="With --place: only the place itself.")
    ] = False,
    since: Since = None,
    until: Until = None,
    limit: Limit = 20,
    json: state.Json = False,
) -> None:
    """Find claims by the words of their text and excerpt, best match first.

    English words match their other forms (captured, captures); Arabic matches with or without
    short vowels and whatever the alef's form. Claims holding every word come first; when none
    does, claims holding any of them.

    Example: ledger search "airport handed to the SDF"; ledger search مطار --place Aleppo
    """
    from sqlmodel import Session

    from ledger.cli.render import claim_list
    from ledger.find import search as finder
    from ledger.geo import resolution
    from ledger.record import lookup
    from ledger.report import dossier

    since_day, until_day = state.dates(since, until)
    with Session(state.engine()) as session:
        place_id = resolution.resolve(session, place).place.id if place else None
        ids = finder.search(
            session,
            query,
            place_id=place_id,
            exact=exact,
            since=since_day,
            until=until_day,
            limit=limit + 1 if limit else None,
        )
        views = lookup.load(session, ids)
        shown = dossier.of_views(session, views[:limit] if limit else views)
    if json:
        state.print_json({"claims": [i.to_json() for i in shown], "more": len(views) > len(shown)})
        return
    typer.echo(claim_list(shown) if shown else f"no claim holds {query!r}")
    if len(views) > len(shown):
        typer.echo(f"\n(first {limit} shown; --limit 0 for all)")
