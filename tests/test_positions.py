"""Positions, conflicts inside a position and the smallest fix, on hand-made graphs."""

from __future__ import annotations

import datetime as dt

from ledger.analysis import disputes, positions
from ledger.analysis.disputes import Edge

AT = dt.datetime(2024, 12, 1, tzinfo=dt.UTC)


def edge(number: int, a: int, relation: str, b: int) -> Edge:
    return Edge(number, min(a, b), max(a, b), relation, None, "tester", AT)


def point_of(*edges: Edge) -> disputes.Point:
    (point,) = disputes.find_points(disputes.Graph(edges))
    return point


def test_three_figures_that_each_deny_the_others_are_three_positions_not_inconsistent():
    point = point_of(
        edge(1, 1, "contradicts", 2), edge(2, 2, "contradicts", 3), edge(3, 1, "contradicts", 3)
    )
    assert point.positions.consistent
    assert point.positions.members == [[1], [2], [3]]
    assert [point.side_of(c) for c in (1, 2, 3)] == ["A", "B", "C"]


def test_corroborating_claims_share_a_position_in_the_order_of_their_oldest_claim():
    point = point_of(
        edge(1, 4, "contradicts", 2),
        edge(2, 4, "corroborates", 5),
        edge(3, 2, "corroborates", 1),
        edge(4, 5, "contradicts", 3),
    )
    assert point.positions.members == [[1, 2], [3], [4, 5]]
    assert point.key == "D1"


def test_a_contradiction_inside_a_position_is_a_conflict_with_the_chain_that_joins_its_ends():
    point = point_of(
        edge(1, 1, "contradicts", 2),
        edge(2, 2, "corroborates", 5),  # a consistent branch that is not part of the problem
        edge(3, 1, "corroborates", 3),
        edge(4, 3, "corroborates", 4),
        edge(5, 4, "corroborates", 2),  # 1 = 3 = 4 = 2, yet 1 contradicts 2
    )
    assert not point.positions.consistent
    assert [e.id for e in point.positions.conflicts] == [1]
    assert [e.id for e in point.positions.path(point.positions.conflicts[0])] == [3, 4, 5]
    cut, exact = point.positions.cut
    assert ([e.id for e in cut], exact) == ([5], True), "one link, the newest of those that do"


def test_every_conflict_is_reported_and_one_shared_link_fixes_both():
    # Claims 1, 3 and 2 are one position through links 3 (1-3) and 4 (3-2); 1 and 3 both
    # contradict 2. Removing link 4 parts 2 from both: one link, where the contradictions are two.
    point = point_of(
        edge(1, 1, "contradicts", 2),
        edge(2, 3, "contradicts", 2),
        edge(3, 1, "corroborates", 3),
        edge(4, 3, "corroborates", 2),
        edge(5, 9, "contradicts", 1),
    )
    assert sorted(e.id for e in point.positions.conflicts) == [1, 2]
    cut, exact = point.positions.cut
    assert ([e.id for e in cut], exact) == ([4], True)


def test_a_conflict_whose_ends_are_joined_twice_needs_two_links_or_the_contradiction():
    point = point_of(
        edge(1, 1, "corroborates", 2),
        edge(2, 1, "corroborates", 3),
        edge(3, 2, "corroborates", 4),
        edge(4, 3, "corroborates", 4),
        edge(5, 1, "contradicts", 4),
    )
    cut, exact = point.positions.cut
    assert ([e.id for e in cut], exact) == ([5], True)


def test_large_points_get_an_approximate_fix_that_still_removes_every_conflict():
    size = 400
    edges = [edge(i, i, "corroborates", i + 1) for i in range(1, size)]
    edges += [edge(size + i, i, "contradicts", i + 50) for i in range(1, 200, 20)]
    point = point_of(*edges)
    cut, exact = point.positions.cut
    assert not exact
    removed = {e.id for e in cut}
    assert positions.split(point.claims, [e for e in edges if e.id not in removed]).consistent
    assert len(cut) <= len(point.positions.conflicts)
