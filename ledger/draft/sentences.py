"""Sentences and clauses, with their places in the article, so excerpts stay verbatim.

pysbd splits sentences (abbreviations, initials and quotes handled); a sentence is then cut into
clauses where news prose joins two assertions: a contrast (`, while`, `, although`), a relative
clause (`, which`), an absolute (`, with some sources suggesting`) or a participle (`, leading
to`, `, controlled by`). Each clause may carry its own claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

JOINS = {
    "contrast": ("while", "although", "though", "whereas", "but", "even as"),
    "relative": ("which", "who"),
    "loose": ("with", "as", "after", "before", "amid", "despite"),
}
ENGLISH_JOINS = "|".join(word for words in JOINS.values() for word in words)
NOT_PARTICIPLES = frozenset(
    [
        "during",
        "including",
        "according",
        "morning",
        "evening",
        "thing",
        "something",
        "nothing",
        "anything",
        "everything",
        "king",
        "spring",
        "ring",
        "string",
        "wing",
        "building",
        "bring",
        "ceiling",
        "meeting",
    ]
)
# An adverb may stand between the comma and the participle: `, rapidly seizing`.
ADVERB = r"(?:(?:[a-z]+ly|further|also|thereby|then|later)\s+)?"
CLAUSE_BREAK = {
    "en": re.compile(
        rf"(?:[,;][\"”']?\s+(?=(?:{ENGLISH_JOINS})\b)|;\s+"
        rf"|,[\"”']?\s+{ADVERB}(?=[a-z]+ing\b)|,\s+(?=[a-z]+ed\s+by\b))"
    ),
    "ar": re.compile(r"[،,؛;]\s*(?=(?:بينما|فيما|في حين|لكن|إلا أن|مشير|مضيف|مؤكد|موضح)\S*)"),
}
EMBEDDING_WORDS = 4
"""A first piece this short is a bare subject: what follows its comma is embedded in it."""
PARTICIPLE = re.compile(r"^([a-z]+ing|[a-z]+ed)$")
DATELINE = re.compile(
    r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}\s*)?(?:[A-Z][A-Z ,.]+)?\s*\([A-Z][\w .&-]*\)\s*[-—–:]*\s*"
)


@dataclass
class Clause:
    """A stretch of a sentence that may hold one assertion."""

    start: int
    end: int
    text: str
    sentence: int
    joined_by: str = ""
    """The word that opens a clause after the first (`while`, `which`, `leading`...)."""

    @property
    def join(self) -> str:
        """How the clause hangs on the one before: first, contrast, relative, loose, participle."""
        if not self.joined_by:
            return "first"
        for kind, words in JOINS.items():
            if self.joined_by in words:
                return kind
        if PARTICIPLE.match(self.joined_by) and self.joined_by not in NOT_PARTICIPLES:
            return "participle"
        return "loose"


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    index: int


@cache
def _segmenter(language: str):  # type: ignore[no-untyped-def]
    import pysbd

    return pysbd.Segmenter(language=language, clean=False, char_span=True)


def sentences(text: str, language: str) -> list[Sentence]:
    """Split an article into sentences, each with its offsets in the article."""
    found: list[Sentence] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        for span in _segmenter(language).segment(paragraph.group()):
            raw = span.sent
            if not found:
                dateline = DATELINE.match(raw)
                if dateline and dateline.end() < len(raw):
                    span.start += dateline.end()
                    raw = raw[dateline.end() :]
            stripped = raw.strip()
            if not stripped:
                continue
            start = paragraph.start() + span.start + (len(raw) - len(raw.lstrip()))
            found.append(Sentence(start, start + len(stripped), stripped, len(found)))
    return found


def clauses(sentence: Sentence, language: str) -> list[Clause]:
    """Cut a sentence into clauses at the joins that start a new assertion."""
    pieces, at = [], 0
    for cut in CLAUSE_BREAK[language].finditer(sentence.text):
        pieces.append((at, cut.start()))
        at = cut.end()
    pieces.append((at, len(sentence.text)))
    if len(pieces) > 1 and len(sentence.text[: pieces[0][1]].split()) <= EMBEDDING_WORDS:
        # `The fighting, which came after..., caused...`: the comma opens an embedded clause.
        pieces = [(0, len(sentence.text))]
    result = []
    for start, end in pieces:
        text = sentence.text[start:end].strip().rstrip(".")
        if not text:
            continue
        words = text.split(maxsplit=2)
        first = ""
        if result:
            first = words[0].lower()
            if re.fullmatch(ADVERB.strip("?"), first + " ") and len(words) > 1:
                first = words[1].lower()
        offset = sentence.start + start
        result.append(Clause(offset, offset + len(text), text, sentence.index, first))
    return result
