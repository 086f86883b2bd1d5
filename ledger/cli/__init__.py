"""The `ledger` command line: thin commands over the library, one module per command group."""

from __future__ import annotations

import gc
import sys

from ledger.cli import (  # noqa: F401  (each registers its commands)
    checkpoint,
    claims,
    disputes,
    draft,
    find,
    history,
    io,
    places,
    registry,
    setup,
)
from ledger.cli.app import ROOT_OPTIONS_WITH_VALUE, app, hoist_root_options, keep_examples

keep_examples(app)


GC_THRESHOLD = (50_000, 20, 20)
"""Collect cyclic garbage every 50,000 allocations rather than 700: a command lives for seconds,
and Python's default spent a fifth of a place report re-scanning rows it still needed."""


def main() -> None:
    """Run the command line (the `ledger` entry point and `python -m ledger`)."""
    gc.set_threshold(*GC_THRESHOLD)
    stop_cleanly_on_terminate()
    only(requested(hoist_root_options(sys.argv[1:])))
    app(prog_name="ledger")


def stop_cleanly_on_terminate() -> None:
    """Turn SIGTERM (`kill`, a CI timeout, a container stop) into a clean exit.

    Python's default for SIGTERM ends the process at once: no rollback message, and the temporary
    file of an output being written stays behind. As an exception it unwinds like Ctrl-C does:
    the open transaction rolls back and `ledger.files` removes its temporary file.
    """
    import signal

    def terminate(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)


def requested(args: list[str]) -> str | None:
    """Return the command named on the command line, after the root options, if any."""
    words = iter(args)
    for word in words:
        if word in ROOT_OPTIONS_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def only(name: str | None) -> None:
    """Keep just the command (or group) `name`: Typer builds every command's options at start.

    Building all of them costs a `ledger place` more than its queries; `ledger --help`, or a
    name no command has, keeps them all, so help and "no such command" read as before.
    """
    from typer.main import get_command_name

    commands = [
        c
        for c in app.registered_commands
        if (c.name or get_command_name(c.callback.__name__)) == name  # type: ignore[union-attr]
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups
