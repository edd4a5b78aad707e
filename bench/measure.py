"""Server time and queries of every main page and of the year-end formats, at two scales side by side.

    python -m bench.measure --database 1=lscb_1 --database 10=lscb_10 --output-dir bench/results
    python -m bench.measure --database 1=lscb_b1 --database 2=lscb_b2 --output-dir bench/results/boards \
        --same-queries [--page dashboard ...] [--formats none]

Each database (on DATABASE_URL's server, under lscb.settings.bench; or, for SQLite, a file's path)
holds the bench board at one scale (or, as in the second line, with one and with two boards: see
`bench/run boards`). The pages are the first bench board's, under its address (/bscp/...). Each page is requested with django.test.Client as the signed-in business manager (who
sees every tile): a few warm-up requests at each scale, one request inside CaptureQueriesContext
for the query count, then REPEAT timed requests at each scale (time.perf_counter around the whole
request: middleware, view, template), taken in turns of TURN requests per scale so that whatever
else the machine does falls on both scales alike. A request that takes seconds stops after
BUDGET_SECONDS per scale, with at least MIN_REPEAT. The year-end json and html are timed the way
the `yearend` command makes them (read the year, build the report, render); the PDF and the Word
file as the download a reader requests; and the PDF's layout on its own, as the command makes it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lscb.settings.bench")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.builder import MANAGER, first_board  # noqa: E402
from businessplan.models import Plan, PlanStatus  # noqa: E402
from dataset.models import Indicator  # noqa: E402
from governance.models import Agency, GroupKind, Meeting, MeetingStatus  # noqa: E402
from learning.models import Audit  # noqa: E402
from lscb.years import ReportingYear  # noqa: E402
from yearend.management.commands.yearend import RENDERERS as COMMAND  # noqa: E402

RENDERERS = {**COMMAND, "pdf layout": COMMAND["pdf"]}

REPEAT = 30
WARM_UP = 3
# The slowest downloads (a PDF of a hundred pages) stop after this long, once they have MIN_REPEAT times.
BUDGET_SECONDS = 30
MIN_REPEAT = 3
# Requests timed at one scale before turning to the other.
TURN = 5
# "pdf layout" is the layout itself, as the `yearend` command makes it: what a download waits
# for when it comes before the background preparation after a change (yearend.files).
FORMATS = ("json", "html", "pdf", "docx", "pdf layout")
DOWNLOADS = {"pdf": "pdf", "docx": "docx"}


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the value below which `share` of the values fall."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def targets() -> dict[str, str]:
    """The main pages' addresses on the first bench board (the same kind of object at every scale,
    and however many boards the instance holds)."""
    today = timezone.localdate()
    current = ReportingYear.containing(today)
    latest = current.previous
    board = first_board()
    plan = Plan.objects.filter(board=board, status=PlanStatus.ACTIVE).order_by("-start").first()
    # The register of the board's latest recorded meeting: the longest register of the year.
    meeting = (
        Meeting.objects.filter(
            group__board=board, group__kind=GroupKind.BOARD, status=MeetingStatus.HELD, date__gte=current.start
        )
        .order_by("-date")
        .first()
    )
    # The agency the board challenged most often: the longest record to read.
    agency = (
        Agency.objects.filter(active=True)
        .annotate(n=Count("challenges", filter=Q(challenges__board=board)))
        .order_by("-n", "name")
        .first()
    )
    # The audit with the most judgements recorded: the longest audit page.
    audit = Audit.objects.filter(board=board).annotate(n=Count("results")).order_by("-n", "pk").first()
    # The indicator with the most values (the one broken down by area): the longest indicator page.
    indicator = Indicator.objects.of_board(board).annotate(n=Count("values")).order_by("-n", "pk").first()
    home = f"/{board.slug}"
    return {
        # A board's empty page: the shell with the board's navigation, as every page below has.
        "floor": f"{home}/bench/floor/",
        "bare floor": "/bench/bare/",
        "dashboard": f"{home}/",
        "structure": f"{home}/structure/",
        "calendar": f"{home}/calendar/{current.label}/",
        "record a meeting": f"{home}/meetings/{meeting.pk}/record/",
        "attendance": f"{home}/attendance/{current.label}/",
        "plan": f"{home}/plan/{plan.slug}/",
        "what changed": f"{home}/plan/{plan.slug}/changes/",
        "challenge log": f"{home}/challenges/",
        "agency record": f"{home}/challenges/agency/{agency.pk}/",
        "year-end page": f"{home}/yearend/{latest.label}/",
        "reviews": f"{home}/learning/reviews/",
        "audit": f"{home}/learning/audits/{audit.pk}/",
        "evidence": f"{home}/learning/evidence/",
        "dataset": f"{home}/dataset/",
        "indicator": f"{home}/dataset/indicators/{indicator.pk}/",
        "training": f"{home}/training/",
        "money": f"{home}/money/",
    }


def render_for(fmt: str, board) -> Callable[[ReportingYear], object]:
    """The `yearend` command's way of making `fmt` for the first bench board's year."""
    render = RENDERERS[fmt].render
    return lambda year: render(year, board)


class Scale:
    """One database of the comparison: its scale, its signed-in client and its pages."""

    def __init__(self, scale: int, database: str) -> None:
        self.scale, self.database = scale, database
        self.use()
        self.client = signed_in(MANAGER)
        self.pages = targets()
        self.board = first_board()

    def use(self) -> None:
        """Point the default connection at this scale's database (reconnecting, outside any timing)."""
        connection = connections["default"]
        if connection.settings_dict["NAME"] != self.database:
            connection.close()
            connection.settings_dict["NAME"] = self.database
        connection.ensure_connection()


