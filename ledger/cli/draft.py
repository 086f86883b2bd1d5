"""Drafting claims from an article for review: `ledger draft`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ledger import files
from ledger.cli import state
from ledger.cli.app import app


@app.command()
def draft(
    article: Annotated[
        Path, typer.Argument(help="The article: a .txt file or a saved .html page.")
    ],
    source: Annotated[
        str, typer.Option("--source", help="The outlet it was published by (a ledger source).")
    ],
    published: Annotated[str, typer.Option("--published", help="Publication date, YYYY-MM-DD.")],
    url: Annotated[str | None, typer.Option("--url", help="Where it was published.")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the draft here (default: stdout).")
    ] = None,
) -> None:
    """Draft the claims of an article as a ledger/1 YAML file to review, then `ledger import`.

    Nothing is written to the ledger: claimants, places and links are only looked up in it.
    Example: ledger draft article.txt --source MENAFN --published 2024-12-01 -o draft.yaml
    """
    import io
    import sys

    from sqlmodel import Session

    from ledger.draft.build import draft_article
    from ledger.draft.text import read_article
    from ledger.draft.writer import write
    from ledger.record.claims import parse_date

    day = parse_date(published, "--published")
    text = read_article(article)
    with Session(state.engine()) as session:
        result = draft_article(
            session, text, source=source, published=day, url=url, origin=article.name
        )
    buffer = io.StringIO()
    write(result, buffer, output.name if output else "draft.yaml")
    if output is None:
        sys.stdout.write(buffer.getvalue())
    else:
        files.write_text(output, buffer.getvalue())
    typer.echo(
        f"drafted {len(result.claims)} claims, {len(result.new_actors)} new claimants and"
        f" {len(result.links)} links from {article}{f' to {output}' if output else ''}",
        err=True,
    )
