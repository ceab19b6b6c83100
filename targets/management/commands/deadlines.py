from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from plans.deadlines import describe_window, parse_deadline
from targets.models import Target
from targets.queries import judge_targets


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f'--as-at "{value}" is not a date: write it as YYYY-MM-DD.') from None


class Command(BaseCommand):
    help = (
        "List every target's deadline as written, the window it resolves to and its status as at "
        "a date. Exits non-zero naming any target whose deadline cannot be read and has no due "
        "date set by hand."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-at", help="YYYY-MM-DD (default: today).")
        parser.add_argument("--plan", help="Only this plan (its slug).")

    def handle(self, *args: object, as_at: str | None, plan: str | None, **options: object) -> None:
        day = _day(as_at) if as_at else timezone.localdate()
        targets = Target.objects.order_by(
            "service_area__plan", "service_area__position", "position"
        )
        if plan:
            targets = targets.filter(service_area__plan__slug=plan)
            if not targets.exists():
                raise CommandError(f'No targets in a plan "{plan}".')
        unreadable = []
        self.stdout.write(f"Status as at {day:%d %B %Y}")
        for judged in judge_targets(targets, as_at=day):
            target = judged.target
            note = ""
            try:
                parse_deadline(target.deadline_text)
            except ValueError as error:
                if target.due_date is None:
                    unreadable.append(f"{target.ref}: {error}")
                note = " (due date set by hand)"
            phrase = target.deadline_text or "no deadline given"
            window = describe_window(target.window, on_or_after=day)
            self.stdout.write(
                f"{target.ref:<10} {phrase:<36} {window + note:<48} {judged.status.rag.label}"
            )
        if unreadable:
            raise CommandError(
                "These targets' deadlines cannot be read; give them a due date in the admin:\n"
                + "\n".join(f"  - {line}" for line in unreadable)
            )
