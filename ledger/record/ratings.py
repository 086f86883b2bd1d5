"""Publishers' rating wordings mapped onto the ledger's scale.

Fact-checkers publish their own words ("Pants on Fire", "Engañoso", "مضلل"); the ledger keeps
those words on the verdict (`textual_rating`) and places them on its own scale through the table
below. A wording is compared case-, accent- and punctuation-insensitively (Arabic diacritics,
tatweel and alef forms folded too); failing that, its first phrase is tried ("False. The photo
is from 2019" reads as "False"). A user file (`--ratings FILE`) adds or overrides wordings. A
wording found nowhere is kept, unrated, and the import warns about it: never a refusal.
`ledger/formats/README.md` lists the table.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import yaml

from ledger.errors import LedgerError
from ledger.record.verdicts import RATINGS

UNRATED = "unrated"
SCALE = tuple(RATINGS)

# Each scale term and the publisher wordings it stands for (English, French, Spanish,
# Portuguese, Arabic), written as publishers write them; `key` folds them for lookup.
WORDINGS: dict[str, tuple[str, ...]] = {
    "true": (
        "True", "Correct", "Accurate", "Verified", "Confirmed", "Correct attribution",
        "Geppetto Checkmark",
        "Vrai", "Exact", "Vérifié",
        "Verdadero", "Cierto", "Verdad", "Correcto", "Verificado",
        "Verdadeiro", "Verdade", "Correto", "Confirmado",
        "صحيح", "حقيقي", "دقيق",
    ),
    "mostly-true": (
        "Mostly True", "Mostly Accurate", "Mostly Correct", "Largely True", "Largely Accurate",
        "One Pinocchio",
        "Plutôt vrai", "En grande partie vrai", "Globalement vrai",
        "Mayormente verdadero", "Mayormente cierto", "Casi verdadero", "Verdadero, pero",
        "Verdadeiro, mas", "Em grande parte verdadeiro", "Quase verdadeiro",
        "صحيح في معظمه", "صحيح إلى حد كبير",
    ),
    "mixed": (
        "Half True", "Half-True", "Mixture", "Mixed", "Partly True", "Partly False",
        "Partially True", "Partially False", "Partially Correct", "Missing Context",
        "Lacks Context", "Needs Context", "Cherry Picks", "Outdated", "Two Pinocchios",
        "Half Flip",
        "À moitié vrai", "Partiellement vrai", "Partiellement faux", "Mitigé",
        "Manque de contexte", "Contexte manquant", "Imprécis",
        "Verdad a medias", "Medio verdadero", "Parcialmente verdadero", "Parcialmente falso",
        "Mixto", "Falta contexto", "Le falta contexto", "Sin contexto", "Impreciso",
        "Meia verdade", "Parcialmente verdadeiro", "Sem contexto", "Falta de contexto",
        "Descontextualizado",
        "نصف صحيح", "صحيح جزئيا", "خطأ جزئيا", "ينقصه سياق", "يفتقر إلى السياق",
    ),
    "mostly-false": (
        "Mostly False", "Mostly Inaccurate", "Largely False", "Barely True", "Misleading",
        "Distorts the Facts", "Exaggerated", "Exaggerates", "Out of Context", "Miscaptioned",
        "Three Pinocchios", "Spins the Facts",
        "Plutôt faux", "En grande partie faux", "Trompeur", "Trompeuse", "Exagéré",
        "Hors contexte", "Sorti de son contexte", "Sorti du contexte", "Détourné",
        "Mayormente falso", "Engañoso", "Engañosa", "Exagerado", "Fuera de contexto",
        "Sacado de contexto", "Cuestionable",
        "Enganoso", "Enganosa", "Distorcido", "Exagerado", "Fora de contexto",
        "Em grande parte falso",
        "مضلل", "مضللة", "خارج السياق", "غير دقيق", "مبالغ فيه", "خاطئ في معظمه",
    ),
    "false": (
        "False", "Incorrect", "Inaccurate", "Wrong", "Fake", "Pants on Fire", "Pants on Fire!",
        "Four Pinocchios", "Fabricated", "Altered", "Manipulated", "Doctored", "Hoax",
        "Scam", "Misattributed", "Fake news", "Totally false", "Completely false",
        "Faux", "Fausse", "Intox", "Infox", "Montage", "Fabriqué", "Archi faux",
        "Falso", "Falsa", "Bulo", "Totalmente falso", "Manipulado", "Fabricado",
        "Montagem", "Adulterado",
        "زائف", "كاذب", "خطأ", "خاطئ", "ملفق", "مفبرك", "مزيف", "غير صحيح", "إشاعة",
    ),
    "unproven": (
        "Unproven", "Unverified", "Unsupported", "Unsubstantiated", "No Evidence",
        "Not Proven", "Unverifiable", "Cannot be verified", "Lacks Evidence", "Legend",
        "Research in Progress", "Undetermined", "Inconclusive",
        "Invérifiable", "Non prouvé", "Non vérifié", "Infondé", "Sans preuve",
        "Pas de preuve", "Indéterminé",
        "No verificable", "Inverificable", "Sin evidencia", "No hay evidencia",
        "Sin pruebas", "Insostenible", "No comprobado", "Dudoso",
        "Insustentável", "Sem provas", "Não comprovado", "Inconclusivo", "Sem evidências",
        "Não verificável",
        "غير مثبت", "لا دليل", "لا يوجد دليل", "غير مؤكد", "لا يمكن التحقق",
    ),
    UNRATED: (
        "Satire", "Labeled Satire", "Parody", "Opinion", "Flip-flop", "Full Flop", "No Flip",
        "Satire / humour", "Humour", "Humor",
        "Satirique", "Parodie",
        "Sátira", "Parodia", "Opinión",
        "Paródia", "Opinião",
        "ساخر", "سخرية", "محتوى ساخر", "رأي",
    ),
}  # fmt: skip

_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
_FIRST_PHRASE = re.compile(r"[.:;,(!?—–\n]| - ")


def key(wording: str) -> str:
    """Fold a wording for lookup: case, accents, Arabic diacritics and punctuation ignored."""
    text = _HARAKAT.sub("", wording).translate(_ALEF)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _PUNCT.sub(" ", text).strip()


def _table() -> dict[str, str]:
    found: dict[str, str] = {}
    for term, wordings in WORDINGS.items():
        for wording in (term, *wordings):
            found.setdefault(key(wording), term)
    return found


class Ratings:
    """The wording table, with the user's own wordings (`--ratings FILE`) on top."""

    def __init__(self, extra: dict[str, str] | None = None) -> None:
        self.table = _table()
        for wording, term in (extra or {}).items():
            self.table[key(wording)] = term
        self._seen: dict[str, str | None] = {}

    def term(self, wording: str) -> str | None:
        """Return a wording's scale term; None when neither it nor its first phrase is known."""
        if wording not in self._seen:
            self._seen[wording] = self._term(wording)
        return self._seen[wording]

    def _term(self, wording: str) -> str | None:
        found = self.table.get(key(wording))
        if found is None:
            first = _FIRST_PHRASE.split(wording.strip(), maxsplit=1)[0]
            found = self.table.get(key(first)) if first.strip() else None
        return found

    def resolve(self, rating: str | None, textual: str | None) -> tuple[str, str | None, bool]:
        """Return (scale term, publisher's wording, whether it was left unrated as unknown).

        `rating` is a scale term or a publisher's wording (a spreadsheet's "verdict" column);
        `textual` is the publisher's wording when given apart.
        """
        rating = (rating or "").strip() or None
        textual = (textual or "").strip() or None
        if rating in SCALE:
            return rating, textual, False  # type: ignore[return-value]
        wording = rating or textual
        if wording is None:
            raise LedgerError("a verdict needs a rating or a textual rating")
        found = self.term(wording)
        return found or UNRATED, textual or wording, found is None


