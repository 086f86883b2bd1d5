"""Logging and reading claims: claim add, link, show, claims, actor add, source add."""

from __future__ import annotations

from typing import Annotated

import typer

from ledger.cli import state
from ledger.cli.app import app
from ledger.record.kinds import ACTOR_KINDS, RELIABILITY, SOURCE_KINDS

claim_app = typer.Typer(help="Log claims.", no_args_is_help=True)
actor_app = typer.Typer(
    help="Claimants: armed groups, state bodies, media, people.", no_args_is_help=True
)
source_app = typer.Typer(
    help="Sources: outlets and documents claims are reported in.", no_args_is_help=True
)
app.add_typer(claim_app, name="claim")
app.add_typer(actor_app, name="actor")
app.add_typer(source_app, name="source")

Since = Annotated[str | None, typer.Option("--since", help="Events on or after YYYY-MM-DD.")]
Until = Annotated[str | None, typer.Option("--until", help="Events on or before YYYY-MM-DD.")]
Limit = Annotated[
    int, typer.Option("--limit", min=0, help="Show at most this many claims (0: all).")
]


@claim_app.command("add")
def claim_add(
    text: Annotated[str, typer.Argument(help="The assertion, in your words.")],
    claimant: Annotated[
        str, typer.Option("--claimant", "-c", help="Who claims it (name or alias).")
    ],
    source: Annotated[str, typer.Option("--source", "-s", help="Where it was reported.")],
    place: Annotated[
        list[str] | None, typer.Option("--place", "-p", help="A place it is about (repeatable).")
    ] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date, YYYY-MM-DD.")
    ] = None,
    event: Annotated[
        str | None,
        typer.Option("--event", help="When it happened: YYYY-MM-DD or START..END."),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where the report is online.")] = None,
    excerpt: Annotated[
        str | None, typer.Option("--excerpt", help="A verbatim excerpt of the report.")
    ] = None,
    claim_id: Annotated[
        str | None, typer.Option("--id", help="Choose the claim's id (default: generated).")
    ] = None,
    create: Annotated[
        bool, typer.Option("--create", help="Create an unknown claimant or source.")
    ] = False,
    allow_future: state.AllowFuture = False,
    by: state.By = None,
    json: state.Json = False,
) -> None:
    """Log a sourced claim and print its id (--json: also how each place name was matched).

    Example: ledger claim add "Opposition forces entered Hama province"
    --claimant "Syrian armed opposition" --source MENAFN --published 2024-12-01
    --place "Hama Governorate"
    """
    from ledger.geo import notes
    from ledger.record import claims
    from ledger.store import journal

    start, end = claims.parse_event(event) if event else (None, None)
    new = claims.NewClaim(
        text=text,
        claimant=claimant,
        source=source,
        places=place or [],
        key=claim_id,
        excerpt=excerpt,
        url=url,
        published=claims.parse_date(published, "--published") if published else None,
        event_start=start,
        event_end=end,
    )
    matches: list = []
    with journal.writing(state.engine(), by) as session:
        key = claims.add_claim(
            session, new, create=create, allow_future=allow_future, matches=matches
        ).key
        said = [n for name, found in matches for n in notes.notes(session, name, found)]
    for note in said:
        typer.echo(f"note: {note}", err=True)
    if json:
        state.print_json({"id": key, "places": [found.to_json(n) for n, found in matches]})
    else:
        typer.echo(key)


@app.command()
def link(
    claim: Annotated[str, typer.Argument(help="A claim id.")],
    relation: Annotated[str, typer.Argument(help="contradicts or corroborates.")],
    other: Annotated[str, typer.Argument(help="The other claim's id.")],
    note: Annotated[str | None, typer.Option("--note", "-n", help="Why the link holds.")] = None,
    by: state.By = None,
) -> None:
    """Link two claims: one contradicts or corroborates the other.

    Example: ledger link hama-incursion contradicts army-denies-hama-pullback --note "..."
    """
    from ledger.record import claims
    from ledger.store import journal

    with journal.writing(state.engine(), by) as session:
        claims.add_link(session, claim, relation, other, note)
    typer.echo(f"{claim} {relation} {other}")


