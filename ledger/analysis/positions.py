"""Positions within a disputed point, and the links that put a contradiction inside one.

Claims joined by `corroborates` links stand together: each group is a position. `contradicts`
links run between positions, so a point may have two, three or more of them (three casualty
figures that each deny the others are three positions). A point is inconsistent only where a
`contradicts` link joins two claims of one position: its ends are corroborated into each other,
yet one denies the other. Each such link is a conflict.

The fix a fact-checker looks for is the smallest set of links whose removal leaves no conflict
(a minimum multicut: hard in general). It is exact on small points, found by trying every set
of the candidate links in increasing size; on larger ones it is greedy (the link that resolves
most of the remaining conflicts, newest first on ties) and said to be an approximation.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

EXACT_TRIES = 5_000
"""How many candidate sets an exact search may try before the greedy search takes over."""
GREEDY_LINKS = 150
"""A conflicted position with more links than this is fixed by removing the conflicts."""


class Linked(Protocol):
    id: int
    a: int
    b: int

    @property
    def contradicts(self) -> bool: ...


def _root(parent: dict[int, int], node: int) -> int:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def groups(nodes: Iterable[int], edges: Iterable[Linked]) -> dict[int, int]:
    """Return each node's group root, joining the ends of every edge given (a union-find)."""
    parent = {n: n for n in nodes}
    for edge in edges:
        one, other = _root(parent, edge.a), _root(parent, edge.b)
        if one != other:
            parent[max(one, other)] = min(one, other)
    return {n: _root(parent, n) for n in parent}


@dataclass
class Positions:
    """The positions of one point, in display order, and the contradictions inside them."""

    members: list[list[int]]
    of: dict[int, int]
    edges: list[Linked] = field(repr=False)
    conflicts: list[Linked] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return not self.conflicts

    @cached_property
    def cut(self) -> tuple[list[Linked], bool]:
        """Return the smallest set of links to remove, and whether it is exactly the smallest."""
        return smallest_cut(self.edges, self.conflicts)

    def path(self, conflict: Linked) -> list[Linked]:
        """Return the `corroborates` links that join a conflict's ends into one position."""
        return support_path(self.edges, conflict.a, conflict.b)


def split(claims: Sequence[int], edges: Sequence[Linked]) -> Positions:
    """Group a point's claims into positions, in the order of their oldest claims.

    Claims never change their order, so a position keeps its letter when links come and go,
    unless it splits or merges.
    """
    root = groups(claims, (e for e in edges if not e.contradicts))
    conflicts = [e for e in edges if e.contradicts and root[e.a] == root[e.b]]
    order = sorted(set(root.values()))  # a group's root is its lowest claim id
    number = {r: i for i, r in enumerate(order)}
    of = {claim: number[root[claim]] for claim in claims}
    members: list[list[int]] = [[] for _ in order]
    for claim in sorted(claims):
        members[of[claim]].append(claim)
    return Positions(members, of, list(edges), conflicts)


def support_path(edges: Sequence[Linked], start: int, goal: int) -> list[Linked]:
    """Return the shortest chain of `corroborates` links from one claim to another."""
    near: dict[int, list[Linked]] = {}
    for edge in edges:
        if not edge.contradicts:
            near.setdefault(edge.a, []).append(edge)
            near.setdefault(edge.b, []).append(edge)
    came: dict[int, Linked | None] = {start: None}
    queue = deque([start])
    while queue and goal not in came:
        node = queue.popleft()
        for edge in sorted(near.get(node, ()), key=lambda e: e.id):
            other = edge.b if edge.a == node else edge.a
            if other not in came:
                came[other] = edge
                queue.append(other)
    path, node = [], goal
    while came.get(node) is not None:
        edge = came[node]
        path.append(edge)
        node = edge.a if edge.b == node else edge.b  # type: ignore[union-attr]
    return path[::-1]


def _remaining(edges: Sequence[Linked], conflicts: Sequence[Linked], removed: set[int]) -> list:
    """Return the conflicts still standing once the links with ids in `removed` are gone."""
    kept = [e for e in edges if e.id not in removed and not e.contradicts]
    nodes = {n for c in conflicts for n in (c.a, c.b)} | {n for e in kept for n in (e.a, e.b)}
    root = groups(nodes, kept)
    return [c for c in conflicts if c.id not in removed and root[c.a] == root[c.b]]


def smallest_cut(edges: Sequence[Linked], conflicts: Sequence[Linked]) -> tuple[list, bool]:
    """Return the fewest links whose removal leaves no conflict, and whether that is exact."""
    if not conflicts:
        return [], True
    candidates = _candidates(edges, conflicts)
    if len(candidates) > GREEDY_LINKS:
        return sorted(conflicts, key=lambda e: e.id), False
    tries = 0
    for size in range(1, len(conflicts) + 1):
        for chosen in itertools.combinations(candidates, size):
            tries += 1
            if tries > EXACT_TRIES:
                return _greedy(edges, conflicts, candidates), False
            if not _remaining(edges, conflicts, {e.id for e in chosen}):
                return sorted(chosen, key=lambda e: e.id), True
    return sorted(conflicts, key=lambda e: e.id), True  # pragma: no cover (size = all conflicts)


def _candidates(edges: Sequence[Linked], conflicts: Sequence[Linked]) -> list[Linked]:
    """Return the links worth removing: the conflicts and the corroborations of their positions.

    Newest first, so that among equally small sets the newest links are offered.
    """
    inside = {n for c in conflicts for n in (c.a, c.b)}
    root = groups({n for e in edges for n in (e.a, e.b)}, [e for e in edges if not e.contradicts])
    troubled = {root[n] for n in inside}
    found = [e for e in edges if not e.contradicts and root[e.a] in troubled]
    return sorted([*conflicts, *found], key=lambda e: -e.id)


def _greedy(edges: Sequence[Linked], conflicts: Sequence[Linked], candidates: list) -> list:
    """Remove, one at a time, the link that resolves most of the remaining conflicts."""
    removed: set[int] = set()
    left = list(conflicts)
    while left:
        best = max(
            candidates,
            key=lambda e: (len(left) - len(_remaining(edges, left, removed | {e.id})), e.id),
        )
        removed.add(best.id)
        left = _remaining(edges, left, removed)
    return sorted((e for e in candidates if e.id in removed), key=lambda e: e.id)
