"""A disputed point's graph as inline SVG, drawn when the report is rendered.

One column per position, left to right; each claim placed level with the claims of earlier
columns it is linked to (their mean row), so that links cross as little as they can.
Contradictions cross between the columns as dashed red lines; corroborations stay inside a
column as green arcs; the links of the smallest fix of an inconsistent point are drawn thick and
orange.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ledger.report.pointinfo import PointInfo

ROW, TOP, MARGIN, SPACING = 58, 34, 210, 300
MAX_NODES = 40
MAX_COLUMNS = 6
LABEL = 30


def _short(text: str, size: int = LABEL) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _columns(count: int) -> list[int]:
    return [MARGIN + i * SPACING for i in range(count)]


def _layout(info: PointInfo) -> dict[int, tuple[float, float]]:
    """Place claims in one column per position, each ordered by the rows of its neighbours."""
    neighbours: dict[int, list[int]] = {}
    for link in info.links:
        a, b = link.one.view.claim.id, link.other.view.claim.id
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    row: dict[int, float] = {}
    columns = []
    for position in info.positions:
        ids = [c.view.claim.id for c in position.claims]

        def pull(claim_id: int, ids: list[int] = ids) -> float:
            near = [row[n] for n in neighbours.get(claim_id, []) if n in row]
            return sum(near) / len(near) if near else len(row) + ids.index(claim_id)

        ordered = sorted(ids, key=lambda i: (pull(i), i)) if row else ids
        row.update((claim_id, i) for i, claim_id in enumerate(ordered))
        columns.append(ordered)
    rows = max(len(c) for c in columns)
    positions = {}
    for x, ordered in zip(_columns(len(columns)), columns, strict=True):
        offset = (rows - len(ordered)) / 2
        for i, node in enumerate(ordered):
            positions[node] = (x, TOP + (offset + i) * ROW)
    return positions


def svg(info: PointInfo) -> Markup:
    """Return the diagram of a point as an <svg> element (empty when it is too big to read)."""
    claims = [c for position in info.positions for c in position.claims]
    if len(info.point.claims) > MAX_NODES or len(info.positions) > MAX_COLUMNS:
        return Markup("")
    pos = _layout(info)
    xs = _columns(len(info.positions))
    width = xs[-1] + MARGIN
    rows = max(len(p.claims) for p in info.positions)
    height = TOP + (rows - 1) * ROW + 28
    title_id = f"{info.key}-diagram-title"
    parts = [
        f'<svg class="diagram" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img" aria-labelledby="{title_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">Links between the claims of {escape(info.title)}</title>',
    ]
    for x, position in zip(xs, info.positions, strict=True):
        heading = f"Position {position.label}"
        parts.append(f'<text class="col" x="{x}" y="14" text-anchor="middle">{heading}</text>')
    for link in info.links:
        parts.append(_edge(link, pos, xs))
    for claim in claims:
        parts.append(_node(claim, pos[claim.view.claim.id], xs))
    parts.append("</svg>")
    return Markup("".join(parts))


def _edge(link, pos, xs: list[int]) -> str:  # type: ignore[no-untyped-def]
    (x1, y1), (x2, y2) = pos[link.one.view.claim.id], pos[link.other.view.claim.id]
    kind = "breaks" if link.in_cut else link.edge.relation
    label = escape(f"{link.one.key} {link.edge.relation} {link.other.key}")
    if x1 == x2:  # same column: an arc bulging away from the labels
        bend = 70 if x1 == xs[0] else -70
        shape = f'<path d="M{x1},{y1} Q{x1 + bend},{(y1 + y2) / 2} {x2},{y2}"'
    else:
        shape = f'<path d="M{x1},{y1} L{x2},{y2}"'
    return f'{shape} class="link {kind}"><title>{label}</title></path>'


def _node(claim, at: tuple[float, float], xs: list[int]) -> str:  # type: ignore[no-untyped-def]
    x, y = at
    left = x == xs[0]
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
