"""Plain-text rendering of disputed points for the terminal."""

from __future__ import annotations

from ledger.cli.render import _wrap
from ledger.report.dossier import PointInfo, span_label


def _state(info: PointInfo) -> str:
    point = info.point
    if point.reopened:
        return "open (reopened)"
    if point.status == "resolved" and info.side_claim:
        return f"resolved: side {info.side_claim.side}"
    return point.status


def _places(info: PointInfo) -> str:
    return ", ".join(p.name for p in info.places) or "none given"


def point_summary(info: PointInfo) -> str:
    """Return the lines that show one point in a list."""
    lines = [f"{info.key}  {_state(info)}  {info.title}", f"    places: {_places(info)}"]
    for side in info.sides:
        count = len(side.claims)
        claimants = ", ".join(a.name for a in side.claimants)
        lines.append(f"    side {side.label}: {count} claim{'s' * (count != 1)} by {claimants}")
    if not info.point.balance.consistent:
        lines.append("    INCONSISTENT: " + _cycle(info))
    return "\n".join(lines)


def _cycle(info: PointInfo) -> str:
    return "; ".join(f"{c.one.key} {c.edge.relation} {c.other.key}" for c in info.cycle)


def point_detail(info: PointInfo) -> str:
    """Return everything about one point: state, sides with their claims, links."""
    record = info.point.record
    lines = [f"{info.key}  {info.title}", f"  status     {_state(info)}"]
    if record and record.status != "open":
        lines.append(f"             by {record.resolved_by} at {record.resolved_at:%Y-%m-%d %H:%M}")
        lines += _wrap(record.note or "", "  note       ", " " * 13)
        if record.evidence_url:
            lines.append(f"  evidence   {record.evidence_url}")
    lines.append(f"  places     {_places(info)}")
    lines.append(f"  dates      {span_label(info.start, info.end)}")
    if not info.point.balance.consistent:
        lines += _wrap(_cycle(info), "  INCONSISTENT: the links cannot all hold: ", "    ")
    for side in info.sides:
        lines.append(f"  side {side.label}     " + ", ".join(a.name for a in side.claimants))
        for claim in side.claims:
            verdict = f"; verdict {claim.verdict.rating}" if claim.verdict else ""
            lines.append(f"    {claim.key}  [{claim.status}{verdict}]")
            lines += _wrap(claim.view.claim.text, "      ")
            for support in claim.support:
                why = "independent" if support.independent else support.reason
                lines.append(f"      corroborated by {support.view.claim.key} ({why})")
    lines.append("  links")
    for link in info.links:
        lines.append(f"    {link.one.key} {link.edge.relation} {link.other.key}")
        if link.edge.note:
            lines += _wrap(link.edge.note, "      ")
    return "\n".join(lines)
