"""Many fact-checkers writing at once lose nothing; a writer killed mid-import leaves no trace."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sqlalchemy import event, func, select
from sqlmodel import Session

from ledger import interchange
from ledger.audit import verify
from ledger.formats import links_in
from ledger.record import claims
from ledger.store import journal
from ledger.store.db import ledger_url, make_engine
from ledger.store.models import Claim, JournalEntry, Link

WRITERS = 8
CLAIMS_EACH = 200
SPAWN = multiprocessing.get_context("spawn")  # each writer a fresh process, like a real user
FIRST_CLAIM = "opposition-hama-incursion"


def write_claims(db: str, writer: int) -> int:
    """Log claims one transaction at a time, linking each to the one before; return how many."""
    engine = make_engine(ledger_url(db))
    by = f"writer-{writer}"
    previous = FIRST_CLAIM
    for number in range(CLAIMS_EACH):
        key = f"w{writer}-{number}"
        new = claims.NewClaim(
            text=f"Report {number} from writer {writer}",
            claimant="SAA",
            source="MENAFN",
            places=["Hama"],
            key=key,
        )
        with journal.writing(engine, by) as session:
            claims.add_claim(session, new)
        with journal.writing(engine, by) as session:
            claims.add_link(session, key, "corroborates", previous)
        previous = key
    engine.dispose()
    return CLAIMS_EACH


def counts(engine) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return (
            session.execute(select(func.count(Claim.id))).scalar_one(),
            session.execute(select(func.count(Link.id))).scalar_one(),
            session.execute(select(func.count(JournalEntry.seq))).scalar_one(),
        )


def test_eight_writers_at_once_lose_nothing(seeded_db, engine_of):
    engine = engine_of(seeded_db)
    claims_before, links_before, entries_before = counts(engine)
    with ProcessPoolExecutor(WRITERS, mp_context=SPAWN) as pool:
        done = list(pool.map(write_claims, [seeded_db] * WRITERS, range(WRITERS)))
    assert done == [CLAIMS_EACH] * WRITERS
    total = WRITERS * CLAIMS_EACH
    assert counts(engine) == (
        claims_before + total,
        links_before + total,
        entries_before + 2 * total,
    )
    with Session(engine) as session:
        per_writer = session.execute(
            select(JournalEntry.by, func.count()).group_by(JournalEntry.by)
        ).all()
        assert {by: n for by, n in per_writer if by.startswith("writer-")} == {
            f"writer-{w}": 2 * CLAIMS_EACH for w in range(WRITERS)
        }
    report = verify.check_ledger(engine)
    assert report.problem is None
    assert report.counts["claims"] == claims_before + total


def big_document(path: Path, size: int) -> Path:
    """Write a ledger document with `size` claims, each linked to the one before."""
    records = [
        {
            "id": f"bulk-{n}",
            "text": f"Bulk report {n}",
            "claimant": "SAA",
            "source": "MENAFN",
            "places": ["Hama", "Idlib"],
            "published": "2024-12-01",
        }
        for n in range(size)
    ]
    links = [
        {"claim": f"bulk-{n}", "relation": "corroborates", "other": f"bulk-{n - 1}"}
        for n in range(1, size)
    ]
    document = {"format": "ledger/1", "claims": records, "links": links}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def import_until_killed(db: str, path: str, halfway) -> None:  # type: ignore[no-untyped-def]
    """Import a document; once its claims are in and its links start, say so and wait."""
    engine = make_engine(ledger_url(db))
    if engine.dialect.name == "sqlite":
        # A tiny page cache makes SQLite spill the unfinished transaction into its WAL file.
        event.listen(engine, "connect", lambda conn, _: conn.execute("PRAGMA cache_size=10"))

    insert_tuples = links_in.insert_tuples

    def _links_start(session, model, columns, rows):  # type: ignore[no-untyped-def]
        # At the links' bulk insert (a COPY on PostgreSQL, which no cursor event sees).
        if model is Link:
            halfway.set()
            time.sleep(600)
        insert_tuples(session, model, columns, rows)

    links_in.insert_tuples = _links_start
    with journal.writing(engine, "importer") as session:
        interchange.import_file(session, Path(path))


def test_a_writer_killed_mid_import_leaves_the_ledger_as_it_was(seeded_db, engine_of, tmp_path):
    engine = engine_of(seeded_db)
    with Session(engine) as session:
        head_before = journal.head(session).hash
    before = counts(engine)
    document = big_document(tmp_path / "big.json", 3000)
    halfway = SPAWN.Event()
    child = SPAWN.Process(target=import_until_killed, args=(seeded_db, str(document), halfway))
    child.start()
    try:
        while child.is_alive() and not halfway.wait(timeout=1):
            pass
        assert halfway.is_set(), "the import ended before it got halfway"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.join(timeout=60)
    assert child.exitcode == -signal.SIGKILL
    assert counts(engine) == before
    with Session(engine) as session:
        assert journal.head(session).hash == head_before
    assert verify.check_ledger(engine).problem is None
    with journal.writing(engine, "next-user") as session:  # the writer lock was released
        interchange.import_file(session, big_document(tmp_path / "small.json", 3))
    assert counts(engine)[0] == before[0] + 3
    assert verify.check_ledger(engine).problem is None
