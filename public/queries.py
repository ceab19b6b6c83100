"""The reads behind the public pages and open data: a published plan's progress as at a day.

Only what a published plan makes public is read: its service areas, targets (with their status,
judged without loading any progress update, so no commentary, evidence or author is ever at
hand), outcomes and indicators (outcomes.queries.indicator_summaries). A fixed number of queries,
whatever the size of the plan.
"""

from copy import copy
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from outcomes.breakdowns import (
    Figure,
    IndicatorStatus,
    ShareFigure,
    ShareKind,
    Unit,
)
from outcomes.models import BreakdownTarget, Category, Dimension, Indicator, Outcome
from outcomes.queries import (
    NOT_RECORDED,
    RECORDED,
    IndicatorSummary,
    ShareGap,
    _readings,
    indicator_summaries,
    suppressions,
)
from outcomes.representation import Representation, representations
from outcomes.shapes import shapes_of
from plans.models import Plan, ServiceArea
from plans.rag import RAG
from returns.figures import IndicatorRow, snapshot_sections
from returns.models import Return
from targets.models import Target
from targets.queries import JudgedTarget, judge_targets
from targets.status import TargetStatus, count_by_rag


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
    # For a plan that publishes only signed-off figures: the closed return they come from (None:
    # no return is closed yet, so there are no figures to publish).
    signed_off: Return | None = None
    signed_off_only: bool = False

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
    shapes = shapes_of(ids) if ids else {}
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


# --- Signed-off figures: the latest closed return's snapshot ----------------------------------


def signed_off_progress(plan: Plan, *, today: date) -> PublicProgress:
    """A plan's figures as its latest closed quarterly return froze them, in the same shape as the
    live ones; only the figures and the plan's own text, never what the return adds (comments,
    proposals, send-back notes, who approved). A fixed number of queries."""
    closed = (
        Return.objects.filter(plan=plan, state=Return.State.CLOSED)
        .order_by("-as_at", "-closed_at")
        .first()
    )
    if closed is None:
        return PublicProgress(plan=plan, as_at=today, areas=[], signed_off_only=True)
    sections = snapshot_sections(closed)
    ids = [row.target_id for section in sections for row in section.targets if row.target_id]
    live = Target.objects.filter(pk__in=ids).prefetch_related("groups").in_bulk()
    areas = []
    for section in sections:
        area = copy(section.area_return.service_area)
        area.name = section.name  # as the return named it
        targets = []
        for row in section.targets:
            if row.target_id not in live:
                continue
            target = copy(live[row.target_id])
            target.service_area = area
            target.ref, target.text, target.deadline_text = row.ref, row.text, row.deadline_text
            status = TargetStatus(
                rag=row.rag,
                reason=row.reason,
                due_date=row.due_date,
                days_late=row.days_late,
                days_remaining=None,
                completed_on_time=None,
                last_update_on=None,
            )
            targets.append(JudgedTarget(target=target, status=status, latest_update=None))
        outcomes = []
        for row in section.outcomes:
            outcome = Outcome(pk=row.outcome_id, service_area=area, ref=row.ref, text=row.text)
            outcomes.append(
                PublicOutcome(outcome, [_summary(i, outcome, closed.as_at) for i in row.indicators])
            )
        areas.append(PublicArea(area=area, targets=targets, outcomes=outcomes))
    return PublicProgress(
        plan=plan, as_at=closed.as_at, areas=areas, signed_off=closed, signed_off_only=True
    )


def _snapshot_gaps(gaps: list[ShareGap], figures: dict) -> list[ShareGap]:
    """Mark the shares disclosure control hid when the return closed (outcomes/disclosure.py over
    the whole breakdown as at the return's date, stored as figures["suppressed"]). A snapshot
    taken before that was stored cannot be checked, so all of its shares are withheld."""
    hidden = figures.get("suppressed")
    return [
        replace(
            gap,
            suppressed=gap.figure is not None
            and (hidden is None or gap.target.category.name in hidden.get(gap.dimension.name, ())),
        )
        for gap in gaps
    ]


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _summary(row: IndicatorRow, outcome: Outcome, as_at: date) -> IndicatorSummary:
    """An indicator summary rebuilt from a snapshot row: unsaved objects carrying its numbers."""
    figures = row.figures
    indicator = Indicator(
        pk=row.indicator_id,
        outcome=outcome,
        ref=row.ref,
        name=row.name,
        unit=figures.get("unit", Unit.COUNT),
        direction=figures.get("direction", "increase"),
        baseline_value=_decimal(figures.get("baseline_value")),
        baseline_date=_day(figures.get("baseline_date")),
        target_value=_decimal(figures.get("target_value")),
        due_date=_day(figures.get("target_date")),
        deadline_text=figures.get("deadline_text", ""),
        data_source=figures.get("data_source", ""),
    )
    value, through = _decimal(figures.get("value")), _day(figures.get("through"))
    gaps = [
        ShareGap(
            dimension=Dimension(name=share["dimension"]),
            target=BreakdownTarget(
                category=Category(name=share["category"]),
                kind=share.get("kind", ShareKind.TARGET),
                share=_decimal(share.get("share")),
                note=share.get("note", ""),
            ),
            figure=ShareFigure(
                part=_decimal(share["part"]),
                total=_decimal(share["total"]),
                through=_day(share["through"]),
            )
            if share.get("part") is not None
            else None,
        )
        for share in row.shares
    ]
    gaps = _snapshot_gaps(gaps, figures)
    return IndicatorSummary(
        indicator=indicator,
        as_at=as_at,
        figure=Figure(value, through) if value is not None else None,
        status=IndicatorStatus(
            rag=row.rag,
            reason=row.reason,
            progress=_decimal(figures.get("progress")),
            expected=_decimal(figures.get("expected")),
        ),
        gaps=gaps,
        course=None,  # not kept: the public page and open data show only the figures above
    )


# --- Statistical disclosure control -------------------------------------------------------------


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
