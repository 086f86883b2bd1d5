"""Plain-text rendering of disputed points for the terminal."""

from __future__ import annotations

from ledger.analysis.point_history import Entry
from ledger.cli.render import _wrap, standing_label
from ledger.report.pointinfo import LinkInfo, PointInfo, span_label


def _state(info: PointInfo) -> str:
    point = info.point
    if point.reopened:
        return "open (reopened)"
    if point.status == "resolved" and info.side_claim:
        return f"resolved: position {info.side_claim.side}"
    return point.status


def _places(info: PointInfo) -> str:
    return ", ".join(p.name for p in info.places) or "none given"


def _link(link: LinkInfo) -> str:
    return f"{link.one.key} {link.edge.relation} {link.other.key}"


def _findings(info: PointInfo) -> list[str]:
    """Return the lines that call out what a fact-checker must look at in a point."""
    lines = []
    if not info.consistent:
        how = "" if info.cut_exact else " (approximately: the point is large)"
        count = len(info.conflicts)
        lines.append(
            f"INCONSISTENT: {count} contradiction{'s' * (count != 1)} inside a position;"
            f" removing {len(info.cut)} link{'s' * (len(info.cut) != 1)} would fix it{how}: "
            + "; ".join(_link(link) for link in info.cut)
        )
    for backer, claimed in info.admissions:
        lines.append(
            f"ADMISSION: {backer.key} ({backer.view.claimant.name}) backs {claimed.key},"
            " against its own camp's position"
        )
    for found in info.self_contradictions:
        where = "; ".join(
            f"{label}: {', '.join(c.key for c in claims)}"
            for label, claims in found.by_position.items()
        )
        lines.append(f"SELF-CONTRADICTION: the {found.camp.name} camp stands on {where}")
    for link in info.sequences:
        days = link.gap.days  # type: ignore[union-attr]
        lines.append(
            f"MAY BE A SEQUENCE: {_link(link)}: their events are {days} day{'s' * (days != 1)}"
            " apart, perhaps one after the other rather than a contradiction"
        )
    return lines


def point_summary(info: PointInfo) -> str:
    """Return the lines that show one point in a list."""
    lines = [f"{info.key}  {_state(info)}  {info.title}", f"    places: {_places(info)}"]
    for position in info.positions:
        count = position.total
        claimants = ", ".join(a.name for a in position.claimants)
        lines.append(
            f"    position {position.label}: {count} claim{'s' * (count != 1)} by {claimants}"
        )
    lines += [f"    {line}" for line in _findings(info)]
    return "\n".join(lines)


def point_detail(info: PointInfo) -> str:
    """Return everything about one point: state, positions with their claims, links."""
    record = info.point.record
    lines = [f"{info.key}  {info.title}", f"  status     {_state(info)}"]
    if record and record.status != "open":
        when = f"{record.resolved_at:%Y-%m-%d %H:%M}" if record.resolved_at else "an unknown time"
        imported = f" ({info.imported.label()})" if info.imported else ""
        lines.append(f"             by {record.resolved_by} at {when}{imported}")
        lines += _wrap(record.note or "", "  note       ", " " * 13)
        if record.evidence_url:
            lines.append(f"  evidence   {record.evidence_url}")
    for merged in info.point.merged:
        lines.append(f"  merged     D{merged.anchor_link_id}: {merged.title or 'untitled'}")
    lines.append(f"  places     {_places(info)}")
    lines.append(f"  dates      {span_label(info.start, info.end)}")
    for line in _findings(info):
        lines += _wrap(line, "  ", "    ")
    for position in info.positions:
        camps = "; ".join(
            f"{c.camp.name} ({', '.join(' › '.join(a.name for a in chain) for chain in c.chains)})"
            for c in position.camps
        )
        lines.append(f"  position {position.label}  camps: {camps}")
        for claim in position.claims:
            lines.append(f"    {claim.key}  [{standing_label(claim)}]")
            lines += _wrap(claim.view.claim.text, "      ")
            for support in claim.support:
                lines.append(f"      backed by {support.view.claim.key} ({support.label})")
    lines.append("  links")
    for link in info.links:
        gap = f"  [events {link.gap.days} days apart]" if link.gap else ""
        lines.append(f"    {_link(link)}{gap}")
        if link.edge.note:
            lines += _wrap(link.edge.note, "      ")
    return "\n".join(lines)


def history_line(entry: Entry) -> str:
    """Return one entry of a point's history: when, who, what."""
    got = entry.payload.get
    link = f"{got('claim')} {got('relation')} {got('other')}"
    what = {
        "dispute.title": f"titled {got('title')!r}",
        "dispute.resolve": f"resolved for {got('side')}: {got('note')}",
        "dispute.unresolvable": f"marked unresolvable: {got('note')}",
        "dispute.track": f"record follows {len(got('claims') or [])} claims",
        "link.add": link,
        "link.remove": f"unlinked {link}: {got('reason')}",
    }.get(entry.action, entry.action)
    return f"#{entry.seq}  {entry.at:%Y-%m-%d %H:%M} UTC  {entry.by}  {entry.subject}  {what}"
