"""manage.py retention: anonymise the people whose every seat ended more than LSCB_RETENTION_YEARS ago,
and clear deputies' names from registers older than that (run yearly, or from cron; safe to run
again: who is anonymised already is left alone)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from governance.models import Attendance, Person
from governance.services import people_anonymise_after_retention, retention_cutoff


class Command(BaseCommand):
    help = (
        "Anonymise people whose every membership ended more than LSCB_RETENTION_YEARS years ago and who have "
        "no sign-in: name becomes 'Former member N', email and job title are removed, in the history too. "
        "Deputies' names on registers of meetings before then are cleared as well. Attendance, seats and "
        "figures stay."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List who would be anonymised; change nothing.")
        parser.add_argument("--today", help="Count the years back from this date (YYYY-MM-DD) instead of today.")

    def handle(self, *args, dry_run: bool = False, today: str | None = None, **options) -> None:
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(f'"{today}" is not a date: write it as YYYY-MM-DD.') from error
        years = settings.LSCB_RETENTION_YEARS
        cutoff = retention_cutoff(day, years)
        rule = f"every seat ended before {cutoff:%d/%m/%Y} ({years} years before {day:%d/%m/%Y}), no sign-in"
        deputies = Attendance.objects.filter(meeting__date__lt=cutoff).exclude(deputy_name="").count()
        if dry_run:
            due = list(Person.objects.due_for_anonymising(cutoff).select_related("agency"))
            for person in due:
                self.stdout.write(f"  would anonymise {person.pk}: {person.name} ({person.agency or 'no agency'})")
            self.stdout.write(
                f"Dry run: {len(due)} {'person' if len(due) == 1 else 'people'} ({rule}), and {deputies} "
                f"deputies' names on registers before {cutoff:%d/%m/%Y}; nothing changed."
            )
            return
        done = people_anonymise_after_retention(today=day, years=years)  # all or none
        for person in done:
            self.stdout.write(f"  anonymised {person.pk}: now {person.name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Anonymised {len(done)} {'person' if len(done) == 1 else 'people'} ({rule}); cleared {deputies} "
                f"deputies' names on registers before {cutoff:%d/%m/%Y}."
            )
        )
