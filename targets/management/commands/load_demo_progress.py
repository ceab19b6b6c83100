import random
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from targets.models import ProgressUpdate, Target
from targets.services import refresh_status_timelines
from targets.status import ProgressStatus

DEMO_COMMENTARY = {
    ProgressStatus.NOT_STARTED: "Demo data: work has not started yet.",
    ProgressStatus.ON_TRACK: "Demo data: work is progressing as planned.",
    ProgressStatus.AT_RISK: "Demo data: staffing gaps put the timetable at risk.",
    ProgressStatus.OFF_TRACK: "Demo data: delayed by the pandemic response; recovery plan agreed.",
    ProgressStatus.COMPLETE: "Demo data: delivered and signed off by the directorate.",
}
FIRST_DAY, LAST_DAY = date(2021, 1, 15), date(2022, 12, 15)


class Command(BaseCommand):
    help = (
        "Add fictional progress updates across 2021 and 2022, marked as demo data, so the "
        "dashboards show a realistic mix. Only with DEBUG on; the plan's text is never changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2021, help="Same seed, same updates.")

    def handle(self, *args: object, seed: int, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo progress is only loaded with DEBUG on; nothing was added.")
        if ProgressUpdate.objects.filter(is_demo=True).exists():
            self.stdout.write("Demo progress is already loaded; nothing was added.")
            return
        targets = list(
            Target.objects.filter(lifecycle="live")
            .select_related("owner")
            .prefetch_related("service_area__members")
            .order_by("pk")
        )
        if not targets:
            raise CommandError("No targets: load a plan with import_plan first.")
        rng = random.Random(seed)  # noqa: S311 - repeatable demo data, not security  # nosec B311
        fallback = _demo_author()
        updates = []
        for target in targets:
            members = list(target.service_area.members.all())
            author = target.owner or (members[0] if members else fallback)
            updates += [
                ProgressUpdate(
                    target=target,
                    author=author,
                    made_at=timezone.make_aware(datetime.combine(day, time(10, 30))),
                    status=status,
                    commentary=DEMO_COMMENTARY[status],
                    percent_complete=percent,
                    is_demo=True,
                )
                for day, status, percent in _storyline(target, rng)
            ]
        with transaction.atomic():
            ProgressUpdate.objects.bulk_create(updates)
            refresh_status_timelines([target.pk for target in targets])
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {len(updates)} demo progress updates to {len(targets)} targets."
            )
        )


def _demo_author():
    user, created = get_user_model().objects.get_or_create(
        username="demo-data", defaults={"first_name": "Demo", "last_name": "data"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _storyline(target: Target, rng: random.Random) -> list[tuple[date, ProgressStatus, int]]:
    """Quarterly updates from early 2021: most on track, some slipping, most finishing."""
    due = target.due_date or LAST_DAY
    fate = rng.choices(["on time", "late", "slipping", "silent"], weights=[5, 2, 2, 1])[0]
    if fate == "silent":
        return []
    finish = (
        due - timedelta(days=rng.randint(5, 40))
        if fate == "on time"
        else due + timedelta(days=rng.randint(20, 120))
    )
    story, day, percent = [], FIRST_DAY + timedelta(days=rng.randint(0, 60)), 0
    while day < min(finish, LAST_DAY):
        percent = min(95, percent + rng.randint(10, 30))
        slipping = fate != "on time" and day > due - timedelta(days=60)
        status = ProgressStatus.ON_TRACK
        if slipping:
            status = ProgressStatus.OFF_TRACK if day > due else ProgressStatus.AT_RISK
        story.append((day, status, percent))
        day += timedelta(days=rng.randint(75, 100))
    if fate != "slipping" and finish <= LAST_DAY:
        story.append((finish, ProgressStatus.COMPLETE, 100))
    return story
