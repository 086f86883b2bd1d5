"""Claimants: the subject of an attribution resolved to an actor of the ledger, to one named
earlier in the article, or proposed as a new actor with a guessed kind.

A subject phrase carries descriptors a ledger alias lacks (`The Britain-based Syrian Observatory
for Human Rights`), so its shorter endings are tried too; a later short reference
(`the Observatory`, `Brahimi`) is the earlier actor whose name holds its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from ledger.geo.names import normalize, slugify
from ledger.store import tables

DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "some",
        "two",
        "three",
        "several",
        "many",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
    ]
)
TITLES = frozenset(
    [
        "minister",
        "president",
        "envoy",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "commander",
        "chief",
        "head",
        "leader",
        "director",
        "ambassador",
        "general",
        "colonel",
        "king",
        "prince",
        "prime",
        "deputy",
        "foreign",
        "defense",
        "defence",
        "interior",
        "state",
        "emir",
        "sheikh",
        "senator",
        "governor",
        "mayor",
    ]
)
KIND_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "media",
        frozenset(
            ["television", "tv", "radio", "station", "news", "newspaper", "channel", "media"]
        ),
    ),
    (
        "state-body",
        frozenset(
            ["ministry", "ministries", "government", "presidency", "office", "house", "cabinet"]
        ),
    ),
    ("armed-forces", frozenset(["army", "forces", "troops", "military", "navy", "air", "force"])),
    (
        "armed-group",
        frozenset(
            [
                "rebels",
                "rebel",
                "fighters",
                "fighter",
                "opposition",
                "militia",
                "militias",
                "insurgents",
                "faction",
                "factions",
                "brigade",
                "brigades",
                "front",
                "units",
            ]
        ),
    ),
    (
        "organisation",
        frozenset(
            [
                "observatory",
                "organisation",
                "organization",
                "committee",
                "nations",
                "un",
                "agency",
                "ngo",
                "rights",
                "helmets",
                "crescent",
                "monitor",
                "council",
                "commission",
            ]
        ),
    ),
)
DESCRIPTOR = re.compile(r"-(?:based|backed|led|affiliated|linked|run|controlled)$|^pro-|^anti-")
ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")


@dataclass
class Claimant:
    """An actor a claim is attributed to: one the ledger has (`new` False) or a proposal."""

    key: str
    name: str
    kind: str
    new: bool
    how: str
    confidence: float
    aliases: list[str] = field(default_factory=list)
    words: frozenset[str] = frozenset()


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w.'’-]+", text) if w.lower() not in DETERMINERS]


def _bare(text: str) -> str:
    """Drop articles, descriptors (`Britain-based`) and parenthesised acronyms."""
    words = [w for w in _words(ACRONYM.sub("", text)) if not DESCRIPTOR.search(w.lower())]
    return " ".join(words).replace("’", "'").removesuffix("'s").strip()


NAMED = {
    "actor": (tables.actor, tables.actor_name, "actor_id"),
    "source": (tables.source, tables.source_name, "source_id"),
}


def find(session: Session, kind: str, name: str) -> list:
    """Return the actor or source rows whose key or any alias matches `name`.

    The same matching as `ledger.record.actors.find`, on the light tables: drafting reads
    dozens of names and never needs the ORM models (building them costs more than the draft).
    """
    entity, names, column = NAMED[kind]
    by_key = session.execute(select(entity).where(entity.c.key == name)).first()
    if by_key is not None:
        return [by_key]
    statement = (
        select(entity)
        .join(names, names.c[column] == entity.c.id)
        .where(names.c.norm == normalize(name))
        .distinct()
    )
    return list(session.execute(statement))


class Claimants:
    """Resolves the speakers of one article, remembering those it has met."""

    def __init__(self, session: Session, source) -> None:  # type: ignore[no-untyped-def]
        self.session = session
        self.source = source
        self.met: list[Claimant] = []
        self.proposed: dict[str, Claimant] = {}
        self.looked_up: dict[str, list] = {}

    def _find(self, name: str) -> list:
        if name not in self.looked_up:
            self.looked_up[name] = find(self.session, "actor", name)
        return self.looked_up[name]

    def outlet(self) -> Claimant:
        """The outlet itself, for statements it makes in its own voice."""
        for name in (self.source.name, self.source.key):
            for actor in self._find(name):
                return self._known(actor, "the outlet's own actor", 0.9)
        return self._propose(
            f"{self.source.name} (own reporting)",
            "media",
            "the outlet's own voice",
            key=f"{self.source.key}-reporting",
            aliases=[self.source.name],
        )

    def unnamed(self) -> Claimant:
        for name in ("unnamed sources", "some sources", "sources"):
            for actor in self._find(name):
                return self._known(actor, "unnamed sources", 0.8)
        return self._propose("Unnamed sources", "other", "unnamed sources")

    def resolve(self, subject: str) -> Claimant:
        """Return the actor a subject phrase names, proposing one when none fits."""
        bare = _bare(subject)
        for acronym in ACRONYM.findall(subject):
            if found := self._lookup(acronym):
                return self._remember(found, subject)
        words = bare.split()
        arabic = bool(words) and not words[0][:1].isascii()
        for drop in range(len(words)):
            # English names end in their head noun (`... Syrian Observatory`); Arabic ones
            # start with it (`المعارضة المسلحة ...`).
            shorter = " ".join(words[: len(words) - drop] if arabic else words[drop:])
            if drop and len(words) - drop < 2 and not shorter[:1].isupper() and not arabic:
                break
            if found := self._lookup(shorter):
                if drop and not found.new:
                    found.how, found.confidence = f"named in the ledger as {shorter!r}", 0.85
                return self._remember(found, subject)
        if earlier := self._earlier(bare):
            return earlier
        return self._remember(self._proposal(subject, bare), subject)

    def _lookup(self, name: str) -> Claimant | None:
        if not name:
            return None
        for proposal in self.proposed.values():
            if name.lower() in (a.lower() for a in [proposal.name, *proposal.aliases]):
                return Claimant(**{**proposal.__dict__, "how": "named earlier in the article"})
        found = self._find(name)
        return self._known(found[0], "named in the ledger", 0.95) if len(found) == 1 else None

    def _earlier(self, bare: str) -> Claimant | None:
        """A short reference to an actor met earlier in the article (`the Observatory`)."""
        wanted = {w.lower() for w in bare.split()}
        if not wanted:
            return None
        for claimant in reversed(self.met):
            if wanted <= claimant.words:
                return Claimant(**{**claimant.__dict__, "how": "named earlier in the article"})
        return None

    def _known(self, actor, how: str, confidence: float) -> Claimant:  # type: ignore[no-untyped-def]
        return Claimant(actor.key, actor.name, actor.kind, False, how, confidence)

    def _remember(self, claimant: Claimant, subject: str) -> Claimant:
        names = " ".join([claimant.name, *claimant.aliases, _bare(subject)]).lower()
        claimant.words = frozenset(re.findall(r"[\w.'-]+", names))
        self.met.append(claimant)
        return claimant

    def _proposal(self, subject: str, bare: str) -> Claimant:
        words = bare.split()
        titled = [i for i, w in enumerate(words) if w.lower().strip(".") in TITLES]
        person = words[titled[-1] + 1 :] if titled else []
        if person and all(w[:1].isupper() for w in person):
            return self._propose(" ".join(person), "person", "a new actor", aliases=[bare])
        name = bare[:1].upper() + bare[1:]
        return self._propose(name, guess_kind(bare), "a new actor")

    def _propose(
        self, name: str, kind: str, how: str, *, key: str | None = None, aliases: list[str] = ()
    ) -> Claimant:
        key = key or slugify(name) or f"claimant-{len(self.proposed) + 1}"
        if key in self.proposed:
            return self.proposed[key]
        taken = self._find(key)
        base, n = key, 2
        while taken:
            key, n = f"{base}-{n}", n + 1
            taken = self._find(key)
        aliases = [a for a in aliases if a.lower() != name.lower()]
        claimant = Claimant(key, name, kind, True, how, 0.6, list(dict.fromkeys(aliases)))
        self.proposed[key] = claimant
        return claimant


def guess_kind(phrase: str) -> str:
    """Guess an actor's kind from the words of its name (`Syrian Observatory` -> organisation)."""
    words = [w.lower().strip(".,") for w in phrase.split()]
    if words and words[-1] in ("fighter", "resident", "witness", "doctor", "official"):
        return "person"
    for kind, keys in KIND_WORDS:
        if any(w in keys for w in words):
            return kind
    return "other"
