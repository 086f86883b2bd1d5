"""Writing a draft as a `ledger/1` YAML document a fact-checker reviews, then imports.

What a reviewer needs beside each record (its confidence, the cue and the reason for each
choice) goes in comments right above it, so the file imports as it is once reviewed and
nothing in it is a field the importer does not know.
"""

from __future__ import annotations

from typing import TextIO

import yaml

from ledger.draft.build import Draft, DraftClaim
from ledger.formats.bounded import PlainDumper

FORMAT = "ledger/1"
"""`ledger.formats.model.FORMAT`, which imports the ORM models a draft never needs (a test
keeps the two equal)."""


def write(draft: Draft, out: TextIO, target: str = "draft.yaml") -> None:
    """Write the draft: header, proposed actors, claims and links, each with its comments."""
    source = draft.source
    url = f", {draft.url}" if draft.url else ""
    out.write(
        f"# Draft of {draft.origin}: {source.name}, published {draft.published}{url}.\n"
        "# Nothing here is in the ledger yet. Each claim's text is the article's own clause:\n"
        "# paraphrase it, check its claimant, places and dates, delete what is not a claim,\n"
        "# then run `ledger import "
        f"{target}`. Confidence runs from 0 (a guess) to 1 (sure).\n"
        f"format: {FORMAT}\n"
    )
    if draft.new_actors:
        out.write("\nactors:\n")
        for actor in draft.new_actors:
            out.write(
                f"  # proposed: a claimant the ledger lacks; its kind is guessed from its name,"
                f" confidence {actor.confidence:.2f}\n"
            )
            record = {"id": actor.key, "name": actor.name, "kind": actor.kind}
            if actor.aliases:
                record["aliases"] = actor.aliases
            _record(out, record)
    out.write("\nclaims:\n")
    for number, claim in enumerate(draft.claims, start=1):
        for line in _claim_notes(claim, number, len(draft.claims)):
            out.write(f"  # {line}\n")
        _record(out, _claim_record(draft, claim))
    if draft.links:
        out.write("\nlinks:\n")
        for link in draft.links:
            where = " (the other claim is in the ledger)" if link.in_ledger else ""
            out.write(f"  # proposed, confidence {link.confidence:.2f}{where}\n")
            _record(
                out,
                {
                    "claim": link.claim,
                    "relation": link.relation,
                    "other": link.other,
                    "note": link.note,
                },
            )


def _claim_record(draft: Draft, claim: DraftClaim) -> dict:
    record: dict = {
        "id": claim.key,
        "text": claim.text,
        "excerpt": claim.excerpt,
        "claimant": claim.claimant.key,
        "source": draft.source.key,
    }
    if draft.url:
        record["url"] = draft.url
    record["published"] = draft.published.isoformat()
    if claim.window:
        record["event_start"] = claim.window.start.isoformat()
        record["event_end"] = claim.window.end.isoformat()
    if claim.places:
        record["places"] = [m.place.key for m in claim.places]
    return record


def _claim_notes(claim: DraftClaim, number: int, total: int) -> list[str]:
    attribution, claimant = claim.attribution, claim.claimant
    cue = f'"{attribution.cue.phrase}"' if attribution.cue else "no reporting verb"
    who = {
        "named": f"{cue}: {claimant.name} ({claimant.how})",
        "pronoun": f"{cue}: {attribution.subject!r} read as {claimant.name}",
        "inherit": f"{cue}: the sentence's speaker, {claimant.name}",
        "unnamed": f"{cue}: unnamed sources",
        "outlet": f"{cue}: the outlet's own statement",
    }[attribution.how]
    notes = [
        f"claim {number} of {total}, confidence {claim.confidence:.2f}; {who}",
        "review: the text is the article's clause; paraphrase it",
    ]
    for mention in claim.places:
        where = "" if claim.places_from == "clause" else f" (from {claim.places_from})"
        place = mention.place
        notes.append(
            f"place: {mention.surface} -> {place.name} ({place.key}, {place.kind}){where}:"
            f" {mention.how or 'named'}, confidence {mention.confidence:.2f}"
        )
    if claim.window:
        window = claim.window
        span = str(window.start) if window.start == window.end else f"{window.start}..{window.end}"
        notes.append(f"event: {span} ({window.precision}), from {window.phrase!r}")
    else:
        notes.append("event: no date in the sentence")
    for figure in claim.figures:
        notes.append(f"figure: {figure.label()} ({figure.text!r})")
    return notes


def _record(out: TextIO, record: dict) -> None:
    text = yaml.dump([record], Dumper=PlainDumper, allow_unicode=True, sort_keys=False, width=96)
    out.write("".join(f"  {line}\n" for line in text.splitlines()))
