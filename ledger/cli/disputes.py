"""Disputed points, verdicts and reports: disputes, dispute ..., verdict, verdicts, report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ledger.cli import state
from ledger.cli.app import app

dispute_app = typer.Typer(
    help="One disputed point: show, history, title, resolve.", no_args_is_help=True
)
app.add_typer(dispute_app, name="dispute")

PointId = Annotated[str, typer.Argument(help="A disputed point's id, such as D1.")]
Note = Annotated[str, typer.Option("--note", "-n", help="Why: what the evidence shows.")]


@app.command("disputes")
def list_disputes(
    place: Annotated[
        str | None, typer.Option("--place", "-p", help="Only points about this place.")
    ] = None,
    json: state.Json = False,
) -> None:
    """List disputed points: id, status, title, places and each side's claims and claimants.

    Example: ledger disputes --place Aleppo
    """
    from sqlmodel import Session

    from ledger.cli.render_disputes import point_summary
    from ledger.geo import resolution
    from ledger.report import dossier

    with Session(state.engine()) as session:
        target = resolution.resolve(session, place).place if place else None
        points = dossier.listing(session, target)
    if json:
        state.print_json({"disputes": [p.to_json() for p in points]})
        return
    typer.echo("\n\n".join(point_summary(p) for p in points) if points else "no disputed points")


@dispute_app.command("show")
def show(key: PointId, json: state.Json = False) -> None:
    """Show a disputed point: its sides with their claims, its links and its resolution.

    Example: ledger dispute show D1
    """
    from sqlmodel import Session

    from ledger.cli.render_disputes import point_detail
    from ledger.report import dossier

    with Session(state.engine()) as session:
        point = dossier.one(session, key)
    if json:
        claims = [c.to_json() for position in point.positions for c in position.claims]
        state.print_json({**point.to_json(), "claims": claims})
        return
    typer.echo(point_detail(point))


@dispute_app.command("history")
def history(key: PointId, json: state.Json = False) -> None:
    """List a point's history: titles, resolutions, merges and link changes, oldest first.

    Example: ledger dispute history D1
    """
    from sqlmodel import Session

    from ledger.analysis import point_history
    from ledger.cli.render_disputes import history_line

    with Session(state.engine()) as session:
        entries = point_history.of_point(session, key)
    if json:
        state.print_json({"dispute": key, "history": [e.to_json() for e in entries]})
        return
    typer.echo("\n".join(history_line(e) for e in entries) or f"no history of {key}")


@dispute_app.command("title")
def title(
    key: PointId,
    text: Annotated[str, typer.Argument(help="The question the point settles.")],
    by: state.By = None,
) -> None:
    """Name a disputed point (its title is otherwise made from its places and dates).

    Example: ledger dispute title D1 "Did the army pull back from Hama?"
    """
    from ledger.analysis import resolutions
    from ledger.store import journal

    with journal.writing(state.engine(), by) as session:
        point = resolutions.set_title(session, key, text)
        message = f"{point.key}: {point.record.title}"  # type: ignore[union-attr]
    typer.echo(message)


@dispute_app.command("resolve")
def resolve(
    key: PointId,
    side: Annotated[str, typer.Option("--side", help="A claim of the side the evidence upholds.")],
    note: Note,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="The address of the evidence.")
    ] = None,
    by: state.By = None,
) -> None:
    """Resolve a disputed point for one side; a later contradicting claim reopens it.

    Example: ledger dispute resolve D2 --side opposition-captures-aleppo-airport
    --note "Geolocated footage shows opposition fighters on the apron" --evidence https://...
    """
    from ledger.analysis import resolutions
    from ledger.store import journal

    with journal.writing(state.engine(), by) as session:
        point = resolutions.resolve(session, key, side, note, evidence)
        label = point.side_of(point.record.side_claim_id)  # type: ignore[union-attr,arg-type]
    typer.echo(f"{point.key} resolved for position {label}")


@dispute_app.command("unresolvable")
def unresolvable(key: PointId, note: Note, by: state.By = None) -> None:
    """Mark a disputed point as one the evidence cannot settle, and say why.

    Example: ledger dispute unresolvable D1 --note "No independent access to the Hama front"
    """
    from ledger.analysis import resolutions
    from ledger.store import journal

    with journal.writing(state.engine(), by) as session:
        point = resolutions.mark_unresolvable(session, key, note)
    typer.echo(f"{point.key} marked unresolvable")


@app.command()
def verdict(
    claim: Annotated[str, typer.Argument(help="A claim id.")],
    rating: Annotated[
        str,
        typer.Argument(help="true, mostly-true, mixed, mostly-false, false, unproven or unrated."),
    ],
    note: Annotated[
        str | None, typer.Option("--note", "-n", help="The reasoning behind it.")
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option("--organisation", help="The organisation that published it (not ours)."),
    ] = None,
    wording: Annotated[
        str | None, typer.Option("--wording", help="Its rating in the publisher's own words.")
    ] = None,
    explanation: Annotated[
        str | None, typer.Option("--explanation", help="The publisher's rating explanation.")
    ] = None,
    review_url: Annotated[
        str | None, typer.Option("--review-url", help="Where the review is published.")
    ] = None,
    review_date: Annotated[
        str | None, typer.Option("--review-date", help="When it was published (YYYY-MM-DD).")
    ] = None,
    by: state.By = None,
) -> None:
    """Record a fact-checker's verdict on a claim; an earlier one stays in its history.

    Each organisation's newest verdict is its current one.

    Example: ledger verdict army-denies-hama-pullback false --note "Footage from Hama" --by dana;
    ledger verdict army-denies-hama-pullback mostly-false --organisation Chequeado
    --wording Engañoso --review-url https://chequeado.com/...
    """
    from ledger.record import verdicts
    from ledger.record.claims import parse_date
    from ledger.store import journal

    published = verdicts.Published(
        textual_rating=(wording or "").strip() or None,
        explanation=(explanation or "").strip() or None,
        organisation=(organisation or "").strip() or None,
        review_url=(review_url or "").strip() or None,
        review_date=parse_date(review_date, "--review-date") if review_date else None,
    )
    with journal.writing(state.engine(), by) as session:
        recorded = verdicts.record(session, claim, rating, note, published)
        scale = verdicts.RATINGS[recorded.rating]
    typer.echo(f"{claim}: {rating}" + (f" ({scale} of 5)" if scale else ""))


@app.command("verdicts")
def verdict_history(
    claim: Annotated[str, typer.Argument(help="A claim id.")], json: state.Json = False
) -> None:
    """List the verdicts on a claim, newest (the current one) first.

    Example: ledger verdicts army-denies-hama-pullback
    """
    from sqlmodel import Session

    from ledger.record import claimed, claims, verdicts
    from ledger.report.dossier import verdict_json

    with Session(state.engine()) as session:
        claim_id = claims.get(session, claim).id
        history = verdicts.history(session, claim_id)
        recorded = claimed.of_claims(session, [claim_id])  # type: ignore[list-item]
    imported = {v.id: recorded.get(f"verdict {v.id}") for v in history}
    if json:
        shown = [verdict_json(v, imported[v.id]) for v in history]
        state.print_json({"claim": claim, "verdicts": shown})
        return
    if not history:
        typer.echo(f"no verdicts on {claim}")
    current = {id(v) for v in verdicts.current_of(history)}
    for v in history:
        state_ = "current" if id(v) in current else "superseded"
        if imported[v.id]:
            state_ += f"; {imported[v.id].label()}"  # type: ignore[union-attr]
        wording = f' "{v.textual_rating}"' if v.textual_rating else ""
        who = f"{v.organisation} ({v.by})" if v.organisation and v.organisation != v.by else v.by
        typer.echo(f"{v.at:%Y-%m-%d %H:%M}  {v.rating:<12} {who}{wording}  ({state_})")
        for line in (v.explanation, v.note, v.review_url):
            if line:
                typer.echo(f"    {line}")


@app.command()
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    place: Annotated[
        str | None, typer.Option("--place", "-p", help="Only claims about this place.")
    ] = None,
    dispute: Annotated[
        str | None, typer.Option("--dispute", "-d", help="Only this disputed point.")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=0,
            help="Cover the first N claims by event date. Default: 1000; 0 for all.",
        ),
    ] = None,
    organisation: state.Organisation = None,
    base_url: state.BaseUrl = None,
) -> None:
    """Write the dispute report as one self-contained HTML file (the whole ledger by default).

    With --organisation and --base-url (or LEDGER_ORGANISATION, LEDGER_BASE_URL) the page
    embeds the ClaimReview JSON-LD of its claims' verdicts, as `ledger export -f claimreview`.

    Example: ledger report -o report.html; ledger report -o hama.html --place Hama
    """
    from ledger.interchange import reading
    from ledger.report import reports

    with reading(state.engine()) as session:  # one snapshot: the head is the one shown
        cover = reports.CLAIMS if limit is None else (limit or None)
        publisher = (organisation, base_url) if organisation and base_url else None
        built = reports.build(
            session, place=place, dispute=dispute, limit=cover, reviews_by=publisher
        )
        html = reports.render(built)
    reports.write(output, html)
    typer.echo(
        f"{output}: {len(built.points)} disputed point{'s' * (len(built.points) != 1)},"
        f" {len(built.claims)} claim{'s' * (len(built.claims) != 1)}"
        + (" (the first by event date; --limit 0 for all)" if built.more else "")
    )
