"""The one exception type for problems a user can cause and fix."""

from __future__ import annotations


class LedgerError(Exception):
    """A user-facing error: the CLI prints its message on one line and exits with `exit_code`."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
