"""Plain-text rendering of claims for the terminal."""

from __future__ import annotations

import shutil
import textwrap

from ledger.record.lookup import ClaimView


def event_span(view: ClaimView) -> str:
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


def claim_block(view: ClaimView) -> list[str]:
    """Return the lines that show one claim in a list: header, text, places, links."""
    claim = view.claim
    published = f", {claim.published}" if claim.published else ""
    header = (
        f"{claim.key}  [{event_span(view)}]  {view.claimant.name} — {view.source.name}{published}"
    )
    lines = [header]
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


def claim_list(views: list[ClaimView]) -> str:
    return "\n\n".join("\n".join(claim_block(v)) for v in views)


def claim_detail(view: ClaimView, place_paths: dict[int, str]) -> str:
    """Return everything about one claim, its links in both directions included."""
    claim = view.claim
    party = f"; speaks for {view.party.name}" if view.party else ""
    source_url = f" <{view.source.url}>" if view.source.url else ""
    rows = [
        ("claim", claim.text),
        ("excerpt", f"“{claim.excerpt}”" if claim.excerpt else None),
        ("claimant", f"{view.claimant.name} ({view.claimant.kind}{party})"),
        ("source", f"{view.source.name} ({view.source.kind}){source_url}"),
        ("url", claim.url),
        ("published", str(claim.published) if claim.published else "unknown"),
        ("event", event_span(view)),
        ("places", None),
        ("logged", f"by {claim.logged_by} at {claim.logged_at:%Y-%m-%d %H:%M} UTC"),
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
    lines.append(f"  links      {len(view.links) or 'none'}")
    for link in view.links:
        lines.append(f"    {link.relation} {link.other_key}: {link.other_text}")
        if link.note:
            lines.append(f"      note: {link.note} ({link.by}, {link.at:%Y-%m-%d})")
    return "\n".join(lines)
