"""`ledger verify`: the hash chain holds, and rows changed behind the ledger's back are found."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlmodel import Session

from ledger.record import verdicts
from ledger.store import journal

CLAIM = "army-denies-hama-pullback"
OTHER = "opposition-hama-incursion"


def add_verdict(engine, claim: str = CLAIM) -> None:  # type: ignore[no-untyped-def]
    with journal.writing(engine, "checker") as session:
        verdicts.record(session, claim, "mostly-false", "no evidence of a withdrawal")


def raw_sql(engine, *statements: str) -> None:  # type: ignore[no-untyped-def]
    """Change the database directly, as someone bypassing the ledger would."""
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def test_a_fresh_ledger_verifies(cli, seeded_db, engine_of):
    with Session(engine_of(seeded_db)) as session:
        head = journal.head(session)
    code, out, err = cli(seeded_db, "verify")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"ok: {head.seq} journal entries checked, head {head.hash}",
        f"ok: the tables match the journal ({13341 + 4} places, 13 actors, 1 source, 28 claims,"
        " 10 links, 0 verdicts, 0 dispute records)",
    ]


def test_corrections_keep_the_ledger_verifiable(cli, seeded_db, engine_of):
    add_verdict(engine_of(seeded_db))
    cli(seeded_db, "claim", "edit", CLAIM, "--text", "The army denied leaving Hama.", "-r", "x")
    cli(seeded_db, "unlink", CLAIM, OTHER, "-r", "different days")
    cli(seeded_db, "link", CLAIM, "corroborates", OTHER)
    cli(seeded_db, "claim", "retract", CLAIM, "-r", "never said")
    code, out, _ = cli(seeded_db, "verify", "--json")
    report = json.loads(out)
    assert code == 0
    assert (report["ok"], report["problem"]) == (True, None)
    assert report["counts"] == {
        "places": 13345,
        "actors": 13,
        "sources": 1,
        "claims": 28,
        "links": 11,
        "verdicts": 1,
        "dispute records": 1,
    }
    with Session(engine_of(seeded_db)) as session:
        assert (report["entries"], report["head"]) == (
            journal.head(session).seq,
            journal.head(session).hash,
        )


CLAIM_ID = f"(SELECT id FROM claim WHERE key = '{CLAIM}')"
TAMPERING = {
    "claim text": (
        [f"UPDATE claim SET text = 'The army left Hama.' WHERE key = '{CLAIM}'"],
        f"claim '{CLAIM}' differs from the journal: text is 'The army left Hama.', the journal"
        " says 'The Syrian army denies that it has withdrawn from the Hama area.'",
    ),
    "claim date": (
        [f"UPDATE claim SET published = '2023-01-01' WHERE key = '{CLAIM}'"],
        f"claim '{CLAIM}' differs from the journal: published is '2023-01-01', the journal"
        " says '2024-12-01'",
    ),
    "claim place": (
        [f"DELETE FROM claim_place WHERE claim_id = {CLAIM_ID}"],
        f"claim '{CLAIM}' differs from the journal: places is [], the journal says ['SY05']",
    ),
    "claim retraction undone": (
        [f"UPDATE claim SET retracted_at = NULL, retracted_by = NULL WHERE key = '{OTHER}'"],
        f"claim '{OTHER}' differs from the journal: retracted_at is None, the journal says",
    ),
    "claim inserted": (
        [
            "INSERT INTO claim (key, text, claimant_id, source_id, logged_by, logged_at, revision)"
            " SELECT 'planted', 'x', claimant_id, source_id, logged_by, logged_at, 1"
            f" FROM claim WHERE key = '{CLAIM}'"
        ],
        "claim 'planted' is in the table but not in the journal",
    ),
    "link relation": (
        [
            f"UPDATE link SET relation = 'corroborates' WHERE claim_a_id = {CLAIM_ID}"
            f" OR claim_b_id = {CLAIM_ID}"
        ],
        "differs from the journal: relation is 'corroborates', the journal says 'contradicts'",
    ),
    "link deleted": (
        [
            "DELETE FROM dispute_claim",  # the retraction pinned the point's record to the link
            "DELETE FROM dispute",
            f"DELETE FROM link WHERE claim_a_id = {CLAIM_ID} OR claim_b_id = {CLAIM_ID}",
        ],
        "is in the journal but not in the table: it was deleted",
    ),
    "verdict changed": (
        ["UPDATE verdict SET rating = 'true'"],
        f"the verdict 'mostly-false' on '{CLAIM}' by checker at ",
    ),
    "verdict deleted": (
        ["DELETE FROM verdict"],
        "is in the journal but not in the table",
    ),
    "journal entry changed": (
        [
            "UPDATE journal SET payload = replace(payload, 'Hama', 'Homs')"
            " WHERE action = 'claim.add'"
        ],
        "does not match its hash: it was changed after logging",
    ),
    "journal entry removed": (
        ["DELETE FROM journal WHERE seq = 30"],
        ") follows entry 29: entries are missing",
    ),
    "newest journal entry removed": (
        ["DELETE FROM journal WHERE seq = (SELECT seq FROM journal_head)"],
        "the journal head names entry ",
    ),
}


@pytest.mark.parametrize("tampering", TAMPERING)
def test_a_row_changed_behind_the_ledgers_back_is_found(cli, seeded_db, engine_of, tampering):
    engine = engine_of(seeded_db)
    add_verdict(engine)
    assert cli(seeded_db, "claim", "retract", OTHER, "-r", "withdrawn by the outlet")[0] == 0
    assert cli(seeded_db, "verify")[0] == 0
    statements, problem = TAMPERING[tampering]
    raw_sql(engine, *statements)
    code, out, err = cli(seeded_db, "verify")
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1 and err.startswith("error: ")
    assert problem in err
    code, out, _ = cli(seeded_db, "verify", "--json")
    assert code == 1
    assert json.loads(out)["ok"] is False
    assert problem in json.loads(out)["problem"]


def test_the_first_bad_journal_entry_is_named(cli, seeded_db, engine_of):
    engine = engine_of(seeded_db)
    with engine.connect() as connection:
        seq, action, subject = connection.execute(
            text(f"SELECT seq, action, subject FROM journal WHERE subject = '{OTHER}'")
        ).one()
    raw_sql(engine, f"UPDATE journal SET by = 'mallory' WHERE seq >= {seq}")
    _, _, err = cli(seeded_db, "verify")
    assert err.startswith(f"error: journal entry {seq} ({action} {subject}, ")
    assert err.strip().endswith(
        " UTC by mallory) does not match its hash: it was changed after logging"
    )
