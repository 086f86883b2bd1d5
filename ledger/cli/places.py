"""Looking claims up by place."""

from __future__ import annotations

from typing import Annotated

import typer

from ledger.cli import state
from ledger.cli.app import app
from ledger.cli.claims import Limit, Since, Until


@app.command()
def place(
    name: Annotated[
        str,
        typer.Argument(help="A name in any spelling, a code (SY05, C2987, NG), or 'Name, Parent'."),
    ],
    exact: Annotated[
        bool, typer.Option("--exact", help="Only the place itself, not the places inside it.")
    ] = False,
    since: Since = None,
    until: Until = None,
    limit: Limit = 200,
    json: state.Json = False,
) -> None:
    """List what is claimed about a place and the places inside it, by event date.

    Example: ledger place Hamah; ledger place "Sheikh Maqsoud" --json
    """
    from ledger.cli.render import claim_list
    from ledger.geo import notes, places, resolution
    from ledger.record import lookup
    from ledger.report import dossier

    since_day, until_day = state.dates(since, until)
    with state.engine().connect() as session:
        found = resolution.resolve(session, name)
        target = found.place
        path = places.lineage(session, target.id)
        views = lookup.about_place(
            session,
            target,
            exact=exact,
            since=since_day,
            until=until_day,
            limit=limit + 1 if limit else None,
        )
        others = [
            (places.label(o, places.lineage(session, o.id)), places.how_to_name(session, o))
            for o in found.others
        ]
        said = notes.notes(session, name, found)
        shown = dossier.of_views(session, views[:limit] if limit else views)
    if json:
        state.print_json(
            {
                "place": {
                    "id": target.key,
                    "name": target.name,
                    "name_ar": target.name_ar,
                    "kind": target.kind,
                    "path": [{"id": p.key, "name": p.name} for p in path],
                    "lat": target.lat,
                    "lon": target.lon,
                },
                "match": found.to_json(name),
                "scope": "exact" if exact else "inside",
                "also_named": [{"label": label, "name_it": how} for label, how in others],
                "claims": [i.to_json() for i in shown],
                "more": len(views) > len(shown),
            }
        )
        return
    for note in said:
        typer.echo(f"note: {note}", err=True)
    scope = "" if exact else ", places inside it included"
    where = places.path_label(path)
    typer.echo(f"{where} [{target.key}] — {len(shown)} claim{'s' * (len(shown) != 1)}{scope}")
    if shown:
        typer.echo("\n" + claim_list(shown))
    if len(views) > len(shown):
        typer.echo(f"\n(first {limit} shown; --limit 0 for all)")
