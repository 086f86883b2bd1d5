"""Corrections never overwrite: edits make revisions, retract and unlink mark; history shows all."""

from __future__ import annotations

import json
import re

import pytest
from sqlmodel import Session

from ledger.store import journal

CLAIM = "army-denies-hama-pullback"
OTHER = "opposition-hama-incursion"


def stamped(output: str) -> str:
    """Replace the times in history output, which change from run to run."""
    output = re.sub(r"#\d+  \d{4}-\d\d-\d\d \d\d:\d\d UTC", "#N  WHEN", output)
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "WHEN", output)


def head_seq(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return journal.head(session).seq


def test_edit_makes_a_new_revision_and_keeps_the_old_one(cli, seeded_db):
    code, out, err = cli(
        seeded_db,
        "claim",
        "edit",
        CLAIM,
        "--published",
        "2024-12-02",
        "--place",
        "Hama city",
        "--reason",
        "the statement is dated a day later",
        "--by",
        "bob",
    )
    assert (code, out, err) == (0, f"{CLAIM} revision 2\n", "")
    _, shown, _ = cli(seeded_db, "show", CLAIM, "--json")
    assert json.loads(shown)["published"] == "2024-12-02"
    assert [p["id"] for p in json.loads(shown)["places"]] == ["C2987"]
    _, text, _ = cli(seeded_db, "show", CLAIM)
    assert "  corrected  revision 2, " in text
    assert text.split("  corrected  ")[1].splitlines()[0].endswith("by bob; see `ledger history`")
    _, history, _ = cli(seeded_db, "history", CLAIM, "--json")
    revisions = [e for e in json.loads(history)["history"] if e["action"].startswith("claim.")]
    assert [(e["revision"], e["by"], e["changed"]) for e in revisions] == [
        (1, "test-setup", []),
        (2, "bob", ["published", "places"]),
    ]
    first, second = (e["payload"] for e in revisions)
    assert (first["published"], first["places"]) == ("2024-12-01", ["SY05"])
    assert (second["published"], second["places"]) == ("2024-12-02", ["C2987"])
    assert second["reason"] == "the statement is dated a day later"
    assert second["text"] == first["text"], "the new revision carries the full record"


def test_history_lists_revisions_and_link_changes_oldest_first(cli, seeded_db):
    cli(
        seeded_db,
        "claim",
        "edit",
        CLAIM,
        "--text",
        "The army denied leaving Hama.",
        "-r",
        "wording",
    )
    cli(seeded_db, "unlink", OTHER, CLAIM, "--reason", "not about the same day")
    cli(seeded_db, "link", CLAIM, "corroborates", OTHER)
    cli(seeded_db, "claim", "retract", CLAIM, "--reason", "the statement was never made")
    code, out, _ = cli(seeded_db, "history", CLAIM)
    assert code == 0
    lines = stamped(out).splitlines()
    assert lines[0] == "#N  WHEN  test-setup  logged (revision 1)"
    assert lines[2] == f"#N  WHEN  test-setup  linked: contradicts {OTHER}"
    assert lines[4:] == [
        "#N  WHEN  tester  corrected (revision 2): text",
        "    text: The army denied leaving Hama.",
        "    reason: wording",
        f"#N  WHEN  tester  unlinked: contradicts {OTHER}",
        "    reason: not about the same day",
        f"#N  WHEN  tester  linked: corroborates {OTHER}",
        "#N  WHEN  tester  retracted",
        "    reason: the statement was never made",
    ]
    seqs = [int(line.split()[0][1:]) for line in out.splitlines() if line.startswith("#")]
    assert seqs == sorted(seqs)


def test_retracted_claims_stay_and_say_so(cli, seeded_db):
    code, out, _ = cli(
        seeded_db, "claim", "retract", CLAIM, "--reason", "fabricated", "--by", "eve"
    )
    assert (code, out) == (0, f"{CLAIM} retracted\n")
    _, shown, _ = cli(seeded_db, "show", CLAIM, "--json")
    retracted = json.loads(shown)["retracted"]
    assert (retracted["by"], retracted["reason"]) == ("eve", "fabricated")
    _, listed, _ = cli(seeded_db, "place", "Hama", "--json")
    assert CLAIM in [c["id"] for c in json.loads(listed)["claims"]]
    _, text, _ = cli(seeded_db, "place", "Hama")
    assert "  RETRACTED " in text and text.count(": fabricated") == 1


def test_unlink_marks_the_link_and_the_pair_can_be_linked_again(cli, seeded_db):
    code, out, _ = cli(seeded_db, "unlink", CLAIM, OTHER, "--reason", "different days")
    assert (code, out) == (0, f"{CLAIM} no longer contradicts {OTHER}\n")
    _, shown, _ = cli(seeded_db, "show", OTHER, "--json")
    assert CLAIM not in [link["claim"] for link in json.loads(shown)["links"]]
    assert cli(seeded_db, "link", OTHER, "corroborates", CLAIM)[0] == 0
    _, shown, _ = cli(seeded_db, "show", OTHER, "--json")
    assert [(x["relation"], x["claim"]) for x in json.loads(shown)["links"]] == [
        ("corroborates", CLAIM)
    ]


def test_every_write_says_who_made_it(cli, seeded_db, monkeypatch):
    monkeypatch.setenv("LEDGER_USER", "from-environment")
    cli(seeded_db, "claim", "edit", CLAIM, "--excerpt", "quoted words", "-r", "add excerpt")
    cli(seeded_db, "claim", "edit", CLAIM, "--excerpt", "", "--by", "carol", "-r", "not verbatim")
    _, out, _ = cli(seeded_db, "history", CLAIM, "--json")
    edits = [e for e in json.loads(out)["history"] if e["action"] == "claim.edit"]
    assert [(e["by"], e["payload"]["excerpt"]) for e in edits] == [
        ("from-environment", "quoted words"),
        ("carol", None),
    ]


BAD_INPUT = [
    (
        ("claim", "edit", CLAIM),
        f"error: nothing to change in claim '{CLAIM}': give what to correct",
    ),
    (
        ("claim", "edit", CLAIM, "--published", "2024-12-01"),
        f"error: claim '{CLAIM}' already says that: nothing to correct",
    ),
    (("claim", "edit", CLAIM, "--text", "  "), "error: claim text is empty"),
    (
        ("claim", "edit", CLAIM, "--event", "2024-12-05..2024-12-01"),
        f"error: claim '{CLAIM}': event ends (2024-12-01) before it starts (2024-12-05)",
    ),
    (("claim", "edit", "nope", "--text", "x"), "error: no claim 'nope'"),
    (("claim", "edit", CLAIM, "--place", "Qwertzuiop"), "error: no place 'Qwertzuiop'"),
    (("claim", "retract", CLAIM, "--reason", " "), "error: give the reason with --reason"),
    (
        ("unlink", CLAIM, "army-handed-airport-to-sdf", "--reason", "x"),
        f"error: {CLAIM} and army-handed-airport-to-sdf are not linked",
    ),
    (("history", "nope"), "error: no claim 'nope'"),
    (
        ("claim", "retract", CLAIM, "-r", "\x1b]0;owned\x07"),
        "error: --reason contains control characters",
    ),
    (("claim", "retract", CLAIM, "-r", "x", "--by", "eve\x1b[2J"), None),
    (("claim", "retract", CLAIM, "-r", "x", "--by", "a\nb"), None),
    (("claim", "retract", CLAIM, "-r", "x", "--by", "x" * 10_000), None),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT)
def test_bad_corrections_are_one_clear_line_and_write_nothing(
    cli, seeded_db, engine_of, args, message
):
    engine = engine_of(seeded_db)
    before = head_seq(engine)
    code, out, err = cli(seeded_db, *args)
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")
    if message:
        assert err.strip() == message
    assert head_seq(engine) == before


def test_hostile_by_values_are_named(cli, seeded_db):
    _, _, err = cli(seeded_db, "claim", "retract", CLAIM, "-r", "x", "--by", "eve\x07")
    assert err.strip() == "error: --by must be one line without control characters"
    _, _, err = cli(seeded_db, "claim", "retract", CLAIM, "-r", "x", "--by", "x" * 10_000)
    assert err.strip() == "error: --by is 10000 characters long; at most 200"


def test_a_retracted_claim_cannot_be_changed_or_linked(cli, seeded_db, engine_of):
    cli(seeded_db, "claim", "retract", CLAIM, "--reason", "fabricated", "--by", "eve")
    engine = engine_of(seeded_db)
    before = head_seq(engine)
    refused = [
        ("claim", "retract", CLAIM, "--reason", "again"),
        ("claim", "edit", CLAIM, "--text", "new words"),
        ("link", "army-handed-airport-to-sdf", "contradicts", CLAIM),
    ]
    errors = [cli(seeded_db, *args)[1:] for args in refused]
    day = re.search(r"retracted on (\S+) by", errors[0][1])
    assert day, errors[0]
    when = day.group(1)
    assert errors == [
        ("", f"error: claim '{CLAIM}' was already retracted on {when} by eve\n"),
        ("", f"error: claim '{CLAIM}' was retracted on {when} by eve: it cannot be edited\n"),
        ("", f"error: claim '{CLAIM}' was retracted on {when} by eve: it cannot be linked\n"),
    ]
    assert head_seq(engine) == before
    assert cli(seeded_db, "unlink", CLAIM, OTHER, "--reason", "retracted")[0] == 0


def test_an_imported_change_names_its_author_and_who_imported_it(cli, seeded_db, tmp_path):
    retracted = {
        "id": "imported-claim",
        "text": "A claim another newsroom logged and retracted",
        "claimant": "SAA",
        "source": "MENAFN",
        "logged_by": "alice",
        "logged_at": "2024-12-01T09:00:00+02:00",
        "retracted_at": "2024-12-03T12:00:00+00:00",
        "retracted_by": "bob",
        "retracted_reason": "the outlet withdrew it",
    }
    linked = {**retracted, "id": "imported-other", "text": "Another claim of theirs"}
    for field in ("retracted_at", "retracted_by", "retracted_reason"):
        del linked[field]
    link = {"claim": "imported-other", "relation": "contradicts", "other": OTHER}
    document = {
        "format": "ledger/1",
        "claims": [retracted, linked],
        "links": [{**link, "by": "carol", "at": "2024-12-02T08:00:00+00:00"}],
    }
    path = tmp_path / "other-newsroom.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert cli(seeded_db, "import", str(path), "--by", "importer")[0] == 0
    _, first, _ = cli(seeded_db, "history", "imported-claim")
    _, second, _ = cli(seeded_db, "history", "imported-other")
    imported = re.compile(r"recorded by importer at \S+ \S+ UTC \(imported\)")
    assert imported.sub("IMPORTED", re.sub(r"#\d+", "#N", first)).splitlines() == [
        "#N  2024-12-01 07:00 UTC  alice  logged (revision 1)",
        "    text: A claim another newsroom logged and retracted",
        "    IMPORTED",
        "#N  2024-12-03 12:00 UTC  bob  retracted",
        "    reason: the outlet withdrew it",
        "    IMPORTED",
    ]
    assert imported.sub("IMPORTED", re.sub(r"#\d+", "#N", second)).splitlines()[3:] == [
        f"#N  2024-12-02 08:00 UTC  carol  linked: contradicts {OTHER}",
        "    IMPORTED",
    ]
    assert cli(seeded_db, "verify")[0] == 0
