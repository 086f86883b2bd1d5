"""Logging claims and links from the command line, and reading them back."""

from __future__ import annotations

import json

import pytest

ADD_HAMA = (
    "claim",
    "add",
    "Opposition forces entered Hama province",
    "--claimant",
    "Syrian armed opposition",
    "--source",
    "MENAFN",
    "--published",
    "2024-12-01",
    "--event",
    "2024-11-30",
    "--place",
    "Hama Governorate",
)


def test_claim_add_prints_an_id_that_show_finds(cli, seeded_db):
    code, out, err = cli(seeded_db, *ADD_HAMA)
    assert (code, err) == (0, "")
    claim_id = out.strip()
    code, out, _ = cli(seeded_db, "show", claim_id, "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["id"] == claim_id
    assert shown["text"] == "Opposition forces entered Hama province"
    assert shown["claimant"] == {
        "id": "syrian-armed-opposition",
        "name": "Syrian armed opposition",
        "kind": "armed-group",
        "party": "syrian-opposition",
    }
    assert shown["source"]["id"] == "menafn"
    assert shown["published"] == "2024-12-01"
    assert shown["event"] == {"start": "2024-11-30", "end": "2024-11-30"}
    assert shown["places"] == [{"id": "SY05", "name": "Hama", "kind": "governorate"}]
    assert shown["logged_by"] == "tester"
    assert shown["links"] == []


def test_a_link_reads_from_both_ends(cli, seeded_db):
    _, out, _ = cli(seeded_db, *ADD_HAMA)
    new_id = out.strip()
    code, out, _ = cli(
        seeded_db,
        "link",
        new_id,
        "contradicts",
        "army-denies-hama-pullback",
        "--note",
        "army denies any pullback",
    )
    assert code == 0
    assert out.strip() == f"{new_id} contradicts army-denies-hama-pullback"
    _, mine, _ = cli(seeded_db, "show", new_id, "--json")
    _, theirs, _ = cli(seeded_db, "show", "army-denies-hama-pullback", "--json")
    assert [(x["relation"], x["claim"], x["note"]) for x in json.loads(mine)["links"]] == [
        ("contradicts", "army-denies-hama-pullback", "army denies any pullback")
    ]
    assert ("contradicts", new_id) in [
        (x["relation"], x["claim"]) for x in json.loads(theirs)["links"]
    ]


def test_show_in_text_lists_source_places_and_links(cli, seeded_db):
    code, out, _ = cli(seeded_db, "show", "opposition-hama-incursion")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "opposition-hama-incursion"
    assert "  source     MENAFN (news-agency) <https://menafn.com/>" in lines
    assert "  places     Syria > Hama" in lines
    assert "    contradicts army-denies-hama-pullback: " in out


def test_claims_by_claimant_resolve_aliases(cli, seeded_db):
    _, by_name, _ = cli(seeded_db, "claims", "--claimant", "Syrian Arab Army", "--json")
    _, by_alias, _ = cli(seeded_db, "claims", "--claimant", "SAA", "--json")
    ids = [c["id"] for c in json.loads(by_name)["claims"]]
    assert ids == [c["id"] for c in json.loads(by_alias)["claims"]]
    assert "army-denies-hama-pullback" in ids
    assert all(c["claimant"]["id"] == "syrian-arab-army" for c in json.loads(by_name)["claims"])


def test_claims_are_ordered_by_event_then_publication(cli, seeded_db):
    _, out, _ = cli(seeded_db, "claims", "--limit", "0", "--json")
    claims = json.loads(out)["claims"]
    keys = [
        (c["event"]["start"] is None, c["event"]["start"] or "", c["published"] or "", c["id"])
        for c in claims
    ]
    assert keys == sorted(keys)
    assert len(claims) == 28


def test_create_flag_adds_an_unknown_claimant_and_source(cli, ledger_db):
    code, out, _ = cli(
        ledger_db,
        "claim",
        "add",
        "Curfew lifted",
        "-c",
        "Aleppo governor",
        "-s",
        "Local radio",
        "--create",
        "-p",
        "Aleppo",
    )
    assert code == 0
    _, shown, _ = cli(ledger_db, "show", out.strip(), "--json")
    assert json.loads(shown)["claimant"]["id"] == "aleppo-governor"


def test_actor_add_with_party_and_alias(cli, ledger_db):
    assert cli(ledger_db, "actor", "add", "Syrian government", "--kind", "party")[0] == 0
    code, out, _ = cli(
        ledger_db,
        "actor",
        "add",
        "Syrian Arab Army",
        "-k",
        "armed-forces",
        "--party",
        "Syrian government",
        "--alias",
        "SAA",
        "--alias",
        "Syrian army",
    )
    assert (code, out.strip()) == (0, "syrian-arab-army")
    assert cli(ledger_db, "source", "add", "MENAFN", "-k", "news-agency")[0] == 0
    code, out, _ = cli(ledger_db, "claim", "add", "x", "-c", "syrian army", "-s", "menafn")
    assert code == 0
    _, shown, _ = cli(ledger_db, "show", out.strip(), "--json")
    assert json.loads(shown)["claimant"]["party"] == "syrian-government"


BAD_INPUT = [
    (("show", "no-such-claim"), "error: no claim 'no-such-claim'"),
    (
        ("link", "opposition-hama-incursion", "contradicts", "nope"),
        "error: no claim 'nope'",
    ),
    (
        ("claim", "add", "x", "-c", "Nobody", "-s", "MENAFN"),
        "error: no claimant 'Nobody': add it with `ledger actor add 'Nobody' --kind ...`"
        " or pass --create",
    ),
    (
        ("claim", "add", "x", "-c", "SAA", "-s", "Daily Nowhere"),
        "error: no source 'Daily Nowhere': add it with `ledger source add 'Daily Nowhere'"
        " --kind ...` or pass --create",
    ),
    (
        ("link", "opposition-hama-incursion", "contradicts", "opposition-hama-incursion"),
        "error: claim 'opposition-hama-incursion' cannot be linked to itself",
    ),
    (
        ("link", "opposition-hama-incursion", "contradicts", "army-denies-hama-pullback"),
        "error: opposition-hama-incursion already contradicts army-denies-hama-pullback",
    ),
    (
        ("link", "army-denies-hama-pullback", "corroborates", "opposition-hama-incursion"),
        "error: army-denies-hama-pullback already contradicts opposition-hama-incursion: a pair"
        " cannot both contradict and corroborate; remove the link first with `ledger unlink`",
    ),
    (
        ("link", "army-denies-hama-pullback", "supports", "opposition-hama-incursion"),
        "error: unknown relation 'supports': use contradicts or corroborates",
    ),
    (
        ("claim", "add", "x", "-c", "SAA", "-s", "MENAFN", "--published", "2024-02-30"),
        "error: invalid --published '2024-02-30': expected YYYY-MM-DD",
    ),
    (
        ("claim", "add", "x", "-c", "SAA", "-s", "MENAFN", "--event", "2024-12-05..2024-12-01"),
        None,
    ),
    (
        ("claim", "add", "x", "-c", "SAA", "-s", "MENAFN", "--id", "army-denies-hama-pullback"),
        "error: claim 'army-denies-hama-pullback' already exists",
    ),
    (
        ("claim", "add", "x", "-c", "SAA", "-s", "MENAFN", "--place", "Qwertzuiop"),
        "error: no place 'Qwertzuiop'",
    ),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(cli, seeded_db, engine_of, args, message):
    from sqlmodel import Session

    from ledger.store.journal import head

    engine = engine_of(seeded_db)
    with Session(engine) as session:
        before = head(session).seq
    code, _, err = cli(seeded_db, *args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("error: ")
    if message:
        assert err.strip() == message
    with Session(engine) as session:
        assert head(session).seq == before


def test_missing_ledger_says_to_run_init(cli, tmp_path):
    missing = tmp_path / "nowhere.db"
    code, _, err = cli(str(missing), "place", "Hama")
    assert code == 2
    assert err.strip() == f"error: no ledger at {missing}: run `ledger init` to create one"
    assert not missing.exists()
