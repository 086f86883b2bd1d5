"""Figures: numbers with what they count (`at least 35 people killed`, `23 villages`).

A figure is a value or a range (`at least 35`: 35 and up; `dozens`: 24 to 99), the thing
counted (`people`, `villages`) and, where the clause says it, what happened to them
(`killed`, `wounded`, `displaced`, `captured`...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
VAGUE = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "several": (3, 9),
    "numerous": (10, None),
    "many": (10, None),
}
OUTCOMES = {
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "deaths": "killed",
    "killing": "killed",
    "wounded": "injured",
    "injured": "injured",
    "wounding": "injured",
    "injuring": "injured",
    "casualties": "casualties",
    "displaced": "displaced",
    "fled": "displaced",
    "arrested": "detained",
    "detained": "detained",
    "captured": "captured",
    "taken": "captured",
    "taking": "captured",
    "seized": "captured",
    "freed": "released",
    "released": "released",
    "missing": "missing",
    "strikes": "strikes",
    "airstrikes": "strikes",
}
NUMBER = rf"\d[\d,.]*|{'|'.join(WORDS)}|{'|'.join(VAGUE)}"
FIGURE = re.compile(
    rf"\b(?P<bound>at least|more than|over|nearly|almost|about|around|up to|some)?\s*"
    rf"(?P<number>{NUMBER})(?:\s+(?P<scale>million|thousand|hundred))?\s+(?:of\s+)?"
    r"(?P<counted>(?:(?!(?:in|of|on|at|the|and|or|were|was|have|has|had|by|for)\b)[A-Za-z-]+\s*){1,3})"
    r"(?P<rest>(?:\s*[a-z-]+){0,3})",
    re.I,
)
PEOPLE = frozenset(["people", "civilians", "children", "men", "women", "syrian"])
SCALES = {"million": 1_000_000, "thousand": 1000, "hundred": 100}
NOT_COUNTED = frozenset(
    ["years", "months", "days", "weeks", "hours", "minutes", "times", "percent", "kilometres"]
)


@dataclass(frozen=True)
class Figure:
    """A count a clause states: what, how many (low..high, high None for `at least`)."""

    counted: str
    outcome: str | None
    low: int
    high: int | None
    text: str

    def label(self) -> str:
        """`killed=35..` / `captured=23` / `killed=24..99`: the ledger's --figure shape."""
        what = self.outcome or self.counted
        if self.high == self.low:
            return f"{what}={self.low}"
        return f"{what}={self.low}..{self.high if self.high is not None else ''}"


def figures(text: str) -> list[Figure]:
    """Return the figures of a clause, in order."""
    found = []
    for match in FIGURE.finditer(text):
        counted = _counted(match.group("counted").lower().split())
        if counted is None or re.fullmatch(r"\d{4}", match.group("number")):
            continue
        low, high = _amount(match.group("number").lower(), match.group("scale"))
        bound = (match.group("bound") or "").lower()
        if bound in ("at least", "more than", "over"):
            high = None
        elif bound in ("nearly", "almost", "up to"):
            low, high = (high or low) // 2, high or low
        outcome = _outcome(text, match)
        found.append(Figure(counted, outcome, low, high, match.group().strip()))
    return found


def _counted(words: list[str]) -> str | None:
    """The counted noun: the last plural of the words after the number (`Damascus suburbs`)."""
    for word in reversed(words):
        if word in OUTCOMES and word not in ("casualties", "deaths", "strikes", "airstrikes"):
            continue
        if word in NOT_COUNTED:
            return None
        if word.endswith("s") or word in PEOPLE:
            return word
    return words[-1] if any(w in OUTCOMES for w in words) else None


def _amount(number: str, scale: str | None) -> tuple[int, int | None]:
    if number in VAGUE:
        return VAGUE[number]
    value = WORDS.get(number)
    if value is None:
        value = int(float(number.replace(",", "")))
    value *= SCALES.get((scale or "").lower(), 1)
    return value, value


def _outcome(text: str, match: re.Match) -> str | None:
    """What happened to those counted: the outcome word right after, or the verb before."""
    for word in re.findall(r"[a-z]+", (match.group("counted") + match.group("rest")).lower()):
        if word in OUTCOMES:
            return OUTCOMES[word]
    before = re.findall(r"[a-z]+", text[max(0, match.start() - 20) : match.start()].lower())
    for word in reversed(before[-2:]):
        if word in OUTCOMES:
            return OUTCOMES[word]
    return None
