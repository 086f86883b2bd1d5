"""Measure ledger at scale and print each figure beside its baseline, measured in the same run.

    python -m benchmarks.run --size 10k --runs 1   # the CI smoke run
    python -m benchmarks.run --size 1m --runs 3    # the figures in benchmarks/README.md

Whole-process figures are medians of several runs (these machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import psycopg

from benchmarks import generate, sheet

HERE = Path(__file__).resolve().parent
PG_ADMIN = os.environ.get("LEDGER_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
CLI = [sys.executable, "-m", "ledger"]


CPU: list[float] = []
"""The CPU time (user + system) of each process `timed` ran, in order."""


def timed(command: list[str], env: dict | None = None) -> float:
    """Run a whole process once and return its wall time in seconds; note its CPU time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return elapsed


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def cpu_of(runs: int) -> str:
    """Say the median CPU time of the last `runs` processes: what a loaded machine does not skew."""
    return f"CPU {statistics.median(CPU[-runs:]):.3f} s"


def ledger(db: str, *args: str) -> list[str]:
    return [*CLI, "--db", db, *args]


def busiest(data: Path) -> tuple[str, str, str]:
    """Return the P-code and the claimant most claims are about or by, and a claim of the place.

    These are the lookups a newsroom makes most, and the heaviest of their kind.
    """
    places: Counter[str] = Counter()
    claimants: Counter[str] = Counter()
    with data.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["type"] == "claim":
                places.update(record["places"])
                claimants[record["claimant"]] += 1
    city = places.most_common(1)[0][0]
    with data.open(encoding="utf-8") as handle:
        claim = next(
            r["id"] for r in map(json.loads, handle) if r["type"] == "claim" and city in r["places"]
        )
    return city, claimants.most_common(1)[0][0], claim


