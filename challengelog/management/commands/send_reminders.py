"""manage.py send_reminders: email the chair and the business manager one digest (run daily from cron)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from challengelog.reminders import send_digest


class Command(BaseCommand):
    help = "Email the chair and the business manager the challenges whose response is overdue or due within 7 days."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")
        parser.add_argument("--site-url", default="", help="The site's address, for links in the email.")

    def handle(self, *args, today=None, site_url="", **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(f'"{today}" is not a date: write it as YYYY-MM-DD.') from error
        found, sent_to = send_digest(day, site_url)
        if found.empty:
            self.stdout.write("Nothing overdue or due within 7 days: no email sent.")
        elif not sent_to:
            self.stdout.write(self.style.WARNING("No chair or business manager has an email address: no email sent."))
        else:
            self.stdout.write(
                f"Sent the digest ({len(found.overdue)} overdue, {len(found.due_soon)} due soon) to {', '.join(sent_to)}."
            )
