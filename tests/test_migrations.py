"""Schema changes: every released schema upgrades in place; an out-of-date ledger says what to do.

Each release's schema has a sample ledger below, written the way that release wrote it (raw rows
into the tables as they were then, journal included). A new migration adds its revision to
`SAMPLES` with a sample of its own, and every older sample must still upgrade and verify.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from conftest import pg_database
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection

from ledger.store import journal, schema
from ledger.store.db import SCHEMA_REVISION, describe, ledger_url
from ledger.store.models import SQLModel

AT = dt.datetime(2024, 12, 1, 10, 0, tzinfo=dt.UTC)


def _journal(rows: list[tuple[str, str, dict]]) -> tuple[list[dict], dict]:
    """Chain journal rows (action, subject, payload) as every release has: sha256 over each."""
    entries, previous = [], journal.GENESIS
    for seq, (action, subject, payload) in enumerate(rows, start=1):
        body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        digest = journal.entry_hash(
            previous, seq, AT.isoformat(), "old-version", action, subject, body
        )
        entries.append(
            {
                "seq": seq,
                "at": AT,
                "by": "old-version",
                "action": action,
                "subject": subject,
                "payload": body,
                "prev_hash": previous,
                "hash": digest,
            }
        )
        previous = digest
    return entries, {"id": 1, "seq": len(entries), "hash": previous}


def sample_0001(connection: Connection) -> None:
    """A claimant, a source and a claim, as release 0001 stored them."""
    _sample(connection, with_network=False)


def sample_0002(connection: Connection) -> None:
    """The same, and an outlet of MENAFN's network with a reliability grade, as 0002 stores."""
    _sample(connection, with_network=True)


def sample_0004(connection: Connection) -> None:
    """The same, and a verdict as its organisation published it, as 0004 stores."""
    _sample(connection, with_network=True, published=True)


def sample_0005(connection: Connection) -> None:
    """The same, as 0005 stores it: the claim published in "December 2024", as written."""
    _sample(connection, with_network=True, published=True, written="December 2024")


def _sample(
    connection: Connection, with_network: bool, published: bool = False, written: str = ""
) -> None:
    tables = MetaData()
    tables.reflect(connection)
    rows = {
        "actor": [{"id": 1, "key": "saa", "name": "Syrian Arab Army", "kind": "armed-forces"}],
        "actor_name": [
            {"actor_id": 1, "norm": "syrianarabarmy", "name": "Syrian Arab Army"},
            {"actor_id": 1, "norm": "saa", "name": "SAA"},
        ],
        "source": [{"id": 1, "key": "menafn", "name": "MENAFN", "kind": "news-agency"}],
        "source_name": [{"source_id": 1, "norm": "menafn", "name": "MENAFN"}],
        "claim": [
            {
                "id": 1,
                "key": "old-claim",
                "text": "A claim logged by the first release",
                "claimant_id": 1,
                "source_id": 1,
                "published": dt.date(2024, 12, 1),
                "logged_by": "old-version",
                "logged_at": AT,
                "revision": 1,
            }
        ],
    }
    claim = {
        "id": "old-claim",
        "text": "A claim logged by the first release",
        "excerpt": None,
        "claimant": "saa",
        "source": "menafn",
        "url": None,
        "published": "2024-12-01",
        "event_start": None,
        "event_end": None,
        "places": [],
        "logged_by": "old-version",
        "logged_at": AT.isoformat(),
    }
    if written:
        rows["claim"][0]["published_as"] = claim["published_as"] = written
    actor = {"key": "saa", "name": "Syrian Arab Army", "kind": "armed-forces", "party": None}
    source = {"key": "menafn", "name": "MENAFN", "kind": "news-agency", "url": None}
    entries = [
        ("actor.add", "saa", {**actor, "aliases": ["SAA"]}),
        ("source.add", "menafn", {**source, "aliases": []}),
        ("claim.add", "old-claim", claim),
    ]
    if with_network:  # every row names every column: an executemany takes the first row's
        rows["source"][0] |= {"network_id": None, "reliability": None}
        outlet = {"key": "menafn-copy", "name": "MENAFN copy", "kind": "website", "url": None}
        rows["source"].append({"id": 2, **outlet, "network_id": 1, "reliability": "C"})
        rows["source_name"].append({"source_id": 2, "norm": "menafncopy", "name": "MENAFN copy"})
        extra = {"network": "menafn", "reliability": "C", "aliases": []}
        entries.append(("source.add", "menafn-copy", {**outlet, **extra}))
    if published:
        review = {
            "textual_rating": "Engañoso",
            "organisation": "Chequeado",
            "review_url": "https://chequeado.com/c/1",
            "review_date": "2024-12-02",
        }
        verdict = {"claim_id": 1, "rating": "mostly-false", "by": "Chequeado", "at": AT}
        rows["verdict"] = [{"id": 1, **verdict, **review, "review_date": dt.date(2024, 12, 2)}]
        payload = {"claim": "old-claim", "rating": "mostly-false", "note": None, **review}
        entries.append(("verdict.add", "old-claim", {**payload, "by": "Chequeado"}))
    rows["journal"], head = _journal(entries)
    rows["journal_head"] = [head]
    if not with_network:
        assert head["hash"] == "8c09faa0fec0e153c0350482441151d155551b9f2ac7b849ff389c6fba4dbf55", (
            "the journal's hashing must never change"
        )
    insert_rows(connection, tables, rows)


def insert_rows(connection: Connection, tables: MetaData, rows: dict[str, list[dict]]) -> None:
    """Insert rows with their ids, moving PostgreSQL's id sequences past them as inserts would."""
    for name, values in rows.items():
        connection.execute(tables.tables[name].insert(), values)
        if connection.dialect.name == "postgresql" and "id" in values[0] and name != "journal_head":
            connection.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {name}")
            )


