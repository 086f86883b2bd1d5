"""Disputed points: sides by structural balance, inconsistent cycles, independence, status,
the dispute lifecycle and verdicts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select, update
from sqlmodel import Session

from ledger.analysis import disputes
from ledger.analysis.disputes import Edge
from ledger.record import actors, claims
from ledger.record.claims import NewClaim
from ledger.report import dossier
from ledger.store import journal
from ledger.store.models import Actor, Claim, Dispute, JournalEntry, Link, Source

AT = dt.datetime(2024, 12, 1, tzinfo=dt.UTC)


def edge(number: int, a: int, relation: str, b: int) -> Edge:
    return Edge(number, min(a, b), max(a, b), relation, None, "tester", AT)


def points_of(*edges: Edge) -> list[disputes.Point]:
    return disputes.find_points(disputes.Graph(edges))


# --- the graph alone ------------------------------------------------------------------------


def test_contradicting_claims_stand_on_opposite_sides_and_corroborating_on_the_same():
    (point,) = points_of(
        edge(1, 1, "contradicts", 2),
        edge(2, 1, "corroborates", 3),
        edge(3, 2, "corroborates", 4),
        edge(4, 3, "contradicts", 4),
    )
    assert point.key == "D1"
    assert point.positions.consistent
    assert {c: point.side_of(c) for c in point.claims} == {1: "A", 2: "B", 3: "A", 4: "B"}


def test_a_component_of_a_large_chain_is_keyed_by_its_oldest_contradiction():
    size = 5_000
    edges = [edge(i, i, "corroborates" if i % 3 else "contradicts", i + 1) for i in range(1, size)]
    (point,) = points_of(*edges)
    assert point.key == "D3"
    assert len(point.claims) == size
    assert point.positions.consistent
    assert len(point.positions.members) == 1 + sum(1 for i in range(1, size) if i % 3 == 0)


def test_point_ids_parse_and_refuse_other_text():
    assert disputes.parse_key("D12") == 12
    assert disputes.parse_key("d7") == 7
    with pytest.raises(Exception, match="not a disputed point id"):
        disputes.parse_key("12")


@pytest.mark.parametrize("key", ["D12", "d7"])
def test_a_claim_id_cannot_read_as_a_point_id(cli, ledger_db, key):
    code, _, err = cli(
        ledger_db, "claim", "add", "x", "-c", "A", "-s", "B", "--create", "--id", key
    )
    assert (code, err) == (
        2,
        f"error: claim id {key!r} reads as a disputed point's id (D12): choose another\n",
    )


# --- the seed ledger ------------------------------------------------------------------------


def test_the_seed_has_the_hama_and_airport_disputes_with_their_two_sides(cli, seeded_db):
    code, out, _ = cli(seeded_db, "disputes", "--json")
    assert code == 0
    found = json.loads(out)["disputes"]
    assert [(p["title"], p["status"], p["consistent"]) for p in found] == [
        ("Hama, 27 Nov – 1 Dec 2024", "open", True),
        ("Aleppo International Airport, 27 Nov – 1 Dec 2024", "open", True),
    ]
    hama, airport = found
    assert [
        (s["position"], s["claims"], [c["id"] for c in s["claimants"]]) for s in hama["positions"]
    ] == [
        ("A", ["opposition-hama-incursion"], ["syrian-armed-opposition"]),
        ("B", ["army-denies-hama-pullback"], ["syrian-arab-army"]),
    ]
    assert [c["id"] for c in hama["positions"][1]["camps"]] == ["pro-government-alliance"]
    assert [s["claims"] for s in airport["positions"]] == [
        ["opposition-captures-aleppo-airport"],
        ["army-handed-airport-to-sdf"],
    ]
    assert [p["id"] for p in airport["places"]] == ["aleppo-international-airport", "C1007"]
    assert airport["span"] == {"start": "2024-11-27", "end": "2024-12-01"}
    assert airport["resolution"] is None


def test_disputes_lists_points_for_the_terminal(cli, seeded_db):
    code, out, _ = cli(seeded_db, "disputes", "--place", "Hamah")
    assert code == 0
    assert out == (
        "D1  open  Hama, 27 Nov – 1 Dec 2024\n"
        "    places: Hama\n"
        "    position A: 1 claim by Syrian armed opposition\n"
        "    position B: 1 claim by Syrian Arab Army\n"
    )


@pytest.mark.parametrize(
    ("place", "expected"),
    [("Hama", ["D1"]), ("Aleppo city", ["D2"]), ("Aleppo International Airport", ["D2"]),
     ("Syria", ["D1", "D2"]), ("Idlib", [])],
)  # fmt: skip
def test_disputes_about_a_place_include_the_places_inside_it(cli, seeded_db, place, expected):
    _, out, _ = cli(seeded_db, "disputes", "--place", place, "--json")
    assert [p["id"] for p in json.loads(out)["disputes"]] == expected


def test_a_ledger_without_contradictions_has_no_disputed_points(cli, ledger_db):
    assert cli(ledger_db, "disputes") == (0, "no disputed points\n", "")
    assert json.loads(cli(ledger_db, "disputes", "--json")[1]) == {"disputes": []}


def test_claims_in_a_point_are_contested(cli, seeded_db):
    _, out, _ = cli(seeded_db, "dispute", "show", "D1", "--json")
    statuses = {c["id"]: c["standing"] for c in json.loads(out)["claims"]}
    assert statuses == {
        "opposition-hama-incursion": "contested",
        "army-denies-hama-pullback": "contested",
    }


# --- independence and status on a ledger built for it ---------------------------------------


@pytest.fixture
def world(ledger_db, engine_of):  # type: ignore[no-untyped-def]
    """Claimants: the army and the ministry (one party), rebels, a monitor; two outlets."""
    engine = engine_of(ledger_db)
    with journal.writing(engine, "tester") as session:
        actors.add(session, Actor, "Government", "party")
        actors.add(session, Actor, "Army", "armed-forces", party="government")
        actors.add(session, Actor, "Ministry", "state-body", party="government")
        actors.add(session, Actor, "Rebels", "armed-group")
        actors.add(session, Actor, "Monitor", "organisation")
        actors.add(session, Source, "Wire", "news-agency")
        actors.add(session, Source, "Paper", "newspaper")
    return engine


def add(engine, claims_: dict[str, tuple[str, str]], links: list[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    with journal.writing(engine, "tester") as session:
        for key, (claimant, source) in claims_.items():
            day = dt.date(2024, 12, 1)
            new = NewClaim(f"What {key} says.", claimant, source, ["Hama"], key=key,
                           event_start=day, event_end=day)  # fmt: skip
            claims.add_claim(session, new)
        for one, relation, other in links:
            claims.add_link(session, one, relation, other, f"{one} {relation} {other}")


def infos(engine) -> dict[str, dossier.ClaimInfo]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        graph, points = disputes.analyse(session)
        ids = list(session.execute(select(Claim.id)).scalars())
        _, found = dossier.gather(session, graph, points, ids)
    return {info.key: info for info in found.values()}


def test_support_from_the_same_camp_is_not_independent_and_one_outlet_carries_two_origins(world):
    add(
        world,
        {"army": ("Army", "Wire"), "ministry": ("Ministry", "Paper"),
         "rebels": ("Rebels", "Wire"), "monitor": ("Monitor", "Paper"), "lone": ("Army", "Paper")},
        [("ministry", "corroborates", "army"), ("rebels", "corroborates", "army"),
         ("monitor", "corroborates", "rebels")],
    )  # fmt: skip
    found = infos(world)
    reasons = {k: [(s.view.claim.key, s.reason) for s in v.support] for k, v in found.items()}
    assert reasons == {
        "army": [("ministry", "same camp"), ("rebels", None)],
        "ministry": [("army", "same camp")],
        "rebels": [("army", None), ("monitor", None)],
        "monitor": [("rebels", None)],
        "lone": [],
    }
    assert {k: v.status for k, v in found.items()} == {
        "army": "corroborated",
        "ministry": "single-source",
        "rebels": "corroborated",
        "monitor": "corroborated",
        "lone": "uncontested",
    }


def test_same_claimant_support_is_not_independent(world):
    add(world, {"one": ("Rebels", "Wire"), "two": ("Rebels", "Paper")},
        [("one", "corroborates", "two")])  # fmt: skip
    assert [s.reason for s in infos(world)["one"].support] == ["same claimant"]


def test_removed_links_and_retracted_claims_leave_the_graph(world, cli, ledger_db):
    add(
        world,
        {"a": ("Army", "Wire"), "b": ("Rebels", "Paper"), "c": ("Monitor", "Paper")},
        [("a", "contradicts", "b"), ("b", "contradicts", "c")],
    )
    with journal.writing(world, "tester") as session:
        session.execute(update(Link).where(Link.id == 1).values(removed_at=AT, removed_by="x"))
    _, out, _ = cli(ledger_db, "disputes", "--json")
    assert [(p["id"], p["positions"][0]["claims"]) for p in json.loads(out)["disputes"]] == [
        ("D2", ["b"])
    ]
    with journal.writing(world, "tester") as session:
        session.execute(update(Claim).where(Claim.key == "c").values(retracted_at=AT))
    assert cli(ledger_db, "disputes")[1] == "no disputed points\n"


def test_a_large_component_loads_across_query_chunks(world, cli, ledger_db):
    spokes = {f"s{i:03}": ("Rebels", "Paper") for i in range(620)}
    add(world, {"hub": ("Army", "Wire"), **spokes},
        [("hub", "contradicts", key) for key in spokes])  # fmt: skip
    add(world, {"far": ("Monitor", "Wire")}, [("s619", "corroborates", "far")])
    _, out, _ = cli(ledger_db, "disputes", "--json")
    (point,) = json.loads(out)["disputes"]
    sizes = [len(s["claims"]) for s in point["positions"]]
    assert (len(sizes), sizes[0], sizes[-1]) == (621, 1, 2), "each spoke is its own position"
    with Session(world) as session:
        start = select(Claim.id).where(Claim.key == "far")
        graph, points = disputes.analyse(session, start)
    assert graph.number_of_nodes() == 622, "reached from one claim, the whole component loads"
    assert [p.key for p in points] == ["D1"]


# --- lifecycle ------------------------------------------------------------------------------


def test_a_point_can_be_titled_and_resolved_and_shows_it(cli, seeded_db):
    assert cli(seeded_db, "dispute", "title", "D1", "Did the army pull back from Hama?") == (
        0,
        "D1: Did the army pull back from Hama?\n",
        "",
    )
    code, out, err = cli(
        seeded_db, "dispute", "resolve", "D1", "--side", "army-denies-hama-pullback",
        "--note", "Footage shows the army in place.", "--evidence", "https://example.org/v",
        "--by", "dana",
    )  # fmt: skip
    assert (code, out, err) == (0, "D1 resolved for position B\n", "")
    shown = json.loads(cli(seeded_db, "dispute", "show", "D1", "--json")[1])
    assert shown["title"] == "Did the army pull back from Hama?"
    assert shown["named"] is True
    assert shown["status"] == "resolved"
    resolution = {k: v for k, v in shown["resolution"].items() if k != "at"}
    assert resolution == {
        "status": "resolved",
        "side": "B",
        "claim": "army-denies-hama-pullback",
        "note": "Footage shows the army in place.",
        "evidence": "https://example.org/v",
        "by": "dana",
        "imported": False,
    }
    text = cli(seeded_db, "dispute", "show", "D1")[1]
    assert text.startswith(
        "D1  Did the army pull back from Hama?\n  status     resolved: position B\n"
    )


def test_any_change_to_the_links_of_a_resolved_point_reopens_it(cli, seeded_db):
    cli(seeded_db, "dispute", "resolve", "D1", "--side", "opposition-hama-incursion", "--note", "x")
    cli(seeded_db, "claim", "add", "The army still holds Hama.", "-c", "Syrian Ministry of Defence",
        "-s", "MENAFN", "--id", "mod-holds-hama")  # fmt: skip
    assert json.loads(cli(seeded_db, "dispute", "show", "D1", "--json")[1])["status"] == "resolved"
    cli(seeded_db, "link", "mod-holds-hama", "corroborates", "army-denies-hama-pullback")
    shown = json.loads(cli(seeded_db, "dispute", "show", "D1", "--json")[1])
    assert (shown["status"], shown["reopened"]) == ("open", True)
    assert shown["resolution"]["claim"] == "opposition-hama-incursion", "the old one stays visible"
    assert cli(seeded_db, "disputes", "--place", "Hama")[1].startswith("D1  open (reopened)  ")


def test_a_point_can_be_marked_unresolvable(cli, seeded_db):
    assert cli(seeded_db, "dispute", "unresolvable", "D2", "--note", "No access.") == (
        0,
        "D2 marked unresolvable\n",
        "",
    )
    shown = json.loads(cli(seeded_db, "dispute", "show", "D2", "--json")[1])
    assert (shown["status"], shown["resolution"]["note"]) == ("unresolvable", "No access.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dispute", "show", "D99"], "error: no disputed point D99: `ledger disputes` lists them"),
        (["dispute", "show", "3"], "error: '3' is not a disputed point id: they look like D12"),
        (["dispute", "resolve", "D1", "--side", "army-handed-airport-to-sdf", "--note", "x"],
         "error: claim 'army-handed-airport-to-sdf' is not part of disputed point D1"),
        (["dispute", "resolve", "D1", "--side", "army-denies-hama-pullback", "--note", " "],
         "error: --note must not be empty"),
        (["dispute", "resolve", "D1", "--side", "army-denies-hama-pullback", "--note", "x",
          "--evidence", "javascript:alert(1)"],
         "error: --evidence must be an http(s) address, not 'javascript:alert(1)'"),
        (["dispute", "title", "D1", ""], "error: the title must not be empty"),
        (["verdict", "army-denies-hama-pullback", "bogus"],
         "error: unknown rating 'bogus': use one of true, mostly-true, mixed, mostly-false,"
         " false, unproven, unrated"),
    ],
)  # fmt: skip
def test_mistakes_are_refused_with_one_line(cli, seeded_db, args, message):
    code, out, err = cli(seeded_db, *args)
    assert (code, out, err.strip()) == (2, "", message)


def test_a_point_merged_into_an_older_one_says_so(cli, seeded_db):
    cli(
        seeded_db, "link", "army-denies-hama-pullback", "corroborates", "army-handed-airport-to-sdf"
    )
    code, _, err = cli(seeded_db, "dispute", "show", "D2")
    assert (code, err.strip()) == (
        2,
        "error: disputed point D2 has been merged into the older D1: use D1",
    )


def test_lifecycle_writes_are_journaled_by_keys(cli, seeded_db, engine_of):
    cli(seeded_db, "dispute", "title", "D2", "Who took it?")
    cli(seeded_db, "dispute", "unresolvable", "D2", "--note", "No access.")
    with Session(engine_of(seeded_db)) as session:
        resolved_structure = session.execute(select(Dispute.resolved_structure)).scalar_one()
        rows = session.execute(
            select(JournalEntry.action, JournalEntry.subject, JournalEntry.payload)
            .where(JournalEntry.action.like("dispute.%"))
            .order_by(JournalEntry.seq)
        ).all()
    anchor = ["opposition-captures-aleppo-airport", "army-handed-airport-to-sdf"]
    assert [(a, s, json.loads(p)) for a, s, p in rows] == [
        ("dispute.track", "D2", {"dispute": "D2", "claims": sorted(anchor)}),
        ("dispute.title", "D2", {"dispute": "D2", "anchor": anchor, "title": "Who took it?"}),
        (
            "dispute.unresolvable",
            "D2",
            {
                "dispute": "D2",
                "anchor": anchor,
                "note": "No access.",
                "through": 2,  # the newest link it was settled over, and their fingerprint
                "structure": resolved_structure,
            },
        ),
    ]


# --- verdicts -------------------------------------------------------------------------------


def test_a_newer_verdict_supersedes_and_the_older_stays_in_history(cli, seeded_db):
    claim = "army-denies-hama-pullback"
    assert cli(seeded_db, "verdict", claim, "mixed", "--by", "dana") == (
        0,
        f"{claim}: mixed (3 of 5)\n",
        "",
    )
    assert cli(seeded_db, "verdict", claim, "false", "--note", "Footage.", "--by", "lee")[1] == (
        f"{claim}: false (1 of 5)\n"
    )
    history = json.loads(cli(seeded_db, "verdicts", claim, "--json")[1])["verdicts"]
    assert [(v["rating"], v["by"], v["note"]) for v in history] == [
        ("false", "lee", "Footage."),
        ("mixed", "dana", None),
    ]
    shown = json.loads(cli(seeded_db, "dispute", "show", "D1", "--json")[1])
    (denial,) = [c for c in shown["claims"] if c["id"] == claim]
    assert [v["rating"] for v in denial["verdicts"]] == ["false", "mixed"]
    assert cli(seeded_db, "verdict", "opposition-hama-incursion", "unproven")[1] == (
        "opposition-hama-incursion: unproven\n"
    )
