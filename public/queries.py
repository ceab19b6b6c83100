"""The reads behind the public pages and open data: a published plan's progress as at a day.

Only what a published plan makes public is read: its service areas, targets (with their status,
judged without loading any progress update, so no commentary, evidence or author is ever at
hand), outcomes and indicators (outcomes.queries.indicator_summaries). A fixed number of queries,
whatever the size of the plan.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.conf import settings
from django.db.models import QuerySet

from outcomes.breakdowns import Course, Reading, share_as_at
from outcomes.models import Indicator, Outcome
from outcomes.queries import (
    BreakdownShape,
    DimensionShape,
    IndicatorSummary,
    _readings,
    _shapes,
    indicator_summaries,
)
from outcomes.representation import Representation, representations
from plans.models import Plan, ServiceArea
from plans.rag import RAG
from public.disclosure import Cell, suppressed_cells
from targets.models import Target
from targets.queries import JudgedTarget, judge_targets
from targets.status import count_by_rag


def published_plans() -> QuerySet[Plan]:
    """Plans marked public, newest first; every other plan is as if it did not exist."""
    return Plan.objects.filter(is_public=True)


@dataclass(frozen=True)
class PublicOutcome:
    outcome: Outcome
    indicators: list[IndicatorSummary]  # breakdown shares with suppressed ones marked
    populations: dict[int, list[Representation]] = field(default_factory=dict)  # by indicator id

    def population_of(self, summary: IndicatorSummary) -> list[Representation]:
        return self.populations.get(summary.indicator.pk, [])


@dataclass(frozen=True)
class PublicArea:
    area: ServiceArea
    targets: list[JudgedTarget]
    outcomes: list[PublicOutcome]


@dataclass(frozen=True)
class PublicProgress:
    plan: Plan
    as_at: date
    areas: list[PublicArea]

    @property
    def targets(self) -> list[JudgedTarget]:
        return [judged for area in self.areas for judged in area.targets]

    @property
    def indicators(self) -> list[IndicatorSummary]:
        return [
            summary
            for area in self.areas
            for outcome in area.outcomes
            for summary in outcome.indicators
        ]

    @property
    def counts(self) -> list[tuple[RAG, int]]:
        """How many targets have each status, leaving out statuses no target has."""
        counts = count_by_rag(judged.status for judged in self.targets)
        return [(rag, count) for rag, count in counts.items() if count]


def public_progress(plan: Plan, *, as_at: date) -> PublicProgress:
    """A published plan by service area, in the plan's order, as at a day."""
    areas = list(plan.service_areas.order_by("position", "name"))
    targets = (
        Target.objects.filter(service_area__plan=plan)
        .order_by("service_area__position", "position", "ref")
        .prefetch_related("groups")
    )
    judged = judge_targets(targets, as_at=as_at, with_updates=False)
    outcomes = list(Outcome.objects.filter(service_area__plan=plan).order_by("position", "ref"))
    summaries = indicator_summaries(Outcome.objects.filter(service_area__plan=plan), as_at=as_at)
    indicators = [s.indicator for found in summaries.values() for s in found]
    ids = [i.pk for i in indicators]
    shapes = _shapes(ids) if ids else {}
    readings = _readings(ids, as_at=as_at) if ids else {}
    hidden = suppressions(indicators, as_at=as_at, shapes=shapes, readings=readings)
    populations = {
        pk: [_published_representation(rep, hidden) for rep in reps]
        for pk, reps in representations(
            indicators, as_at=as_at, shapes=shapes, readings=readings
        ).items()
    }
    return PublicProgress(
        plan=plan,
        as_at=as_at,
        areas=[
            PublicArea(
                area=area,
                targets=[j for j in judged if j.target.service_area_id == area.pk],
                outcomes=[
                    PublicOutcome(
                        outcome,
                        [_published_summary(s, hidden) for s in summaries.get(outcome.pk, [])],
                        populations,
                    )
                    for outcome in outcomes
                    if outcome.service_area_id == area.pk
                ],
            )
            for area in areas
        ],
    )


# --- Statistical disclosure control -------------------------------------------------------------

NOT_RECORDED, RECORDED, TOTAL = "not-recorded", "recorded", "total"


def breakdown_cells(shape: DimensionShape, readings: list[Reading], course: Course, as_at: date):
    """Every count of one breakdown as at a day, as cells for public/disclosure.py: each category
    (by slug), the recorded, the not recorded and the total. Empty with no breakdown yet."""
    slug = shape.dimension.slug
    everyone = share_as_at(
        readings, course, as_at, dimension=slug, members=frozenset(shape.recorded)
    )
    if everyone is None:
        return []
    cells = []
    categories = [c for g in shape.groups for c in ([g.group] if g.group else []) + g.categories]
    for category in [*categories, *shape.aggregates]:
        members = shape.members.get(category.pk, frozenset())
        if not members:
            continue
        figure = share_as_at(readings, course, as_at, dimension=slug, members=members)
        cells.append(Cell(category.slug, members, int(figure.part) if figure else 0))
    recorded = frozenset(shape.recorded)
    cells += [
        Cell(RECORDED, recorded, int(everyone.part)),
        Cell(NOT_RECORDED, frozenset([NOT_RECORDED]), int(everyone.total - everyone.part)),
        Cell(TOTAL, recorded | {NOT_RECORDED}, int(everyone.total)),
    ]
    return cells


def suppressions(
    indicators: list[Indicator],
    *,
    as_at: date,
    shapes: dict[int, BreakdownShape],
    readings: dict[int, list[Reading]],
) -> dict[tuple[int, str], frozenset[str]]:
    """(indicator id, dimension slug) -> the cells not to publish. No queries."""
    hidden = {}
    for indicator in indicators:
        course = indicator.course(plan_start=indicator.outcome.service_area.plan.period_start)
        for dimension in shapes[indicator.pk].dimensions if indicator.pk in shapes else []:
            cells = breakdown_cells(dimension, readings.get(indicator.pk, []), course, as_at)
            hidden[(indicator.pk, dimension.dimension.slug)] = suppressed_cells(
                cells, threshold=settings.DISCLOSURE_THRESHOLD, keep={TOTAL}
            )
    return hidden


def _published_summary(summary: IndicatorSummary, hidden: dict) -> IndicatorSummary:
    gaps = [
        replace(
            gap,
            suppressed=gap.target.category.slug
            in hidden.get((summary.indicator.pk, gap.dimension.slug), frozenset()),
        )
        for gap in summary.gaps
    ]
    return replace(summary, gaps=gaps)


def _published_representation(rep: Representation, hidden: dict) -> Representation:
    concealed = hidden.get((rep.indicator.pk, rep.shape.dimension.slug), frozenset())
    no_shares = RECORDED in concealed
    return replace(
        rep,
        rows=[
            replace(row, suppressed=no_shares or row.category.slug in concealed) for row in rep.rows
        ],
        not_recorded_suppressed=NOT_RECORDED in concealed or no_shares,
    )
