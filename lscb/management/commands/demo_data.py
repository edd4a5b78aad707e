"""`manage.py demo_data`: build the fictional demo boards, asking each of our apps for its part."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from datetime import date
from importlib import import_module
from pathlib import Path
from types import ModuleType

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date: write it as YYYY-MM-DD, e.g. 2026-11-27.') from exc


def _is_ours(app_config: AppConfig) -> bool:
    # Third-party apps live in the virtualenv (which may sit inside the project folder).
    path = Path(app_config.path).resolve()
    return path.is_relative_to(Path(settings.BASE_DIR).resolve()) and not path.is_relative_to(
        Path(sys.prefix).resolve()
    )


def demo_modules() -> Iterator[tuple[AppConfig, ModuleType]]:
    """Each of our installed apps' `demo` module, in INSTALLED_APPS order."""
    for app_config in apps.get_app_configs():
        if not _is_ours(app_config) or not module_has_submodule(app_config.module, "demo"):
            continue
        module = import_module(f"{app_config.name}.demo")
        if not callable(getattr(module, "build", None)):
            raise CommandError(f"{app_config.name}.demo has no build(*, today, stdout) function.")
        yield app_config, module


class Command(BaseCommand):
    help = (
        "Build the fictional demo boards of one area (Northmoor): the safeguarding children partnership and "
        "the Safeguarding Adults Board, sharing agencies, people, a joint training group and a joint "
        "communications group; two reporting years of groups, memberships, meetings, registers, plans, "
        "challenges, case reviews and their recommendations, audits and the evidence received. Safe to run again: "
        "only what is missing is created."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=parse_day,
            help="Build the demo as if today were this date (YYYY-MM-DD); the default is today.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Build even though DEBUG is off (a demo or test site, never a live one).",
        )

    def handle(self, *args, today: date | str | None = None, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            # 80 fictional people must never land in a real board's records.
            raise CommandError(
                "Refusing to add the demo boards: DEBUG is off, so this may be a live site. Use --force on a demo site."
            )
        # call_command(today="...") skips argparse's conversion.
        if isinstance(today, str):
            try:
                today = parse_day(today)
            except argparse.ArgumentTypeError as exc:
                raise CommandError(str(exc)) from exc
        today = today or timezone.localdate()
        modules = list(demo_modules())
        if not modules:
            raise CommandError("No installed app of this project has a demo module.")
        started = time.monotonic()
        # All or nothing: a failing app leaves the database as it was.
        with transaction.atomic():
            for _app_config, module in modules:
                module.build(today=today, stdout=self.stdout)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo boards ready as at {today:%d/%m/%Y} ({', '.join(a.label for a, _ in modules)}) "
                f"in {elapsed:.1f} s."
            )
        )
