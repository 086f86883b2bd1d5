"""Fuzzing every import format: whatever a file holds, `ledger import` succeeds or says why.

Property: an import exits 0 (imported) or 2 (one `error:` line, nothing written); exit 1 ("this is
a bug") and tracebacks are never reachable from a file. Two kinds of input per format: documents
of the right shape whose values Hypothesis replaces with hostile ones (wrong types, huge numbers,
control characters, deep nesting), and raw text. The budget is fixed (`max_examples`) so CI time
stays bounded; inputs that once broke an importer are kept in `tests/data/fuzz-corpus/` and
replayed on every run, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlmodel import Session

from ledger.store.models import JournalEntry

CORPUS = Path(__file__).parent / "data" / "fuzz-corpus"
BUDGET = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure in CI reproduces here
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CLAIM = {
    "id": "fz-1",
    "text": "Opposition fighters entered the city",
    "claimant": "SAA",
    "source": "MENAFN",
    "published": "2024-12-01",
    "event_start": "2024-11-30",
    "places": ["Aleppo"],
}

KNOWN_HOSTILE = [
    "", " ", "\x00", "\u202e", "\ud800", '=HYPERLINK("x")', "javascript:x", "D99999999999",
    "9" * 400, "a\nb", "../../etc/passwd", "'; DROP TABLE claim; --", "🚀" * 50,
]  # fmt: skip
hostile_text = st.one_of(st.text(max_size=40), st.sampled_from(KNOWN_HOSTILE))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False),
    hostile_text,
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
fields = st.sampled_from([*CLAIM, "excerpt", "url", "logged_by", "logged_at", "retracted_at", "id"])
mutations = st.lists(st.tuples(fields, values), min_size=1, max_size=4)


def mutated_claim(changes: list[tuple[str, object]]) -> dict:
    record = dict(CLAIM)
    for name, value in changes:
        record[name] = value
    return record


def journal_length(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(JournalEntry)) or 0


def assert_import_answers(cli, db, engine, path: Path) -> None:  # type: ignore[no-untyped-def]
    before = journal_length(engine)
    code, _, err = cli(db, "import", str(path), "--create")
    assert code in (0, 2), err
    assert "this is a bug" not in err and "Traceback" not in err
    if code == 2:
        lines = err.splitlines()  # one line per bad record (a spreadsheet's every bad row)
        assert lines and all(line.startswith("error: ") for line in lines), err
        assert journal_length(engine) == before, "a refused import wrote to the ledger"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def as_yaml(document: dict) -> str:
    return yaml.safe_dump(document, allow_unicode=True)


def as_json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False)


def as_jsonl(document: dict) -> str:
    lines = [{"type": "header", "format": "ledger/1"}]
    lines += [{"type": "claim", **claim} for claim in document["claims"]]
    return "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"


def as_claimreview(document: dict) -> str:
    claim = document["claims"][0]
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim.get("url"),
        "claimReviewed": claim.get("text"),
        "datePublished": claim.get("published"),
        "itemReviewed": {"@type": "Claim", "author": claim.get("claimant")},
        "reviewRating": {"@type": "Rating", "alternateName": claim.get("excerpt")},
    }
    return json.dumps(review, ensure_ascii=False, default=str)


WRITERS = {
    "yaml": as_yaml,
    "json": as_json,
    "jsonl": as_jsonl,
    "claimreview.json": as_claimreview,
}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("suffix", sorted(WRITERS))
@BUDGET
@given(changes=mutations)
def test_hostile_values_in_every_document_format(
    cli, ledger_db, engine_of, tmp_path, suffix, changes
):  # type: ignore[no-untyped-def]
    document = {"format": "ledger/1", "claims": [mutated_claim(changes)]}
    try:
        text = WRITERS[suffix](document)
    except (ValueError, TypeError, yaml.YAMLError):
        return  # not representable in this format
    path = write(tmp_path / f"fuzz.{suffix}", text)
    assert_import_answers(cli, ledger_db, engine_of(ledger_db), path)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@BUDGET
@given(
    header=st.lists(st.sampled_from([*CLAIM, "rating", "x", "", " Text "]), max_size=6),
    rows=st.lists(st.lists(hostile_text, max_size=7), max_size=4),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_hostile_spreadsheets(cli, ledger_db, engine_of, tmp_path, header, rows, delimiter):  # type: ignore[no-untyped-def]
    def line(cells: list[str]) -> str:
        return delimiter.join('"' + c.replace('"', '""') + '"' for c in cells)

    text = "\n".join([line(header), *map(line, rows)]) + "\n"
    path = write(tmp_path / "fuzz.csv", text)
    assert_import_answers(cli, ledger_db, engine_of(ledger_db), path)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("suffix", ["yaml", "json", "jsonl", "csv"])
@BUDGET
@given(raw=st.binary(max_size=200))
def test_raw_bytes_in_every_format(cli, ledger_db, engine_of, tmp_path, suffix, raw):  # type: ignore[no-untyped-def]
    path = tmp_path / f"fuzz.{suffix}"
    path.write_bytes(raw)
    assert_import_answers(cli, ledger_db, engine_of(ledger_db), path)


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_the_kept_corpus_is_answered(cli, ledger_db, engine_of, path):  # type: ignore[no-untyped-def]
    assert_import_answers(cli, ledger_db, engine_of(ledger_db), path)
