"""Locate files shipped with ledger, in a wheel or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def shipped(folder: str) -> Path:
    """Return `templates` or `seeds` inside the wheel, else at the checkout's top level."""
    inside = _PACKAGE / folder
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / folder


GAZETTEER_CSV = "syria-communities-ocha.csv"
SEED_FILE = "aleppo-offensive-2024-12-01.yaml"
