"""What a typed place name says beside the name: its kind, and the places around it.

`Hama city`, `Aleppo governorate`, `Idlib province`, `Rif Idlib` and `Idlib countryside` name a
kind of place; `Hama, Hama` names a place inside another (a town inside its governorate).
"""

from __future__ import annotations

from dataclasses import dataclass

SETTLEMENTS = ("city", "community", "town", "village", "neighbourhood")
"""Kinds of place that people live in, as opposed to administrative areas."""

ADMIN1 = ("governorate", "province", "state", "region")

_SUFFIXES: dict[str, tuple[str, ...]] = {
    "city": SETTLEMENTS,
    "town": SETTLEMENTS,
    "village": SETTLEMENTS,
    "governorate": ADMIN1,
    "province": ADMIN1,
    "muhafazah": ADMIN1,
    "muhafazat": ADMIN1,
    "countryside": ADMIN1,
    "district": ("district",),
    "mintaqah": ("district",),
    "subdistrict": ("subdistrict",),
    "sub-district": ("subdistrict",),
    "nahiya": ("subdistrict",),
    "nahiyah": ("subdistrict",),
    "country": ("country",),
}
RURAL = frozenset({"rif", "reef", "rural"})
_PREFIXES: dict[str, tuple[str, ...]] = {
    "rif": ADMIN1,
    "reef": ADMIN1,
    "rural": ADMIN1,
    "governorate of": ADMIN1,
    "province of": ADMIN1,
    "muhafazat": ADMIN1,
    "city of": SETTLEMENTS,
    "town of": SETTLEMENTS,
    "district of": ("district",),
}


@dataclass(frozen=True)
class Query:
    """A typed name split into the name itself, the kinds it asks for, and its containers."""

    name: str
    kinds: tuple[str, ...] = ()
    within: tuple[str, ...] = ()
    rural: bool = False

    def readings(self, whole: str) -> list[tuple[str, tuple[str, ...]]]:
        """Return the names to try, each with the kinds it allows, the most literal first.

        The countryside of a city may be a governorate of its own (`Damascus countryside` is
        `Rural Damascus`, `Rif Dimashq`), else it is the governorate named like the city.
        """
        found = [(whole, ())]
        if self.rural:
            found += [(f"{word} {self.name}", ADMIN1) for word in ("Rural", "Rif")]
        if self.kinds:
            found.append((self.name, self.kinds))
        return found


def parse(text: str) -> Query:
    """Split `Name kind, Container, ...` into its parts (`Hama city, Hama`)."""
    name, *within = [part.strip() for part in text.split(",")]
    bare, kinds = split_kind(name)
    words = name.casefold().split()
    rural = len(words) > 1 and (words[0] in RURAL or words[-1] == "countryside")
    return Query(bare, kinds, tuple(w for w in within if w), rural)


def split_kind(name: str) -> tuple[str, tuple[str, ...]]:
    """Return a name without its kind word, and the kinds that word allows (none: any kind)."""
    words = name.split()
    if len(words) < 2:
        return name, ()
    lowered = name.casefold()
    for prefix, kinds in _PREFIXES.items():
        if lowered.startswith(prefix + " ") and len(name) > len(prefix) + 1:
            return name[len(prefix) + 1 :].strip(), kinds
    kinds = _SUFFIXES.get(words[-1].casefold())
    if kinds:
        return " ".join(words[:-1]), kinds
    return name, ()
