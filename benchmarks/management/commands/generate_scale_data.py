"""`manage.py generate_scale_data --scale london`: fictional data at scale for `make bench` and
`make load` (what it makes: benchmarks/scale_data.py). Only with DEBUG on, and only once per
database.
"""

import time as timer

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from benchmarks.scale_data import SLUG_PREFIX, generate
from benchmarks.scales import SCALES
from plans.models import EqualityGroup, Plan


class Command(BaseCommand):
    help = (
        "Add fictional data at scale beside the real plan: --scale london is every London "
        "borough's plan (33 plans, 6,600 targets, 132,000 progress updates, 1,000 indicators "
        "with 40 measurements each, 300 officers); --scale small is a tiny version. Only with "
        "DEBUG on. Runs once: a second run with the same scale adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", required=True, choices=sorted(SCALES), help="How much data to make."
        )
        parser.add_argument("--seed", type=int, default=2021, help="Same seed, same data.")

    def handle(self, *args: object, scale: str, seed: int, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Scale data is fictional and only generated with DEBUG on; nothing was stored."
            )
        size = SCALES[scale]
        existing = Plan.objects.filter(slug__startswith=SLUG_PREFIX).count()
        if existing == size.plans:
            self.stdout.write(f"Scale data ({scale}) is already there; nothing was added.")
            return
        if existing:
            raise CommandError(
                f"Scale data of another size is already there ({existing} plans); recreate the "
                "database to change the scale. Nothing was stored."
            )
        groups = list(EqualityGroup.objects.order_by("pk"))
        if not groups:
            raise CommandError(
                "No equality groups: load the real plan first (manage.py import_plan FILE). "
                "Nothing was stored."
            )
        started = timer.perf_counter()
        with transaction.atomic():
            counts = generate(size, seed=seed, groups=groups)
        elapsed = timer.perf_counter() - started
        summary = ", ".join(f"{number:,} {what}" for what, number in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Generated scale data ({scale}) in {elapsed:.0f} s: {summary}.")
        )
