"""Dates as people write them: a year, a month, a day or a range, with the precision they have.

`parse` reads ISO forms (`2024`, `2024-03`, `2024-03-12`, a timestamp, `2024-03-01..2024-03-09`
or `2024-03-01/2024-03-09`) and written ones (`March 2024`, `12 March 2024`, `March 12, 2024`,
`12-Mar-2024`, `mars 2024`, `12 de marzo de 2024`; English, French, Spanish and Portuguese month
names) into a `Fuzzy` date: the first and last day it may mean, its precision and the text as
written. Numeric day/month forms (`12/03/2024`, `12.03.2024`) are read when only one order makes
sense; `03/04/2024` is refused unless the order is given (`dmy` or `mdy`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ledger.errors import LedgerError

ORDERS = ("dmy", "mdy")
FORMS = "YYYY, YYYY-MM, YYYY-MM-DD, 'March 2024', '12 March 2024' or a range A..B"

_MONTHS = {
    1: "january jan janvier janv enero ene janeiro",
    2: "february feb fevrier fevr fev febrero fevereiro",
    3: "march mar mars marzo marco",
    4: "april apr avril avr abril abr",
    5: "may mai mayo maio",
    6: "june jun juin junio junho",
    7: "july jul juillet juil julio julho",
    8: "august aug aout agosto ago",
    9: "september sep sept septembre septiembre setiembre setembro set",
    10: "october oct octobre octubre outubro out",
    11: "november nov novembre noviembre novembro",
    12: "december dec decembre diciembre dic dezembro dez",
}
MONTHS = {name: n for n, names in _MONTHS.items() for name in names.split()}

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_NUMERIC_MONTH = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_WORDS = re.compile(r"[a-z]+|\d+")
_FILLER = {"de", "del", "of", "the", "le", "er", "st", "nd", "rd", "th"}
_RANGE = re.compile(r"\s*(?:\.\.|/|\s[-–—]\s|\bto\b|\bau\b|\bal\b|\ba\b)\s*")


@dataclass(frozen=True)
class Fuzzy:
    """A date as known: the first and last day it may be, its precision, and how it was written."""

    start: dt.date
    end: dt.date
    precision: str  # day, month, year or range
    text: str

    @property
    def plain(self) -> bool:
        """Whether it is written as ISO days (`2024-03-12`, `2024-03-01..2024-03-09`): the dates
        say it all, there is no other writing to keep."""
        iso = (self.start.isoformat(), f"{self.start.isoformat()}..{self.end.isoformat()}")
        return self.text in iso and self.precision in ("day", "range")

    @classmethod
    def day(cls, day: dt.date) -> Fuzzy:
        return cls(day, day, "day", day.isoformat())


def parse(value: str, what: str = "date", order: str | None = None) -> Fuzzy:
    """Parse a date in any of the documented forms, or fail naming the field and the forms."""
    text = " ".join(str(value).split())
    if not text:
        raise LedgerError(f"empty {what}")
    try:
        return _parse(text, order)
    except _Ambiguous as error:
        raise LedgerError(
            f"ambiguous {what} {text!r}: {error.args[0]}; pass --date-order dmy or mdy"
        ) from None
    except (ValueError, _Unknown):
        raise LedgerError(f"invalid {what} {text!r}: expected {FORMS}") from None


class _Ambiguous(Exception):
    pass


class _Unknown(Exception):
    pass


@lru_cache(maxsize=1 << 16)
def _parse(text: str, order: str | None) -> Fuzzy:
    single = _single(text, order)
    if single is not None:
        return single
    parts = _RANGE.split(text, maxsplit=1)
    if len(parts) == 2 and all(parts):
        first, last = _single(parts[0], order), _single(parts[1], order)
        if first is None or last is None or last.end < first.start:
            raise _Unknown
        return Fuzzy(first.start, last.end, "range", text)
    raise _Unknown


def _single(text: str, order: str | None) -> Fuzzy | None:
    stamp = _STAMP.match(text)
    if stamp:
        day = dt.date.fromisoformat(stamp.group(1))
        return Fuzzy(day, day, "day", day.isoformat())  # the time of day is not kept
    iso = _ISO.match(text)
    if iso:
        year, month, day = (int(g) if g else None for g in iso.groups())
        return _fuzzy(year, month, day, text)  # type: ignore[arg-type]
    numeric = _NUMERIC.match(text)
    if numeric:
        a, b, year = (int(g) for g in numeric.groups())
        day, month = _day_month(a, b, order, text)
        return _fuzzy(year, month, day, text)
    month_year = _NUMERIC_MONTH.match(text)
    if month_year:
        return _fuzzy(int(month_year.group(2)), int(month_year.group(1)), None, text)
    return _written(text)


def _day_month(a: int, b: int, order: str | None, text: str) -> tuple[int, int]:
    """Return (day, month) of `a/b/yyyy`: by the given order, else the only one that makes sense."""
    if order == "dmy":
        return a, b
    if order == "mdy":
        return b, a
    if a == b or b > 12:
        return (b, a) if b > 12 else (a, b)
    if a > 12:
        return a, b
    raise _Ambiguous(f"{a} {calendar.month_name[b]} or {calendar.month_name[a]} {b}")


def _written(text: str) -> Fuzzy | None:
    """Read `March 2024`, `12 March 2024`, `March 12, 2024`, `12-Mar-2024`, `le 12 mars 2024`."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = [w for w in _WORDS.findall(folded) if w not in _FILLER]
    months = [MONTHS[w] for w in words if w in MONTHS]
    numbers = [int(w) for w in words if w.isdigit()]
    if len(months) != 1 or len(words) != len(numbers) + 1 or not numbers:
        return None
    years = [n for n in numbers if n >= 1000]
    days = [n for n in numbers if n < 1000]
    if len(years) != 1 or len(days) > 1:
        return None
    return _fuzzy(years[0], months[0], days[0] if days else None, text)


def _fuzzy(year: int, month: int | None, day: int | None, text: str) -> Fuzzy:
    if month is None:
        return Fuzzy(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", text)
    if day is None:
        last = calendar.monthrange(year, month)[1]
        return Fuzzy(dt.date(year, month, 1), dt.date(year, month, last), "month", text)
    found = dt.date(year, month, day)
    return Fuzzy(found, found, "day", text)
