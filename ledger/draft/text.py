"""Reading an article: plain text or saved HTML, refused when there is nothing to draft from.

Saved pages carry menus, captions and comments around the story; trafilatura keeps the main
text. Files that are empty, binary or not in a supported language stop the draft with one line.
"""

from __future__ import annotations

import re
from pathlib import Path

from ledger.errors import LedgerError

HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
ENGLISH_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "that",
        "is",
        "was",
        "for",
        "on",
        "with",
        "as",
        "by",
        "said",
        "from",
        "at",
        "it",
        "have",
        "has",
        "had",
        "were",
        "are",
        "be",
        "been",
        "an",
        "its",
        "their",
        "they",
        "he",
        "she",
        "his",
        "not",
        "but",
        "which",
        "who",
        "will",
        "also",
        "after",
    ]
)
LANGUAGES = {"en": "English", "ar": "Arabic"}


def read_article(path: Path) -> str:
    """Return an article's text from a .txt or saved .html file, or explain why there is none."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LedgerError(f"cannot read {path}: {error.strerror}") from None
    if not raw.strip():
        raise LedgerError(f"{path}: empty file, no article to draft from")
    if b"\x00" in raw[:4096]:
        raise LedgerError(f"{path}: a binary file, not an article (give .txt or saved .html)")
    if HTML_START.match(raw) or path.suffix.lower() in {".html", ".htm"}:
        return _html_text(path, raw)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LedgerError(f"{path}: not UTF-8 text (save the article as UTF-8)") from None


def _html_text(path: Path, raw: bytes) -> str:
    import trafilatura

    text = trafilatura.extract(
        raw, include_comments=False, include_tables=False, favor_precision=True
    )
    if not text or len(text.split()) < 20:
        raise LedgerError(f"{path}: no article text found in this HTML page")
    return text


def language_of(text: str, path: Path | str = "the article") -> str:
    """Return `en` or `ar`, or refuse an article in another language."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        raise LedgerError(f"{path}: no words in it, no article to draft from")
    arabic = sum(1 for c in letters if ARABIC_LETTER.match(c))
    if arabic / len(letters) > 0.5:
        return "ar"
    words = re.findall(r"[a-z]+", text.lower())
    if words and sum(w in ENGLISH_WORDS for w in words) / len(words) >= 0.12:
        return "en"
    raise LedgerError(
        f"{path}: the article is not in a language `ledger draft` reads"
        f" ({' or '.join(LANGUAGES.values())})"
    )
