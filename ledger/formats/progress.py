"""A progress bar on stderr for long imports and exports; silent when stderr is not a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

EVERY = 2000
"""Report progress every this many records or bytes: the bar costs nothing per record."""


@dataclass
class Ticker:
    """Counts work done and passes it to the bar now and then."""

    bar: Any = None
    task: Any = None
    pending: int = 0

    def __call__(self, amount: int = 1) -> None:
        self.pending += amount
        if self.pending >= EVERY and self.bar is not None:
            self.bar.advance(self.task, self.pending)
            self.pending = 0


@contextmanager
def progress(label: str, total: int | None) -> Iterator[Ticker]:
    """Show a bar for `label` while the body runs, if stderr is a terminal."""
    if not sys.stderr.isatty():
        yield Ticker()
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        ticker = Ticker(bar, bar.add_task(label, total=total))
        yield ticker