def timed(runs: dict[Scale, Callable[[], object]], check: Callable[[object], None], repeat: int, warm_up: int) -> dict:
    """Warm up and count the queries at each scale, then time the scales in turns of a few
    requests each, so that whatever else the machine is doing falls on both alike."""
    cold: dict[Scale, float] = {}
    queries: dict[Scale, int] = {}
    for scale, run in runs.items():
        scale.use()
        for n in range(warm_up):
            started = time.perf_counter()
            check(run())
            if n == 0:
                cold[scale] = (time.perf_counter() - started) * 1000
        with CaptureQueriesContext(connection) as captured:
            check(run())
        # Read now: the next request's request_started signal empties the connection's query log.
        queries[scale] = len(captured.captured_queries)
    times: dict[Scale, list[float]] = {scale: [] for scale in runs}
    deadline = time.monotonic() + BUDGET_SECONDS * len(runs)
    while min(len(t) for t in times.values()) < repeat:
        for scale, run in runs.items():
            scale.use()
            check(run())  # the first request on a fresh connection is not timed
            for _ in range(TURN):
                started = time.perf_counter()
                result = run()
                times[scale].append((time.perf_counter() - started) * 1000)
                check(result)
        if min(len(t) for t in times.values()) >= MIN_REPEAT and time.monotonic() > deadline:
            break
    return {
        scale.scale: {
            "queries": queries[scale],
            "median_ms": round(statistics.median(times[scale]), 2),
            "p95_ms": round(percentile(times[scale], 0.95), 2),
            "requests": len(times[scale]),
            "cold_ms": round(cold[scale], 1),
        }
        for scale in runs
    }


def signed_in(username: str) -> Client:
    """A client signed in as `username`, the second step done where the account has an app."""
    client = Client()
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    if apps.is_installed("django_otp"):
        from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user

        device = next(devices_for_user(user, confirmed=True), None)
        if device is not None:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
    return client


