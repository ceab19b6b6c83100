from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from outcomes.models import Breakdown, Indicator, Measurement, PopulationBenchmark
from outcomes.services import MeasurementInput, record_measurements

DEMO_NOTE = "Demo data: fictional figures to show the equality evidence."
AREA_CODE = "E09000019"  # Islington

# Weights among those whose ethnic group is recorded (a fictional but realistic mix).
PEOPLE_INTO_WORK = {  # CWB-I1, per quarter: Black African people catch up over the year
    "english-welsh-scottish-northern-irish-or-british": 30,
    "irish": 3,
    "roma": 0.5,
    "other-white": 15,
    "bangladeshi": 5,
    "chinese": 1,
    "indian": 2,
    "other-asian": 2.5,
    "caribbean": 4,
    "other-black": 1.5,
    "white-and-asian": 1.5,
    "white-and-black-african": 1,
    "white-and-black-caribbean": 2,
    "other-mixed": 3,
    "arab": 1.5,
    "any-other-ethnic-group": 5,
}
AFRICAN_BY_QUARTER = (3, 4, 6, 8, 9)  # weight of African, rising
PAKISTANI_BY_QUARTER = (1, 0, 1, 1, 0)  # 3 people in all: suppressed on the public page
QUARTERS = (
    (date(2021, 3, 31), 180),
    (date(2021, 6, 30), 210),
    (date(2021, 9, 30), 240),
    (date(2021, 12, 31), 260),
    (date(2022, 3, 31), 230),
)
REFERRALS = {  # ENV-I1, cumulative: Black residents clearly under-represented throughout
    "english-welsh-scottish-northern-irish-or-british": 46,
    "irish": 3,
    "other-white": 16,
    "bangladeshi": 3,
    "chinese": 2,
    "indian": 2,
    "pakistani": 0.6,
    "other-asian": 2.5,
    "african": 4,
    "caribbean": 2,
    "other-black": 1,
    "white-and-asian": 1.5,
    "white-and-black-african": 1,
    "white-and-black-caribbean": 1.5,
    "other-mixed": 2.5,
    "arab": 1,
    "any-other-ethnic-group": 3,
}
REFERRAL_TOTALS = ((date(2021, 3, 31), 700), (date(2021, 6, 30), 1400), (date(2021, 9, 30), 2100))


def split(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Whole numbers in proportion to the weights, adding up to the total (largest remainder)."""
    whole = sum(weights.values())
    exact = {key: total * weight / whole for key, weight in weights.items()}
    counts = {key: int(value) for key, value in exact.items()}
    left = total - sum(counts.values())
    for key in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[:left]:
        counts[key] += 1
    return counts


class Command(BaseCommand):
    help = (
        "Add fictional measurements with ethnicity breakdowns to the Islington indicators CWB-I1 "
        "and ENV-I1, compared with Islington's Census 2021 population, marked as demo data. Only "
        "with DEBUG on; run load_population first. Safe to run again."
    )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Demo measurements are only loaded with DEBUG on; nothing was added."
            )
        if Measurement.objects.filter(note=DEMO_NOTE).exists():
            self.stdout.write("Demo measurements are already loaded; nothing was added.")
            return
        population = PopulationBenchmark.objects.filter(
            area_code=AREA_CODE, dimension__slug="ethnicity"
        ).first()
        if population is None:
            raise CommandError("No Islington population: run load_population first.")
        indicators = {
            i.ref: i
            for i in Indicator.objects.filter(ref__in=["CWB-I1", "ENV-I1"]).select_related(
                "outcome__service_area__plan"
            )
        }
        if len(indicators) < 2:
            raise CommandError("No Islington indicators: load the plan with import_plan first.")
        author, _ = get_user_model().objects.get_or_create(
            username="demo-data", defaults={"first_name": "Demo", "last_name": "data"}
        )
        with transaction.atomic():
            Breakdown.objects.filter(
                indicator__in=indicators.values(), dimension__slug="ethnicity", population=None
            ).update(population=population)
            into_work = []
            for quarter, (period_end, total) in enumerate(QUARTERS):
                recorded = round(total * 0.93)
                weights = PEOPLE_INTO_WORK | {"african": AFRICAN_BY_QUARTER[quarter]}
                parts = split(recorded - PAKISTANI_BY_QUARTER[quarter], weights)
                parts["pakistani"] = PAKISTANI_BY_QUARTER[quarter]
                into_work.append(_row(period_end, total, parts))
            referrals = [
                _row(period_end, total, split(round(total * 0.85), REFERRALS))
                for period_end, total in REFERRAL_TOTALS
            ]
            made = record_measurements(
                indicator=indicators["CWB-I1"], author=author, rows=into_work
            ) + record_measurements(indicator=indicators["ENV-I1"], author=author, rows=referrals)
        self.stdout.write(
            self.style.SUCCESS(f"Added {len(made)} demo measurements with ethnicity breakdowns.")
        )


def _row(period_end: date, total: int, parts: dict[str, int]) -> MeasurementInput:
    return MeasurementInput(
        period_end=period_end,
        value=Decimal(total),
        parts={"ethnicity": {slug: Decimal(n) for slug, n in parts.items() if n}},
        note=DEMO_NOTE,
    )