def baseline_import(data: Path, folder: Path) -> float:
    """Insert the same rows with plain sqlite3 executemany, no ORM: the rate to compare with."""
    database = sqlite3.connect(folder / "baseline.db")
    database.executescript(
        """
        PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
        CREATE TABLE claim (id INTEGER PRIMARY KEY, key TEXT UNIQUE, text TEXT, claimant TEXT,
            source TEXT, url TEXT, published TEXT, event_start TEXT, event_end TEXT);
        CREATE TABLE claim_place (claim_id INTEGER, place TEXT, PRIMARY KEY (claim_id, place));
        CREATE TABLE link (id INTEGER PRIMARY KEY, a TEXT, b TEXT, relation TEXT);
        CREATE INDEX ix_claim_place ON claim_place (place);
        """
    )
    start = time.perf_counter()
    claims, places, links = [], [], []
    with data.open(encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            if r["type"] == "claim":
                number = len(claims) + 1
                claims.append(
                    (number, r["id"], r["text"], r["claimant"], r["source"], r["url"],
                     r["published"], r["event_start"], r["event_end"])
                )  # fmt: skip
                places.extend((number, p) for p in r["places"])
            elif r["type"] == "link":
                links.append((r["claim"], r["other"], r["relation"]))
    with database:
        database.executemany("INSERT INTO claim VALUES (?,?,?,?,?,?,?,?,?)", claims)
        database.executemany("INSERT INTO claim_place VALUES (?,?)", places)
        database.executemany("INSERT INTO link (a, b, relation) VALUES (?,?,?)", links)
    elapsed = time.perf_counter() - start
    database.close()
    return elapsed


def bare_sqlite_lookup(db: Path, place_key: str) -> list[str]:
    """The sqlite3 shell running the SQL of `ledger place <city>`: the floor below Python."""
    sql = (
        "SELECT c.key, c.text, c.event_start FROM claim c WHERE c.id IN ("
        " SELECT cp.claim_id FROM claim_place cp JOIN place_ancestor pa"
        " ON pa.place_id = cp.place_id JOIN place p ON p.id = pa.ancestor_id"
        f" WHERE p.key = '{place_key}')"
        " ORDER BY c.event_start IS NULL, c.event_start, c.published, c.key LIMIT 50;"
    )
    return ["sqlite3", str(db), sql]


def peak_analysis(db: str) -> tuple[float, float, int]:
    """Run the whole-ledger dispute analysis in a fresh process: seconds, peak MiB, points."""
    code = (
        "import resource, sys, time, json\n"
        "from sqlmodel import Session\n"
        "from ledger.analysis import disputes\n"
        "from ledger.store.db import open_ledger\n"
        "engine = open_ledger(sys.argv[1])\n"
        "start = time.perf_counter()\n"
        "with Session(engine) as session:\n"
        "    graph, points = disputes.analyse(session)\n"
        "elapsed = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps([elapsed, peak, len(points)]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, db], check=True, capture_output=True, text=True
    ).stdout
    elapsed, peak, points = json.loads(out)
    return elapsed, peak, points


def postgres_ledger(name: str) -> str:
    """Create an empty PostgreSQL database for the benchmark and return its URL."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"


def drop_postgres(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def row(figure: str, value: str, baseline: str, target: str, met: bool | None) -> str:
    verdict = "" if met is None else ("met" if met else "NOT met")
    return f"| {figure} | {value} | {baseline} | {target} | {verdict} |"


def run(size: str, runs: int, with_postgres: bool) -> list[str]:
    claims = generate.SIZES[size]
    data = HERE / "data" / f"ledger-{size}.jsonl"
    if not data.exists():
        generate.write(data, claims)
    city, claimant, claim = busiest(data)
    lines = [
        "| figure | ledger | baseline in the same run | target | |",
        "| --- | --- | --- | --- | --- |",
    ]
    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as tmp:
        folder = Path(tmp)
        db = str(folder / "ledger.db")
        subprocess.run(ledger(db, "init"), check=True, capture_output=True)
        seconds = timed(ledger(db, "import", str(data)))
        rate = claims / seconds
        base_rate = claims / baseline_import(data, folder)
        big = claims >= 1_000_000
        lines.append(
            row(
                f"bulk import of JSONL, {claims:,} claims with places and links (SQLite)",
                f"{rate:,.0f} claims/s ({seconds:.1f} s)",
                f"sqlite3 executemany: {base_rate:,.0f} claims/s",
                "≥ 50% of baseline" + ("; 1M in ≤ 25 s" if big else ""),
                rate >= 0.5 * base_rate and (not big or seconds <= 25),
            )
        )
        bare = median_of(runs, lambda: timed(bare_sqlite_lookup(Path(db), city)))
        lookups = {
            f"`ledger place {city}`, first 50 rows": ("place", city, "--limit", "50"),
            f"`ledger show {claim}`": ("show", claim),
            f"`ledger claims --claimant {claimant}`, first 200": ("claims", "--claimant", claimant),
        }
        place_lookup = 0.0
        for figure, args in lookups.items():
            took = median_of(runs, lambda args=args: timed(ledger(db, *args)))
            place_lookup = place_lookup or took
            lines.append(
                row(
                    f"{figure} whole process",
                    f"{took:.3f} s ({cpu_of(runs)})",
                    f"sqlite3 shell (the place query) {bare:.3f} s",
                    "≤ 0.35 s and ≤ 2× the shell",
                    took <= 0.35 and took <= 2 * bare,
                )
            )
        lines.extend([*help_and_analysis(db, runs), report_row(db, folder, city, runs)])
        lines.append(sheet_row(claims, folder))
        if with_postgres:
            lines.extend(postgres_rows(data, claims, city, runs, rate, place_lookup))
    return lines


def help_and_analysis(db: str, runs: int) -> list[str]:
    helped = median_of(runs, lambda: timed([*CLI, "--help"]))
    helped_cpu = cpu_of(runs)
    bare_python = median_of(runs, lambda: timed([sys.executable, "-c", "pass"]))
    elapsed, peak, points = peak_analysis(db)
    return [
        row(
            "`ledger --help` whole process",
            f"{helped:.3f} s ({helped_cpu})",
            f"python -c pass {bare_python:.3f} s",
            "≤ 0.25 s above it",
            helped <= bare_python + 0.25,
        ),
        row(
            f"dispute analysis of the whole ledger ({points:,} disputed points)",
            f"{elapsed:.1f} s, peak {peak:,.0f} MiB",
            "—",
            "≤ 15 s and ≤ 1.5 GB",
            elapsed <= 15 and peak <= 1536,
        ),
    ]


def report_row(db: str, folder: Path, city: str, runs: int) -> str:
    report = folder / "report.html"
    command = ledger(db, "report", "--place", city, "-o", str(report))
    reported = median_of(runs, lambda: timed(command))
    return row(
        f"`ledger report --place {city}` whole process",
        f"{reported:.2f} s ({cpu_of(runs)})",
        "—",
        "≤ 1.0 s",
        reported <= 1.0,
    )


def sheet_row(claims: int, folder: Path) -> str:
    """Import a newsroom sheet (2.5 rows per ledger claim, at most 250k) and a fifth of it."""
    rows = min(250_000, claims * 5 // 2)
    seconds, peak = sheet.measure(str(folder / "sheet.db"), sheet.write(folder / "s.csv", rows))
    small, small_peak = sheet.measure(
        str(folder / "sheet-5.db"), sheet.write(folder / "s5.csv", rows // 5)
    )
    return row(
        f"CSV import of a newsroom sheet, {rows:,} rows (BOM, `;`, written dates, verdicts)",
        f"{seconds:.1f} s ({rows / seconds:,.0f} rows/s), peak {peak:,.0f} MiB",
        f"{rows // 5:,} rows: {small:.1f} s, peak {small_peak:,.0f} MiB",
        "250k rows ≤ 15 s; memory bounded",
        (seconds <= 15 if rows >= 250_000 else None),
    )


def postgres_rows(
    data: Path, claims: int, city: str, runs: int, sqlite_rate: float, sqlite_lookup: float
) -> list[str]:
    name = f"ledger_bench_{os.getpid()}"
    url = postgres_ledger(name)
    try:
        subprocess.run(ledger(url, "init"), check=True, capture_output=True)
        seconds = timed(ledger(url, "import", str(data)))
        lookup = median_of(runs, lambda: timed(ledger(url, "place", city, "--limit", "50")))
        lookup_cpu = cpu_of(runs)
    finally:
        drop_postgres(name)
    rate = claims / seconds
    return [
        row(
            "the same import on PostgreSQL (COPY)",
            f"{rate:,.0f} claims/s ({seconds:.1f} s)",
            f"SQLite import {sqlite_rate:,.0f} claims/s",
            "≥ 30,000 claims/s and within 2× of SQLite",
            rate >= 30_000 and rate * 2 >= sqlite_rate,
        ),
        row(
            f"`ledger place {city}` on PostgreSQL",
            f"{lookup:.3f} s ({lookup_cpu})",
            f"SQLite lookup {sqlite_lookup:.3f} s",
            "within 3× of SQLite",
            lookup <= 3 * sqlite_lookup,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(generate.SIZES), default="10k")
    parser.add_argument("--runs", type=int, default=5, help="runs per whole-process figure")
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL row")
    args = parser.parse_args()
    if shutil.which("sqlite3") is None:
        sys.exit("benchmarks need the sqlite3 shell: apt-get install -y sqlite3")
    python = platform.python_version()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {python}")
    print(f"size: {args.size}, median of {args.runs} runs per whole-process figure\n")
    for line in run(args.size, args.runs, not args.no_postgres):
        print(line, flush=True)


if __name__ == "__main__":
    main()
