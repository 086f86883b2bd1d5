"""A newsroom spreadsheet at scale, and what importing it costs: time and peak memory.

The sheet is what European Excel saves: UTF-8 with a byte-order mark, semicolons, CRLF, headers
as people write them (`Claim;Speaker;Outlet;Date;...`), dates in written forms, a place or two
per row, claimants and outlets by name, and a verdict in a publisher's words on one row in five.

    python -m benchmarks.sheet 250000        # time one import of a 250k-row sheet
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import ACTORS, SOURCES, START, communities, zipf_weights

HEADER = ["Claim", "Speaker", "Outlet", "Date", "Link", "Location", "Verdict", "Fact-checker"]
WORDINGS = ["Mostly False", "Half True", "Misleading", "Faux", "Engañoso", "Sem contexto", "مضلل"]
FORMS = ("{d:%d %B %Y}", "{d:%Y-%m-%d}", "{d:%B %Y}", "{d:%d/%m/%Y}")


def write(path: Path, rows: int, seed: int = 11) -> Path:
    """Write a sheet of `rows` claims, deterministic for a seed."""
    rng = random.Random(seed)
    places = communities()
    rng.shuffle(places)
    weights = list(itertools.accumulate(zipf_weights(len(places))))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for number in range(rows):
            day = START + dt.timedelta(days=rng.randrange(5_000))
            chosen = sorted(set(rng.choices(places, cum_weights=weights, k=rng.randint(1, 2))))
            form = FORMS[number % len(FORMS)] if day.day > 12 else FORMS[number % 3]
            rated = rng.random() < 0.2
            writer.writerow(
                [
                    f"Sheet claim {number}: shelling reported near {chosen[0]}",
                    f"Actor {rng.randrange(ACTORS)}",
                    f"Outlet {rng.randrange(SOURCES)}",
                    form.format(d=day),
                    f"https://sheet.example/{number}",
                    ";".join(chosen),
                    rng.choice(WORDINGS) if rated else "",
                    "Verify Desk" if rated else "",
                ]
            )
    return path


def measure(db: str, sheet: Path) -> tuple[float, float]:
    """Import a sheet into a fresh ledger in a child process: seconds and the child's peak MiB."""
    code = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
        "elapsed = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([elapsed, peak]))\n"
    )
    cli = [sys.executable, "-m", "ledger", "--db", db]
    subprocess.run([*cli, "init"], check=True, capture_output=True)
    command = [*cli, "import", str(sheet), "--create", "--date-order", "dmy"]
    out = subprocess.run(
        [sys.executable, "-c", code, *command], check=True, capture_output=True, text=True
    ).stdout
    elapsed, peak = json.loads(out)
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, nargs="?", default=250_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ledger-sheet-") as tmp:
        sheet = write(Path(tmp) / "sheet.csv", args.rows)
        start = time.perf_counter()
        elapsed, peak = measure(str(Path(tmp) / "ledger.db"), sheet)
        print(f"{args.rows:,} rows: {elapsed:.1f} s, peak {peak:,.0f} MiB")
        del start


if __name__ == "__main__":
    main()