def measure(
    databases: dict[int, str],
    repeat: int = REPEAT,
    pages: list[str] | None = None,
    formats: tuple[str, ...] = FORMATS,
) -> dict[int, dict]:
    """Every page (or only `pages`) and every format (or only `formats`), at each database."""
    scales = [Scale(scale, database) for scale, database in databases.items()]
    results: dict[int, dict] = {scale.scale: {"scale": scale.scale, "pages": {}, "formats": {}} for scale in scales}
    unknown = sorted(set(pages or []) - set(scales[0].pages))
    if unknown:
        raise SystemExit(f"No such page: {', '.join(unknown)} (the pages: {', '.join(scales[0].pages)}).")

    def ok(response) -> None:
        if response.status_code != 200:
            raise SystemExit(f"{response.request['PATH_INFO']} answered {response.status_code}")

    for name in pages or scales[0].pages:
        runs = {scale: (lambda scale=scale, name=name: scale.client.get(scale.pages[name])) for scale in scales}
        for number, row in timed(runs, ok, repeat, WARM_UP).items():
            results[number]["pages"][name] = {"path": next(s.pages[name] for s in scales if s.scale == number), **row}
        print(f"  {name:<18} " + "  ".join(_line(results[s.scale]["pages"][name]) for s in scales), flush=True)

    latest = ReportingYear.containing(timezone.localdate()).previous
    for fmt in formats:
        if fmt in DOWNLOADS:
            # The file as a reader downloads it: a request, like the pages.
            paths = {
                scale: reverse("yearend:report-file", args=[scale.board.slug, latest.label, DOWNLOADS[fmt]])
                for scale in scales
            }
            runs = {scale: (lambda scale=scale, path=paths[scale]: scale.client.get(path)) for scale in scales}
            check = ok
        else:
            renders = {scale: render_for(fmt, scale.board) for scale in scales}
            runs = {scale: (lambda render=renders[scale]: render(latest)) for scale in scales}
            check = lambda _: None  # noqa: E731
        # One warm-up: the charts are drawn then and cached, and the PDF download lays the report
        # out and keeps it (its time is "cold").
        for number, row in timed(runs, check, repeat, warm_up=1).items():
            results[number]["formats"][fmt] = {"year": latest.label, **row}
        print(f"  yearend {fmt:<10} " + "  ".join(_line(results[s.scale]["formats"][fmt]) for s in scales), flush=True)
    return results


def _line(row: dict) -> str:
    return f"{row['queries']:>3} queries, median {row['median_ms']:>8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        action="append",
        required=True,
        metavar="SCALE=NAME",
        help="A scale and the name of its database on DATABASE_URL's server; give it once per scale.",
    )
    parser.add_argument("--output-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument(
        "--page", action="append", metavar="NAME", help="Only this page (give it once per page); default: all."
    )
    parser.add_argument(
        "--formats",
        default=",".join(FORMATS),
        help=f"The year-end formats, comma-separated, or none (default: {','.join(FORMATS)}).",
    )
    parser.add_argument(
        "--same-queries",
        action="store_true",
        help="Fail when a page or format costs another number of queries at one database than at the first "
        "(the budget must not grow with the scale or the number of boards).",
    )
    args = parser.parse_args()
    databases = {int(scale): name for scale, name in (item.split("=", 1) for item in args.database)}
    formats = () if args.formats == "none" else tuple(fmt for fmt in args.formats.split(",") if fmt)
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        parser.error(f"unknown format {', '.join(unknown)} (the formats: {', '.join(FORMATS)})")
    results = measure(databases, args.repeat, args.page, formats)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    for scale, result in results.items():
        (args.output_dir / f"scale-{scale}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.same_queries:
        grown = query_growth(results)
        if grown:
            raise SystemExit("The query budget grew: " + "; ".join(grown))
        print("Every page and format costs the same number of queries at each database.")


def query_growth(results: dict[int, dict]) -> list[str]:
    """Pages and formats whose query count differs from the first database's."""
    first, *others = results.values()
    grown = []
    for kind in ("pages", "formats"):
        for name, row in first[kind].items():
            for other in others:
                if other[kind][name]["queries"] != row["queries"]:
                    grown.append(
                        f"{name}: {row['queries']} at {first['scale']}, {other[kind][name]['queries']} at {other['scale']}"
                    )
    return grown


if __name__ == "__main__":
    main()
