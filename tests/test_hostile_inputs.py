"""Hostile input is one `error:` line and exit 2, with the ledger unchanged; never "a bug"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from ledger.store.models import JournalEntry

BILLION_LAUGHS = """format: ledger/1
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
claims: [*c, *c, *c, *c, *c, *c, *c, *c, *c]
"""

CLAIM = '{"id": "x", "text": "T", "claimant": "SAA", "source": "MENAFN", "published": "2024-12-01"'

HOSTILE_FILES = {
    "alias-bomb.yaml": (
        BILLION_LAUGHS,
        "line 3: YAML aliases (*name) are not accepted in ledger documents; write the value out",
    ),
    "deep.yaml": (
        "format: ledger/1\nclaims: " + "[" * 5000 + "]" * 5000 + "\n",
        "line 2: values nested more than 32 deep",
    ),
    "huge-number.yaml": (
        "format: ledger/1\nclaims:\n- id: x\n  confidence: " + "9" * 5000 + "\n",
        "line 4: a number of 5000 digits",
    ),
    "surrogate.yaml": (
        'format: ledger/1\nclaims:\n- id: x\n  text: "\\ud800"\n',
        "refused: text holding a lone surrogate (\\ud800-\\udfff), which is not Unicode",
    ),
    "huge-number.json": (
        '{"format": "ledger/1", "claims": [' + CLAIM + ', "confidence": ' + "9" * 5000 + "}]}",
        "refused: a number of 5000 digits; at most 32",
    ),
    "deep.json": (
        '{"format": "ledger/1", "claims": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "refused: values nested more than 32 deep",
    ),
    "surrogate.json": (
        '{"format": "ledger/1", "claims": [' + CLAIM.replace('"T"', '"\\udfff"') + "}]}",
        "refused: text holding a lone surrogate (\\ud800-\\udfff), which is not Unicode",
    ),
    "nan.json": (
        '{"format": "ledger/1", "claims": [' + CLAIM + ', "confidence": NaN}]}',
        "refused: NaN is not a number JSON allows",
    ),
    "surrogate.jsonl": (
        '{"type": "header", "format": "ledger/1"}\n{"type": "claim", "text": "\\ud83d"}\n',
        "line 2: refused: text holding a lone surrogate (\\ud800-\\udfff), which is not Unicode",
    ),
}


def journal_length(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(JournalEntry)) or 0


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_documents_are_refused_in_one_line(cli, ledger_db, tmp_path, engine_of, name):
    content, reason = HOSTILE_FILES[name]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", errors="surrogatepass")
    before = journal_length(engine_of(ledger_db))
    code, out, err = cli(ledger_db, "import", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {path}") and reason in err and err.count("\n") == 1
    assert journal_length(engine_of(ledger_db)) == before


def test_an_unsupported_database_url_is_named(cli, tmp_path):
    code, _, err = cli("mysql://root@localhost/ledger", "place", "Hama")
    assert (code, err) == (
        2,
        "error: cannot open a ledger at a mysql:// URL: use a file path (SQLite)"
        " or a postgresql:// URL\n",
    )


def test_a_file_that_is_not_a_ledger_is_named(cli, tmp_path):
    notes = Path(tmp_path / "notes.txt")
    notes.write_text("not a database\n" * 100)
    code, _, err = cli(str(notes), "place", "Hama")
    assert (code, err) == (2, f"error: cannot open the ledger at {notes}: file is not a database\n")


def test_a_negative_limit_is_a_usage_error(cli, seeded_db):
    code, out, err = cli(seeded_db, "claims", "--limit", "-5")
    assert code == 2 and out == "" and "Invalid value for '--limit'" in err


def test_a_point_id_past_any_stored_id_is_simply_not_found(cli, seeded_db):
    code, _, err = cli(seeded_db, "dispute", "show", "D9999999999")
    assert (code, err) == (
        2,
        "error: no disputed point D9999999999: `ledger disputes` lists them\n",
    )


def test_export_of_hostile_free_text_stays_valid_json(cli, seeded_db):
    """Text with quotes, controls and right-to-left marks goes out as valid, equal JSON."""
    text = 'He said "no"\u202e\u0000-free? \t tab'.replace("\u0000", "")
    code, key, _ = cli(seeded_db, "claim", "add", text, "--claimant", "SAA",
                       "--source", "MENAFN", "--published", "2024-12-01")  # fmt: skip
    assert code == 0
    code, out, _ = cli(seeded_db, "export", "--format", "json")
    claims = {c["id"]: c for c in json.loads(out)["claims"]}
    assert claims[key.strip()]["text"] == text


def claim_document(**fields: object) -> str:
    record = json.loads(CLAIM + "}") | fields
    return json.dumps({"format": "ledger/1", "claims": [record]})


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"logged_by": "mallory\n#1 forged entry"}, "`logged_by` must be one line"),
        ({"url": "javascript:alert(1)"}, "`url` must be an http(s) address"),
        ({"text": ["a", "b"]}, "`text` must be text"),
        ({"text": "x" * 10_001}, "`text` is 10001 characters long; at most 10000"),
        ({"excerpt": "bell \x07"}, "`excerpt` contains control characters"),
    ],
)
def test_imports_obey_the_same_rules_as_the_cli(cli, ledger_db, tmp_path, fields, reason):
    path = tmp_path / "claims.json"
    path.write_text(claim_document(**fields), encoding="utf-8")
    code, _, err = cli(ledger_db, "import", str(path), "--create")
    assert code == 2 and reason in err and err.count("\n") == 1


def test_an_imported_dispute_title_is_one_short_line(cli, seeded_db, tmp_path):
    document = {
        "format": "ledger/1",
        "disputes": [
            {
                "anchor": ["opposition-captures-aleppo-airport", "army-handed-airport-to-sdf"],
                "title": "t" * 100_000,
            }
        ],
    }
    path = tmp_path / "disputes.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = cli(seeded_db, "import", str(path))
    assert code == 2 and "`title` is 100000 characters long; at most 200" in err


def test_a_source_address_must_be_a_web_address(cli, seeded_db):
    code, _, err = cli(seeded_db, "source", "add", "Evil", "--kind", "website",
                       "--url", "javascript:alert(1)")  # fmt: skip
    assert (code, err) == (
        2,
        "error: --url must be an http(s) address, not 'javascript:alert(1)'\n",
    )
