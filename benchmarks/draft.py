"""Measure `ledger draft` against hand annotations: recall and precision of claims, claimants,
places and links, and the time to draft a 1,000-word article.

    python -m benchmarks.draft            # the figures in benchmarks/README.md

Each article is drafted twice: against a "known world" ledger (the gazetteer plus the places,
claimants and outlet a newsroom covering the story would already hold, never its claims) and
against a "cold" one (the gazetteer and the outlet only). A drafted claim matches an annotated
one when its clause holds the annotation's anchor words; claimants are compared on matched
claims, places over the whole article, links through the matched claims.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlmodel import Session

from ledger import interchange
from ledger.draft.build import Draft, draft_article
from ledger.geo import gazetteer
from ledger.geo.names import normalize
from ledger.store import journal, schema
from ledger.store.db import make_engine

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "drafting"
SEED_TEXT = ROOT.parent / "shared" / "seeds" / "aleppo-offensive-2024-12-01.txt"
SEED = ROOT / "seeds" / "aleppo-offensive-2024-12-01.yaml"
WORLD = ("places", "actors", "sources")


@dataclass
class Case:
    name: str
    text: Path
    source: str
    published: dt.date
    world: list[dict]
    cold: list[dict]
    claims: list[dict]
    links: list[dict]
    actors: dict[str, set[str]] = field(default_factory=dict)


def cases() -> list[Case]:
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    anchors = yaml.safe_load((DATA / "aleppo-offensive-2024-12-01.anchors.yaml").read_text())
    for claim in seed["claims"]:
        claim["excerpt"] = anchors[claim["id"]]
    found = [
        Case(
            "MENAFN 2024-12-01 (seed)",
            SEED_TEXT,
            "MENAFN",
            dt.date(2024, 12, 1),
            [{k: seed[k] for k in WORLD}],
            [{"sources": seed["sources"]}],
            seed["claims"],
            seed["links"],
            _names(seed["actors"]),
        )
    ]
    common = yaml.safe_load((DATA / "voa-common.yaml").read_text(encoding="utf-8"))
    for gold_path in sorted(DATA.glob("voa-*.gold.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        name = gold_path.name.removesuffix(".gold.yaml")
        published = gold["claims"][0]["published"]
        found.append(
            Case(
                f"VOA {published}",
                DATA / f"{name}.txt",
                "VOA",
                published,
                [{k: common[k] for k in WORLD}],
                [{"sources": common["sources"]}],
                gold["claims"],
                gold.get("links", []),
                _names(common["actors"] + gold["actors"]),
            )
        )
    return found


def _names(actors: list[dict]) -> dict[str, set[str]]:
    return {
        a["id"]: {normalize(n) for n in [a["id"], a["name"], *a.get("aliases", [])]} for a in actors
    }


def ledger_for(folder: Path, template: Path, documents: list[dict], name: str) -> str:
    path = folder / f"{name}.db"
    shutil.copyfile(template, path)
    engine = make_engine(f"sqlite:///{path}")
    with journal.writing(engine, "benchmark") as session:
        for number, document in enumerate(documents):
            file = folder / f"{name}-{number}.yaml"
            file.write_text(yaml.safe_dump({"format": "ledger/1", **document}), encoding="utf-8")
            interchange.import_file(session, file)
    engine.dispose()
    return str(path)


def draft(db: str, case: Case) -> tuple[Draft, float]:
    engine = make_engine(f"sqlite:///{db}")
    text = case.text.read_text(encoding="utf-8")
    start = time.perf_counter()
    with Session(engine) as session:
        result = draft_article(session, text, source=case.source, published=case.published)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return result, elapsed


@dataclass
class Score:
    hits: int = 0
    found: int = 0
    wanted: int = 0

    def add(self, other: Score) -> None:
        self.hits, self.found, self.wanted = (
            self.hits + other.hits,
            self.found + other.found,
            self.wanted + other.wanted,
        )

    def recall(self) -> str:
        return f"{self.hits / self.wanted:.0%}" if self.wanted else "-"

    def precision(self) -> str:
        return f"{self.hits / self.found:.0%}" if self.found else "-"


def score(case: Case, result: Draft) -> dict[str, Score]:
    text = case.text.read_text(encoding="utf-8")
    matched: dict[str, str] = {}  # gold id -> draft key
    used: set[str] = set()
    for claim in case.claims:
        at = text.find(claim["excerpt"])
        for drafted in result.claims:
            if drafted.key not in used and drafted.span[0] <= at < drafted.span[1]:
                matched[claim["id"]] = drafted.key
                used.add(drafted.key)
                break
    by_key = {c.key: c for c in result.claims}
    gold = {c["id"]: c for c in case.claims}
    speakers = Score(found=len(matched), wanted=len(matched))
    for gold_id, key in matched.items():
        claimant = by_key[key].claimant
        names = {normalize(n) for n in [claimant.key, claimant.name, *claimant.aliases]}
        if names & case.actors.get(gold[gold_id]["claimant"], {gold[gold_id]["claimant"]}):
            speakers.hits += 1
    wanted_places = {p for c in case.claims for p in c.get("places", [])}
    found_places = {m.place.key for c in result.claims for m in c.places}
    relation = {frozenset((link.claim, link.other)): link.relation for link in result.links}
    link_hits = sum(
        1
        for link in case.links
        if relation.get(frozenset((matched.get(link["claim"]), matched.get(link["other"]))))
        == link["relation"]
    )
    return {
        "claims": Score(len(matched), len(result.claims), len(case.claims)),
        "claimants": speakers,
        "places": Score(len(wanted_places & found_places), len(found_places), len(wanted_places)),
        "links": Score(link_hits, len(result.links), len(case.links)),
    }


def thousand_words(folder: Path, db: str) -> float:
    """Median whole-process time of `ledger draft` on a ~1,000-word article."""
    texts = [SEED_TEXT, *sorted(DATA.glob("voa-*.txt"))]
    article = folder / "thousand.txt"
    article.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in texts), encoding="utf-8")
    words = len(article.read_text(encoding="utf-8").split())
    command = [
        sys.executable,
        "-m",
        "ledger",
        "--db",
        db,
        "draft",
        str(article),
        "--source",
        "VOA",
        "--published",
        "2012-12-07",
        "-o",
        str(folder / "out.yaml"),
    ]
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    print(
        f"\n`ledger draft` on a {words}-word article: {statistics.median(times):.2f} s"
        " (whole process, median of 3)"
    )
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = folder / "template.db"
        engine = make_engine(f"sqlite:///{template}")
        schema.upgrade(engine)
        with journal.writing(engine, "benchmark") as session:
            gazetteer.load(session)
        engine.dispose()
        for world in ("known", "cold"):
            totals = {k: Score() for k in ("claims", "claimants", "places", "links")}
            print(f"\n{world} world | claims R/P | claimants | places R/P | links R/P | time")
            print("--- | --- | --- | --- | --- | ---")
            for number, case in enumerate(cases()):
                documents = case.world if world == "known" else case.cold
                db = ledger_for(folder, template, documents, f"{world}{number}")
                result, elapsed = draft(db, case)
                scores = score(case, result)
                for key, value in scores.items():
                    totals[key].add(value)
                print(_row(case.name, scores, f"{elapsed:.2f} s"))
            print(_row("**all**", totals, ""))
        voa = ledger_for(folder, template, cases()[1].world, "timing")
        thousand_words(folder, voa)


def _row(name: str, scores: dict[str, Score], elapsed: str) -> str:
    claims, speakers, places, links = (
        scores[k] for k in ("claims", "claimants", "places", "links")
    )
    return (
        f"{name} | {claims.recall()} / {claims.precision()} ({claims.hits}/{claims.wanted})"
        f" | {speakers.recall()} ({speakers.hits}/{speakers.wanted})"
        f" | {places.recall()} / {places.precision()}"
        f" | {links.recall()} / {links.precision()} ({links.hits}/{links.wanted}) | {elapsed}"
    )


if __name__ == "__main__":
    main()
