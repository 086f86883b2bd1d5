"""When a claimed event happened: date phrases turned into event windows with a precision.

Explicit dates (`November 27`, `27 Nov 2024`) and weekdays (`on Tuesday`) are read by
dateparser relative to the publication date, preferring the past; spans it does not model
(`last week`, `this month`, `earlier`, `overnight`, `by Tuesday`) are windows computed here.
`since 2016` and the like say when something last happened, not when the claim's event did.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?"
)
DAY_MONTH = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})|(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?)"
)
PHRASE = re.compile(
    rf"\b(?P<phrase>(?P<by>by\s+|until\s+)?(?:on\s+)?(?:{DAY_MONTH}(?:,?\s+\d{{4}})?|"
    rf"(?:{WEEKDAYS})(?:'s)?|yesterday|today|overnight|last night|"
    r"(?:earlier|later)\s+(?:this|last)\s+(?:week|month)|(?:last|this|past)\s+(?:week|month|year)|"
    r"earlier|(?:\d{4}-\d{2}-\d{2})))\b",
    re.I,
)
WEEKDAY_NUMBER = {name: number for number, name in enumerate(WEEKDAYS.split("|"))}
ARABIC_DAYS = {
    "الاثنين": 0,
    "الثلاثاء": 1,
    "الأربعاء": 2,
    "الخميس": 3,
    "الجمعة": 4,
    "السبت": 5,
    "الأحد": 6,
}
SINCE = re.compile(r"\bsince\s*$", re.I)


@dataclass(frozen=True)
class Window:
    """An event window: first and last day, how precise it is, and the words it came from."""

    start: dt.date
    end: dt.date
    precision: str
    phrase: str


def event_window(text: str, published: dt.date, language: str = "en") -> Window | None:
    """Return the window of the first date phrase of a clause, if it has one."""
    if language == "ar":
        return _arabic(text, published)
    for match in PHRASE.finditer(text):
        if SINCE.search(text[: match.start()]):
            continue
        window = _window(match, published)
        if window is not None:
            return window
    return None


def _window(match: re.Match, published: dt.date) -> Window | None:
    phrase = match.group("phrase").strip()
    words = phrase.lower().removeprefix("on ").strip()
    if match.group("by"):
        day = _parse(words.split(None, 1)[1], published)
        return day and Window(day - dt.timedelta(days=6), day, "week", phrase)
    spans = {
        "earlier": (published - dt.timedelta(days=7), published, "week"),
        "overnight": (published - dt.timedelta(days=1), published, "day"),
        "last night": (published - dt.timedelta(days=1), published - dt.timedelta(days=1), "day"),
    }
    if words in spans:
        return Window(*spans[words], phrase)
    if words.endswith(("week", "month", "year")):
        return _period(words, published, phrase)
    day = _parse(words.removesuffix("'s"), published)
    return day and Window(day, day, "day", phrase)


def _period(words: str, published: dt.date, phrase: str) -> Window:
    unit = words.rsplit(None, 1)[1]
    last = words.startswith("last") or words.startswith("earlier last")
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday())
        if last:
            return Window(
                monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), "week", phrase
            )
        if words.startswith("past"):
            return Window(published - dt.timedelta(days=7), published, "week", phrase)
        return Window(monday, published, "week", phrase)
    if unit == "month":
        first = published.replace(day=1)
        if last:
            previous = (first - dt.timedelta(days=1)).replace(day=1)
            return Window(previous, first - dt.timedelta(days=1), "month", phrase)
        if words.startswith("past"):
            return Window(published - dt.timedelta(days=30), published, "month", phrase)
        return Window(first, published, "month", phrase)
    year = published.year - (1 if last else 0)
    end = published if not last else dt.date(year, 12, 31)
    return Window(dt.date(year, 1, 1), end, "year", phrase)


def _parse(words: str, published: dt.date) -> dt.date | None:
    import dateparser

    if words == "today":
        return published
    if words in WEEKDAY_NUMBER:  # the article's own weekday is its day, not a week before
        return published - dt.timedelta(days=(published.weekday() - WEEKDAY_NUMBER[words]) % 7)
    parsed = dateparser.parse(
        words,
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
            "PREFER_DATES_FROM": "past",
        },
    )
    if parsed is None:
        return None
    day = parsed.date()
    return day if day <= published else None


def _arabic(text: str, published: dt.date) -> Window | None:
    for name, weekday in ARABIC_DAYS.items():
        if name in text:
            back = (published.weekday() - weekday) % 7
            day = published - dt.timedelta(days=back)
            return Window(day, day, "day", name)
    if "أمس" in text:
        day = published - dt.timedelta(days=1)
        return Window(day, day, "day", "أمس")
    return None