@app.command()
def show(
    claim: Annotated[str, typer.Argument(help="A claim id.")], json: state.Json = False
) -> None:
    """Show a claim: its source, places and links in both directions.

    Example: ledger show hama-incursion
    """
    from ledger.cli.render import claim_detail
    from ledger.geo import places
    from ledger.record import lookup
    from ledger.report import dossier

    with state.engine().connect() as session:
        (info,) = dossier.of_views(session, [lookup.one(session, claim)])
        if json:
            state.print_json(info.to_json())
            return
        paths = {p.id: places.path_label(places.lineage(session, p.id)) for p in info.view.places}
        typer.echo(claim_detail(info, paths))


@app.command("claims")
def list_claims(
    claimant: Annotated[
        str | None, typer.Option("--claimant", "-c", help="Only this claimant's claims.")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", "-s", help="Only from this source.")
    ] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 200,
    json: state.Json = False,
) -> None:
    """List claims, by event date, optionally by claimant or source.

    Example: ledger claims --claimant "Syrian Arab Army"
    """
    from ledger.cli.render import claim_list
    from ledger.record import lookup
    from ledger.report import dossier

    since_day, until_day = state.dates(since, until)
    with state.engine().connect() as session:
        views = lookup.matching(
            session,
            claimant=claimant,
            source=source,
            since=since_day,
            until=until_day,
            limit=limit + 1 if limit else None,
        )
        shown = dossier.of_views(session, views[:limit] if limit else views)
    if json:
        state.print_json({"claims": [i.to_json() for i in shown], "more": len(views) > len(shown)})
        return
    typer.echo(claim_list(shown) if shown else "no claims")
    if len(views) > len(shown):
        typer.echo(f"\n(first {limit} shown; --limit 0 for all)")


def _add_named(
    model_name: str,
    name: str,
    kind: str,
    key: str | None,
    aliases: list[str] | None,
    by: str | None,
    **extra: str | None,
) -> None:
    from ledger.record import actors
    from ledger.store import journal
    from ledger.store.models import Actor, Source

    model = Actor if model_name == "actor" else Source
    with journal.writing(state.engine(), by) as session:
        entity = actors.add(session, model, name, kind, key=key, aliases=aliases or [], **extra)
        typer.echo(entity.key)


Aliases = Annotated[
    list[str] | None, typer.Option("--alias", "-a", help="Another name (repeatable).")
]
Key = Annotated[str | None, typer.Option("--id", help="Its id (default: made from the name).")]


ActorKind = Annotated[str, typer.Option("--kind", "-k", help="One of: " + ", ".join(ACTOR_KINDS))]
SourceKind = Annotated[str, typer.Option("--kind", "-k", help="One of: " + ", ".join(SOURCE_KINDS))]
Party = Annotated[
    str | None,
    typer.Option("--party", help="The party it speaks for (which may belong to a larger one)."),
]
Network = Annotated[
    str | None, typer.Option("--network", help="The source (network) this outlet is part of.")
]
Reliability = Annotated[
    str | None,
    typer.Option(
        "--reliability",
        help="Admiralty grade: "
        + "; ".join(f"{grade} {meaning}" for grade, meaning in RELIABILITY.items()),
    ),
]


@actor_app.command("add")
def actor_add(
    name: Annotated[str, typer.Argument(help="The actor's name.")],
    kind: ActorKind,
    party: Party = None,
    alias: Aliases = None,
    key: Key = None,
    by: state.By = None,
) -> None:
    """Add a claimant and print its id.

    Example: ledger actor add "Syrian Ministry of Defence" --kind state-body
    --party syrian-government --alias MoD
    """
    _add_named("actor", name, kind, key, alias, by, party=party)


@source_app.command("add")
def source_add(
    name: Annotated[str, typer.Argument(help="The outlet or document.")],
    kind: SourceKind,
    url: Annotated[str | None, typer.Option("--url", help="The outlet's address.")] = None,
    network: Network = None,
    reliability: Reliability = None,
    alias: Aliases = None,
    key: Key = None,
    by: state.By = None,
) -> None:
    """Add a source and print its id.

    Example: ledger source add "Reuters" --kind news-agency --url https://www.reuters.com
    --reliability B
    """
    _add_named(
        "source", name, kind, key, alias, by, url=url, network=network, reliability=reliability
    )
