"""manage.py send_reminders: email each board's chair and business manager its digest (run daily from cron)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from challengelog.reminders import DUE_SOON_DAYS, send_digests
from lscb.text import one_line


class Command(BaseCommand):
    help = (
        "Email each board's chair and business manager the board's challenges whose response is overdue "
        f"or due within {DUE_SOON_DAYS} days, and its reviews' and audits' recommendations past their due date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")
        parser.add_argument("--site-url", default="", help="The site's address, for links in the email.")

    def handle(self, *args, today=None, site_url="", **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(f'"{today}" is not a date: write it as YYYY-MM-DD.') from error
        sent = send_digests(day, site_url)
        if not sent:
            self.stdout.write("No board has been set up: no email sent.")
        for board, found, sent_to in sent:
            name = one_line(board.label)
            if found.empty:
                self.stdout.write(f"{name}: nothing overdue or due within {DUE_SOON_DAYS} days: no email sent.")
            elif not sent_to:
                self.stdout.write(
                    self.style.WARNING(f"{name}: no chair or business manager has an email address: no email sent.")
                )
            else:
                late = len(found.recommendations)
                self.stdout.write(
                    f"{name}: sent the digest ({len(found.overdue)} overdue, {len(found.due_soon)} due soon"
                    + (f", {late} recommendation{'' if late == 1 else 's'} overdue" if late else "")
                    + f") to {', '.join(sent_to)}."
                )
