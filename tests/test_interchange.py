"""Import and export: every format gives the ledger back, and a bad file changes nothing.

A round trip exports a ledger, imports the export into a fresh ledger (`ledger init` and nothing
else), and exports that: the two exports are byte-identical, apart from the `exported_from`
header, which names the journal head each was read at.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import _fresh
from sqlalchemy import func, select, text
from sqlmodel import Session

from ledger import interchange
from ledger.analysis import resolutions
from ledger.formats import importer
from ledger.record import actors, claims, verdicts
from ledger.store import journal
from ledger.store.models import (
    Actor,
    Claim,
    ClaimPlace,
    Dispute,
    JournalEntry,
    Link,
    Place,
    Source,
    Verdict,
)

FORMATS = ("json", "jsonl", "yaml", "csv", "claimreview")
MIXED = 'قال "الجيش" 🚀 — it\'s said, in Aleppo;\nsecond line, with "quotes"'
REVIEWS = ("--organisation", "Verify Desk", "--base-url", "https://example.org/checks")


@pytest.fixture
def fresh_db(templates, backend, tmp_path):  # type: ignore[no-untyped-def]
    """A second ledger as `ledger init` leaves it, to import exports into."""
    folder = tmp_path / "fresh"
    folder.mkdir()
    yield from _fresh(templates, backend, False, folder)


def state(engine) -> dict:  # type: ignore[no-untyped-def]
    """Count every table an import writes, and name the journal head."""
    with Session(engine) as session:
        found = {
            model.__name__: session.execute(select(func.count()).select_from(model)).scalar()
            for model in (Place, Actor, Source, Claim, ClaimPlace, Link, Verdict, Dispute)
        }
        found["head"] = journal.head(session).hash
    return found


def without_header(text: str) -> str:
    """Drop the ledger's head (`exported_from`): the one thing a round trip changes."""
    lines = text.splitlines(keepends=True)
    kept = "".join(line for line in lines if "head_seq" not in line and "head_hash" not in line)
    return re.sub(r"ledger head \d+:[0-9a-f]{64}", "ledger head", kept)


def export(cli, db: str, fmt: str) -> str:  # type: ignore[no-untyped-def]
    code, out, err = cli(db, "export", "--format", fmt, *(REVIEWS if fmt == "claimreview" else ()))
    assert (code, err) == (0, ""), err
    return out


def round_trip(cli, source_db: str, target_db: str, fmt: str, tmp_path: Path) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    first = export(cli, source_db, fmt)
    path = tmp_path / f"export.{fmt}"
    path.write_text(first, encoding="utf-8")
    code, _, err = cli(
        target_db, "import", str(path), "--format", fmt, "--create", "--create-places"
    )
    assert code == 0, err
    return first, export(cli, target_db, fmt)


def judge(engine) -> None:  # type: ignore[no-untyped-def]
    """Give the seed ledger verdicts and dispute records, so that every section has records."""
    with journal.writing(engine, "dana") as session:
        verdicts.record(session, "army-denies-hama-pullback", "mostly-false", "Footage from Hama")
        verdicts.record(session, "army-denies-hama-pullback", "false", MIXED)
        verdicts.record(session, "opposition-curfew-aleppo", "unproven")
        resolutions.set_title(session, "D1", "Who holds Hama? «حماة»")
        resolutions.resolve(
            session, "D2", "opposition-captures-aleppo-airport", MIXED, "https://example.org/e"
        )


