"""Places an article mentions, found by the names the ledger knows and chosen by context.

Every spelling of every place (`place_name`, the table `ledger place` resolves through) goes
into one Aho-Corasick automaton over word-normalised text, so a 1,000-word article is scanned
once. A name shared by several places is settled in this order: a nesting in the text
(`Aleppo's Ashrafieh`, `Tripoli in Lebanon`), a kind qualifier (`Hama province`, `the city of
Hama`), the same name qualified elsewhere in the article, its neighbours in a list
(`Idlib and Aleppo` provinces), then closeness to the article's other places (a namesake near
them beats a distant one), and last the resolver's own ranking.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlmodel import Session

from ledger.errors import LedgerError
from ledger.geo import resolution
from ledger.geo.names import normalize
from ledger.geo.prominence import GEONAMES, MAJOR
from ledger.store import tables

TOKEN = re.compile(r"[^\s\-–—/]+")
POSSESSIVE = re.compile(r"['’]s$")
OUTER_AFTER = frozenset(
    ["province", "provinces", "governorate", "governorates", "region", "countryside"]
)
INNER_AFTER = frozenset(
    [
        "city",
        "town",
        "village",
        "neighbourhood",
        "neighborhood",
        "neighbourhoods",
        "neighborhoods",
        "suburb",
        "suburbs",
        "district",
        "districts",
        "camp",
    ]
)
INNER_BEFORE = (
    "مدينة",
    "بلدة",
    "قرية",
    "city of",
    "town of",
    "towns of",
    "village of",
    "suburb of",
    "capital",
)
OUTER_BEFORE = (
    "محافظة",
    "ريف",
    "province of",
    "governorate of",
    "rural",
    "northern",
    "southern",
    "eastern",
    "western",
    "north-western",
    "northwestern",
    "north-eastern",
    "northeastern",
    "south-western",
    "southwestern",
    "south-eastern",
    "southeastern",
    "central",
)
CODE = re.compile(r"^(?:[A-Z]{2,3}|C\d+|SY\d+)$")
PARTICLE = r"(?:al|el|ad|ar|as|at|az|ash|an|bin|ibn|abu|abd|bani|bou)"
PERSON_BEFORE = re.compile(rf"[A-Z][\w']+[ -]{PARTICLE}-$")
NAME_BEFORE = re.compile(rf"(?:[A-Z][\w']+[ -]{PARTICLE}-|(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+ )$")
NAME_AFTER = re.compile(rf"^[ -]{PARTICLE}-[A-Z]")
THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
COMMON = frozenset(
    ["west", "east", "north", "south", "centre", "center", "north-west", "new", "old"]
)
DESCRIPTOR_AFTER = re.compile(r"^-(?:based|backed|led|born|made)\b")


SEAT_BONUS = 0.5
"""A town that gives its name to its district or province outranks a village of that name."""


@dataclass
class PlaceRow:
    id: int
    key: str
    name: str
    kind: str
    level: int
    lat: float | None
    lon: float | None
    population: int | None = None
    ancestors: tuple[int, ...] = ()


@dataclass
class Mention:
    """A place named in the article, with the place chosen for it and why."""

    start: int
    end: int
    surface: str
    candidates: list[PlaceRow]
    place: PlaceRow | None = None
    how: str = ""
    confidence: float = 0.0
    qualifier: bool = False
    """True for the outer name of a nesting (`Aleppo` in `Aleppo's Ashrafieh`)."""
    reading: str = ""
    notes: list[str] = field(default_factory=list)


class PlaceIndex:
    """Every place name of the ledger, ready to scan texts with.

    Names are matched by their stored lookup key (`place_name.norm`: letters and digits only)
    against the article's words run together the same way, at word boundaries: no name is
    normalised again, so the index builds as fast as the names are read.
    """

    def __init__(self, session: Session) -> None:
        import ahocorasick

        self.session = session
        names, places = tables.place_name.c, tables.place.c
        by_norm: dict[str, list[int]] = defaultdict(list)
        self.codes: set[str] = set()
        # the world's cities by their own name; their other names, only a major city's Latin
        # ones: the rest are too often common words (`مدينة` is Medina's, `Ans` a Belgian town)
        world = (places.gazetteer == GEONAMES) & (places.name != names.name)
        rows = session.execute(
            select(names.place_id, names.norm, names.name, world.label("alias_abroad"))
            .join(tables.place, places.id == names.place_id)
            .where(
                or_(
                    ~world | places.gazetteer.is_(None),
                    (places.population >= MAJOR) & (func.length(names.norm) >= 4),
                )
            )
        )
        for place_id, norm, name, alias_abroad in rows:
            if alias_abroad and not norm.isascii():
                continue
            by_norm[norm].append(place_id)
            if (name.isupper() and len(name) <= 3) or CODE.match(name):
                self.codes.add(norm)
        self.automaton = ahocorasick.Automaton()
        for norm, ids in by_norm.items():
            self.automaton.add_word(norm, (norm, tuple(ids)))
        self.automaton.make_automaton()
        self.places: dict[int, PlaceRow] = {}

    def load(self, place_ids: set[int]) -> None:
        """Read the candidate places and their ancestors (outermost first)."""
        wanted = sorted(place_ids - self.places.keys())
        if not wanted:
            return
        places, ancestors = tables.place.c, tables.place_ancestor.c
        lineage = defaultdict(list)
        rows = self.session.execute(
            select(ancestors.place_id, ancestors.ancestor_id, ancestors.depth).where(
                ancestors.place_id.in_(wanted)
            )
        )
        for place_id, ancestor_id, depth in rows:
            lineage[place_id].append((-depth, ancestor_id))
        columns = (
            places.id,
            places.key,
            places.name,
            places.kind,
            places.level,
            places.lat,
            places.lon,
            places.population,
        )
        for row in self.session.execute(select(*columns).where(places.id.in_(wanted))):
            chain = tuple(a for _, a in sorted(lineage[row.id]))
            self.places[row.id] = PlaceRow(*row, ancestors=chain)

    def contains(self, outer: PlaceRow, inner: PlaceRow) -> bool:
        return outer.id in inner.ancestors and outer.id != inner.id


def find_mentions(index: PlaceIndex, text: str) -> list[Mention]:
    """Return the place names of a text, longest match first, each with its candidates."""
    spans, keys = [], []
    for token in TOKEN.finditer(text):
        key = normalize(POSSESSIVE.sub("", token.group()))
        if key:
            spans.append((token.start(), token.end()))
            keys.append(key)
    joined = "".join(keys)
    starts, ends, at = {}, {}, 0
    for i, key in enumerate(keys):
        starts[at] = i
        at += len(key)
        ends[at] = i
    found = []
    for last, (norm, ids) in index.automaton.iter(joined):
        first = starts.get(last - len(norm) + 1)
        stop = ends.get(last + 1)
        if first is not None and stop is not None:
            found.append((first, stop + 1, norm, ids))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken: set[int] = set()
    chosen, people = [], set()
    for first, stop, norm, _ in sorted(found, key=lambda f: f[0]):
        start, end = spans[first][0], spans[stop - 1][1]
        if PERSON_BEFORE.search(text[max(0, start - 30) : start]):
            people.add(norm)  # `Bashar al-Assad`: a later bare `Assad` is the man too
    for first, stop, norm, ids in found:
        if taken & set(range(first, stop)) or norm in people:
            continue
        start, end = spans[first][0], spans[stop - 1][1]
        surface = POSSESSIVE.sub("", text[start:end]).rstrip(".,;:!?\"”)'’،؛")
        if not _looks_like_a_name(text, start, start + len(surface), end, norm in index.codes):
            continue
        taken |= set(range(first, stop))
        chosen.append((start, start + len(surface), surface, ids))
    index.load({i for *_, ids in chosen for i in ids})
    mentions = [
        Mention(s, e, surface, [index.places[i] for i in ids]) for s, e, surface, ids in chosen
    ]
    mentions.sort(key=lambda m: m.start)
    return mentions


def _looks_like_a_name(text: str, start: int, end: int, raw_end: int, code: bool) -> bool:
    surface = text[start:end]
    if DESCRIPTOR_AFTER.match(text[raw_end : raw_end + 12]):
        return False  # `Britain-based`: a description of someone, not a place of the story
    before, after = text[max(0, start - 30) : start], text[end : end + 30]
    if NAME_BEFORE.search(before) or NAME_AFTER.match(after):
        return False  # a piece of a longer name: `Bashar al-Assad`, `Harran al-Awamid`
    if " " not in surface and THE_BEFORE.search(before) and surface.lower() in COMMON:
        return False
    letters = [c for c in surface if c.isalpha()]
    if not letters:
        return False
    if not letters[0].isascii():
        return True  # Arabic script has no capitals to go by
    if code:
        return all(c.isupper() for c in letters)
    return surface[:1].isupper()


def settle(index: PlaceIndex, text: str, mentions: list[Mention]) -> None:
    """Choose one place for every mention, and mark the outer names of nestings."""
    _nestings(index, text, mentions)
    for mention in mentions:
        _read_qualifiers(text, mention)
    _share_readings(mentions)
    _coordinations(text, mentions)
    for mention in mentions:
        if mention.place is None:
            _by_context(index, mention, mentions)


def _nestings(index: PlaceIndex, text: str, mentions: list[Mention]) -> None:
    for outer, inner, gap in _pairs(text, mentions):
        if gap.startswith(("'s", "’s")):
            outer, inner = inner, outer  # `Aleppo's Ashrafieh`: the first name holds the second
        nested = [
            (o, i) for i in inner.candidates for o in outer.candidates if index.contains(o, i)
        ]
        if not nested:
            continue
        inner.candidates = list(dict.fromkeys(i for _, i in nested))
        outer.candidates = list(dict.fromkeys(o for o, _ in nested))
        outer.qualifier = True
        inner.notes.append(f"inside {outer.surface}")


def _pairs(text: str, mentions: list[Mention]):  # type: ignore[no-untyped-def]
    """Yield (outer, inner, gap) for neighbouring names joined by `in`, `,` or `'s`."""
    for first, second in itertools.pairwise(mentions):
        gap = text[first.end : second.start]
        if re.fullmatch(r"['’]s\s+", gap) or re.fullmatch(r",\s*|\s+in\s+(?:the\s+)?", gap):
            yield second, first, gap


def _read_qualifiers(text: str, mention: Mention) -> None:
    before = text[max(0, mention.start - 24) : mention.start].lower().split()
    after = text[mention.end : mention.end + 24].lower().split()
    nxt = after[0].strip(".,;:") if after else ""
    tail = " ".join(before[-2:])
    if nxt in OUTER_AFTER or any(tail.endswith(w) for w in OUTER_BEFORE):
        mention.reading = "outer"
    elif nxt in INNER_AFTER or any(tail.endswith(w) for w in INNER_BEFORE):
        mention.reading = "inner"


def _share_readings(mentions: list[Mention]) -> None:
    """A name qualified once (`Idlib province`) keeps that reading wherever it stands bare."""
    qualified = {}
    for mention in mentions:
        if mention.reading:
            qualified.setdefault(normalize(mention.surface), mention.reading)
    for mention in mentions:
        if not mention.reading and normalize(mention.surface) in qualified:
            mention.reading = qualified[normalize(mention.surface)]
            mention.notes.append("as qualified elsewhere in the article")


def _coordinations(text: str, mentions: list[Mention]) -> None:
    """`Idlib and Aleppo`: names in one list are read alike."""
    for first, second in itertools.pairwise(mentions):
        if not re.fullmatch(r"\s*(?:,|and|or|, and)\s*", text[first.end : second.start]):
            continue
        for one, other in ((first, second), (second, first)):
            if other.reading and not one.reading:
                one.reading = other.reading
                one.notes.append(f"read like {other.surface}")


def _by_context(index: PlaceIndex, mention: Mention, mentions: list[Mention]) -> None:
    groups = _chains(index, mention.candidates)
    reading = mention.reading or "inner"
    choices = [g[0] if reading == "outer" else g[-1] for g in groups]
    if reading == "outer" and any(c.level <= 1 for c in choices):
        choices = [c for c in choices if c.level <= 1]
    if len(choices) == 1:
        mention.place = choices[0]
        several = len(mention.candidates) > 1
        mention.confidence = 0.8 if several and not mention.reading else 0.95
        mention.how = _how(mention, several)
        return
    dominant = _dominant(choices)
    if dominant is not None:
        mention.place, mention.confidence = dominant, 0.8
        mention.how = (
            f"by far the most populous place of that name, not {_others(choices, dominant)}"
        )
        return
    seats = {g[-1].id for g in groups if len(g) > 1}
    others = [m for m in mentions if m is not mention and not _shares_name(m, mention)]
    scored = sorted(
        (
            (sum(_closeness(c, m) for m in others) + (SEAT_BONUS if c.id in seats else 0), c)
            for c in choices
        ),
        key=lambda sc: -sc[0],
    )
    best_score = scored[0][0]
    tied = [c for s, c in scored if s == best_score]
    mention.place = _preferred(index, mention, tied)
    mention.confidence = 0.75 if best_score > 0 and len(tied) == 1 else 0.5
    named = _others(choices, mention.place)
    mention.how = (
        f"nearest the article's other places, not {named}"
        if best_score > 0 and len(tied) == 1
        else f"ambiguous: also {named}"
    )


DOMINANT = 10
"""How many times more people than any namesake make a city the one meant (Dublin, Ireland)."""


def _dominant(choices: list[PlaceRow]) -> PlaceRow | None:
    """Return the namesake whose population dwarfs every other's, if there is one."""
    ranked = sorted(choices, key=lambda p: -(p.population or 0))
    first, second = ranked[0].population or 0, ranked[1].population or 0
    return ranked[0] if first >= DOMINANT * max(second, 1) and first >= 100_000 else None


