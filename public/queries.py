"""The reads behind the public pages and open data: a published plan's progress as at a day.

Only what a published plan makes public is read: its service areas, targets (with their status,
judged without loading any progress update, so no commentary, evidence or author is ever at
hand), outcomes and indicators (outcomes.queries.indicator_summaries). A fixed number of queries,
whatever the size of the plan.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from outcomes.models import Outcome
from outcomes.queries import IndicatorSummary, indicator_summaries
from plans.models import Plan, ServiceArea
from plans.rag import RAG
from targets.models import Target
from targets.queries import JudgedTarget, judge_targets
from targets.status import count_by_rag


def published_plans() -> QuerySet[Plan]:
    """Plans marked public, newest first; every other plan is as if it did not exist."""
    return Plan.objects.filter(is_public=True)


@dataclass(frozen=True)
class PublicOutcome:
    outcome: Outcome
    indicators: list[IndicatorSummary]


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
    return PublicProgress(
        plan=plan,
        as_at=as_at,
        areas=[
            PublicArea(
                area=area,
                targets=[j for j in judged if j.target.service_area_id == area.pk],
                outcomes=[
                    PublicOutcome(outcome, summaries.get(outcome.pk, []))
                    for outcome in outcomes
                    if outcome.service_area_id == area.pk
                ],
            )
            for area in areas
        ],
    )
