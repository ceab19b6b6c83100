from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from outcomes.models import OutcomeUpdate
from plans.models import Plan
from returns import services
from returns.models import AreaReturn, Return
from returns.queries import area_items
from targets.models import ProgressUpdate

Q2, Q3 = "Q2 2021/22", "Q3 2021/22"
LEAD_AREAS = ("community-wealth-building", "housing")  # the areas with demo service leads


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


class Command(BaseCommand):
    help = (
        "Add a closed return (Q2 2021/22) and an open one (Q3 2021/22), partly submitted with one "
        "area sent back, with fictional updates marked as demo data. Only with DEBUG on; run "
        "after create_demo_accounts and load_demo_progress."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", default="challenging-inequalities", help="The plan's slug.")

    def handle(self, *args: object, plan: str, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo returns are only loaded with DEBUG on; nothing was added.")
        found = Plan.objects.filter(slug=plan).first()
        if found is None:
            raise CommandError(f'No plan "{plan}": load it with import_plan first.')
        if found.returns.filter(name__in=[Q2, Q3]).exists():
            self.stdout.write("Demo returns are already loaded; nothing was added.")
            return
        users = get_user_model().objects.in_bulk(
            ["admin", "officer", "housing", "lead", "housinglead"], field_name="username"
        )
        if len(users) < 5:
            raise CommandError("No demo accounts: run create_demo_accounts first.")
        with transaction.atomic():
            self._closed_q2(found, users)
            self._open_q3(found, users)
        self.stdout.write(self.style.SUCCESS(f"Demo returns ready: {Q2} (closed) and {Q3} (open)."))

    def _closed_q2(self, plan: Plan, users: dict) -> None:
        opened = _at(date(2021, 10, 1), 9)
        q2 = services.open_return(
            plan=plan,
            name=Q2,
            as_at=date(2021, 9, 30),
            due_on=date(2021, 10, 15),
            by=users["admin"],
            at=opened,
        )
        for n, area in enumerate(q2.areas.select_related("service_area")):
            _update_outstanding(q2, area, users, at=_at(date(2021, 10, 5 + n)))
            services.submit_area(
                area_return=area, by=users["admin"], at=_at(date(2021, 10, 12 + n % 3))
            )
            lead = _lead_of(area, users)
            if lead:
                services.approve_area(area_return=area, by=lead, at=_at(date(2021, 10, 18)))
        services.close_return(
            of_return=q2,
            by=users["admin"],
            reason="Demo data: the other service areas' leads signed off by email.",
            at=_at(date(2021, 10, 25)),
        )

    def _open_q3(self, plan: Plan, users: dict) -> None:
        now = timezone.now()
        q3 = services.open_return(
            plan=plan,
            name=Q3,
            as_at=date(2021, 12, 31),
            due_on=timezone.localdate() + timedelta(days=14),
            by=users["admin"],
            at=now - timedelta(days=7),
        )
        areas = {area.service_area.slug: area for area in q3.areas.select_related("service_area")}
        # Community wealth building: submitted, then sent back with a comment on one target.
        cwb = areas["community-wealth-building"]
        _update_outstanding(q3, cwb, users, at=now - timedelta(days=5))
        services.submit_area(area_return=cwb, by=users["officer"], at=now - timedelta(days=4))
        (items,) = area_items(q3, areas=[cwb])
        first = next(item for item in items.items if item.kind == "target")
        services.send_back(
            area_return=cwb,
            by=users["lead"],
            comment="Demo data: nearly there; one target needs more.",
            item_comments={
                ("target", first.obj.pk): "Demo data: say what is causing the delay and when "
                "the network will be in place."
            },
            at=now - timedelta(days=3),
        )
        # Housing: every item updated and submitted, waiting for its lead (housinglead) to sign
        # it off, so the demo shows the sign-off page with its form.
        housing = areas["housing"]
        _update_outstanding(q3, housing, users, at=now - timedelta(days=2))
        services.submit_area(area_return=housing, by=users["housing"], at=now - timedelta(days=1))
        # One more area in progress: one item updated.
        others = [a for slug, a in areas.items() if slug not in LEAD_AREAS]
        if others:
            _update_outstanding(q3, others[0], users, at=now - timedelta(days=2), limit=1)


def _lead_of(area: AreaReturn, users: dict):
    return {"community-wealth-building": users["lead"], "housing": users["housinglead"]}.get(
        area.service_area.slug
    )


def _update_outstanding(
    of_return: Return, area: AreaReturn, users: dict, *, at: datetime, limit: int | None = None
) -> None:
    """A demo update, repeating the item's latest status, on each item still needing one."""
    author = {"community-wealth-building": users["officer"], "housing": users["housing"]}.get(
        area.service_area.slug, users["admin"]
    )
    (items,) = area_items(of_return, areas=[area])
    for item in items.outstanding[:limit]:
        if item.kind == "target":
            latest = item.obj.progress_updates.filter(made_at__lt=at).first()
            ProgressUpdate.objects.create(
                target=item.obj,
                author=author,
                made_at=at,
                status=latest.status if latest else "not_started",
                commentary=f"Demo data: checked for the {of_return.name} return; "
                + (latest.commentary.removeprefix("Demo data: ") if latest else "no change."),
                percent_complete=latest.percent_complete if latest else None,
                is_demo=True,
            )
        else:
            OutcomeUpdate.objects.create(
                outcome=item.obj,
                author=author,
                made_at=at,
                rag="amber",
                commentary=f"Demo data: judged for the {of_return.name} return.",
            )
