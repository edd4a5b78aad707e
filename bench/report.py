"""Put the measurements together: bench/results/latest.json, the table, and BENCHMARKS.md's copy of it.

    python -m bench.report RESULTS_DIR

Reads scale-1.json, scale-10.json (bench/measure.py), load.json (bench/load.py) and build-*.json
(bench/run) from RESULTS_DIR; checks every target of the issue; writes latest.json; prints the
table; replaces the part of BENCHMARKS.md between its two markers.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

MAX_QUERIES = 12
# A page's median at scale 10 is at most six times the floor's (the empty page with the board's
# navigation) with conventional code (BENCHMARKS.md, "Targets").
MAX_FLOOR_RATIO = 6.0
MAX_GROWTH = 1.3
PDF_MS, DOCX_MS = 3000, 1500
LOAD_P95_MS = 500
BUILD_SECONDS = 120


def machine() -> dict:
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        memory = f"{kb / 2**20:.0f} GB"
    except (OSError, TypeError):
        pass
    postgres = ""
    bindir = os.environ.get("PGTEST_BINDIR")
    if bindir:
        postgres = subprocess.run([f"{bindir}/postgres", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres,
        # Other work on the machine when the report was written (1-minute load average).
        "load_average": round(os.getloadavg()[0], 2),
    }


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def load(folder: Path, name: str) -> dict:
    path = folder / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def evaluate(folder: Path) -> dict:
    small, large = load(folder, "scale-1.json"), load(folder, "scale-10.json")
    load_test, build1, build10 = load(folder, "load.json"), load(folder, "build-1.json"), load(folder, "build-10.json")
    floor = large["pages"]["floor"]["median_ms"]
    pages, formats, checks = {}, {}, []

    def check(what: str, value, limit, holds: bool) -> None:
        checks.append({"target": what, "value": value, "limit": limit, "holds": bool(holds)})

    for name, row10 in large["pages"].items():
        row1 = small["pages"][name]
        row = {
            "path": row10["path"],
            "queries": [row1["queries"], row10["queries"]],
            "median_ms": [row1["median_ms"], row10["median_ms"]],
            "p95_ms": [row1["p95_ms"], row10["p95_ms"]],
            "x_floor": ratio(row10["median_ms"], floor),
            "growth_median": ratio(row10["median_ms"], row1["median_ms"]),
            "growth_p95": ratio(row10["p95_ms"], row1["p95_ms"]),
        }
        pages[name] = row
        if "floor" in name:
            continue
        check(
            f"{name}: queries (scale 1, scale 10)",
            row["queries"],
            f"<= {MAX_QUERIES}, equal",
            (row1["queries"] == row10["queries"] <= MAX_QUERIES),
        )
        check(
            f"{name}: median / floor at scale 10",
            row["x_floor"],
            f"<= {MAX_FLOOR_RATIO}",
            (row["x_floor"] <= MAX_FLOOR_RATIO),
        )
        check(
            f"{name}: median scale 10 / scale 1",
            row["growth_median"],
            f"<= {MAX_GROWTH}",
            (row["growth_median"] <= MAX_GROWTH),
        )

    for fmt, row10 in large["formats"].items():
        row1 = small["formats"][fmt]
        row = {
            "year": row10["year"],
            "requests": [row1.get("requests"), row10.get("requests")],
            "cold_ms": [row1.get("cold_ms"), row10.get("cold_ms")],
            "queries": [row1["queries"], row10["queries"]],
            "median_ms": [row1["median_ms"], row10["median_ms"]],
            "p95_ms": [row1["p95_ms"], row10["p95_ms"]],
            "growth_median": ratio(row10["median_ms"], row1["median_ms"]),
            "growth_p95": ratio(row10["p95_ms"], row1["p95_ms"]),
        }
        formats[fmt] = row
        if fmt in ("json", "html"):
            check(
                f"yearend {fmt}: median scale 10 / scale 1",
                row["growth_median"],
                f"<= {MAX_GROWTH}",
                (row["growth_median"] <= MAX_GROWTH),
            )
        limit = {"pdf": PDF_MS, "docx": DOCX_MS}.get(fmt)
        if limit:
            check(
                f"yearend {fmt} download: median at scale 10 (ms)",
                row10["median_ms"],
                f"< {limit}",
                (row10["median_ms"] < limit),
            )

    if load_test:
        check("load: failures", load_test["total"]["failures"], "0", load_test["total"]["failures"] == 0)
        check(
            "load: 95th percentile of the pages (ms)",
            load_test["pages"]["p95_ms"],
            f"< {LOAD_P95_MS}",
            (load_test["pages"]["p95_ms"] < LOAD_P95_MS),
        )
    if build10:
        check("bench_data --scale 10 (s)", build10["seconds"], f"< {BUILD_SECONDS}", build10["seconds"] < BUILD_SECONDS)

    return {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "floor_ms": [small["pages"]["floor"]["median_ms"], floor],
        "pages": pages,
        "yearend": formats,
        "load": load_test,
        "build": {"scale_1": build1, "scale_10": build10},
        "targets": checks,
        "all_hold": all(c["holds"] for c in checks),
    }


def _ms(value) -> str:
    return "n/a" if value is None else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _x(value) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def table(result: dict) -> str:
    m = result["machine"]
    lines = [
        f"Run {result['generated']} on {m['cpu']} ({m['cores']} cores, {m['memory']}), {m['os']}, "
        f"Python {m['python']}, {m['postgresql']}; load average {m.get('load_average')} at the end.",
        "",
        "Pages (in process, signed in as the business manager; median and 95th percentile of 30 requests, ms):",
        "",
        "| page | queries s1 / s10 | median s1 | median s10 | p95 s1 | p95 s10 | s10 / floor | s10 / s1 median | s10 / s1 p95 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in result["pages"].items():
        lines.append(
            f"| {name} | {row['queries'][0]} / {row['queries'][1]} | {_ms(row['median_ms'][0])} | "
            f"{_ms(row['median_ms'][1])} | {_ms(row['p95_ms'][0])} | {_ms(row['p95_ms'][1])} | "
            f"{_x(row['x_floor'])} | {_x(row['growth_median'])} | {_x(row['growth_p95'])} |"
        )
    lines += [
        "",
        "Year-end summary of the latest full year (ms): json and html as the `yearend` command makes them, "
        "pdf and docx as a reader downloads them, and the PDF's layout on its own (no target: it is done "
        "in the background after a change):",
        "",
        "| format | year | queries s1 / s10 | requests s1 / s10 | cold s1 | cold s10 | median s1 | median s10 "
        "| p95 s1 | p95 s10 | s10 / s1 median | s10 / s1 p95 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for fmt, row in result["yearend"].items():
        lines.append(
            f"| {fmt} | {row['year']} | {row['queries'][0]} / {row['queries'][1]} | "
            f"{row['requests'][0]} / {row['requests'][1]} | {_ms(row['cold_ms'][0])} | {_ms(row['cold_ms'][1])} | "
            f"{_ms(row['median_ms'][0])} | {_ms(row['median_ms'][1])} | {_ms(row['p95_ms'][0])} | "
            f"{_ms(row['p95_ms'][1])} | {_x(row['growth_median'])} | {_x(row['growth_p95'])} |"
        )
    load_test = result["load"]
    if load_test:
        lines += [
            "",
            f"Load at scale 10: gunicorn, {load_test['workers']} workers; {load_test['users']} users "
            f"(spawned {load_test['spawn_rate']}/s) sign in, then follow their journeys with "
            f"{load_test['think_time_s'][0]:g}-{load_test['think_time_s'][1]:g} s between pages; the pages "
            f"are those of the {load_test.get('window_seconds', load_test['seconds'])} s after the last one signed in "
            f"(load average {load_test.get('load_average', ['?', '?'])[0]} before, "
            f"{load_test.get('load_average', ['?', '?'])[1]} after):",
            "",
            "| requests | requests/s | failures | median ms | p95 ms | peak worker RSS |",
            "|---|---|---|---|---|---|",
        ]
        for label, key in (("journey pages", "pages"), ("signing in", "sign_in"), ("whole run", "total")):
            row = load_test[key]
            lines.append(
                f"| {label}: {row['requests']} | {row['rps']} | {row['failures']} | {_ms(row['median_ms'])} | "
                f"{_ms(row['p95_ms'])} | {load_test['peak_worker_rss_mb'] if key == 'total' else ''}"
                f"{' MB' if key == 'total' else ''} |"
            )
    build = result["build"]
    if build.get("scale_10"):
        lines += [
            "",
            f"bench_data: scale 1 in {build['scale_1'].get('seconds', 'n/a')} s, "
            f"scale 10 in {build['scale_10']['seconds']} s.",
        ]
    lines += ["", "Targets:", "", "| target | value | limit | holds |", "|---|---|---|---|"]
    for c in result["targets"]:
        lines.append(f"| {c['target']} | {c['value']} | {c['limit']} | {'yes' if c['holds'] else '**no**'} |")
    return "\n".join(lines)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "results"
    result = evaluate(folder)
    (folder / "latest.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    text = table(result)
    print(text)
    if BENCHMARKS.exists():
        content = BENCHMARKS.read_text(encoding="utf-8")
        if START in content and END in content:
            head, rest = content.split(START, 1)
            _, tail = rest.split(END, 1)
            BENCHMARKS.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
