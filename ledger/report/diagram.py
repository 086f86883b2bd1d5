"""A disputed point's graph as inline SVG, drawn when the report is rendered.

The layout comes from networkx (`multipartite_layout`, one column per side, deterministic): side A
on the left, side B on the right, each claim of side B placed level with the claims it answers.
Contradictions cross between the columns as dashed red lines; corroborations stay inside a column
as green arcs; the link that breaks an inconsistent point is drawn thick and orange.
"""

from __future__ import annotations

import networkx as nx
from markupsafe import Markup, escape

from ledger.report.dossier import PointInfo

WIDTH, ROW, TOP = 720, 58, 34
COLUMNS = (210, 510)
MAX_NODES = 40
LABEL = 30


def _short(text: str, size: int = LABEL) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _layout(info: PointInfo) -> dict[int, tuple[float, float]]:
    """Place claims in two columns; order side B by the side-A claims they are linked to."""
    graph = nx.Graph()
    left = [c.view.claim.id for c in info.sides[0].claims]
    rank = {claim_id: i for i, claim_id in enumerate(left)}
    edges = [(link.one.view.claim.id, link.other.view.claim.id) for link in info.links]
    neighbours: dict[int, list[int]] = {}
    for a, b in edges:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)

    def pull(claim_id: int) -> float:
        near = [rank[n] for n in neighbours.get(claim_id, []) if n in rank]
        return sum(near) / len(near) if near else len(left)

    right = sorted((c.view.claim.id for c in info.sides[1].claims), key=lambda i: (pull(i), i))
    graph.add_nodes_from([*left, *right])
    graph.add_edges_from(edges)
    raw = nx.multipartite_layout(graph, subset_key={0: left, 1: right}, align="vertical")
    rows = max(len(left), len(right))
    positions = {}
    for layer, nodes in enumerate((left, right)):
        offset = (rows - len(nodes)) / 2
        for i, node in enumerate(sorted(nodes, key=lambda n: raw[n][1])):
            positions[node] = (COLUMNS[layer], TOP + (offset + i) * ROW)
    return positions


def svg(info: PointInfo) -> Markup:
    """Return the diagram of a point as an <svg> element (empty when it is too big to read)."""
    claims = [c for side in info.sides for c in side.claims]
    if len(info.point.claims) > MAX_NODES:
        return Markup("")
    pos = _layout(info)
    rows = max(len(info.sides[0].claims), len(info.sides[1].claims))
    height = TOP + (rows - 1) * ROW + 28
    title_id = f"{info.key}-diagram-title"
    parts = [
        f'<svg class="diagram" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"'
        f' role="img" aria-labelledby="{title_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">Links between the claims of {escape(info.title)}</title>',
        f'<text class="col" x="{COLUMNS[0]}" y="14" text-anchor="middle">Side A</text>',
        f'<text class="col" x="{COLUMNS[1]}" y="14" text-anchor="middle">Side B</text>',
    ]
    conflict = info.point.balance.conflict
    for link in info.links:
        parts.append(_edge(link, pos, conflict is not None and link.edge.id == conflict.id))
    for claim in claims:
        parts.append(_node(claim, pos[claim.view.claim.id]))
    parts.append("</svg>")
    return Markup("".join(parts))


def _edge(link, pos, breaks: bool) -> str:  # type: ignore[no-untyped-def]
    (x1, y1), (x2, y2) = pos[link.one.view.claim.id], pos[link.other.view.claim.id]
    kind = "breaks" if breaks else link.edge.relation
    label = escape(f"{link.one.key} {link.edge.relation} {link.other.key}")
    if x1 == x2:  # same column: an arc bulging towards the middle
        bend = 70 if x1 == COLUMNS[0] else -70
        shape = f'<path d="M{x1},{y1} Q{x1 + bend},{(y1 + y2) / 2} {x2},{y2}"'
    else:
        shape = f'<path d="M{x1},{y1} L{x2},{y2}"'
    return f'{shape} class="link {kind}"><title>{label}</title></path>'


def _node(claim, at: tuple[float, float]) -> str:  # type: ignore[no-untyped-def]
    x, y = at
    left = x == COLUMNS[0]
    anchor, dx = ("end", -14) if left else ("start", 14)
    side = (claim.side or "A").lower()
    return (
        f'<a href="#claim-{escape(claim.key)}"><g class="node side-{side}">'
        f"<title>{escape(claim.view.claim.text)}</title>"
        f'<circle cx="{x}" cy="{y}" r="9"/>'
        f'<text x="{x + dx}" y="{y - 2}" text-anchor="{anchor}" class="who">'
        f"{escape(_short(claim.view.claimant.name))}</text>"
        f'<text x="{x + dx}" y="{y + 13}" text-anchor="{anchor}" class="key">'
        f"{escape(_short(claim.key, LABEL + 4))}</text></g></a>"
    )
