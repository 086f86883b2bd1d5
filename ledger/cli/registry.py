"""Managing claimants and sources: actor list|show|edit, source list|show|edit."""

from __future__ import annotations

from typing import Annotated

import typer

from ledger.cli import state
from ledger.cli.claims import (
    ActorKind,
    Aliases,
    Network,
    Party,
    Reliability,
    SourceKind,
    actor_app,
    source_app,
)

Name = Annotated[str, typer.Argument(help="Its id, name or an alias.")]
NewName = Annotated[
    str | None, typer.Option("--name", help="Rename it (the old name stays an alias).")
]
Drop = Annotated[
    list[str] | None, typer.Option("--drop-alias", help="Remove an alias (repeatable).")
]


def _model(which: str):  # type: ignore[no-untyped-def]
    from ledger.store.models import Actor, Source

    return Actor if which == "actor" else Source


def _list(which: str, json: bool) -> None:
    from sqlmodel import Session

    from ledger.record import registry

    with Session(state.engine()) as session:
        entries = registry.listing(session, _model(which))
        if json:
            state.print_json({f"{which}s": [e.to_json() for e in entries]})
            return
        for entry in entries:
            within = "".join(f" › {e.name}" for e in entry.above)
            grade = getattr(entry.entity, "reliability", None)
            extra = f" [{grade}]" if grade else ""
            typer.echo(
                f"{entry.entity.key}  {entry.entity.name}{within}  ({entry.entity.kind}{extra},"
                f" {entry.claims} claim{'s' * (entry.claims != 1)})"
            )
    if not entries:
        typer.echo(f"no {which}s")


def _show(which: str, name: str, json: bool) -> None:
    from sqlmodel import Session

    from ledger.record import registry

    with Session(state.engine()) as session:
        shown = registry.describe(session, _model(which), name).to_json()
    if json:
        state.print_json(shown)
        return
    outer = "camp" if which == "actor" else "network"
    lines = [f"{shown['id']}  {shown['name']}", f"  kind       {shown['kind']}"]
    if which == "source":
        lines.append(f"  url        {shown['url'] or 'none'}")
        grade = shown["reliability"]
        lines.append(f"  reliability {grade or 'not graded'}")
    lines.append("  within     " + (" › ".join(e["name"] for e in shown["within"]) or "nothing"))
    lines.append(f"  {outer:<10} {shown[outer]['name']}")
    lines.append("  aliases    " + (", ".join(shown["aliases"]) or "none"))
    lines.append("  members    " + (", ".join(m["id"] for m in shown["members"]) or "none"))
    lines.append(f"  claims     {shown['claims']}")
    typer.echo("\n".join(lines))


def _edit(which: str, name: str, change, by: str | None) -> None:  # type: ignore[no-untyped-def]
    from ledger.record import registry
    from ledger.store import journal

    with journal.writing(state.engine(), by) as session:
        entity = registry.edit(session, _model(which), name, change)
        shown = registry.state(session, _model(which), entity)
    typer.echo(f"{shown['key']}: {shown['name']}")


@actor_app.command("list")
def actor_list(json: state.Json = False) -> None:
    """List claimants with the parties they speak for, innermost first.

    Example: ledger actor list
    """
    _list("actor", json)


@actor_app.command("show")
def actor_show(name: Name, json: state.Json = False) -> None:
    """Show a claimant: its kind, aliases, the parties above it, its camp and its members.

    Example: ledger actor show SAA
    """
    _show("actor", name, json)


@actor_app.command("edit")
def actor_edit(
    name: Name,
    new_name: NewName = None,
    kind: Annotated[str | None, ActorKind.__metadata__[0]] = None,  # type: ignore[attr-defined]
    party: Party = None,
    alias: Aliases = None,
    drop_alias: Drop = None,
    by: state.By = None,
) -> None:
    """Change a claimant: rename it, its kind, its party ("" for none), its aliases.

    Example: ledger actor edit syrian-arab-army --party syrian-government --alias "Syrian army"
    """
    from ledger.record.registry import Change

    change = Change(new_name, kind, alias or (), drop_alias or (), party)
    _edit("actor", name, change, by)


@source_app.command("list")
def source_list(json: state.Json = False) -> None:
    """List sources with the networks they belong to and their reliability grades.

    Example: ledger source list --json
    """
    _list("source", json)


@source_app.command("show")
def source_show(name: Name, json: state.Json = False) -> None:
    """Show a source: kind, address, reliability, network, aliases and outlets.

    Example: ledger source show MENAFN
    """
    _show("source", name, json)


@source_app.command("edit")
def source_edit(
    name: Name,
    new_name: NewName = None,
    kind: Annotated[str | None, SourceKind.__metadata__[0]] = None,  # type: ignore[attr-defined]
    url: Annotated[str | None, typer.Option("--url", help='Its address ("" for none).')] = None,
    network: Network = None,
    reliability: Reliability = None,
    alias: Aliases = None,
    drop_alias: Drop = None,
    by: state.By = None,
) -> None:
    """Change a source: rename it, its kind, address, network or reliability ("" clears).

    Example: ledger source edit sana --network syrian-state-media --reliability D
    """
    from ledger.record.registry import Change

    change = Change(new_name, kind, alias or (), drop_alias or (), network, url, reliability)
    _edit("source", name, change, by)
