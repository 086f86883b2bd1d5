"""Stable disputed points: keys, titles, resolutions and history through unlinks, merges, splits."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def hama(cli, ledger_db):  # type: ignore[no-untyped-def]
    """Point D1: a 1-2 dispute with 3 backing 1 and 4 denying 3; point D4: 5 against 6."""
    for key in ("c1", "c2", "c3", "c4", "c5", "c6"):
        cli(
            ledger_db,
            "claim",
            "add",
            f"Claim {key}.",
            "-c",
            f"Actor {key}",
            "-s",
            "Wire",
            "--create",
            "--id",
            key,
            "-p",
            "Hama",
        )
    for one, relation, other in [
        ("c1", "contradicts", "c2"),
        ("c3", "corroborates", "c1"),
        ("c4", "contradicts", "c3"),
        ("c5", "contradicts", "c6"),
    ]:
        assert cli(ledger_db, "link", one, relation, other)[0] == 0
    cli(ledger_db, "dispute", "title", "D1", "Who holds Hama?")
    cli(ledger_db, "dispute", "resolve", "D1", "--side", "c1", "--note", "Footage.")
    return ledger_db


def points(cli, db: str) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {p["id"]: p for p in json.loads(cli(db, "disputes", "--json")[1])["disputes"]}


def test_unlinking_a_points_first_contradiction_keeps_its_key_title_and_record(cli, hama):
    assert cli(hama, "unlink", "c1", "c2", "--reason", "other day")[0] == 0
    found = points(cli, hama)
    assert sorted(found) == ["D1", "D4"]
    d1 = found["D1"]
    assert (d1["title"], d1["status"], d1["reopened"]) == ("Who holds Hama?", "open", True)
    assert d1["resolution"]["claim"] == "c1", "the resolution stays visible, reopened"
    assert [p["claims"] for p in d1["positions"]] == [["c1", "c3"], ["c4"]]


def test_a_point_without_a_record_keeps_its_key_when_its_first_link_goes(cli, hama):
    cli(hama, "claim", "add", "Claim c7.", "-c", "Actor c7", "-s", "Wire", "--create", "--id", "c7")
    cli(hama, "link", "c7", "contradicts", "c6")
    cli(hama, "unlink", "c5", "c6", "--reason", "mistake")
    assert sorted(points(cli, hama)) == ["D1", "D4"]
    assert points(cli, hama)["D4"]["positions"][0]["claims"] == ["c6"]


def test_a_merge_keeps_the_younger_points_record_beside_the_older(cli, hama):
    cli(hama, "dispute", "title", "D4", "Who shelled the market?")
    cli(hama, "link", "c5", "corroborates", "c2")
    found = points(cli, hama)
    assert list(found) == ["D1"]
    assert found["D1"]["merged"] == [
        {"id": "D4", "title": "Who shelled the market?", "resolution": None}
    ]
    assert found["D1"]["reopened"] is True, "a merge is a change to the resolved point"
    code, _, err = cli(hama, "dispute", "show", "D4")
    assert (code, err) == (
        2,
        "error: disputed point D4 has been merged into the older D1: use D1\n",
    )
    assert "  merged     D4: Who shelled the market?" in cli(hama, "dispute", "show", "D1")[1]


def test_a_split_gives_each_part_back_its_key_and_the_record_follows_the_larger(cli, hama):
    cli(hama, "dispute", "title", "D4", "Who shelled the market?")
    cli(hama, "link", "c5", "corroborates", "c2")
    cli(hama, "unlink", "c5", "c2", "--reason", "different markets")
    found = points(cli, hama)
    assert [(k, p["title"]) for k, p in found.items()] == [
        ("D1", "Who holds Hama?"),
        ("D4", "Who shelled the market?"),
    ]
    cli(hama, "unlink", "c1", "c2", "--reason", "x")
    cli(hama, "unlink", "c3", "c1", "--reason", "y")  # D1's claims split: c3-c4 and nothing else
    found = points(cli, hama)
    assert found["D1"]["positions"][0]["claims"] == ["c3"], "the record follows c3 and c4"


def test_a_point_whose_links_are_all_gone_says_so_and_keeps_its_history(cli, hama):
    cli(hama, "unlink", "c1", "c2", "--reason", "x")
    cli(hama, "unlink", "c4", "c3", "--reason", "y")
    code, _, err = cli(hama, "dispute", "show", "D1")
    assert code == 2
    assert err.startswith("error: disputed point D1 no longer holds a contradiction")
    history = json.loads(cli(hama, "dispute", "history", "D1", "--json")[1])["history"]
    assert [(e["action"], e["subject"]) for e in history] == [
        ("link.add", "link:1"),
        ("link.add", "link:2"),
        ("link.add", "link:3"),
        ("dispute.track", "D1"),
        ("dispute.title", "D1"),
        ("dispute.resolve", "D1"),
        ("link.remove", "link:1"),
        ("dispute.track", "D1"),
        ("link.remove", "link:3"),
    ]
    lines = cli(hama, "dispute", "history", "D1")[1].splitlines()
    assert lines[4].endswith("  D1  titled 'Who holds Hama?'")


def test_a_points_record_moves_with_the_ledger_after_its_first_link_went(
    cli, hama, templates, backend, tmp_path
):  # type: ignore[no-untyped-def]
    """Export, import into an empty ledger: same key, title and resolution; export again equal."""
    from conftest import _fresh

    assert cli(hama, "unlink", "c1", "c2", "--reason", "other day")[0] == 0
    before = points(cli, hama)
    exported = tmp_path / "archive.json"
    assert cli(hama, "export", "-o", str(exported))[0] == 0
    folder = tmp_path / "moved"
    folder.mkdir()
    moved = _fresh(templates, backend, False, folder)
    target = next(moved)
    try:
        assert cli(target, "import", str(exported))[0] == 0
        after = points(cli, target)
        assert sorted(after) == sorted(before) == ["D1", "D4"]
        for field in ("title", "status", "reopened", "positions"):
            assert after["D1"][field] == before["D1"][field]
        moved_resolution = dict(after["D1"]["resolution"])  # now shown as imported, and by whom
        original = dict(before["D1"]["resolution"])
        assert (moved_resolution.pop("imported"), original.pop("imported")) == (True, False)
        assert moved_resolution.pop("recorded_by") == "tester"
        del moved_resolution["recorded_at"]
        assert moved_resolution == original
        assert cli(target, "verify")[0] == 0
        again = tmp_path / "again.json"
        assert cli(target, "export", "-o", str(again))[0] == 0
        body = [{k: v for k, v in json.loads(p.read_text()).items() if k != "exported_from"}
                for p in (exported, again)]  # fmt: skip
        assert body[0] == body[1]
    finally:
        moved.close()
