"""Camps, origins, admissions, self-contradiction, time and standing, on hand-made ledgers."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import Session

from ledger.record import actors, camps, claims
from ledger.record.claims import NewClaim
from ledger.report import dossier
from ledger.store import journal
from ledger.store.models import Actor, Source


@pytest.fixture
def world(ledger_db, engine_of):  # type: ignore[no-untyped-def]
    """Unit > Army > Government > Alliance < Ally; Rebels; Monitor. Wire, Paper, a Wire copy."""
    engine = engine_of(ledger_db)
    with journal.writing(engine, "tester") as session:
        actors.add(session, Actor, "Alliance", "coalition")
        actors.add(session, Actor, "Government", "party", party="Alliance")
        actors.add(session, Actor, "Army", "armed-forces", party="Government")
        actors.add(session, Actor, "Unit", "armed-forces", party="Army")
        actors.add(session, Actor, "Ally", "party", party="Alliance")
        actors.add(session, Actor, "Rebels", "armed-group")
        actors.add(session, Actor, "Monitor", "organisation")
        actors.add(session, Actor, "Wire desk", "media")
        actors.add(session, Actor, "Copy desk", "media")
        actors.add(session, Source, "Wire", "news-agency", reliability="b")
        actors.add(session, Source, "Paper", "newspaper")
        actors.add(session, Source, "Wire copy", "website", network="Wire")
    return engine


Claims = dict[str, tuple[str, str, str]]


def add(engine, found: Claims, links: list[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    """Log claims {id: (claimant, source, event)} and links (claim, relation, other)."""
    with journal.writing(engine, "tester") as session:
        for key, (claimant, source, event) in found.items():
            start, end = claims.parse_event(event)
            new = NewClaim(
                f"What {key} says.",
                claimant,
                source,
                ["Hama"],
                key=key,
                published=dt.date(2024, 12, 10),
                event_start=start,
                event_end=end,
            )
            claims.add_claim(session, new)
        for one, relation, other in links:
            claims.add_link(session, one, relation, other)


def shown(engine) -> dict[str, dossier.ClaimInfo]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        (point,) = dossier.listing(session)
    return point, {c.key: c for p in point.positions for c in p.claims}


def test_the_outermost_party_is_the_camp(world):
    with Session(world) as session:
        unit, ally, rebels = (actors.resolve(session, Actor, n) for n in ("Unit", "Ally", "Rebels"))
        alliance = actors.resolve(session, Actor, "Alliance")
        assert camps.camp_of(session, unit.id) == alliance.id
        assert camps.camps_of(session, [ally.id, rebels.id]) == {
            ally.id: alliance.id,
            rebels.id: rebels.id,
        }


def test_an_ally_or_a_unit_is_never_independent_support(world):
    add(
        world,
        {
            "gov": ("Government", "Wire", "2024-12-01"),
            "ally": ("Ally", "Paper", "2024-12-01"),
            "unit": ("Unit", "Paper", "2024-12-01"),
            "reb": ("Rebels", "Paper", "2024-12-01"),
        },
        [
            ("gov", "contradicts", "reb"),
            ("ally", "corroborates", "gov"),
            ("unit", "corroborates", "gov"),
        ],
    )
    point, found = shown(world)
    assert [(s.view.claim.key, s.kind, s.reason) for s in found["gov"].support] == [
        ("ally", "dependent", "same camp"),
        ("unit", "dependent", "same camp"),
    ]
    assert found["gov"].status == "contested"
    assert [c.camp.key for c in point.positions[0].camps] == ["alliance"]
    chains = [[a.key for a in chain] for chain in point.positions[0].camps[0].chains]
    assert chains == [
        ["ally", "alliance"],
        ["government", "alliance"],
        ["unit", "army", "government", "alliance"],
    ]


def test_support_from_the_other_camp_is_an_admission_even_through_the_same_outlet(
    world, cli, ledger_db
):
    add(
        world,
        {
            "reb-takes": ("Rebels", "Wire", "2024-12-01"),
            "gov-holds": ("Government", "Wire", "2024-12-01"),
            "army-left": ("Army", "Wire", "2024-12-01"),
        },
        [("reb-takes", "contradicts", "gov-holds"), ("army-left", "corroborates", "reb-takes")],
    )
    point, found = shown(world)
    (support,) = found["reb-takes"].support
    assert (support.view.claim.key, support.kind, support.independent) == (
        "army-left",
        "admission",
        True,
    )
    assert found["reb-takes"].status == "confirmed"
    assert [(b.key, c.key) for b, c in point.admissions] == [("army-left", "reb-takes")]
    (contradiction,) = point.self_contradictions
    assert contradiction.camp.key == "alliance"
    assert {k: [c.key for c in v] for k, v in contradiction.by_position.items()} == {
        "A": ["army-left"],
        "B": ["gov-holds"],
    }
    listed = json.loads(cli(ledger_db, "disputes", "--json")[1])["disputes"][0]
    assert listed["admissions"] == [{"claim": "army-left", "admits": "reb-takes"}]
    assert listed["self_contradictions"] == [
        {
            "camp": {"id": "alliance", "name": "Alliance"},
            "positions": {"A": ["army-left"], "B": ["gov-holds"]},
        }
    ]
    out = cli(ledger_db, "disputes")[1]
    assert (
        "    ADMISSION: army-left (Army) backs reb-takes, against its own camp's position\n" in out
    )
    assert "    SELF-CONTRADICTION: the Alliance camp stands on A: army-left; B: gov-holds\n" in out
    shown_claim = json.loads(cli(ledger_db, "show", "reb-takes", "--json")[1])
    assert (shown_claim["standing"], shown_claim["support"][0]["admission"]) == ("confirmed", True)


def test_one_outlet_quoting_two_claimants_is_two_origins_but_a_copy_is_one(world):
    add(
        world,
        {
            "reb": ("Rebels", "Wire", "2024-12-01"),
            "mon": ("Monitor", "Wire", "2024-12-01"),
            "desk": ("Wire desk", "Wire", "2024-12-01"),
            "copy": ("Copy desk", "Wire copy", "2024-12-01"),
            "gov": ("Government", "Paper", "2024-12-01"),
        },
        [
            ("mon", "corroborates", "reb"),
            ("copy", "corroborates", "desk"),
            ("gov", "contradicts", "reb"),
            ("gov", "contradicts", "desk"),
        ],
    )
    _, found = shown(world)
    assert [(s.kind, s.reason) for s in found["reb"].support] == [("independent", None)]
    assert [(s.kind, s.reason) for s in found["desk"].support] == [
        ("dependent", "same report (one network's own reporting)")
    ]


def test_contradictions_between_events_that_do_not_overlap_may_be_a_sequence(world, cli, ledger_db):
    add(
        world,
        {
            "army-holds": ("Army", "Paper", "2024-12-03"),
            "reb-holds": ("Rebels", "Paper", "2024-12-05..2024-12-06"),
            "mon-holds": ("Monitor", "Paper", "2024-12-02..2024-12-04"),
        },
        [("army-holds", "contradicts", "reb-holds"), ("army-holds", "contradicts", "mon-holds")],
    )
    point, _ = shown(world)
    assert [(link.one.key, link.other.key, link.gap.days) for link in point.sequences] == [
        ("army-holds", "reb-holds", 2)
    ]
    out = cli(ledger_db, "disputes")[1]
    assert (
        "MAY BE A SEQUENCE: army-holds contradicts reb-holds: their events are 2 days apart"
    ) in out


def test_standing_shows_wherever_a_claim_is_listed_with_the_source_grade(world, cli, ledger_db):
    add(
        world,
        {
            "reb": ("Rebels", "Wire", "2024-12-01"),
            "mon": ("Monitor", "Paper", "2024-12-01"),
            "lone": ("Monitor", "Paper", "2024-12-01"),
            "gov": ("Government", "Paper", "2024-12-01"),
            "army": ("Army", "Paper", "2024-12-01"),
        },
        [("mon", "corroborates", "reb"), ("gov", "corroborates", "army")],
    )
    listed = json.loads(cli(ledger_db, "claims", "--json")[1])["claims"]
    assert {c["id"]: c["standing"] for c in listed} == {
        "reb": "corroborated",
        "mon": "corroborated",
        "lone": "uncontested",
        "gov": "single-source",
        "army": "single-source",
    }
    place = json.loads(cli(ledger_db, "place", "Hama", "--json")[1])["claims"]
    assert {c["id"]: c["standing"] for c in place}["reb"] == "corroborated"
    assert [c["source"]["reliability"] for c in listed if c["id"] == "reb"] == ["B"]
    out = cli(ledger_db, "claims", "--claimant", "Rebels")[1]
    assert out.splitlines()[:2] == [
        "reb  [2024-12-01]  Rebels — Wire [B], 2024-12-10",
        "  standing: corroborated",
    ]
    assert "  standing   corroborated\n" in cli(ledger_db, "show", "reb")[1]


def test_an_event_after_its_report_or_in_the_future_is_refused_unless_allowed(cli, ledger_db):
    base = ["claim", "add", "x", "-c", "A", "-s", "B", "--create", "--published", "2024-12-01"]
    code, _, err = cli(ledger_db, *base, "--event", "2024-12-03")
    assert (code, err) == (
        2,
        "error: the event (2024-12-03) is after the report was published (2024-12-01);"
        " pass --allow-future if that is right\n",
    )
    assert cli(ledger_db, *base, "--event", "2024-12-03", "--allow-future", "--id", "late")[0] == 0
    code, out, _ = cli(ledger_db, "verify")
    assert (code, out.splitlines()[-1]) == (
        0,
        "warning: claim 'late': the event (2024-12-03) is after the report was published"
        " (2024-12-01)",
    )
