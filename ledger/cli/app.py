"""The root `ledger` command: global options and the one place user errors become exit codes."""

from __future__ import annotations

from typing import Annotated

import typer
from typer.core import TyperGroup

from ledger import __version__
from ledger.cli import state


class LedgerGroup(TyperGroup):
    """Turns every user error into one line on stderr and exit code 2, in one place."""

    def invoke(self, ctx: typer.Context):  # type: ignore[override]
        import os
        import sys

        from typer._click.exceptions import ClickException

        from ledger.errors import LedgerError

        try:
            return super().invoke(ctx)
        except LedgerError as error:
            typer.echo(f"error: {error.message}", err=True)
            raise SystemExit(error.exit_code) from None
        except (ClickException, typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader went away (`ledger export | head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(0) from None
        except Exception as error:
            if os.environ.get("LEDGER_DEBUG"):
                raise
            typer.echo(
                f"error: unexpected {type(error).__name__}: {str(error).splitlines()[0]}"
                " (this is a bug in ledger; LEDGER_DEBUG=1 shows the traceback)",
                err=True,
            )
            raise SystemExit(1) from None


app = typer.Typer(
    cls=LedgerGroup,
    help="A claim-and-counterclaim verification ledger for fact-checkers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ledger {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="LEDGER_DB",
            help="Ledger file or database URL (postgresql://...). Default: ./ledger.db",
            show_envvar=True,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Log sourced claims, link those that contradict or corroborate, look them up by place."""
    state.DB = db
