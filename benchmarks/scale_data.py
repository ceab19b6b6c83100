"""Synthetic data at scale, beside the real plan: every London borough's plan with years of progress
and measurements, so `make bench` and `make load` measure the tracker as a big council would fill
it. Fictional and seeded (same seed, same data), bulk inserted. The command that runs it, with its
refusals, is `manage.py generate_scale_data` (benchmarks/management/commands/).

Bulk inserts skip model signals, so the synthetic rows have no django-simple-history entries: they
were never edited by anyone.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from benchmarks.scales import AREAS, BOROUGHS, COMMENTARY, FIRST_NAMES, LAST_NAMES, Scale
from outcomes.models import (
    Breakdown,
    BreakdownTarget,
    BreakdownValue,
    Category,
    Dimension,
    Indicator,
    Measurement,
    Outcome,
    PopulationBenchmark,
    PopulationFigure,
)
from plans.management.commands.create_demo_accounts import DEMO_PASSWORD
from plans.models import Action, EqualityGroup, Plan, ServiceArea
from plans.roles import OFFICERS, SENIOR_MANAGERS, ensure_roles
from targets.models import ProgressUpdate, Target
from targets.services import refresh_status_timelines
from targets.status import ProgressStatus

SLUG_PREFIX = "scale-"
OFFICER_PREFIX = "scale-officer-"
MANAGER_PREFIX = "scale-manager-"
# The last day anything is dated, so the data is the same whatever day it is made.
DATA_CUTOFF = date(2026, 9, 30)
BATCH = 5000


def _spread(total: int, buckets: int) -> list[int]:
    """`total` shared out over `buckets` as evenly as whole numbers allow."""
    return [total // buckets + (1 if i < total % buckets else 0) for i in range(buckets)]


def _month_end(year: int, month: int) -> date:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def generate(size: Scale, *, seed: int, groups: list[EqualityGroup]) -> dict[str, int]:
    """Make the scale data in the current transaction; returns how many rows of each kind."""
    return _Generator(size, random.Random(seed), groups).run()  # noqa: S311  # nosec B311


class _Generator:
    """Makes the rows in dependency order; each kind in one bulk insert (batched)."""

    def __init__(self, size: Scale, rng: random.Random, groups: list[EqualityGroup]) -> None:
        self.size = size
        self.rng = rng
        self.groups = groups
        self.counts: dict[str, int] = {}

    def bulk(self, what: str, model: type, rows: list) -> list:
        made = model.objects.bulk_create(rows, batch_size=BATCH)
        self.counts[what] = self.counts.get(what, 0) + len(made)
        return made

    def some_groups(self, most: int = 3) -> list[EqualityGroup]:
        return self.rng.sample(self.groups, self.rng.randint(1, min(most, len(self.groups))))

    def run(self) -> dict[str, int]:
        ensure_roles()
        plans = self.make_plans()
        areas = self.make_areas(plans)
        officers_of = self.make_users(areas)
        actions_of = self.make_actions(areas, officers_of)
        targets = self.make_targets(areas, officers_of, actions_of)
        self.make_updates(targets, officers_of)
        self.counts["status spans"] = refresh_status_timelines([t.pk for t in targets])
        self.make_indicators(areas, officers_of)
        return self.counts

    def make_plans(self) -> list[Plan]:
        plans = []
        for number in range(self.size.plans):
            round_, borough = divmod(number, len(BOROUGHS))
            borough = BOROUGHS[borough]
            # five-year plans started 2022 to 2024; a borough's earlier plans (bigger scales)
            # each five years before
            start = date(2022 + number % 3 - 5 * round_, 4, 1)
            council = borough if borough == "City of London" else f"London Borough of {borough}"
            edition = f"-{start.year}" if round_ else ""
            plans.append(
                Plan(
                    slug=f"{SLUG_PREFIX}{borough.lower().replace(' ', '-')}{edition}",
                    title=f"{borough} equality plan (synthetic)",
                    council=council,
                    period_start=start,
                    period_end=date(start.year + 5, 3, 31),
                    introduction="Fictional data made by generate_scale_data for benchmarks.",
                )
            )
        return self.bulk("plans", Plan, plans)

    def make_areas(self, plans: list[Plan]) -> list[ServiceArea]:
        areas = [
            ServiceArea(plan=plan, slug=slug, name=name, position=position)
            for plan in plans
            for position, (slug, name, _) in enumerate(AREAS[: self.size.areas_per_plan])
        ]
        return self.bulk("service areas", ServiceArea, areas)

    def make_users(self, areas: list[ServiceArea]) -> dict[int, list]:
        """Officers shared round the service areas (the first len(areas) one to an area each),
        and senior managers; all with the demo password, hashed once."""
        user_model = get_user_model()
        password = make_password(DEMO_PASSWORD)

        def user(username: str, number: int) -> object:
            first = FIRST_NAMES[number % len(FIRST_NAMES)]
            last = LAST_NAMES[(number // len(FIRST_NAMES)) % len(LAST_NAMES)]
            return user_model(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                password=password,
            )

        officers = self.bulk(
            "officers",
            user_model,
            [user(f"{OFFICER_PREFIX}{n:03d}", n) for n in range(1, self.size.officers + 1)],
        )
        managers = self.bulk(
            "senior managers",
            user_model,
            [user(f"{MANAGER_PREFIX}{n:02d}", n) for n in range(1, self.size.managers + 1)],
        )
        roles = {g.name: g for g in Group.objects.filter(name__in=[OFFICERS, SENIOR_MANAGERS])}
        membership = user_model.groups.through
        membership.objects.bulk_create(
            [membership(user_id=u.pk, group_id=roles[OFFICERS].pk) for u in officers]
            + [membership(user_id=u.pk, group_id=roles[SENIOR_MANAGERS].pk) for u in managers],
            batch_size=BATCH,
        )
        officers_of: dict[int, list] = {area.pk: [] for area in areas}
        for number, officer in enumerate(officers):
            officers_of[areas[number % len(areas)].pk].append(officer)
        members = ServiceArea.members.through
        members.objects.bulk_create(
            [
                members(servicearea_id=area_pk, user_id=officer.pk)
                for area_pk, people in officers_of.items()
                for officer in people
            ],
            batch_size=BATCH,
        )
        return officers_of

    def make_actions(
        self, areas: list[ServiceArea], officers_of: dict[int, list]
    ) -> dict[int, list[Action]]:
        actions = []
        for area, count in zip(areas, _spread(self.size.actions, len(areas)), strict=True):
            code = AREAS[area.position][2]
            people = officers_of[area.pk]
            actions += [
                Action(
                    service_area=area,
                    ref=f"{code}-A{n}",
                    aim=f"We want {area.name.lower()} to be fairer for everyone ({n}).",
                    commitment=f"To do this we will carry out synthetic commitment {n}.",
                    lead_officer=people[n % len(people)] if people else None,
                    position=n,
                )
                for n in range(1, count + 1)
            ]
        made = self.bulk("actions", Action, actions)
        link = Action.groups.through
        link.objects.bulk_create(
            [
                link(action_id=action.pk, equalitygroup_id=group.pk)
                for action in made
                for group in self.some_groups()
            ],
            batch_size=BATCH,
        )
        actions_of: dict[int, list[Action]] = {area.pk: [] for area in areas}
        for action in made:
            actions_of[action.service_area_id].append(action)
        return actions_of

    def deadline_phrases(self, plan: Plan) -> list[str]:
        """Deadlines as councils write them, across the plan's five years; some recur or have
        none."""
        y = plan.period_start.year
        return [
            f"by March {y + 1}",
            f"by summer {y + 1}",
            f"by the end of {y + 1}",
            f"Q3 {y + 2}",
            f"{y + 2}/{(y + 3) % 100:02d}",
            f"by autumn {y + 3}",
            f"throughout {y + 2}",
            f"Q1 {y + 3}/{(y + 4) % 100:02d}",
            f"by the end of {y + 4}",
            f"by March {y + 5}",
            "annual",
            "",
        ]

    def make_targets(
        self,
        areas: list[ServiceArea],
        officers_of: dict[int, list],
        actions_of: dict[int, list[Action]],
    ) -> list[Target]:
        targets = []
        for area, count in zip(areas, _spread(self.size.targets, len(areas)), strict=True):
            code = AREAS[area.position][2]
            phrases = self.deadline_phrases(area.plan)
            people = officers_of[area.pk]
            for n in range(1, count + 1):
                phrase = phrases[self.rng.randrange(len(phrases))]
                target = Target(
                    service_area=area,
                    ref=f"{code}-T{n}",
                    bullet=n,
                    text=f"Synthetic target {n} for {area.name.lower()}, {phrase or 'no date'}.",
                    owner=people[n % len(people)] if people else None,
                    position=n,
                )
                target.set_deadline(phrase)
                targets.append(target)
        made = self.bulk("targets", Target, targets)
        serves, addresses = Target.actions.through, Target.groups.through
        links, tags = [], []
        for target in made:
            candidates = actions_of[target.service_area_id]
            picked = self.rng.sample(candidates, min(len(candidates), self.rng.randint(1, 2)))
            links += [serves(target_id=target.pk, action_id=a.pk) for a in picked]
            tags += [
                addresses(target_id=target.pk, equalitygroup_id=g.pk) for g in self.some_groups()
            ]
        serves.objects.bulk_create(links, batch_size=BATCH)
        addresses.objects.bulk_create(tags, batch_size=BATCH)
        return made

    def make_updates(self, targets: list[Target], officers_of: dict[int, list]) -> None:
        """Each target's updates spread from its plan's start to the cut-off: most on track; some
        slip to at risk and off track near the end; some finish complete."""
        count = self.size.updates_per_target
        batch: list[ProgressUpdate] = []
        for target in targets:
            people = officers_of[target.service_area_id]
            first = target.service_area.plan.period_start + timedelta(days=14)
            step = (DATA_CUTOFF - first).days / count
            fate = self.rng.choices(["steady", "slipping", "complete"], weights=[5, 2, 3])[0]
            for k in range(count):
                day = first + timedelta(days=int(k * step + self.rng.random() * step * 0.8))
                status = ProgressStatus.ON_TRACK
                if fate == "slipping" and k >= count * 3 // 4:
                    status = ProgressStatus.OFF_TRACK if k == count - 1 else ProgressStatus.AT_RISK
                elif fate == "complete" and k == count - 1:
                    status = ProgressStatus.COMPLETE
                elif k == 0:
                    status = ProgressStatus.NOT_STARTED
                batch.append(
                    ProgressUpdate(
                        target=target,
                        author=people[k % len(people)],
                        made_at=_at(day, 9 + k % 8),
                        status=status,
                        commentary=COMMENTARY[status],
                        percent_complete=100
                        if status == ProgressStatus.COMPLETE
                        else 95 * k // count,
                    )
                )
            if len(batch) >= BATCH * 4:
                self.bulk("progress updates", ProgressUpdate, batch)
                batch = []
        self.bulk("progress updates", ProgressUpdate, batch)

    def make_indicators(self, areas: list[ServiceArea], officers_of: dict[int, list]) -> None:
        outcomes = [
            Outcome(
                service_area=area,
                ref=f"{AREAS[area.position][2]}-O{n}",
                text=f"Synthetic outcome {n}: {area.name.lower()} is fairer, as counted.",
                position=n,
            )
            for area in areas
            for n in range(1, self.size.outcomes_per_area + 1)
        ]
        outcomes = self.bulk("outcomes", Outcome, outcomes)
        link = Outcome.groups.through
        link.objects.bulk_create(
            [
                link(outcome_id=o.pk, equalitygroup_id=g.pk)
                for o in outcomes
                for g in self.some_groups(2)
            ],
            batch_size=BATCH,
        )
        area_of = {area.pk: area for area in areas}
        indicators = []
        for number in range(self.size.indicators):
            outcome = outcomes[number % len(outcomes)]
            area = area_of[outcome.service_area_id]
            indicators.append(_indicator(number, outcome, area))
        indicators = self.bulk("indicators", Indicator, indicators)
        self.make_breakdowns(indicators, area_of)
        self.make_measurements(indicators, area_of, officers_of)

    def make_populations(
        self, plans: list[Plan], ethnicity: Dimension
    ) -> dict[int, PopulationBenchmark]:
        """Each borough's population by ethnic group (synthetic), as a council loads its Census
        figures, so that indicators compare their figures with it at every size."""
        recorded = list(ethnicity.categories.filter(kind="recorded").order_by("pk"))
        benchmarks = self.bulk(
            "population benchmarks",
            PopulationBenchmark,
            [
                PopulationBenchmark(
                    area_code=f"SYN{plan.pk:06d}",
                    area_name=f"{plan.title} (synthetic)",
                    dimension=ethnicity,
                    table_code="TS021",
                    table_title="Ethnic group (synthetic)",
                    census_date=date(2021, 3, 21),
                    source="Fictional figures made by generate_scale_data for benchmarks.",
                    total=200_000,
                )
                for plan in plans
            ],
        )
        figures = []
        for benchmark in benchmarks:
            weights = [self.rng.randint(1, 10) for _ in recorded]
            weights[0] *= 4
            counts = [200_000 * weight // sum(weights) for weight in weights]
            counts[0] += 200_000 - sum(counts)
            figures += [
                PopulationFigure(benchmark=benchmark, category=category, count=count)
                for category, count in zip(recorded, counts, strict=True)
            ]
        self.bulk("population figures", PopulationFigure, figures)
        return {plan.pk: benchmark for plan, benchmark in zip(plans, benchmarks, strict=True)}

    def make_breakdowns(self, indicators: list[Indicator], area_of: dict[int, ServiceArea]) -> None:
        ethnicity = Dimension.objects.get(slug="ethnicity")
        bame = Category.objects.get(dimension=ethnicity, slug="bame")
        counted = [i for i in indicators if i.unit == "count"]
        plans = {area.plan_id: area.plan for area in area_of.values()}
        population_of = self.make_populations(list(plans.values()), ethnicity)
        plan_of = {i.pk: area_of[i.outcome.service_area_id].plan_id for i in counted}
        breakdowns = self.bulk(
            "breakdowns",
            Breakdown,
            [
                Breakdown(indicator=i, dimension=ethnicity, population=population_of[plan_of[i.pk]])
                for i in counted
            ],
        )
        shares = []
        for breakdown in breakdowns:
            shares.append(
                BreakdownTarget(breakdown=breakdown, category=bame, kind="target", share=50)
            )
            shares.append(
                BreakdownTarget(
                    breakdown=breakdown,
                    category=bame,
                    kind="benchmark",
                    share=Decimal(42),
                    note="The borough's population (synthetic).",
                    position=1,
                )
            )
        self.bulk("target shares", BreakdownTarget, shares)

    def make_measurements(
        self,
        indicators: list[Indicator],
        area_of: dict[int, ServiceArea],
        officers_of: dict[int, list],
    ) -> None:
        """Monthly figures up to the cut-off; counts come with every ethnic group's part."""
        recorded = list(
            Category.objects.filter(dimension__slug="ethnicity", kind="recorded").order_by("pk")
        )
        weights = [self.rng.randint(1, 10) for _ in recorded]
        weights[0] *= 4  # one large group, as in most boroughs' figures
        months = self.size.measurements_per_indicator
        last = DATA_CUTOFF.year * 12 + DATA_CUTOFF.month - 1  # months since year 0
        ends = [
            _month_end(index // 12, index % 12 + 1) for index in range(last - months + 1, last + 1)
        ]
        measurements, parts_of = [], []
        for indicator in indicators:
            people = officers_of[indicator.outcome.service_area_id] or [None]
            running = Decimal(indicator.baseline_value or 0)
            for m, end in enumerate(ends):
                value = _next_value(indicator, running, m, self.rng)
                if indicator.accumulation == "cumulative":
                    running = value
                measurements.append(
                    Measurement(
                        indicator=indicator,
                        period_end=end,
                        value=value,
                        author=people[m % len(people)],
                        made_at=_at(end + timedelta(days=10), 9),
                    )
                )
                parts_of.append(indicator.unit == "count")
        made = self.bulk("measurements", Measurement, measurements)
        total_weight = sum(weights)
        values: list[BreakdownValue] = []
        for measurement, has_parts in zip(made, parts_of, strict=True):
            if not has_parts:
                continue
            recorded_total = measurement.value * Decimal("0.95")
            values += [
                BreakdownValue(
                    measurement=measurement,
                    category=category,
                    value=(recorded_total * weight / total_weight).to_integral_value(
                        rounding="ROUND_FLOOR"
                    ),
                )
                for category, weight in zip(recorded, weights, strict=True)
            ]
            if len(values) >= BATCH * 4:
                self.bulk("breakdown values", BreakdownValue, values)
                values = []
        self.bulk("breakdown values", BreakdownValue, values)


# Four kinds of indicator, in turn: (unit, direction, accumulation, baseline, target).
_KINDS = (
    ("count", "increase", "per_period", None, Decimal(1000)),
    ("count", "increase", "cumulative", Decimal(200), Decimal(2000)),
    ("percentage", "increase", "cumulative", Decimal(40), Decimal(60)),
    ("rate", "decrease", "cumulative", Decimal(30), Decimal(20)),
)


def _indicator(number: int, outcome: Outcome, area: ServiceArea) -> Indicator:
    unit, direction, accumulation, baseline, target = _KINDS[number % len(_KINDS)]
    start = area.plan.period_start
    indicator = Indicator(
        outcome=outcome,
        ref=f"{AREAS[area.position][2]}-I{number + 1}",
        name=f"Synthetic {unit} {number + 1}",
        unit=unit,
        direction=direction,
        accumulation=accumulation,
        baseline_value=baseline,
        baseline_date=start - timedelta(days=1) if baseline is not None else None,
        target_value=target,
        data_source="Synthetic data",
        position=number,
    )
    indicator.set_deadline(f"by March {start.year + 5}", plan_start=start)
    return indicator


def _next_value(indicator: Indicator, running: Decimal, month: int, rng: random.Random) -> Decimal:
    """A plausible next figure: a month's count, or the level now, drifting towards the target."""
    if indicator.accumulation == "per_period":
        return Decimal(rng.randint(10, 40))
    if indicator.unit == "count":
        return running + rng.randint(15, 45)
    drift = Decimal(rng.randint(-20, 60)) / 100
    if indicator.direction == "decrease":
        return max(Decimal(0), running - drift)
    return min(Decimal(100), running + drift)