def build_unicode_ledger(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A small ledger with Arabic, emoji, quotes, newlines and commas in every text field."""
    places = {
        "format": "ledger/1",
        "places": [
            {
                "id": "hay-al-salam",
                "name": "Hay al-Salam, «السلام» 🏘",
                "name_ar": "حي السلام",
                "kind": "neighbourhood",
                "parent": "C1007",
                "aliases": ['"Salam", the quarter', "السلام الجديد"],
            },
            {"id": "C2987", "aliases": ["Ḥamā, city 🕌"]},
        ],
    }
    document = tmp_path / "places.json"
    document.write_text(json.dumps(places, ensure_ascii=False), encoding="utf-8")
    with journal.writing(engine, "محرر 🖊") as session:
        interchange.import_file(session, document)
        actors.add(session, Actor, "Party, «الأول» 🎌", "party", key="party-one")
        actors.add(
            session,
            Actor,
            'الجيش "العربي" السوري',
            "armed-forces",
            key="army",
            aliases=["Army, the 🪖", "جيش سوري"],
            party="party-one",
        )
        actors.add(session, Actor, 'Ṣāliḥ O\'Neil, "witness"', "person", key="witness")
        actors.add(session, Source, "Agence «خبر», Ltd 📰", "news-agency", key="khabar")
        for n, claimant in enumerate(("army", "witness", "army")):
            claims.add_claim(
                session,
                claims.NewClaim(
                    key=f"u{n}",
                    text=f"{MIXED} #{n}",
                    excerpt=f'«{n}», "excerpt"\n🙂',
                    claimant=claimant,
                    source="khabar",
                    url=f"https://example.org/خبر/{n}?a=1,2",
                    published=None if n == 2 else claims.parse_date("2024-12-01"),
                    event_start=claims.parse_date("2024-11-27"),
                    event_end=None if n == 1 else claims.parse_date("2024-11-30"),
                    places=["hay-al-salam", "C2987"] if n else ["SY05"],
                ),
            )
        claims.add_link(session, "u0", "contradicts", "u1", MIXED)
        claims.add_link(session, "u1", "corroborates", "u2", None)
        verdicts.record(session, "u0", "mostly-true", MIXED)
        verdicts.record(session, "u1", "false")
        resolutions.set_title(session, "D1", "«عنوان», title 🚩")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_seed_ledger_survives_a_round_trip(fmt, cli, seeded_db, fresh_db, engine_of, tmp_path):  # type: ignore[no-untyped-def]
    judge(engine_of(seeded_db))
    first, second = round_trip(cli, seeded_db, fresh_db, fmt, tmp_path)
    assert without_header(second) == without_header(first)
    again = state(engine_of(fresh_db))
    path = tmp_path / f"export.{fmt}"
    code, out, _ = cli(fresh_db, "import", str(path), "--format", fmt, "--create")
    assert (code, out) == (0, f"{path}: added nothing; {out.split('; ')[1]}")
    assert state(engine_of(fresh_db)) == again


@pytest.mark.parametrize("fmt", FORMATS)
def test_unicode_in_every_field_survives_a_round_trip(
    fmt, cli, ledger_db, fresh_db, engine_of, tmp_path
):  # type: ignore[no-untyped-def]
    build_unicode_ledger(engine_of(ledger_db), tmp_path)
    first, second = round_trip(cli, ledger_db, fresh_db, fmt, tmp_path)
    assert without_header(second) == without_header(first)
    assert "🚀" in first and "«" in first


def test_a_ledger_export_keeps_everything_the_document_format_holds(
    cli, ledger_db, fresh_db, engine_of, tmp_path
):  # type: ignore[no-untyped-def]
    build_unicode_ledger(engine_of(ledger_db), tmp_path)
    document = json.loads(export(cli, ledger_db, "json"))
    places = {p["id"]: p for p in document["places"]}
    assert places["C2987"] == {"id": "C2987", "aliases": ["Ḥamā, city 🕌"]}
    assert places["hay-al-salam"]["parent"] == "C1007"
    assert set(places) == {"hay-al-salam", "C2987"}  # the gazetteer's own places stay out
    assert [a["id"] for a in document["actors"]] == ["party-one", "witness", "army"]
    claim = document["claims"][1]
    assert claim["text"] == f"{MIXED} #1"
    assert claim["event_end"] is None  # open-ended, not a one-day event
    assert claim["logged_by"] == "محرر 🖊"
    assert document["links"][0] == {
        "claim": "u0",
        "relation": "contradicts",
        "other": "u1",
        "note": MIXED,
        "by": "محرر 🖊",
        "at": claim["logged_at"],
    }
    assert document["disputes"] == [
        {
            "anchor": ["u0", "u1"],
            "claims": ["u0", "u1", "u2"],
            "title": "«عنوان», title 🚩",
            "status": "open",
        }
    ]
    with Session(engine_of(ledger_db)) as session:
        head = journal.head(session)
    assert document["exported_from"] == {"head_seq": head.seq, "head_hash": head.hash}


def test_an_import_keeps_who_logged_each_claim_and_when(
    cli, seeded_db, fresh_db, engine_of, tmp_path
):  # type: ignore[no-untyped-def]
    from ledger.audit import verify

    round_trip(cli, seeded_db, fresh_db, "jsonl", tmp_path)
    with Session(engine_of(fresh_db)) as session:
        claim = claims.get(session, "army-denies-hama-pullback")
        assert claim.logged_by == "test-setup"
    assert verify.check_ledger(engine_of(fresh_db)).problem is None


STORED_TIMES = text("SELECT key, CAST(logged_at AS TEXT) FROM claim")


def test_an_import_logs_canonical_payloads_and_stores_times_as_the_orm_does(
    cli, seeded_db, fresh_db, engine_of, tmp_path
):  # type: ignore[no-untyped-def]
    round_trip(cli, seeded_db, fresh_db, "jsonl", tmp_path)
    with Session(engine_of(fresh_db)) as session:
        payloads = session.execute(select(JournalEntry.payload)).scalars().all()
        assert payloads and all(p == journal.canonical(json.loads(p)) for p in payloads)
        imported = dict(session.execute(STORED_TIMES).all())
    with Session(engine_of(seeded_db)) as session:
        logged = dict(session.execute(STORED_TIMES).all())
    assert imported == logged
    if engine_of(fresh_db).dialect.name == "sqlite":  # the text SQLAlchemy writes, no offset
        orm_text = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")
        assert all(orm_text.fullmatch(stored) for stored in imported.values())


def test_jsonl_has_a_header_line_then_one_typed_record_per_line(cli, seeded_db):  # type: ignore[no-untyped-def]
    lines = export(cli, seeded_db, "jsonl").splitlines()
    header = json.loads(lines[0])
    assert header["type"] == "header" and header["format"] == "ledger/1"
    assert set(header["exported_from"]) == {"head_seq", "head_hash"}
    types = [json.loads(line)["type"] for line in lines[1:]]
    assert types == sorted(types, key=["place", "actor", "source", "claim", "link"].index)
    assert types.count("claim") == 28


def test_records_split_across_batches_import_the_same(
    cli, seeded_db, fresh_db, engine_of, tmp_path, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(importer, "BATCH", 3)
    first, second = round_trip(cli, seeded_db, fresh_db, "jsonl", tmp_path)
    assert without_header(second) == without_header(first)


def test_export_to_a_file_and_stderr_stays_quiet_off_a_terminal(cli, seeded_db, tmp_path):  # type: ignore[no-untyped-def]
    target = tmp_path / "out.json"
    code, out, err = cli(seeded_db, "export", "-o", str(target))
    assert (code, out, err) == (0, "", f"exported json to {target}\n")
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "ledger/1"
    assert list(tmp_path.glob(".*.tmp")) == []


# --- bad input: one clear line, exit 2, and the ledger unchanged ------------------------------


def seed_claim_lines(cli, db: str, fmt: str) -> list[str]:  # type: ignore[no-untyped-def]
    return export(cli, db, fmt).splitlines(keepends=True)


def broken_files(cli, db: str, tmp_path: Path) -> dict[str, tuple[Path, str]]:  # type: ignore[no-untyped-def]
    """Malformed files of every format, each with the error it must give."""
    cases: dict[str, tuple[Path, str]] = {}

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    document = export(cli, db, "json").splitlines(keepends=True)
    at = next(i for i, x in enumerate(document) if '"text": "' in x)
    column = document[at].index('"text": "') + len('"text": ') + 1
    path = write("truncated.json", "".join(document[:at]) + document[at][: column + 10])
    cases["truncated json"] = (
        path,
        f"{path}, line {at + 1}: invalid JSON: Unterminated string starting at column {column}",
    )
    jsonl = seed_claim_lines(cli, db, "jsonl")
    at = next(i for i, x in enumerate(jsonl) if '"type": "claim"' in x) + 3
    column = jsonl[at].index('"text": "') + len('"text": ') + 1
    path = write("truncated.jsonl", "".join(jsonl[:at]) + jsonl[at][: column + 10])
    cases["truncated jsonl"] = (
        path,
        f"{path}, line {at + 1}: invalid JSON: Unterminated string starting at column {column}",
    )
    first_bad = next(i for i, x in enumerate(jsonl) if '"published": "2024-12-01"' in x)
    bad = list(jsonl)
    bad[first_bad] = bad[first_bad].replace(
        '"published": "2024-12-01"', '"published": "2024-13-01"'
    )
    path = write("bad-date.jsonl", "".join(bad))
    cases["bad date jsonl"] = (
        path,
        f"{path}, line {first_bad + 1}: invalid published '2024-13-01': expected YYYY, YYYY-MM,"
        " YYYY-MM-DD, 'March 2024', '12 March 2024' or a range A..B",
    )
    link = '{"type": "link", "claim": "no-such-claim", "relation": "contradicts", "other": "x"}\n'
    path = write("unknown-claim.jsonl", "".join(jsonl) + link)
    cases["unknown claim jsonl"] = (
        path,
        f"{path}, line {len(jsonl) + 1}: no claim 'no-such-claim'",
    )
    claim = next(x for x in jsonl if '"type": "claim"' in x)
    path = write("duplicate.jsonl", "".join(jsonl) + claim)
    key = json.loads(claim)["id"]
    cases["duplicate jsonl"] = (
        path,
        f"{path}, line {len(jsonl) + 1}: duplicate: claim id {key!r} is earlier in this import",
    )
    rows = seed_claim_lines(cli, db, "csv")
    header = rows[0].replace("text", "words", 1)
    path = write("header.csv", header + "".join(rows[1:]))
    cases["wrong csv header"] = (
        path,
        f"{path}, line 1: no column for the claim's text (text, claim or statement);"
        f" the header is {', '.join(header.strip().split(','))}",
    )
    path = write("bad-date.csv", rows[0] + rows[1].replace("2024-12-01", "01/12/2024", 1))
    cases["bad date csv"] = (
        path,
        f"{path}, line 2, column published: ambiguous published '01/12/2024':"
        " 1 December or January 12; pass --date-order dmy or mdy",
    )
    path = write("duplicate.csv", rows[0] + rows[1] + rows[1])
    cases["duplicate csv"] = (
        path,
        f"{path}, line 3: duplicate claim id {rows[1].split(',')[0]!r} (first at {path}, line 2)",
    )
    return cases


BROKEN = [
    "truncated json",
    "truncated jsonl",
    "bad date jsonl",
    "unknown claim jsonl",
    "duplicate jsonl",
    "wrong csv header",
    "bad date csv",
    "duplicate csv",
]


@pytest.mark.parametrize("case", BROKEN)
def test_a_malformed_file_gives_one_clear_error_and_changes_nothing(
    case, cli, seeded_db, fresh_db, engine_of, tmp_path
):  # type: ignore[no-untyped-def]
    path, message = broken_files(cli, seeded_db, tmp_path)[case]
    before = state(engine_of(fresh_db))
    code, out, err = cli(fresh_db, "import", str(path), "--create", "--create-places")
    assert (code, out, err) == (2, "", f"error: {message}\n")
    assert state(engine_of(fresh_db)) == before


def test_a_claim_whose_id_is_taken_by_other_content_is_refused(cli, seeded_db, tmp_path):  # type: ignore[no-untyped-def]
    lines = seed_claim_lines(cli, seeded_db, "jsonl")
    at = next(i for i, x in enumerate(lines) if '"type": "claim"' in x)
    record = json.loads(lines[at])
    record["text"] = "Something else entirely."
    path = tmp_path / "changed.jsonl"
    path.write_text(lines[0] + json.dumps(record) + "\n", encoding="utf-8")
    code, _, err = cli(seeded_db, "import", str(path))
    assert code == 2
    assert err == (
        f"error: {path}, line 2: claim {record['id']!r} already exists with other content:"
        " change it with `ledger claim edit`, or give this one another id\n"
    )


def test_a_file_without_a_known_extension_needs_a_format(cli, ledger_db, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "claims.txt"
    path.write_text("", encoding="utf-8")
    code, _, err = cli(ledger_db, "import", str(path))
    assert (code, err) == (
        2,
        f"error: {path}: cannot tell the format from the extension; pass --format"
        " (yaml, json, jsonl, csv, claimreview)\n",
    )