def _others(choices: list[PlaceRow], chosen: PlaceRow) -> str:
    return ", ".join(f"{c.name} ({c.key})" for c in choices if c is not chosen)


def _how(mention: Mention, several: bool) -> str:
    notes = "; ".join(mention.notes)
    if not several:
        return notes or "the only place of that name"
    what = "the province" if mention.reading == "outer" else "the town, not its province"
    return f"{what}{'; ' + notes if notes else ''}"


def _chains(index: PlaceIndex, candidates: list[PlaceRow]) -> list[list[PlaceRow]]:
    """Group namesakes that nest (governorate > district > town Hama), outermost first."""
    groups: list[list[PlaceRow]] = []
    for place in sorted(candidates, key=lambda p: p.level):
        for group in groups:
            if index.contains(group[0], place):
                group.append(place)
                break
        else:
            groups.append([place])
    return groups


def _shares_name(one: Mention, other: Mention) -> bool:
    return normalize(one.surface) == normalize(other.surface)


def _closeness(place: PlaceRow, mention: Mention) -> float:
    """How near a candidate lies to another mention's candidates, on average."""
    if not mention.candidates:
        return 0.0
    total = 0.0
    for other in mention.candidates:
        shared = set(place.ancestors) & set(other.ancestors)
        depth = max((len(other.ancestors) - other.ancestors.index(a) for a in shared), default=0)
        score = {0: 0.0, 1: 0.2, 2: 1.0}.get(depth, 2.0)
        if place.lat is not None and other.lat is not None:
            km = _km(place, other)
            score += 2.0 if km < 30 else 1.0 if km < 100 else 0.0
        total += score
    return total / len(mention.candidates)


def _km(one: PlaceRow, other: PlaceRow) -> float:
    lat = math.radians((one.lat + other.lat) / 2)  # type: ignore[operator]
    dx = (one.lon - other.lon) * math.cos(lat)  # type: ignore[operator]
    dy = one.lat - other.lat  # type: ignore[operator]
    return 111.2 * math.hypot(dx, dy)


def _preferred(index: PlaceIndex, mention: Mention, tied: list[PlaceRow]) -> PlaceRow:
    """Among equals, the place `ledger place` itself would pick for the name."""
    if len(tied) > 1:
        try:
            chosen = resolution.resolve(index.session, mention.surface).place
        except LedgerError:
            chosen = None
        for place in tied:
            if chosen is not None and place.id == chosen.id:
                return place
    return sorted(tied, key=lambda p: (p.level, p.name, p.key))[0]
