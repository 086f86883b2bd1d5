"""Options shared by all commands, set once by the top-level callback."""

from __future__ import annotations

from typing import Annotated

import typer

DB: str | None = None

By = Annotated[
    str | None,
    typer.Option("--by", help="Who is writing. Default: $LEDGER_USER, else the OS user."),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON (shape documented in README).")]
AllowFuture = Annotated[
    bool,
    typer.Option(
        "--allow-future",
        help="Accept an event after the report's publication date or in the future.",
    ),
]


def engine():  # type: ignore[no-untyped-def]
    """Open the ledger the user named (--db, LEDGER_DB or ./ledger.db)."""
    from ledger.store.db import open_ledger

    return open_ledger(DB)


def dates(since: str | None, until: str | None):  # type: ignore[no-untyped-def]
    """Parse the --since and --until options (the parser is only imported when one is given)."""
    if not (since or until):
        return None, None
    from ledger.validation import parse_date

    return (
        parse_date(since, "--since") if since else None,
        parse_date(until, "--until") if until else None,
    )


def print_json(value: object) -> None:
    import json

    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


Organisation = Annotated[
    str | None,
    typer.Option(
        "--organisation",
        envvar="LEDGER_ORGANISATION",
        help="ClaimReview: the fact-checking organisation that publishes the verdicts.",
    ),
]
BaseUrl = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        envvar="LEDGER_BASE_URL",
        help="ClaimReview: where reviews are published; the claim id is appended"
        " (or replaces {id}).",
    ),
]
