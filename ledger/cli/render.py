"""Plain-text rendering of claims for the terminal."""

from __future__ import annotations

import shutil
import textwrap
from typing import TYPE_CHECKING

from ledger.record.lookup import ClaimView

if TYPE_CHECKING:
    from ledger.record.claimed import Recorded
    from ledger.report.dossier import ClaimInfo


def event_span(view: ClaimView) -> str:
    if view.claim.event_as:
        return view.claim.event_as  # as written: "March 2024", not 2024-03-01..2024-03-31
    start, end = view.claim.event_start, view.claim.event_end
    if start is None and end is None:
        return "date unknown"
    if start == end or end is None:
        return f"{start or '?'}" + ("" if end else "..")
    return f"{start or '?'}..{end}"


def _wrap(text: str, indent: str, rest: str | None = None) -> list[str]:
    width = max(40, min(shutil.get_terminal_size((100, 24)).columns, 120))
    more = indent if rest is None else rest
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=more) or [indent]


def standing_label(info: ClaimInfo) -> str:
    """Return a claim's standing with its support and current verdicts: `contested; false`."""
    parts = [info.status]
    admitted = sum(1 for s in info.support if s.admission)
    independent = info.standing.independent - admitted
    if admitted:
        parts.append(f"admitted by {admitted}")
    if independent and info.status != "corroborated":
        parts.append(f"{independent} independent")
    parts += [f"verdict {v.rating}" for v in info.current_verdicts]
    return "; ".join(parts)


def source_label(view: ClaimView) -> str:
    """Return a source's name with its reliability grade, if it has one: `SANA [D]`."""
    grade = view.source.reliability
    return f"{view.source.name} [{grade}]" if grade else view.source.name


def claim_block(info: ClaimInfo) -> list[str]:
    """Return the lines that show one claim in a list: header, standing, text, places, links."""
    view = info.view
    claim = view.claim
    published = f", {claim.published_as or claim.published}" if claim.published else ""
    header = (
        f"{claim.key}  [{event_span(view)}]  {view.claimant.name} — {source_label(view)}{published}"
    )
    lines = [header, f"  standing: {standing_label(info)}"]
    if claim.retracted_at:
        lines.append(f"  RETRACTED {claim.retracted_at:%Y-%m-%d}: {claim.retracted_reason}")
    if claim.revision > 1 and claim.revised_at:
        lines.append(f"  corrected {claim.revised_at:%Y-%m-%d} (revision {claim.revision})")
    lines += _wrap(claim.text, "  ")
    if view.places:
        lines.append("  places: " + "; ".join(f"{p.name} ({p.kind})" for p in view.places))
    for link in view.links:
        lines.append(f"  {link.relation} {link.other_key}")
    return lines


def claim_list(infos: list[ClaimInfo]) -> str:
    return "\n\n".join("\n".join(claim_block(i)) for i in infos)


def claim_detail(info: ClaimInfo, place_paths: dict[int, str]) -> str:
    """Return everything about one claim, its standing and its links both ways included."""
    view = info.view
    claim = view.claim
    party = f"; speaks for {view.party.name}" if view.party else ""
    source_url = f" <{view.source.url}>" if view.source.url else ""
    rows = [
        ("claim", claim.text),
        ("excerpt", f"“{claim.excerpt}”" if claim.excerpt else None),
        ("claimant", f"{view.claimant.name} ({view.claimant.kind}{party})"),
        ("source", f"{source_label(view)} ({view.source.kind}){source_url}"),
        ("url", claim.url),
        ("published", str(claim.published_as or claim.published or "unknown")),
        ("event", event_span(view)),
        ("places", None),
        ("standing", standing_label(info)),
        ("dispute", f"{info.point}, position {info.side}" if info.point else None),
        (
            "logged",
            f"by {claim.logged_by} at {claim.logged_at:%Y-%m-%d %H:%M} UTC"
            + _as(info.imported("logged", claim.id)),
        ),
        (
            "corrected",
            f"revision {claim.revision}, {claim.revised_at:%Y-%m-%d %H:%M} UTC by"
            f" {claim.revised_by}; see `ledger history`"
            if claim.revision > 1 and claim.revised_at
            else None,
        ),
        (
            "retracted",
            f"{claim.retracted_at:%Y-%m-%d} by {claim.retracted_by}: {claim.retracted_reason}"
            + _as(info.imported("retracted", claim.id))
            if claim.retracted_at
            else None,
        ),
    ]
    lines = [claim.key]
    for label, value in rows:
        if label == "places":
            lines += [f"  {'places':<10} {place_paths[p.id]}" for p in view.places] or [
                "  places     none"
            ]
        elif value:
            lines += _wrap(value, f"  {label:<10} ", " " * 13)
    for support in info.support:
        lines.append(f"  backed by  {support.view.claim.key} ({support.label})")
    lines.append(f"  links      {len(view.links) or 'none'}")
    for link in view.links:
        lines.append(f"    {link.relation} {link.other_key}: {link.other_text}")
        if link.note:
            lines.append(f"      note: {link.note} ({link.by}, {link.at:%Y-%m-%d})")
    return "\n".join(lines)


def _as(recorded: Recorded | None) -> str:
    """Say that a claimed author or time was imported, and who recorded it here."""
    return f" ({recorded.label()})" if recorded else ""
