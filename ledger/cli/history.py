"""Corrections and trust: claim edit, claim retract, unlink, history, verify."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ledger.cli import state
from ledger.cli.app import app
from ledger.cli.claims import claim_app

Reason = Annotated[str, typer.Option("--reason", "-r", help="Why: kept in the history.")]


@claim_app.command("edit")
def claim_edit(
    claim: Annotated[str, typer.Argument(help="The claim's id.")],
    text: Annotated[str | None, typer.Option("--text", help="The corrected assertion.")] = None,
    excerpt: Annotated[
        str | None, typer.Option("--excerpt", help="A verbatim excerpt ('' clears it).")
    ] = None,
    claimant: Annotated[
        str | None, typer.Option("--claimant", "-c", help="Who claims it (name or alias).")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", "-s", help="Where it was reported.")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="The report's address ('' clears).")
    ] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="YYYY-MM-DD ('' clears).")
    ] = None,
    event: Annotated[
        str | None, typer.Option("--event", help="YYYY-MM-DD or START..END ('' clears).")
    ] = None,
    place: Annotated[
        list[str] | None,
        typer.Option("--place", "-p", help="Replaces the claim's places (repeatable)."),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", "-r", help="Why: kept in the history.")
    ] = None,
    allow_future: state.AllowFuture = False,
    by: state.By = None,
) -> None:
    """Correct a claim: a new revision; the earlier ones stay in its history.

    Example: ledger claim edit army-denies-hama-pullback --published 2024-12-02
    --reason "the statement came out a day later"
    """
    from ledger.record import claims, corrections
    from ledger.store import journal

    edit = corrections.ClaimEdit(
        text=text,
        excerpt=excerpt,
        claimant=claimant,
        source=source,
        url=url,
        published=published and claims.parse_date(published, "--published"),
        event=event and claims.parse_event(event),
        places=place,
    )
    with journal.writing(state.engine(), by) as session:
        revision = corrections.edit_claim(session, claim, edit, reason, allow_future).revision
    typer.echo(f"{claim} revision {revision}")


@claim_app.command("retract")
def claim_retract(
    claim: Annotated[str, typer.Argument(help="The claim's id.")],
    reason: Reason,
    by: state.By = None,
) -> None:
    """Mark a claim retracted: it stays in the ledger, shown as retracted.

    Example: ledger claim retract army-handed-airport-to-sdf --reason "logged from a fake account"
    """
    from ledger.analysis import changes
    from ledger.store import journal

    with journal.writing(state.engine(), by) as session:
        changes.retract(session, claim, reason)
    typer.echo(f"{claim} retracted")


@app.command()
def unlink(
    claim: Annotated[str, typer.Argument(help="A claim id.")],
    other: Annotated[str, typer.Argument(help="The other claim's id.")],
    reason: Reason,
    by: state.By = None,
) -> None:
    """Remove the link between two claims; the link stays in both claims' history.

    Example: ledger unlink opposition-hama-incursion army-denies-hama-pullback
    --reason "they are about different days"
    """
    from ledger.analysis import changes
    from ledger.store import journal

    with journal.writing(state.engine(), by) as session:
        relation = changes.unlink(session, claim, other, reason).relation
    typer.echo(f"{claim} no longer {relation} {other}")


@app.command()
def history(
    claim: Annotated[str, typer.Argument(help="A claim id.")], json: state.Json = False
) -> None:
    """Show every revision, link change and verdict of a claim, oldest first, with who and when.

    Example: ledger history army-denies-hama-pullback
    """
    from sqlmodel import Session

    from ledger.record import history

    with Session(state.engine()) as session:
        changes = history.of_claim(session, claim)
    if json:
        state.print_json({"claim": claim, "history": [c.to_json() for c in changes]})
        return
    for change in changes:
        summary, details = history.describe(change, claim)
        typer.echo(f"#{change.seq}  {change.at:%Y-%m-%d %H:%M} UTC  {change.by}  {summary}")
        if change.recorded:
            who, when = change.recorded
            details.append(f"recorded by {who} at {when:%Y-%m-%d %H:%M} UTC (imported)")
        for line in details:
            typer.echo(f"    {line}")


@app.command()
def verify(
    expect: Annotated[
        list[str] | None,
        typer.Option("--expect", help="A published head, SEQ:HASH, the ledger must extend."),
    ] = None,
    against: Annotated[
        list[Path] | None,
        typer.Option(
            "--against", help="An export, report or checkpoint whose head the ledger must extend."
        ),
    ] = None,
    json: state.Json = False,
) -> None:
    """Check the journal's hash chain and that every table matches it; exit 1 if not.

    With --expect or --against, also check that the journal still extends a head published
    earlier: a rewrite, a truncation or a forged entry since then is found.
    Also warns of claims whose event comes after their report's publication or in the future
    (imports accept them; `claim add` refuses them without --allow-future).

    Example: ledger verify --against published/ledger-2026-11-24.json;
    ledger --db postgresql://localhost/newsroom verify --expect 5909:be75c0... --json
    """
    from ledger.audit import anchors, dates, verify

    pinned = [anchors.parse(text) for text in expect or ()]
    pinned += [anchors.of_file(path) for path in against or ()]
    report = verify.check_ledger(state.engine(), pinned)
    warnings = report.warnings + dates.out_of_time(state.engine())
    if json:
        state.print_json({**report.to_json(), "warnings": warnings})
    elif report.problem is None:
        counts = ", ".join(
            f"{n} {what[:-1] if n == 1 else what}" for what, n in report.counts.items()
        )
        typer.echo(f"ok: {report.entries} journal entries checked, head {report.head}")
        typer.echo(f"ok: the tables match the journal ({counts})")
        for label in report.anchors:
            typer.echo(f"ok: the journal extends the published head {label}")
        for warning in warnings:
            typer.echo(f"warning: {warning}")
    else:
        typer.echo(f"error: {report.problem}", err=True)
    if report.problem is not None:
        raise typer.Exit(1)


@app.command()
def head(json: state.Json = False) -> None:
    """Print the journal's head, SEQ:HASH: publish it, and `verify --expect` it later.

    Example: ledger head >> published-heads.txt
    """
    from sqlmodel import Session

    from ledger.store import journal

    with Session(state.engine()) as session:
        label = journal.head_label(session)
    seq, hash_ = label.split(":")
    if json:
        state.print_json({"seq": int(seq), "hash": hash_, "head": label})
    else:
        typer.echo(label)
