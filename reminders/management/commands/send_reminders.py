from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reminders.services import send_reminders


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f'--date "{value}" is not a date: write it as YYYY-MM-DD, e.g. 2021-09-30.'
        ) from None


class Command(BaseCommand):
    help = (
        "Email each target's owner about their targets due soon or overdue with no recent update, "
        "and (on the weekly summary day) senior managers about the targets that turned red. Run it "
        "daily: a reminder already sent today is never sent again. Exits non-zero if an email "
        "could not be sent (the next run tries it again)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Run as at this day, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent; send and record nothing.",
        )

    def handle(self, *args: object, date: str | None, dry_run: bool, **options: object) -> None:
        day = _day(date) if date else timezone.localdate()
        report = send_reminders(as_at=day, dry_run=dry_run)
        self.stdout.write(
            f"Reminders as at {day:%d %B %Y}" + (" (dry run: nothing sent)" if dry_run else "")
        )
        for line in report.lines:
            self.stdout.write(f"  {line}")
        if not dry_run:
            self.stdout.write(f"{report.sent} sent, {report.failed} failed.")
        if report.failed:
            raise CommandError(
                f"{report.failed} email(s) could not be sent; the next run tries them again."
            )
