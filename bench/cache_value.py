"""What the page cache (lscb.caching.CachedFragmentMixin) buys: each page that uses it, timed with the
cache and without it, in turns with the floor, in one process.

    python -m bench.cache_value [--rounds 20] [--page NAME ...] [--output FILE]

DATABASE_URL names the bench board's database (scale 10 after `bench/run`). Signed in as the
business manager, as bench/measure.py. Each round requests the floor, the page with the cache (a
reader after the first since the records last changed) and the page drawn afresh
(lscb.caching.ENABLED off), one after the other, so that whatever else the machine does falls on
all three alike; the medians (and the fastest, the least disturbed) are compared. The rule
(BENCHMARKS.md): a page whose median without the cache is at most 6 times the floor's drops the
cache; a page that keeps it must gain more than 1.5 times from it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lscb.settings.bench")

import django

django.setup()

from bench.builder import MANAGER  # noqa: E402
from bench.measure import signed_in, targets  # noqa: E402
from lscb import caching  # noqa: E402

# The pages whose view used CachedFragmentMixin when this was written (bench/measure.py's names).
PAGES = (
    "dashboard",
    "structure",
    "calendar",
    "attendance",
    "plan",
    "what changed",
    "challenge log",
    "agency record",
    "year-end page",
    "reviews",
    "evidence",
    "dataset",
    "training",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--page", action="append")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    client = signed_in(MANAGER)
    paths = targets()

    def timed(path: str, cached: bool) -> float:
        caching.ENABLED = cached
        started = time.perf_counter()
        response = client.get(path)
        spent = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        return spent

    results = {}
    for name in args.page or PAGES:
        path = paths[name]
        for _ in range(3):
            timed(path, True)
            timed(path, False)
            timed(paths["floor"], True)
        times = {"floor": [], "with": [], "without": []}
        for _ in range(args.rounds):
            times["floor"].append(timed(paths["floor"], True))
            times["with"].append(timed(path, True))
            times["without"].append(timed(path, False))
        row = {key: round(statistics.median(values), 1) for key, values in times.items()}
        row.update({f"{key} fastest": round(min(values), 1) for key, values in times.items()})
        row["without / floor"] = round(row["without"] / row["floor"], 2)
        row["without / with"] = round(row["without"] / row["with"], 2)
        results[name] = row
        print(
            f"  {name:<15} floor {row['floor']:6.1f}  with {row['with']:7.1f}  without {row['without']:7.1f} ms"
            f"  without/floor {row['without / floor']:5.2f}  without/with {row['without / with']:5.2f}"
            f"  (fastest: {row['floor fastest']:.1f}, {row['with fastest']:.1f}, {row['without fastest']:.1f})",
            flush=True,
        )
    caching.ENABLED = True
    if args.output:
        args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
