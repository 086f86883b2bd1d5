"""Anchored heads: a head published outside the database catches what a rechained journal hides.

An insider who rewrites the journal and recomputes every later hash leaves a ledger that verifies
on its own; the head printed by `ledger head` (or carried by any export or report) before the
rewrite no longer matches, and `ledger verify --expect` / `--against` says where.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text, update
from sqlmodel import Session

from ledger.store import journal
from ledger.store.models import JournalEntry, JournalHead

CLAIM = "army-denies-hama-pullback"
OTHER = "opposition-hama-incursion"


def raw_sql(engine, *statements: str) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def rechain(engine) -> None:  # type: ignore[no-untyped-def]
    """Recompute every hash and the head after a raw edit of the journal, as an insider would."""
    with Session(engine) as session:
        entries = session.execute(select(JournalEntry).order_by(JournalEntry.seq)).scalars()
        previous, seq = journal.GENESIS, 0
        for seq, entry in enumerate(entries, start=1):
            body = (previous, seq, entry.at.isoformat(), entry.by, entry.action, entry.subject)
            digest = journal.entry_hash(*body, entry.payload)
            if (entry.seq, entry.prev_hash, entry.hash) != (seq, previous, digest):
                entry.seq, entry.prev_hash, entry.hash = seq, previous, digest
            previous = digest
        session.flush()
        session.execute(update(JournalHead).values(seq=seq, hash=previous))
        session.commit()


def head_of(cli, db: str) -> str:  # type: ignore[no-untyped-def]
    code, out, err = cli(db, "head")
    assert (code, err) == (0, "")
    return out.strip()


@pytest.fixture
def published(cli, seeded_db):  # type: ignore[no-untyped-def]
    """The seed ledger with two verdicts and a retraction, and the head published after them."""
    for step in (
        ("verdict", CLAIM, "mostly-false", "--by", "checker"),
        ("verdict", CLAIM, "false", "--by", "checker"),
        ("claim", "retract", OTHER, "-r", "withdrawn by the outlet"),
    ):
        assert cli(seeded_db, *step)[0] == 0
    return seeded_db, head_of(cli, seeded_db)


def test_head_prints_the_sequence_number_and_hash(cli, seeded_db, engine_of):
    with Session(engine_of(seeded_db)) as session:
        head = journal.head(session)
    assert head_of(cli, seeded_db) == f"{head.seq}:{head.hash}"
    code, out, _ = cli(seeded_db, "head", "--json")
    label = f"{head.seq}:{head.hash}"
    assert (code, json.loads(out)) == (0, {"seq": head.seq, "hash": head.hash, "head": label})


def test_a_ledger_that_grew_still_extends_its_published_head(cli, published):
    db, head = published
    assert cli(db, "verdict", OTHER, "true")[0] == 0
    code, out, err = cli(db, "verify", "--expect", head)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == f"ok: the journal extends the published head {head}"
    code, out, _ = cli(db, "verify", "--expect", head, "--json")
    assert (code, json.loads(out)["anchors"]) == (0, [head])


def _rewrite_claim(engine) -> None:  # type: ignore[no-untyped-def]
    raw_sql(
        engine,
        "UPDATE journal SET payload = replace(payload,"
        " 'denies that it has withdrawn from the Hama area', 'left Hama')"
        f" WHERE subject = '{CLAIM}' AND action = 'claim.add'",
        f"UPDATE claim SET text = replace(text, 'denies that it has withdrawn from the Hama area',"
        f" 'left Hama') WHERE key = '{CLAIM}'",
    )


def _truncate(engine) -> None:  # type: ignore[no-untyped-def]
    raw_sql(  # the retraction goes, with the dispute.track entry before it
        engine,
        "UPDATE claim SET retracted_at = NULL, retracted_by = NULL, retracted_reason = NULL"
        f" WHERE key = '{OTHER}'",
        "DELETE FROM dispute_claim",
        "DELETE FROM dispute",
        "DELETE FROM journal WHERE action IN ('claim.retract', 'dispute.track')"
        " AND seq > (SELECT max(seq) FROM journal WHERE action = 'verdict.add')",
    )


def _forge_last(engine) -> None:  # type: ignore[no-untyped-def]
    raw_sql(
        engine,
        "UPDATE claim SET retracted_reason = 'never said' WHERE retracted_reason IS NOT NULL",
        "UPDATE journal SET payload = replace(payload, 'withdrawn by the outlet', 'never said')"
        " WHERE action = 'claim.retract'",
    )


def _reorder_verdicts(engine) -> None:  # type: ignore[no-untyped-def]
    raw_sql(  # 'mostly-false' becomes the newer verdict, and so the current one
        engine,
        "UPDATE verdict SET rating = CASE rating WHEN 'false' THEN 'mostly-false' ELSE 'false' END",
        "UPDATE journal SET payload = CASE WHEN payload LIKE '%mostly-false%'"
        " THEN replace(payload, 'mostly-false', 'false')"
        " ELSE replace(payload, '\"false\"', '\"mostly-false\"') END"
        " WHERE action = 'verdict.add'",
    )


ATTACKS = {
    "a claim rewritten and every later hash recomputed": (_rewrite_claim, "was rewritten"),
    "the newest entries and their rows removed": (_truncate, "entries that were published"),
    "the newest entry replaced by a forged one": (_forge_last, "was rewritten"),
    "two verdicts swapped in the journal and the table": (_reorder_verdicts, "was rewritten"),
}


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_rechained_rewrite_verifies_alone_but_not_against_its_published_head(
    cli, published, engine_of, attack
):
    db, head = published
    tamper, problem = ATTACKS[attack]
    engine = engine_of(db)
    tamper(engine)
    rechain(engine)
    code, _, err = cli(db, "verify")
    assert (code, err) == (0, ""), "the attack must be consistent to need an anchor"
    assert head_of(cli, db) != head
    code, out, err = cli(db, "verify", "--expect", head)
    assert (code, out) == (1, "")
    assert err.startswith("error: ") and len(err.splitlines()) == 1
    assert problem in err


EXPORTS = ["json", "jsonl", "yaml", "csv", "claimreview"]


@pytest.mark.parametrize("fmt", [*EXPORTS, "report"])
def test_every_export_and_the_report_carry_the_head_verify_checks(
    cli, published, engine_of, tmp_path, fmt, monkeypatch
):
    db, head = published
    monkeypatch.setenv("LEDGER_ORGANISATION", "Verify Desk")
    monkeypatch.setenv("LEDGER_BASE_URL", "https://example.org/checks")
    path = tmp_path / f"published.{'html' if fmt == 'report' else fmt}"
    if fmt == "report":
        assert cli(db, "report", "-o", str(path))[0] == 0
    else:
        assert cli(db, "export", "--format", fmt, "-o", str(path))[0] == 0
    assert head.split(":")[1] in path.read_text(encoding="utf-8")
    code, out, err = cli(db, "verify", "--against", str(path))
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == f"ok: the journal extends the published head {head}"
    _rewrite_claim(engine_of(db))
    rechain(engine_of(db))
    code, _, err = cli(db, "verify", "--against", str(path))
    assert code == 1
    assert f"… of {path}: the journal was rewritten since that head was published" in err


def test_an_anchor_that_cannot_be_read_is_one_clear_error(cli, seeded_db, tmp_path):
    code, out, err = cli(seeded_db, "verify", "--expect", "12:abc")
    assert (code, out) == (2, "")
    assert err.startswith("error: --expect: expected SEQ:HASH as `ledger head` prints it")
    stray = tmp_path / "notes.txt"
    stray.write_text("nothing here\n", encoding="utf-8")
    code, _, err = cli(seeded_db, "verify", "--against", str(stray))
    assert code == 2
    assert err == (
        f"error: {stray}: no ledger head found: it is not an export, a report or a"
        " `ledger head` output\n"
    )


# --- signed checkpoints -----------------------------------------------------------------------


def test_a_signed_checkpoint_verifies_offline_and_anchors_the_ledger(
    cli, published, engine_of, tmp_path
):
    db, head = published
    key, public, other = tmp_path / "desk.key", tmp_path / "desk.pub", tmp_path / "other.pub"
    code, out, _ = cli(db, "checkpoint", "keygen", "--key", str(key), "--public", str(public))
    assert code == 0 and out.startswith("key ")
    assert key.stat().st_mode & 0o777 == 0o600
    cli(db, "checkpoint", "keygen", "--key", str(tmp_path / "o.key"), "--public", str(other))
    signed = tmp_path / "checkpoint.txt"
    sign = ("checkpoint", "sign", "--key", str(key), "--origin", "checks.example.org")
    assert cli(db, *sign, "-o", str(signed))[0] == 0
    lines = signed.read_text(encoding="utf-8").splitlines()
    assert lines[:3] == ["ledger checkpoint v1", "checks.example.org", head]
    assert lines[4] == "" and lines[5].startswith(f"— {out.split()[1].rstrip(':')} ")

    code, out, err = cli("unused.db", "checkpoint", "verify", str(signed), "--public", str(public))
    assert (code, err) == (0, "")  # offline: no ledger is opened
    assert out.startswith(f"ok: checks.example.org at head {head}, ")
    code, _, err = cli(db, "checkpoint", "verify", str(signed), "--public", str(other))
    assert code == 1 and "was signed with key" in err
    assert cli(db, "verify", "--against", str(signed))[0] == 0

    forged = tmp_path / "forged.txt"
    other_head = ("1" if head[0] != "1" else "2") + head[1:]  # never the head itself
    forged.write_text(signed.read_text(encoding="utf-8").replace(head, other_head), "utf-8")
    code, out, err = cli(db, "checkpoint", "verify", str(forged), "--public", str(public))
    assert (code, out) == (1, "")
    assert err == f"error: {forged} does not match its signature: it was altered\n"

    _rewrite_claim(engine_of(db))
    rechain(engine_of(db))
    code, _, err = cli(db, "verify", "--against", str(signed))
    assert code == 1 and "was rewritten since that head was published" in err


def test_keygen_never_overwrites_a_signing_key(cli, seeded_db, tmp_path):
    key, public = tmp_path / "desk.key", tmp_path / "desk.pub"
    keygen = ("checkpoint", "keygen", "--key", str(key), "--public", str(public))
    assert cli(seeded_db, *keygen)[0] == 0
    before = key.read_bytes()
    code, _, err = cli(seeded_db, *keygen)
    assert (code, key.read_bytes()) == (2, before)
    assert err == f"error: {key} exists already: a signing key is never overwritten\n"
    code, _, err = cli(seeded_db, "checkpoint", "sign", "--key", str(public), "--origin", "x")
    assert (code, err) == (2, f"error: {public} is not an unencrypted PEM private key\n")


# --- order that cannot be forged ----------------------------------------------------------------


FUTURE = "2099-01-01T00:00:00Z"


def test_the_current_verdict_is_the_last_recorded_not_the_latest_dated(cli, seeded_db, tmp_path):
    document = tmp_path / "verdicts.json"
    document.write_text(
        json.dumps(
            {
                "format": "ledger/1",
                "verdicts": [{"claim": CLAIM, "rating": "true", "by": "mallory", "at": FUTURE}],
            }
        ),
        encoding="utf-8",
    )
    assert cli(seeded_db, "import", str(document))[0] == 0
    assert cli(seeded_db, "verdict", CLAIM, "false")[0] == 0
    _, out, _ = cli(seeded_db, "verdicts", CLAIM, "--json")
    ratings = [(v["rating"], v["by"]) for v in json.loads(out)["verdicts"]]
    assert ratings == [("false", "tester"), ("true", "mallory")]


def test_entry_times_never_go_back_and_come_from_the_server(seeded_db, engine_of, monkeypatch):
    import datetime as dt

    from ledger.record import verdicts

    engine = engine_of(seeded_db)
    with Session(engine) as session:
        newest = session.get(JournalEntry, journal.head(session).seq).at
    monkeypatch.setattr(journal, "now", lambda: dt.datetime(2001, 1, 1, tzinfo=dt.UTC))
    with journal.writing(engine, "checker") as session:
        verdicts.record(session, CLAIM, "false")
    with Session(engine) as session:
        logged = session.get(JournalEntry, journal.head(session).seq).at
    assert logged >= newest  # a clock that went back is held at the newest entry's time
    if engine.dialect.name == "postgresql":
        assert logged > newest  # the server's clock, not this machine's


def test_imported_authors_and_times_are_shown_as_imported(cli, seeded_db, tmp_path):
    document = tmp_path / "imported.json"
    claim = {
        "id": "imported-claim",
        "text": "An imported claim.",
        "claimant": "syrian-arab-army",
        "source": "menafn",
        "logged_by": "elsewhere",
        "logged_at": "2020-05-01T10:00:00Z",
        "retracted_at": "2020-05-02T10:00:00Z",
        "retracted_by": "elsewhere",
        "retracted_reason": "withdrawn at the source",
    }
    verdict = {"claim": CLAIM, "rating": "true", "by": "mallory", "at": FUTURE}
    content = {"format": "ledger/1", "claims": [claim], "verdicts": [verdict]}
    document.write_text(json.dumps(content), encoding="utf-8")
    assert cli(seeded_db, "import", str(document))[0] == 0
    assert cli(seeded_db, "verdict", CLAIM, "false")[0] == 0

    _, out, _ = cli(seeded_db, "show", "imported-claim")
    (logged,) = [line for line in out.splitlines() if line.strip().startswith("logged")]
    assert logged.split(None, 1)[1].startswith(
        "by elsewhere at 2020-05-01 10:00 UTC (imported; recorded by tester at "
    )
    (retracted,) = [line for line in out.splitlines() if line.strip().startswith("retracted")]
    assert "by elsewhere: withdrawn at the source (imported; recorded by tester" in retracted

    _, out, _ = cli(seeded_db, "verdicts", CLAIM)
    lines = out.splitlines()
    assert lines[0].endswith("false        tester  (current)")
    assert lines[1].startswith("2099-01-01 00:00  true         mallory  (superseded; imported;")
    _, out, _ = cli(seeded_db, "verdicts", CLAIM, "--json")
    shown = json.loads(out)["verdicts"]
    assert [(v["by"], v["imported"], v["recorded_by"]) for v in shown] == [
        ("tester", False, "tester"),
        ("mallory", True, "tester"),
    ]
    page = tmp_path / "report.html"
    assert cli(seeded_db, "report", "-o", str(page), "--dispute", "D1")[0] == 0
    html = page.read_text(encoding="utf-8")
    assert "— mallory, " in html and "(imported; recorded by tester at " in html


def test_an_imported_resolution_is_shown_as_imported(cli, seeded_db, tmp_path):
    record = {
        "anchor": [OTHER, CLAIM],
        "status": "resolved",
        "side": CLAIM,
        "note": "Settled elsewhere.",
        "resolved_by": "elsewhere",
        "resolved_at": "2020-01-01T00:00:00Z",
    }
    document = tmp_path / "disputes.json"
    document.write_text(json.dumps({"format": "ledger/1", "disputes": [record]}), "utf-8")
    assert cli(seeded_db, "import", str(document))[0] == 0
    _, out, _ = cli(seeded_db, "dispute", "show", "D1")
    assert "by elsewhere at 2020-01-01 00:00 (imported; recorded by tester at " in out
    _, out, _ = cli(seeded_db, "dispute", "show", "D1", "--json")
    resolution = json.loads(out)["resolution"]
    assert (resolution["by"], resolution["imported"], resolution["recorded_by"]) == (
        "elsewhere",
        True,
        "tester",
    )
    page = tmp_path / "report.html"
    assert cli(seeded_db, "report", "-o", str(page), "--dispute", "D1")[0] == 0
    assert "(imported; recorded by tester at " in page.read_text(encoding="utf-8")
    assert cli(seeded_db, "verify")[0] == 0
