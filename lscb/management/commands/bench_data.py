"""`manage.py bench_data --scale N [--boards B]`: a synthetic large board (or B boards sharing their
agencies and people) of N full reporting years, for benchmarks."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from bench.builder import MANAGER, MEMBER, PASSWORD, build
from governance.models import Agency


class Command(BaseCommand):
    help = (
        "Build a synthetic board for benchmarking into an empty database: per unit of scale one full "
        "reporting year of a large board (20 groups, 40 agencies, 300 people, about 160 meetings and "
        "4,500 register rows, a 60-action plan with quarterly updates, 40 challenges), plus the current "
        "year to date. With --boards N, N such boards share the agencies and people, and each board after "
        "the first holds one group jointly with the first. Deterministic for a given seed and day. Bulk "
        "inserts: history tables stay empty."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=1, help="Full reporting years of history (default 1).")
        parser.add_argument(
            "--boards",
            type=int,
            default=1,
            help="Boards of the same shape in the instance, sharing agencies and people (default 1).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the random generator (default 2026).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Build even though DEBUG is off (a benchmark database, never a live one).",
        )

    def handle(self, *args, scale: int, seed: int, force: bool, boards: int = 1, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to add a synthetic board: DEBUG is off, so this may be a live site. "
                "Use --force on a benchmark database."
            )
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if boards < 1:
            raise CommandError("--boards must be 1 or more.")
        if Agency.objects.exists():
            raise CommandError("bench_data needs an empty database (migrated, with no agencies yet).")
        with transaction.atomic():
            result = build(scale=scale, seed=seed, today=timezone.localdate(), boards=boards)
        counts = ", ".join(f"{value} {name}" for name, value in result.counts.items())
        names = ", ".join(f"{board.label} (/{board.slug}/)" for board in result.boards)
        self.stdout.write(
            self.style.SUCCESS(
                f"Bench {'boards' if boards > 1 else 'board'} {names} at scale {scale} ({scale + 1} reporting years "
                f"to {result.current_year}, latest full year {result.latest_full_year}) in {result.seconds:.1f} s: "
                f"{counts}. Sign in as {MANAGER} or {MEMBER} with {PASSWORD}."
            )
        )
