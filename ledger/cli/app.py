"""The root `ledger` command: global options and the one place user errors become exit codes."""

from __future__ import annotations

from typing import Annotated

import typer
from typer.core import TyperGroup

from ledger import __version__
from ledger.cli import state


class LedgerGroup(TyperGroup):
    """Turns every user error into one line on stderr and exit code 2, in one place."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        return super().parse_args(ctx, hoist_root_options(args))

    def invoke(self, ctx: typer.Context):  # type: ignore[override]
        import os
        import sys

        from typer._click.exceptions import ClickException

        from ledger.errors import LedgerError

        try:
            return super().invoke(ctx)
        except LedgerError as error:
            for line in error.message.splitlines() or [""]:  # one line per bad record
                typer.echo(f"error: {line}", err=True)
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


ROOT_OPTIONS_WITH_VALUE = ("--db",)


def hoist_root_options(args: list[str]) -> list[str]:
    """Move `--db X` written after the command to the front: `ledger place Hama --db team.db`."""
    end = args.index("--") if "--" in args else len(args)
    front: list[str] = []
    rest: list[str] = []
    words = iter(enumerate(args[:end]))
    for i, word in words:
        name = word.split("=", 1)[0]
        if name in ROOT_OPTIONS_WITH_VALUE and i > 0 and not args[0].startswith("-"):
            front.append(word)
            if "=" not in word:
                front.append(next(words, (0, ""))[1])
        else:
            rest.append(word)
    return [*front, *rest, *args[end:]]


def keep_examples(group: typer.Typer) -> None:
    """Print every command's `Example:` lines as typed: click rewraps help paragraphs otherwise.

    A paragraph that starts with a line holding only `\\b` is printed as it is written; an
    example written over several lines gets the shell's line continuations, to paste as it is.
    """
    import inspect

    for info in group.registered_commands:
        doc = info.help or inspect.getdoc(info.callback) or ""
        paragraphs = doc.split("\n\n")
        for i, paragraph in enumerate(paragraphs):
            if paragraph.startswith("Example:"):
                paragraphs[i] = "\b\n" + " \\\n".join(paragraph.splitlines())
        info.help = "\n\n".join(paragraphs)
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            keep_examples(sub.typer_instance)


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
