"""The rules every written value obeys, whether typed at the CLI or read from an import.

One module, so that an import cannot store what the CLI refuses: a name with a newline in it
(which would inject lines into `ledger history`), a `javascript:` evidence address (a link in
the published report), a title of 100,000 characters, a NUL byte that PostgreSQL refuses.
"""

from __future__ import annotations

import datetime as dt
import re

from ledger.errors import LedgerError

MAX_LINE = 200
"""Names, titles, who wrote: one line that fits a heading."""
MAX_TEXT = 10_000
"""Claims, excerpts, notes and reasons."""
MAX_URL = 2_048

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s")  # the characters str.isspace() accepts (checked over all of Unicode)
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(value: str, what: str, limit: int = MAX_LINE) -> str:
    """Return a stripped one-line text (a name, a title, who wrote); refuse breaks and controls."""
    return _checked(
        value, what, limit, _CONTROL_OR_BREAK, "must be one line without control characters"
    )


def free_text(value: str, what: str, limit: int = MAX_TEXT) -> str:
    """Return a stripped text that may span lines (a claim, a note); refuse other controls."""
    return _checked(value, what, limit, _CONTROL, "contains control characters")


def _checked(value: str, what: str, limit: int, refused: re.Pattern, why: str) -> str:
    text = value.strip()
    if not text:
        raise LedgerError(f"{what} is empty")
    if refused.search(text):
        raise LedgerError(f"{what} {why}")
    if len(text) > limit:
        raise LedgerError(f"{what} is {len(text)} characters long; at most {limit}")
    return text


def web_address(value: str, what: str) -> str:
    """Return an http(s) address: the only kind a published report may link to."""
    url = value.strip()
    if not url.lower().startswith(("https://", "http://")) or len(url) <= len("https://"):
        raise LedgerError(f"{what} must be an http(s) address, not {url[:80]!r}")
    if _SPACE.search(url) or _CONTROL.search(url):
        raise LedgerError(f"{what} must be an address without spaces or control characters")
    if len(url) > MAX_URL:
        raise LedgerError(f"{what} is {len(url)} characters long; at most {MAX_URL}")
    return url


ONE_LINE_FIELDS = frozenset(
    {"by", "logged_by", "retracted_by", "resolved_by", "name", "name_ar", "title", "kind", "side"}
    | {"organisation", "textual_rating", "removed_by"}
)
ADDRESS_FIELDS = frozenset({"url", "evidence", "review_url"})


def field(name: str, value: str) -> str:
    """Check one imported text field by the rule its name carries; return it stripped."""
    what = f"`{name}`"
    if name in ADDRESS_FIELDS:
        return web_address(value, what)
    if name in ONE_LINE_FIELDS:
        return one_line(value, what)
    return free_text(value, what)


def parse_date(value: str, what: str = "date") -> dt.date:
    """Parse a YYYY-MM-DD date or fail with a message naming the option."""
    try:
        return dt.date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise LedgerError(f"invalid {what} {value!r}: expected YYYY-MM-DD") from None
