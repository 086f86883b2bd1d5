"""Name normalisation shared by places, actors and sources.

Lookups must treat `Hamah`, `HAMA`, `Ḥamā` and `حماة` spellings alike, so every stored alias keeps
a normalised key: accents and Arabic diacritics removed, case folded, Arabic letter variants
unified, punctuation and spaces dropped.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

_ARABIC_VARIANTS = str.maketrans(
    {
        "ة": "ه",  # ta marbuta -> ha
        "ى": "ي",  # alef maqsura -> ya
        "ـ": None,  # tatweel (elongation)
    }
)


_ASCII_DROP = re.compile(r"[^a-z0-9]+")


def normalize(name: str) -> str:
    """Return the lookup key of a name: letters and digits only, case- and accent-free."""
    if name.isascii():
        return _ASCII_DROP.sub("", name.lower())
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = bare.casefold().translate(_ARABIC_VARIANTS)
    return "".join(c for c in folded if c.isalnum())


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """Return a typable id made from a name (`Syrian Arab Army` -> `syrian-arab-army`)."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = decomposed.encode("ascii", "ignore").decode().lower()
    return _SLUG_DROP.sub("-", ascii_only).strip("-")


_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def new_key(prefix: str = "c") -> str:
    """Return a fresh random id that is short enough to type (`c7k3m9x2q`)."""
    return prefix + "".join(secrets.choice(_ID_ALPHABET) for _ in range(8))


KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
POINT_KEY = re.compile(r"^[Dd](\d{1,18})$")
"""A disputed point's id (`D12`): no claim id may look like one."""
