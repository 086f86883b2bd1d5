"""The transliteration key of a place name: where the spellings of one Arabic name meet.

Reporters write one Arabic name many ways (`Qamishli`, `Kamishli`, `Quamishli`, `al-Qamishli`,
`القامشلي`). What survives every romanisation is the consonant skeleton that Arabic script
itself writes, so the key is that skeleton, computed alike from Latin spellings and from the
Arabic name of every place:

- case, accents and punctuation folded; the article dropped (`al-`, `el-`, `ash-`, `ال`...);
- letters that romanisations disagree on merged (`q`/`k`, `kh`/`k`, `sh`/`ch`/`s`, `dh`/`d`);
- doubled letters collapsed (Arabic script does not write them), a final `h` after a vowel
  dropped (`Hamah` = `Hama`, ta marbuta), then vowels dropped, and `w` and `y` too except at
  the start of a word (where they are consonants).

So `Tell`/`Tal`/`Tall`, `Deir`/`Dayr`/`Dair` and `Kafr`/`Kfar`/`Kafar` fall out of the rules
rather than out of a list. The key is lossy by design: it finds candidates, and resolution
ranks them (exact spellings always win over it).
"""

from __future__ import annotations

import re
import unicodedata

ARTICLES = frozenset(
    (
        *("al", "el", "il", "ul", "l", "ad", "ed", "ar", "er", "as", "es", "at", "et"),
        *("az", "ez", "an", "en", "ash", "esh", "ach", "ech", "ath", "adh", "eth", "edh"),
        *("ehl", "ehs", "ehn", "ehr", "eht", "ehz", "ehd", "ehsh"),  # Russian: Ehl'-Kunejtra
    )
)
"""The Arabic article as romanised, assimilated or not (`ash-Shughur`, `ed-Dana`)."""

_ARABIC = {
    **dict.fromkeys("اأإآٱءئؤعىەۆێ", ""),
    **dict.fromkeys("بپ", "b"),
    **dict.fromkeys("تثطة", "t"),
    "ج": "j",
    "ژ": "j",
    "چ": "s",
    **dict.fromkeys("حه", "h"),
    **dict.fromkeys("خقكک", "k"),
    **dict.fromkeys("دذض", "d"),
    **dict.fromkeys("رڕ", "r"),
    **dict.fromkeys("زظ", "z"),
    **dict.fromkeys("سشص", "s"),
    **dict.fromkeys("غگ", "g"),
    **dict.fromkeys("فڤ", "f"),
    **dict.fromkeys("لڵ", "l"),
    "م": "m",
    "ن": "n",
    "و": "w",
    **dict.fromkeys("يی", "y"),
}
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_DIGRAPHS = (
    ("sch", "s"),
    ("tch", "s"),
    ("sh", "s"),
    ("ch", "s"),
    ("kh", "k"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("dj", "j"),
    ("zh", "j"),
    ("ph", "f"),
    ("ck", "k"),
)
_LETTERS = str.maketrans({"q": "k", "c": "k", "x": "ks", "v": "w", "ı": "i", "ł": "l"})
_SPECIAL = str.maketrans(
    {"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ə": "e", "Ə": "e"}
)
_VOWEL_J = re.compile(r"(?<=[aeiou])j(?=[^aeiou]|$)|(?<=i)j(?=[ae]$)")
"""`j` after a vowel and before a consonant, or in `-ija`, is a `y` (German and Russian
romanisations: `Suvajda`, `Hamidija`); `Hajin` keeps its `j`."""
_GLUED_ARTICLE = re.compile(r"\b(?:[AaEe]l)(?=[A-Z])")
_WORD = re.compile(r"[^\W_]+")
_VOWELS = re.compile(r"[aeiouwy]")
_DOUBLED = re.compile(r"(.)\1+")


KEY_VERSION = 1
"""The version of `name_key`: bump it when keys change, so precomputed keys are recomputed."""
_LEADING_ARTICLE = re.compile(r"^(?:(?:[AaEe]l|[AaEe][dnrstz]|[AaEe]sh|[AaEe]th)[\s'’-]+|ال)(?=\w)")


def article_forms(name: str) -> set[str]:
    """Return a name's normalised forms with and without a leading article, in any form.

    `Sweida`, `As-Sweida` and `al-Sweida` are one name written with or without the article;
    this is still an exact reading, so it comes before the transliteration key.
    """
    from ledger.geo.names import normalize

    bare = _LEADING_ARTICLE.sub("", name.strip())
    if len(normalize(bare)) < 3:
        return {normalize(name)}
    latin = not _ARABIC_SCRIPT.search(bare)
    prefixes = sorted(ARTICLES) if latin else ["ال"]
    forms = {normalize(name), normalize(bare)} | {normalize(p + bare) for p in prefixes}
    return {f for f in forms if f}


MIN_KEY = 2
"""A shorter key (`Bab` -> `bb` is the shortest kept) would match too many names to mean one."""
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,9}$")


def index_key(name: str) -> str | None:
    """Return the key a place's name is indexed by: none for codes (`SY05`, `NGA`, `UK`)."""
    if _CODE.match(name.strip()):
        return None
    key = name_key(name)
    return key if len(key) >= MIN_KEY else None


def name_key(text: str) -> str:
    """Return the transliteration key of a name in Latin or Arabic script ('' if none)."""
    if _ARABIC_SCRIPT.search(text):
        words = [_arabic_word(w) for w in _WORD.findall(text)]
    else:
        words = [_latin_word(w) for w in _words(text)]
    return "".join(words)


def _words(text: str) -> list[str]:
    """Split a Latin name into folded words, without its articles."""
    text = _GLUED_ARTICLE.sub(r"\g<0> ", text)
    folded = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    bare = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    bare = re.sub(r"['’‘`´ʿʾ]", "", bare)
    words = _WORD.findall(bare)
    kept = [w for w in words if w not in ARTICLES]
    return kept or words


def _latin_word(word: str) -> str:
    for digraph, letter in _DIGRAPHS:
        word = word.replace(digraph, letter)
    word = _VOWEL_J.sub("y", word.translate(_LETTERS))
    if len(word) > 1 and word.endswith("h") and word[-2] in "aeiouy":
        word = word[:-1]
    word = _DOUBLED.sub(r"\1", word)
    return _skeleton(word, word[:1] in ("w", "y"))


def _arabic_word(word: str) -> str:
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    if word.endswith("ة"):
        word = word[:-1]
    latin = "".join(_ARABIC.get(c, c if c.isascii() else "") for c in word)
    if latin.endswith("h"):
        latin = latin[:-1]
    return _skeleton(latin, word[:1] in ("و", "ي", "ی"))


def _skeleton(word: str, consonant_head: bool) -> str:
    """Drop vowels, and `w`/`y` unless the word starts with one (where it is a consonant)."""
    head = word[:1] if consonant_head else ""
    return head + _VOWELS.sub("", word[len(head) :])
