"""Generate realistic synthetic ledgers as JSON Lines for the benchmarks.

Places are the real OCHA gazetteer's communities (loaded by `ledger init`), chosen with skewed,
Zipf-like popularity; a few thousand claimants (grouped into parties) and sources; 1-3 places per
claim; links forming many small disputed points and a few large ones.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path

from ledger.store.resources import GAZETTEER_CSV, shipped

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
PARTIES = 40
ACTORS = 3_000
SOURCES = 2_000
START = dt.date(2011, 3, 15)


def communities() -> list[str]:
    """Return the P-codes of the shipped gazetteer's communities."""
    with (shipped("seeds") / GAZETTEER_CSV).open(encoding="utf-8", newline="") as handle:
        return [row["pcode"] for row in csv.DictReader(handle)]


def zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


def records(claims: int, seed: int = 7) -> Iterator[dict]:
    """Yield the records of a ledger with `claims` claims, deterministic for a seed."""
    rng = random.Random(seed)
    yield {"type": "header", "format": "ledger/1"}
    places = communities()
    rng.shuffle(places)
    place_weights = list(itertools.accumulate(zipf_weights(len(places))))
    for party in range(PARTIES):
        yield {"type": "actor", "id": f"party-{party}", "name": f"Party {party}", "kind": "party"}
    for actor in range(ACTORS):
        yield {
            "type": "actor",
            "id": f"actor-{actor}",
            "name": f"Actor {actor}",
            "kind": rng.choice(["armed-group", "state-body", "media", "person"]),
            "party": f"party-{actor % PARTIES}",
            "aliases": [f"A{actor}"],
        }
    for source in range(SOURCES):
        yield {
            "type": "source",
            "id": f"source-{source}",
            "name": f"Outlet {source}",
            "kind": rng.choice(["news-agency", "newspaper", "website", "social-media"]),
            "url": f"https://outlet-{source}.example/",
        }
    actor_weights = list(itertools.accumulate(zipf_weights(ACTORS, 0.9)))
    for number in range(claims):
        day = START + dt.timedelta(days=rng.randrange(5_000))
        chosen = rng.choices(places, cum_weights=place_weights, k=rng.randint(1, 3))
        yield {
            "type": "claim",
            "id": f"k{number}",
            "text": f"Synthetic claim {number}: forces reported moving near {chosen[0]}.",
            "claimant": f"actor-{rng.choices(range(ACTORS), cum_weights=actor_weights)[0]}",
            "source": f"source-{rng.randrange(SOURCES)}",
            "url": f"https://outlet.example/{number}",
            "published": (day + dt.timedelta(days=rng.randrange(3))).isoformat(),
            "event_start": day.isoformat(),
            "event_end": day.isoformat(),
            "places": sorted(set(chosen)),
            "logged_by": "benchmark",
            "logged_at": "2026-01-01T00:00:00+00:00",
        }
    yield from links(claims, rng)


def links(claims: int, rng: random.Random) -> Iterator[dict]:
    """Link claims into many small disputed points (2-6 claims) and five large ones."""
    order = list(range(claims))
    rng.shuffle(order)
    large = min(2_000, claims // 50)
    position = 0
    groups = [order[i * large : (i + 1) * large] for i in range(5)]
    position = 5 * large
    while position < claims * 0.6:
        size = rng.randint(2, 6)
        groups.append(order[position : position + size])
        position += size
    for group in groups:
        for index in range(1, len(group)):
            other = group[rng.randrange(index)]
            yield {
                "type": "link",
                "claim": f"k{group[index]}",
                "relation": "contradicts" if rng.random() < 0.4 else "corroborates",
                "other": f"k{other}",
                "note": None,
            }


def write(path: Path, claims: int) -> Path:
    """Write a synthetic ledger of `claims` claims as JSON Lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in records(claims):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()
    out = args.output or Path(__file__).parent / "data" / f"ledger-{args.size}.jsonl"
    print(write(out, SIZES[args.size]))


if __name__ == "__main__":
    main()
