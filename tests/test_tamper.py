"""An insider with raw SQL access changes one table: `ledger verify` names the row, per table.

Every table a report or an export reads is covered: places and their hierarchy and names, actors
and their parties and aliases, sources and their aliases, claims and their places, links,
verdicts (and their order), and the records of disputed points (title, resolution, claims).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import _fresh
from sqlalchemy import text

from ledger.audit import replayers

CLAIM = "army-denies-hama-pullback"
AIRPORT = "opposition-captures-aleppo-airport"


def raw_sql(engine, *statements: str) -> None:  # type: ignore[no-untyped-def]
    """Change the database directly, as someone bypassing the ledger would."""
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def place(key: str) -> str:
    return f"(SELECT id FROM place WHERE key = '{key}')"


CLAIM_ID = f"(SELECT id FROM claim WHERE key = '{CLAIM}')"
D1 = "(SELECT id FROM dispute WHERE anchor_link_id = 1)"

ATTACKS = {
    "place renamed": (
        ["UPDATE place SET name = 'Hamah town' WHERE key = 'C2987'"],
        "place 'C2987' differs from the journal: name is 'Hamah town', the journal says 'Hama'",
    ),
    "place moved under another": (
        [f"UPDATE place SET parent_id = {place('SY07')} WHERE key = 'C1007'"],
        "place 'C1007' differs from the journal: parent is 'SY07', the journal says 'SY020000'",
    ),
    "place hierarchy closure moved": (
        [
            f"UPDATE place_ancestor SET ancestor_id = {place('SY07')}"
            f" WHERE place_id = {place('C1007')} AND ancestor_id = {place('SY02')}"
        ],
        "place 'C1007' is not listed within 'SY02' (depth 3) though its parents say so",
    ),
    "place name planted": (
        [
            "INSERT INTO place_name (place_id, norm, name)"
            " SELECT id, 'hamaa', 'Hamaa' FROM place WHERE key = 'C1007'"
        ],
        "place 'C1007' differs from the journal: names is [",
    ),
    "place's transliteration key changed": (
        [f"UPDATE place_name SET key = 'hms' WHERE place_id = {place('C2987')} AND norm = 'hama'"],
        "place 'C2987' differs from the journal: names is [",
    ),
    "place's population changed": (
        ["UPDATE place SET population = 1 WHERE key = 'C1007'"],
        "place 'C1007' differs from the journal: population is 1,",
    ),
    "gazetteer place planted": (
        ["INSERT INTO place (key, name, kind, level) VALUES ('SY99', 'Nowhere', 'governorate', 1)"],
        "place 'SY99' is in the table but not in the journal",
    ),
    "gazetteer place deleted": (
        [
            f"DELETE FROM place_name WHERE place_id = {place('AQ')}",
            f"DELETE FROM place_ancestor WHERE place_id = {place('AQ')}",
            "DELETE FROM place WHERE key = 'AQ'",
        ],
        "place 'AQ' is in the journal but not in the table: it was deleted",
    ),
    "actor's party removed": (
        ["UPDATE actor SET party_id = NULL WHERE key = 'syrian-ministry-of-defence'"],
        "actor 'syrian-ministry-of-defence' differs from the journal: party is None,"
        " the journal says 'syrian-government'",
    ),
    "actor alias dropped": (
        ["DELETE FROM actor_name WHERE norm = 'saatroops'"],
        "actor 'syrian-arab-army' differs from the journal: names is [",
    ),
    "source regraded": (
        ["UPDATE source SET reliability = 'A' WHERE key = 'menafn'"],
        "source 'menafn' differs from the journal: reliability is 'A', the journal says 'B'",
    ),
    "source alias planted": (
        [
            "INSERT INTO source_name (source_id, norm, name)"
            " SELECT id, 'reuters', 'Reuters' FROM source WHERE key = 'menafn'"
        ],
        "source 'menafn' differs from the journal: names is [",
    ),
    "claim text": (
        [f"UPDATE claim SET text = 'The army left Hama.' WHERE key = '{CLAIM}'"],
        f"claim '{CLAIM}' differs from the journal: text is 'The army left Hama.'",
    ),
    "claim moved to another place": (
        [f"UPDATE claim_place SET place_id = {place('SY07')} WHERE claim_id = {CLAIM_ID}"],
        f"claim '{CLAIM}' differs from the journal: places is ['SY07'], the journal says ['SY05']",
    ),
    "claim appearance planted": (
        [
            f"INSERT INTO claim_appearance (claim_id, position, url) VALUES ({CLAIM_ID}, 2, 'https://x.example/')"
        ],
        f"claim '{CLAIM}' differs from the journal: appearances is [(2, 'https://x.example/')],"
        " the journal says []",
    ),
    "link turned around": (
        ["UPDATE link SET relation = 'corroborates' WHERE id = 1"],
        "link 1 differs from the journal: relation is 'corroborates', the journal says"
        " 'contradicts'",
    ),
    "verdicts reordered": (
        ["UPDATE verdict SET id = id + 1000 WHERE rating = 'mostly-false'"],
        f"the verdicts on '{CLAIM}' are not in the order the journal recorded them: the current"
        " one should be 'false'",
    ),
    "verdict backdated": (
        ["UPDATE verdict SET at = '2099-01-01 00:00:00' WHERE rating = 'false'"],
        f"the verdict 'false' on '{CLAIM}' by checker at 20",
    ),
    "dispute title rewritten": (
        ["UPDATE dispute SET title = 'The army held Hama' WHERE anchor_link_id = 1"],
        "disputed point record 'D1' differs from the journal: title is 'The army held Hama',",
    ),
    "dispute resolution rewritten": (
        ["UPDATE dispute SET note = 'No footage exists' WHERE status = 'resolved'"],
        "disputed point record 'D2' differs from the journal: note is 'No footage exists',",
    ),
    "dispute claims dropped": (
        [f"DELETE FROM dispute_claim WHERE dispute_id = {D1}"],
        "disputed point record 'D1' differs from the journal: claims is [], the journal says [",
    ),
    "dispute record planted": (
        ["INSERT INTO dispute (anchor_link_id, status) VALUES (3, 'open')"],
        "disputed point record 'D3' is in the table but not in the journal",
    ),
}


@pytest.fixture
def busy_db(cli, seeded_db):  # type: ignore[no-untyped-def]
    """The seed ledger after edits, two verdicts, a titled point and a resolved one."""
    steps = [
        ("actor", "edit", "syrian-arab-army", "--alias", "SAA troops"),
        ("source", "edit", "menafn", "--reliability", "B"),
        ("verdict", CLAIM, "mostly-false", "--by", "checker"),
        ("verdict", CLAIM, "false", "--by", "checker"),
        ("dispute", "title", "D1", "Did the army pull back from Hama?"),
        ("dispute", "resolve", "D2", "--side", AIRPORT, "--note", "Geolocated footage"),
    ]
    for step in steps:
        code, _, err = cli(seeded_db, *step)
        assert (code, err) == (0, ""), step
    assert cli(seeded_db, "verify")[0] == 0
    return seeded_db


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_raw_write_to_any_table_is_found(cli, busy_db, engine_of, attack):
    statements, problem = ATTACKS[attack]
    raw_sql(engine_of(busy_db), *statements)
    code, out, err = cli(busy_db, "verify")
    assert (code, out) == (1, "")
    assert err.startswith("error: ") and len(err.splitlines()) == 1
    assert problem in err


@pytest.fixture
def fresh_db(templates, backend, tmp_path):  # type: ignore[no-untyped-def]
    """A second ledger as `ledger init` leaves it, to import exports into."""
    folder = tmp_path / "fresh"
    folder.mkdir()
    yield from _fresh(templates, backend, False, folder)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml"])
def test_an_imported_ledger_verifies_table_by_table(cli, busy_db, fresh_db, tmp_path, fmt):
    path = tmp_path / f"export.{fmt}"
    assert cli(busy_db, "export", "--format", fmt, "-o", str(path))[0] == 0
    code, _, err = cli(fresh_db, "import", str(path), "--create")
    assert (code, err) == (0, "")
    code, out, err = cli(fresh_db, "verify")
    assert (code, err) == (0, ""), err
    assert "1 source, 28 claims, 10 links, 2 verdicts, 2 dispute records)" in out


ACTION = re.compile(r"""record(?:_text)?\(\s*(?:[\w.]+,\s*)?(f?)["']([^"']+)["']""")
TEMPLATES = {  # the actions an f-string in the code can name
    "{command}.add": ["actor.add", "source.add"],
    "{what}.add": ["actor.add", "source.add"],
    "{what}.alias": ["actor.alias", "source.alias"],
    "{command}.edit": ["actor.edit", "source.edit"],
    "dispute.{action}": ["dispute.resolve", "dispute.unresolvable"],
}


def test_every_journal_action_the_code_writes_is_replayed():
    root = Path(__file__).parents[1] / "ledger"
    written = set()
    for path in root.rglob("*.py"):
        for is_template, action in ACTION.findall(path.read_text(encoding="utf-8")):
            if "." not in action:
                continue
            assert not is_template or action in TEMPLATES, f"{path}: add {action} to TEMPLATES"
            written |= set(TEMPLATES[action]) if is_template else {action}
    replayed = set(replayers.replay().by_action)
    assert written <= replayed, f"not replayed: {sorted(written - replayed)}"
    assert {"claim.add", "gazetteer.load", "dispute.track", "actor.edit"} <= written


def test_imported_appearances_are_replayed(cli, seeded_db, tmp_path, engine_of):
    claim = {
        "id": "seen-twice",
        "text": "A claim that appeared in three places.",
        "claimant": "syrian-arab-army",
        "source": "menafn",
        "url": "https://a.example/1",
        "appearances": ["https://b.example/2", "https://c.example/3"],
    }
    document = tmp_path / "appearances.json"
    document.write_text(json.dumps({"format": "ledger/1", "claims": [claim]}), "utf-8")
    assert cli(seeded_db, "import", str(document))[0] == 0
    assert cli(seeded_db, "verify")[0] == 0
    raw_sql(engine_of(seeded_db), "UPDATE claim_appearance SET url = 'https://evil.example/'")
    code, _, err = cli(seeded_db, "verify")
    assert code == 1
    assert "claim 'seen-twice' differs from the journal: appearances is [(2," in err
