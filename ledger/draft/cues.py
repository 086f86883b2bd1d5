"""Reporting cues: the verbs and phrases by which an article attributes an assertion.

One Aho-Corasick automaton per language finds every cue of a sentence in one pass. A cue's kind
says how to find who speaks: `say` (subject before the verb, or after it in `"...," said X`),
`deny` (the same, and the claim contradicts what it denies), `according` (`according to X`),
`passive` (`were reported`: the outlet, or `by X`), `quote` (`quoted X as saying`),
`hedge` (`reportedly`, `sources suggest`: unnamed sources).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

SAY = (
    "said says say saying told tells telling stated states stating announced announces "
    "announcing declared declares declaring added adding explained explaining noted noting "
    "claimed claims claiming reported reports reporting confirmed confirms confirming "
    "acknowledged acknowledges admitted admits insisted insists warned warns accused accuses "
    "alleged alleges asserted asserts argued argues maintained maintains stressed stresses "
    "indicated indicates revealed reveals vowed vows pledged announce confirm claim report "
    "voiced voicing expressed expressing"
)
DENY = (
    "denied denies denying deny rejected rejects rejecting dismissed dismisses refuted refutes "
    "disputed disputes"
)
ENGLISH: dict[str, tuple[str, ...]] = {
    "say": (*tuple(SAY.split()), "in a statement"),
    "deny": tuple(DENY.split()),
    "according": ("according to", "citing", "cited by"),
    "passive": (
        "was reported",
        "were reported",
        "has been reported",
        "have been reported",
        "is reported",
        "are reported",
        "was confirmed",
        "were confirmed",
        "confirmed by",
        "reported by",
    ),
    "quote": ("as saying",),
    "hedge": (
        "reportedly",
        "allegedly",
        "purportedly",
        "sources suggest",
        "sources suggesting",
        "sources suggested",
        "sources say",
        "sources said",
        "it is believed",
        "there are reports",
        "there were reports",
    ),
}
ARABIC: dict[str, tuple[str, ...]] = {
    "say": (
        "قال",
        "قالت",
        "يقول",
        "تقول",
        "أعلن",
        "أعلنت",
        "يعلن",
        "أكد",
        "أكدت",
        "أفاد",
        "أفادت",
        "ذكر",
        "ذكرت",
        "صرح",
        "صرحت",
        "أوضح",
        "أوضحت",
        "أضاف",
        "أضافت",
        "زعم",
        "زعمت",
        "ادعى",
        "ادعت",
        "اعترف",
        "اعترفت",
        "مشيرا",
        "مضيفا",
        "مؤكدا",
        "في بيان",
    ),
    "deny": ("نفى", "نفت", "ينفي", "تنفي", "رفض", "رفضت", "نفي"),
    "according": ("وفقا ل", "وفقاً ل", "بحسب", "حسب", "نقلا عن", "نقلاً عن"),
    "passive": ("أفيد", "أفادت تقارير"),
    "quote": (),
    "hedge": ("مصادر", "تقارير", "يُزعم", "يزعم"),
}
LEXICON = {"en": ENGLISH, "ar": ARABIC}
ARABIC_PREFIXES = ("و", "ف")
WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    phrase: str
    kind: str


@cache
def _automaton(language: str):  # type: ignore[no-untyped-def]
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for kind, phrases in LEXICON[language].items():
        for phrase in phrases:
            automaton.add_word(phrase, (phrase, kind))
    automaton.make_automaton()
    return automaton


def find_cues(text: str, language: str) -> list[Cue]:
    """Return the reporting cues of a text, whole words only, longest first where they overlap."""
    lowered = text.lower()
    found = []
    for last, (phrase, kind) in _automaton(language).iter(lowered):
        start = last - len(phrase) + 1
        before = lowered[start - 1] if start else " "
        after = lowered[last + 1] if last + 1 < len(lowered) else " "
        if before in ARABIC_PREFIXES and language == "ar":
            before = lowered[start - 2] if start > 1 else " "  # `ونفى`: and + denied
        if WORD.match(before) or (WORD.match(after) and not phrase.endswith(" ل")):
            continue
        found.append(Cue(start, last + 1, phrase, kind))
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Cue] = []
    for cue in found:
        if not kept or cue.start >= kept[-1].end:
            kept.append(cue)
    return kept
