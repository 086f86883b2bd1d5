"""Putting a draft together: clauses, their claimants, places, dates, figures, and links.

Nothing is written: the session is only read, to resolve names against what the ledger holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from ledger.draft import links as linking
from ledger.draft.attribution import VERB_LIKE, Attribution, attribute, leading_subject
from ledger.draft.claimants import Claimant, Claimants, find
from ledger.draft.dates import Window, event_window
from ledger.draft.figures import Figure, figures
from ledger.draft.places import Mention, PlaceIndex, find_mentions, settle
from ledger.draft.sentences import Clause, clauses, sentences
from ledger.draft.text import language_of
from ledger.errors import LedgerError
from ledger.geo.names import slugify
from ledger.store import tables

CONSEQUENCES = frozenset(
    ["leading", "resulting", "causing", "prompting", "forcing", "killing", "wounding"]
)
CONFIDENCE = {"named": 0.9, "pronoun": 0.75, "inherit": 0.7, "unnamed": 0.65, "outlet": 0.5}
KEY_WORDS = 4


@dataclass
class DraftClaim:
    """One drafted claim: the clause, who asserts it, where, when, and how sure the draft is."""

    key: str
    text: str
    excerpt: str
    span: tuple[int, int]
    sentence: int
    claimant: Claimant
    attribution: Attribution
    published: dt.date
    places: list[Mention] = field(default_factory=list)
    places_from: str = "clause"
    window: Window | None = None
    figures: list[Figure] = field(default_factory=list)
    confidence: float = 0.5


@dataclass(frozen=True)
class Outlet:
    key: str
    name: str


@dataclass
class Draft:
    origin: str
    source: Outlet
    published: dt.date
    url: str | None
    language: str
    claims: list[DraftClaim]
    links: list[linking.DraftLink]
    new_actors: list[Claimant]


def source_named(session: Session, name: str):  # type: ignore[no-untyped-def]
    """The outlet the article is from (a source row); it must be in the ledger already."""
    found = find(session, "source", name)
    if len(found) == 1:
        return found[0]
    if found:
        keys = ", ".join(sorted(s.key for s in found))
        raise LedgerError(f"source {name!r} is ambiguous: name one of {keys}")
    raise LedgerError(
        f"no source {name!r} in the ledger: add it with"
        f" `ledger source add {name!r} --kind news-agency --url URL`, then draft again"
    )


def draft_article(
    session: Session,
    text: str,
    *,
    source: str,
    published: dt.date,
    url: str | None = None,
    origin: str = "article",
) -> Draft:
    """Draft the claims of an article, resolving names against the ledger without writing."""
    language = language_of(text, origin)
    outlet = source_named(session, source)
    index = PlaceIndex(session)
    mentions = find_mentions(index, text)
    settle(index, text, mentions)
    speakers = Claimants(session, outlet)
    drafted: list[DraftClaim] = []
    previous: tuple[str, Claimant | None] = ("", None)  # the last sentence's opening, speaker
    for sentence in sentences(text, language):
        parts = _assertions(clauses(sentence, language), text, language, mentions)
        opening: tuple[str, Claimant | None] = (parts[0][0].text, None)
        for clause, attribution in parts:
            claimant, attribution = _claimant(speakers, attribution, clause, drafted, previous)
            if clause is parts[0][0] and attribution.how != "outlet":
                opening = (clause.text, claimant)
            claim = DraftClaim(
                "",
                clause.text,
                sentence.text,
                (clause.start, clause.end),
                sentence.index,
                claimant,
                attribution,
                published,
            )
            claim.confidence = CONFIDENCE[attribution.how] * (0.9 if claimant.new else 1.0)
            claim.places = _places_of(clause, attribution, mentions, text)
            claim.window = event_window(clause.text, published, language) or event_window(
                sentence.text, published, language
            )
            claim.figures = figures(clause.text) if language == "en" else []
            drafted.append(claim)
        previous = opening
    _fill_places(index, drafted, mentions)
    _name(session, drafted)
    proposed = linking.propose(session, drafted)
    return Draft(
        origin,
        Outlet(outlet.key, outlet.name),
        published,
        url,
        language,
        drafted,
        proposed,
        list(speakers.proposed.values()),
    )


def _assertions(
    parts: list[Clause], text: str, language: str, mentions: list[Mention]
) -> list[tuple[Clause, Attribution]]:
    """Attribute each clause, folding into its predecessor one that asserts nothing new."""
    kept: list[tuple[Clause, Attribution]] = []
    for clause in parts:
        attribution = attribute(clause.text, language)
        if kept and not attribution.cue and not _asserts(clause, mentions):
            head, head_attribution = kept[-1]
            head.end = clause.end
            head.text = text[head.start : head.end].rstrip(".")
            kept[-1] = (head, head_attribution)
            continue
        kept.append((clause, attribution))
    return kept


def _asserts(clause: Clause, mentions: list[Mention]) -> bool:
    """Whether a clause without a reporting cue holds an assertion of its own."""
    if clause.join in ("first", "contrast", "relative"):
        return True
    if clause.join == "loose":
        return False
    if clause.joined_by in CONSEQUENCES or figures(clause.text):
        return True
    if any(clause.start <= m.start < clause.end and not m.qualifier for m in mentions):
        return True
    return any(w[:1].isupper() for w in clause.text.split()[1:])


def _claimant(
    speakers: Claimants,
    attribution: Attribution,
    clause: Clause,
    drafted: list[DraftClaim],
    previous: tuple[str, Claimant | None],
) -> tuple[Claimant, Attribution]:
    before = drafted[-1] if drafted and drafted[-1].sentence == clause.sentence else None
    if attribution.how == "named":
        return speakers.resolve(attribution.subject or ""), attribution
    if attribution.how == "unnamed":
        return speakers.unnamed(), attribution
    if attribution.how == "pronoun":
        opening, speaker = previous
        if speaker is not None:
            return speaker, attribution
        subject = leading_subject(opening)
        if subject:
            return speakers.resolve(subject), attribution
    if attribution.how in ("inherit", "pronoun") or (
        before and clause.join in ("participle", "loose") and before.attribution.cue
    ):
        if before is not None and before.attribution.how != "outlet":
            how = "inherit" if attribution.how == "outlet" else attribution.how
            return before.claimant, Attribution(how, before.claimant.name, attribution.cue)
        subject = leading_subject(before.text if before else clause.text)
        if subject and attribution.how != "outlet":
            return speakers.resolve(subject), Attribution("inherit", subject, attribution.cue)
    return speakers.outlet(), Attribution("outlet", None, attribution.cue)


def _places_of(
    clause: Clause, attribution: Attribution, mentions: list[Mention], text: str
) -> list[Mention]:
    """The places a clause is about: not the outer name of a nesting, not the speaker's."""
    speaker_end = clause.start
    cue = attribution.cue
    if attribution.how != "outlet" and cue is not None and cue.kind in ("say", "deny"):
        speaker_end = clause.start + cue.start  # `Medical sources in Lebanon said`
    found = []
    for mention in mentions:
        if not clause.start <= mention.start < clause.end or mention.place is None:
            continue
        if mention.qualifier or mention.start < speaker_end or _acts(mention, text):
            continue
        if all(m.place.id != mention.place.id for m in found):
            found.append(mention)
    return found


