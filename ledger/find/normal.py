"""Search text normalised alike in Python (queries) and in SQL (the index), on both databases.

Arabic is written with and without short vowels, with several forms of alef, and with taa
marbuta or haa at a word's end; a search for مدينة حماه must find مَدِينَة حماة. The database's
own tokenizers fold Latin case and accents but not these, so both the indexed text and the query
are mapped through one table first: in SQL with `translate` (PostgreSQL) or nested `replace`
(SQLite, which has no `translate`), in Python with `str.translate`.
"""

from __future__ import annotations

import re

from sqlalchemy import func, literal
from sqlalchemy.sql import ColumnElement

FOLDED = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
DROPPED = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670\u0640"
"""Short vowels and other harakat, the superscript alef, and tatweel (the stretching stroke)."""

_TABLE = str.maketrans({**FOLDED, **dict.fromkeys(DROPPED, None)})
WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Return text as the search index holds it (Arabic letter forms folded, harakat dropped)."""
    return text.translate(_TABLE)


def words(query: str) -> list[str]:
    """Return the words of a query, normalised; operators and punctuation are not words."""
    return WORD.findall(normalise(query).lower())


def sql_normalised(expression: ColumnElement, dialect: str) -> ColumnElement:
    """Return SQL that normalises `expression` exactly as `normalise` does."""
    if dialect == "postgresql":
        source = "".join(FOLDED) + DROPPED
        target = "".join(FOLDED.values())
        return func.translate(expression, literal(source), literal(target))
    for old, new in [*FOLDED.items(), *((c, "") for c in DROPPED)]:
        expression = func.replace(expression, literal(old), literal(new))
    return expression
