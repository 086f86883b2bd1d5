"""The `ledger` command line: thin commands over the library, one module per command group."""

from __future__ import annotations

from ledger.cli import claims, disputes, history, io, places, setup  # noqa: F401  (each registers its commands)
from ledger.cli.app import app


def main() -> None:
    """Run the command line (the `ledger` entry point and `python -m ledger`)."""
    app(prog_name="ledger")
