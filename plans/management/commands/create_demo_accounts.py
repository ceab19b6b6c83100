from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from plans.models import Plan
from plans.roles import OFFICERS, PLAN_ADMINS, SENIOR_MANAGERS, SERVICE_LEADS, ensure_roles

DEMO_PASSWORD = "equality-demo-2021"  # noqa: S105 - documented demo password, DEBUG only  # nosec B105

# username, first name, last name, role, service areas (slugs) they belong to (or, for a service
# lead, lead)
DEMO_ACCOUNTS = [
    ("officer", "Olu", "Adeyemi", OFFICERS, ["community-wealth-building"]),
    ("officer2", "Sam", "Ng", OFFICERS, ["community-wealth-building"]),
    ("housing", "Hana", "Yusuf", OFFICERS, ["housing"]),
    ("lead", "Grace", "Okafor", SERVICE_LEADS, ["community-wealth-building"]),
    ("housinglead", "Tom", "Byrne", SERVICE_LEADS, ["housing"]),
    ("manager", "Maria", "Costa", SENIOR_MANAGERS, []),
    ("admin", "Alex", "Taylor", PLAN_ADMINS, []),
]


class Command(BaseCommand):
    help = (
        "Create the demo accounts (officers and service leads of two service areas, a senior "
        "manager and a plan admin) for a plan. Only with DEBUG on: a demo password never "
        "reaches production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", default="challenging-inequalities", help="The plan's slug.")

    def handle(self, *args: object, plan: str, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo accounts are only created with DEBUG on; nothing was created.")
        found = Plan.objects.filter(slug=plan).first()
        if found is None:
            raise CommandError(f'No plan "{plan}": load it with import_plan first.')
        with transaction.atomic():
            ensure_roles()
            for username, first, last, role, area_slugs in DEMO_ACCOUNTS:
                self._create(found, username, first, last, role, area_slugs)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo accounts ready (password {DEMO_PASSWORD}): "
                + ", ".join(account[0] for account in DEMO_ACCOUNTS)
            )
        )

    def _create(
        self, plan: Plan, username: str, first: str, last: str, role: str, area_slugs: list[str]
    ) -> None:
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_staff = role == PLAN_ADMINS
        user.save()
        user.groups.add(Group.objects.get(name=role))
        for area in plan.service_areas.filter(slug__in=area_slugs):
            if role == SERVICE_LEADS:
                area.leads.add(user)
                continue
            area.members.add(user)
            # Give the area's unowned targets an owner, so "My targets" has something to show.
            area.targets.filter(owner__isnull=True).update(owner=user)