def load(path: Path) -> Ratings:
    """Read a user's wordings: a CSV of `wording,rating` rows, or a YAML/JSON mapping."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise LedgerError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise LedgerError(f"{path}: not UTF-8 text") from None
    if path.suffix.lower() == ".csv":
        rows = [r for r in csv.reader(text.splitlines()) if r and any(c.strip() for c in r)]
        if rows and key(rows[0][0]) in ("wording", "textual rating", "textualrating"):
            rows = rows[1:]
        mapping = {}
        for n, row in enumerate(rows, start=1):
            if len(row) != 2:
                raise LedgerError(f"{path}, row {n}: expected two columns, wording and rating")
            mapping[row[0].strip()] = row[1].strip()
    else:
        try:
            mapping = yaml.safe_load(text) or {}
        except yaml.YAMLError:
            raise LedgerError(f"{path}: not a YAML or JSON mapping of wording: rating") from None
        if not isinstance(mapping, dict):
            raise LedgerError(f"{path}: expected a mapping of wording: rating")
    for wording, term in mapping.items():
        if str(term).strip() not in SCALE:
            raise LedgerError(
                f"{path}: {wording!r} maps to {term!r}, not a rating: use one of {', '.join(SCALE)}"
            )
    return Ratings({str(w): str(t).strip() for w, t in mapping.items()})