def _acts(mention: Mention, text: str) -> bool:
    """A country as the subject of a verb (`France opposes`) is an actor, not a place."""
    if mention.place is None or mention.place.kind != "country":
        return False
    after = re.sub(
        r"^\s+and\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*", "", text[mention.end : mention.end + 40]
    )
    following = re.findall(r"[a-z]+", after[:16])  # `the United States and Russia agree`
    return bool(following) and bool(VERB_LIKE.match(following[0])) and following[0] != "is"


def _fill_places(index: PlaceIndex, drafted: list[DraftClaim], mentions: list[Mention]) -> None:
    """A claim that names no place is about its sentence's places, else the article's area."""
    area = _area(index, mentions)
    for i, claim in enumerate(drafted):
        if claim.places:
            continue
        same = [c for c in drafted[:i] if c.sentence == claim.sentence and c.places]
        went_on = [
            c
            for c in drafted[:i]
            if c.sentence == claim.sentence - 1 and c.claimant.key == claim.claimant.key
        ]
        if same:
            claim.places, claim.places_from = same[-1].places, "the sentence"
        elif went_on and went_on[-1].places:
            claim.places, claim.places_from = went_on[-1].places, "the speaker's last sentence"
        elif area is not None:
            claim.places, claim.places_from = [area], "the article's area"


def _area(index: PlaceIndex, mentions: list[Mention]) -> Mention | None:
    """The innermost place holding every place the article names (most often the country)."""
    chosen = [m.place for m in mentions if m.place is not None and not m.qualifier]
    if not chosen:
        return None
    countries = Counter(p.ancestors[0] for p in chosen)
    main = countries.most_common(1)[0][0]  # a passing mention of another country is no area
    chosen = [p for p in chosen if p.ancestors[0] == main]
    common = set.intersection(*({p.id, *p.ancestors} for p in chosen))
    if not common:
        return None
    index.load(common)
    innermost = max((index.places[i] for i in common), key=lambda p: p.level)
    return Mention(0, 0, innermost.name, [innermost], innermost, "the article's area", 0.4)


def _name(session: Session, drafted: list[DraftClaim]) -> None:
    """Give each claim a readable id: who, then the clause's first content words."""
    taken = set()
    for claim in drafted:
        who = claim.claimant.key.split("-")[-1] if claim.claimant.key else "claim"
        words = [w for w in re.findall(r"[a-z]+", claim.text.lower()) if w not in linking.STOPWORDS]
        base = slugify(" ".join([who, *[w for w in words if w != who][:KEY_WORDS]]))[:60]
        if base == who:  # no Latin words to name it by (an Arabic article)
            base = f"{who}-{claim.sentence + 1}"
        key, n = base, 2
        while key in taken:
            key, n = f"{base}-{n}", n + 1
        claim.key = key
        taken.add(key)
    existing = set(
        session.execute(select(tables.claim.c.key).where(tables.claim.c.key.in_(taken))).scalars()
    )
    for claim in drafted:
        if claim.key in existing:
            claim.key = f"{claim.key}-{claim.published:%Y%m%d}"
