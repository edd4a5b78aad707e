"""manage.py prepare_reports: draw the charts and lay out this year's and last year's annual report PDFs if they changed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from yearend import files
from yearend.tasks import draw_live_charts


class Command(BaseCommand):
    help = (
        "Lay out the annual report PDFs of the reporting year so far and of the last full year, if their "
        "reports changed, so that the next download is served at once. The worker does this by itself "
        "after changes to the records and just after midnight; this does it now."
    )

    def handle(self, *args, **options) -> None:
        # The charts first, as the worker's task does: the layout then reads them from the store.
        drawn = draw_live_charts()
        self.stdout.write(f"Charts drawn: {drawn}.")
        for year, seconds in files.prepare_live_years().items():
            if seconds is None:
                self.stdout.write(f"{year}: already laid out as it stands.")
            else:
                self.stdout.write(self.style.SUCCESS(f"{year}: laid out in {seconds:.1f} s."))
