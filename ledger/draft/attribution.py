"""Who asserts a clause: the subject of its reporting cue, a pronoun, an inherited speaker,
unnamed sources, or the outlet itself.

English news syntax is regular enough for a few positional rules around the cue: the subject
precedes the verb (`The army said`), follows it after a quote (`"...," said the army`), follows
`according to` or a passive `by`, or sits between `quoted` and `as saying`. A cue whose subject is
not a speaker (`the war has claimed lives`) attributes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ledger.draft.cues import Cue, find_cues

PRONOUNS = frozenset(
    ("they", "he", "she", "it", "we", "this", "that", "the group", "the statement")
)
ARABIC_PRONOUNS = frozenset(("وأضاف", "وأضافت", "هو", "هي"))
LEADING = re.compile(
    r"^(?:(?:while|although|though|whereas|but|and|with|as|after|before|amid|despite|even as|"
    r"earlier|later|meanwhile|also|however|separately|on \w+day|by \w+day|\w+day|last \w+|"
    r"this \w+|late \w+|on \w+ \d+|in \w+|at \w+)\b[ ,]*)+",
    re.I,
)
TRAILING = re.compile(
    r"(?:\s+(?:also|later|now|has|have|had|previously|earlier|again|already|then|on|"
    r"mon|tues|wednes|thurs|fri|satur|sun)\w*|\s+\w+day|\s+(?:today|yesterday|tonight|"
    r"reportedly|has|have|had|would|will|is|was|were|did|does|do|not|late|it))+$",
    re.I,
)
NOUN_PHRASE_END = re.compile(
    r"[,;:()\"“”]|\.(?=\s+[A-Z]|\s*$)| that\b| who\b| which\b| as\b| in a\b"
)
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|be)(?:\s+(?:also|\w+ly))?$", re.I)
VERB_LIKE = re.compile(
    r"^(?:[a-z]+ed|has|have|had|is|are|was|were|will|would|can|could|may|might|did|does|do|"
    r"now|also|then|later|[a-z]+s)$"
)
SPEAKER_WORDS = frozenset(
    [
        "army",
        "armies",
        "forces",
        "force",
        "troops",
        "military",
        "ministry",
        "ministries",
        "government",
        "officials",
        "official",
        "authorities",
        "source",
        "sources",
        "activists",
        "residents",
        "rebels",
        "fighters",
        "fighter",
        "opposition",
        "observatory",
        "monitor",
        "group",
        "groups",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "commander",
        "commanders",
        "minister",
        "president",
        "envoy",
        "secretary",
        "council",
        "committee",
        "agency",
        "media",
        "television",
        "tv",
        "radio",
        "station",
        "newspaper",
        "police",
        "witnesses",
        "doctors",
        "medics",
        "organisation",
        "organization",
        "coalition",
        "alliance",
        "faction",
        "factions",
        "militia",
        "militias",
        "insurgents",
        "command",
        "office",
        "statement",
        "presidency",
        "administration",
        "diplomats",
        "diplomat",
        "state",
        "department",
        "embassy",
        "mission",
        "delegation",
        "representative",
        "leader",
        "leaders",
        "chief",
        "head",
        "director",
        "analysts",
        "experts",
        "people",
        "civilians",
        "defence",
        "defense",
    ]
)
MAX_SUBJECT_WORDS = 12


@dataclass
class Attribution:
    """How a clause is attributed: `how` is named, pronoun, inherit, unnamed or outlet."""

    how: str
    subject: str | None = None
    cue: Cue | None = None

    @property
    def denies(self) -> bool:
        return self.cue is not None and self.cue.kind == "deny"


def attribute(text: str, language: str) -> Attribution:
    """Return who a clause says is asserting it, as far as its own words tell."""
    for cue in find_cues(text, language):
        found = _speaker(text, cue, language)
        if found is not None:
            return found
    return Attribution("outlet")


def _speaker(text: str, cue: Cue, language: str) -> Attribution | None:
    after = text[cue.end :].strip()
    if cue.kind == "hedge":
        return Attribution("unnamed", "unnamed sources", cue)
    if cue.kind == "according":
        return _named(_noun_phrase(after), cue)
    if cue.kind == "passive":
        if after.lower().startswith("by "):
            return _named(_noun_phrase(after[3:]), cue)
        if cue.phrase.endswith(" by"):
            return _named(_noun_phrase(after), cue)
        return Attribution("outlet", None, cue)
    if cue.kind == "quote":
        quoted = re.search(r"\bquot(?:ed|es|ing)\s+(.+)$", text[: cue.start], re.I)
        return _named(quoted.group(1).strip(), cue) if quoted else Attribution("outlet", None, cue)
    if language == "ar":
        return _arabic_speaker(after, cue)
    before = text[: cue.start].rstrip()
    if PASSIVE_BEFORE.search(before):
        if after.lower().startswith("by "):
            return _named(_noun_phrase(after[3:]), cue)
        return Attribution("outlet", None, cue)
    if before.endswith(('"', "”", "'", "’")) or (before.endswith(",") and '"' in before):
        return _named(_noun_phrase(after), cue)
    subject = _subject_before(before)
    if not subject:
        return Attribution("inherit", None, cue)
    if subject.lower() in PRONOUNS:
        return Attribution("pronoun", subject, cue)
    return _named(subject, cue)


def leading_subject(text: str) -> str:
    """Return the noun phrase a clause opens with, up to its first verb (`The opposition`)."""
    words = []
    text = LEADING.sub("", text)
    cues = find_cues(text, "en")
    for word in (text[: cues[0].start] if cues else text).split():
        if VERB_LIKE.match(word) and words:
            break
        words.append(word)
        if len(words) > MAX_SUBJECT_WORDS // 2:
            return ""
    return " ".join(words)


def _subject_before(before: str) -> str:
    """Return the noun phrase that ends right before a cue, without adverbials around it."""
    segments = [s.strip() for s in before.split(",") if s.strip()]
    segments = [s for s in segments if LEADING.sub("", s).strip()]
    if not segments:
        return ""
    subject = LEADING.sub("", segments[0]).strip()
    subject = TRAILING.sub("", subject).strip()
    return subject if len(subject.split()) <= MAX_SUBJECT_WORDS else ""


def _noun_phrase(text: str) -> str:
    cut = NOUN_PHRASE_END.search(text)
    phrase = (text[: cut.start()] if cut else text).strip()
    return TRAILING.sub("", phrase).strip()


def _named(subject: str, cue: Cue) -> Attribution | None:
    """Attribute to a named subject, if it can be a speaker at all."""
    if not subject:
        return None
    words = subject.replace("'s", "").split()
    # A name is capitalised past its first word (`the Syrian army`) or is one proper noun
    # (`Brahimi`); `The war` is neither, and speaks only if a speaker word says so.
    named = any(w[:1].isupper() for w in words[1:]) or (len(words) == 1 and words[0].istitle())
    speaker = named or any(w.lower().strip(".") in SPEAKER_WORDS for w in words)
    if subject.lower() in PRONOUNS:
        return Attribution("pronoun", subject, cue)
    if subject.lower().startswith("there") or "sources" in subject.lower().split()[:2]:
        return Attribution("unnamed", "unnamed sources", cue)
    return Attribution("named", subject, cue) if speaker else None


def _arabic_speaker(after: str, cue: Cue) -> Attribution | None:
    """Arabic puts the verb first: the speaker follows it (`قالت وزارة الدفاع ...`)."""
    words = after.split()
    if not words:
        return Attribution("inherit", None, cue)
    cut = re.search(r"\s(?:إن|أن|إنه|أنه|إنها|أنها)\b|[،,:.]", after)
    phrase = (after[: cut.start()] if cut else " ".join(words[:4])).strip()
    if not phrase or phrase in ARABIC_PRONOUNS:
        return Attribution("inherit", None, cue)
    return Attribution("named", phrase, cue)