def sample_0003(connection: Connection) -> None:
    """The same as 0002: 0003 keys place names and gives places a population."""
    _sample(connection, with_network=True)


SAMPLES: dict[str, Callable[[Connection], None]] = {
    "0001": sample_0001,
    "0002": sample_0002,
    "0003": sample_0003,
    "0004": sample_0004,
    "0005": sample_0005,
    "0006": sample_0005,  # 0006 only adds an index
    "0007": sample_0005,  # 0007 only indexes the claims' words for search
}


def not_search_index(name: str | None, _type: str, _parent: object) -> bool:
    """The search index is the database engine's own (FTS5 tables, an expression index)."""
    return not (name or "").startswith("claim_search")


@pytest.fixture
def empty_db(backend: str, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """An empty database: no ledger in it yet."""
    if backend == "sqlite":
        yield str(tmp_path / "old.db")
        return
    with pg_database("ledger_migration") as url:
        yield url


def migrate(engine, revision: str) -> None:  # type: ignore[no-untyped-def]
    config = schema.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_this_version_writes_the_newest_schema():
    assert schema.head_revision() == SCHEMA_REVISION


def test_every_migration_has_a_sample_ledger():
    scripts = ScriptDirectory.from_config(schema.alembic_config()).walk_revisions()
    assert [s.revision for s in reversed(list(scripts))] == list(SAMPLES)


def test_the_migrations_build_exactly_the_models(empty_db, engine_of):
    engine = engine_of(empty_db)
    migrate(engine, "head")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": not_search_index})
        assert compare_metadata(context, SQLModel.metadata) == []


@pytest.mark.parametrize("release", list(SAMPLES))
def test_a_ledger_from_a_release_is_upgraded_in_place(cli, empty_db, engine_of, release):
    engine = engine_of(empty_db)
    migrate(engine, release)
    with engine.begin() as connection:
        SAMPLES[release](connection)
    code, out, _ = cli(empty_db, "upgrade")
    assert (code, out) == (0, f"ledger at {describe(ledger_url(empty_db))} is up to date\n")
    code, out, _ = cli(empty_db, "show", "old-claim", "--json")
    assert code == 0
    shown = json.loads(out)
    assert (shown["text"], shown["claimant"]["id"], shown["published"]) == (
        "A claim logged by the first release",
        "saa",
        "2024-12-01",
    )
    assert cli(empty_db, "verify")[0] == 0
    code, out, _ = cli(empty_db, "claim", "add", "A new claim", "-c", "SAA", "-s", "MENAFN")
    assert code == 0
    assert cli(empty_db, "link", out.strip(), "contradicts", "old-claim")[0] == 0
    assert cli(empty_db, "claim", "edit", "old-claim", "--url", "https://example.org/a")[0] == 0
    assert cli(empty_db, "verify")[0] == 0
    code, out, _ = cli(empty_db, "search", "first release", "--json")
    assert [c["id"] for c in json.loads(out)["claims"]] == ["old-claim"]


def test_upgrading_keys_the_place_names_a_ledger_has(cli, empty_db, engine_of):
    engine = engine_of(empty_db)
    migrate(engine, "0002")
    with engine.begin() as connection:
        tables = MetaData()
        tables.reflect(connection)
        place = {"id": 1, "key": "SY", "name": "Syria", "kind": "country", "level": 0}
        town = {"id": 2, "key": "C1", "name": "Quamishli", "kind": "community", "level": 1}
        insert_rows(connection, tables, {"place": [place, {**town, "parent_id": 1}]})
        names = [(1, "syria", "Syria"), (2, "quamishli", "Quamishli"), (2, "c1", "C1")]
        rows = [{"place_id": p, "norm": n, "name": name} for p, n, name in names]
        ancestors = [(1, 1, 0), (2, 2, 0), (1, 2, 1)]
        closure = [{"ancestor_id": a, "place_id": p, "depth": d} for a, p, d in ancestors]
        insert_rows(connection, tables, {"place_name": rows, "place_ancestor": closure})
    assert cli(empty_db, "upgrade")[0] == 0
    code, out, _ = cli(empty_db, "place", "Qamishli", "--json")
    assert code == 0
    assert json.loads(out)["match"] == {
        "query": "Qamishli",
        "id": "C1",
        "method": "transliteration",
        "matched": "Quamishli",
    }


def set_revision(engine, revision: str | None) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        if revision is None:
            connection.execute(text("DROP TABLE alembic_version"))
        else:
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})


OUT_OF_DATE = [
    ("0000", "the ledger at {where} has an older schema: run `ledger upgrade`"),
    (None, "{where} is not a ledger yet: run `ledger init`"),
    ("9999", "the ledger at {where} was made by a newer ledger: upgrade ledger itself"),
]


@pytest.mark.parametrize(("revision", "message"), OUT_OF_DATE)
def test_a_ledger_of_another_schema_says_what_to_run(cli, ledger_db, engine_of, revision, message):
    set_revision(engine_of(ledger_db), revision)
    for command_line in (("show", "x"), ("claim", "retract", "x", "-r", "y"), ("verify",)):
        code, out, err = cli(ledger_db, *command_line)
        assert (code, out) == (2, "")
        assert err == f"error: {message.format(where=describe(ledger_url(ledger_db)))}\n"


def test_upgrade_refuses_a_schema_newer_than_it_knows(cli, ledger_db, engine_of):
    set_revision(engine_of(ledger_db), "9999")
    code, _, err = cli(ledger_db, "upgrade")
    assert (code, err) == (
        2,
        "error: the ledger's schema (revision 9999) is newer than this version of ledger knows:"
        " upgrade ledger itself\n",
    )
