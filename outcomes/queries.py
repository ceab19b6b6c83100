"""Reads the pages and reports share: indicators with their figures, status and breakdown gaps as
at a date, each list in a fixed number of queries whatever the number of outcomes, indicators or
measurements (the measurements are read once and judged by outcomes/breakdowns.py).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery

from outcomes.breakdowns import (
    Course,
    Figure,
    IndicatorStatus,
    Reading,
    ShareFigure,
    ShareKind,
    Unit,
    expected_by,
    gap_points,
    has_line,
    judge,
    running_values,
    share_as_at,
    value_as_at,
)
from outcomes.charts import ProgressChart, ShareChart, progress_chart, share_chart
from outcomes.disclosure import Cell, suppressed_cells
from outcomes.models import (
    BreakdownTarget,
    BreakdownValue,
    Dimension,
    Indicator,
    Measurement,
    Outcome,
    OutcomeUpdate,
)
from outcomes.shapes import (
    BreakdownShape,
    DimensionShape,
    breakdown_shape,
    shapes_of,
)

# --- Measurements as the arithmetic reads them ------------------------------------------------


Parts = dict[int, dict[str, dict[str, Decimal]]]


def breakdown_parts(measurements: QuerySet[Measurement]) -> Parts:
    """Each measurement's recorded parts, {measurement id: {dimension slug: {category slug:
    value}}}, in one query for any number of measurements."""
    parts: Parts = defaultdict(lambda: defaultdict(dict))
    values = (
        # A subquery, not the ids: the same query whether or not there are figures yet.
        BreakdownValue.objects.filter(measurement__in=measurements.order_by().values("pk"))
        .order_by()  # the default ordering joins up to the plan: see _readings
        .values_list("measurement_id", "category__dimension__slug", "category__slug", "value")
    )
    for measurement_id, dimension, category, value in values:
        parts[measurement_id][dimension][category] = value
    return parts


def _readings(indicator_ids: list[int], *, as_at: date | None = None) -> dict[int, list[Reading]]:
    """Each indicator's current measurements as Readings."""
    # No default orderings, which would join every row (and every breakdown value) up to its plan
    # to sort by it: at London scale, most of a report's time.
    current = Measurement.objects.filter(indicator_id__in=indicator_ids).current()
    if as_at is not None:
        current = current.filter(period_end__lte=as_at)
    rows = list(
        current.order_by("indicator_id", "period_end", "made_at", "pk").values_list(
            "pk", "indicator_id", "period_end", "value"
        )
    )
    parts = breakdown_parts(current)
    readings: dict[int, list[Reading]] = defaultdict(list)
    for pk, indicator_id, period_end, value in rows:
        readings[indicator_id].append(Reading(period_end, value, parts.get(pk, {})))
    return readings


# --- Summaries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShareGap:
    """One target share or benchmark of a breakdown, with the share achieved and the gap."""

    dimension: Dimension
    target: BreakdownTarget  # its category, kind (target or benchmark), share and note
    figure: ShareFigure | None  # None: no measurement with this breakdown yet
    suppressed: bool = False  # public pages: too few people to show (outcomes/disclosure.py)

    @property
    def achieved(self) -> Decimal | None:
        return self.figure.share if self.figure else None

    @property
    def gap(self) -> Decimal | None:
        """Share achieved − target share (or − benchmark), in percentage points."""
        return gap_points(self.achieved, self.target.share)

    @property
    def kind(self) -> ShareKind:
        return ShareKind(self.target.kind)


@dataclass(frozen=True)
class IndicatorSummary:
    """An indicator as at a date: its value, status (RAG) and breakdown gaps.

    indicator  the Indicator (with .outcome.service_area.plan loaded)
    as_at      the date it is judged as at
    figure     Figure(value, through) or None: the value as at that date, and the period end of
               the latest measurement it counts
    status     IndicatorStatus: rag (a plans.rag.RAG, or None when not judged for want of an
               overall target), reason (a sentence), progress (fraction of the way to the target)
               and expected (the value expected by as_at on the straight line)
    gaps       ShareGap for each target share or benchmark set on its breakdowns, in order
    """

    indicator: Indicator
    as_at: date
    figure: Figure | None
    status: IndicatorStatus
    gaps: list[ShareGap]
    course: Course

    @property
    def has_line(self) -> bool:
        """Whether there is a straight line from the start to a dated target to judge it by."""
        return has_line(self.course)


def summarise(
    indicator: Indicator, readings: list[Reading], shape: BreakdownShape, *, as_at: date
) -> IndicatorSummary:
    """One indicator's summary from its readings and breakdown shape (no queries)."""
    course = indicator.course(plan_start=indicator.outcome.service_area.plan.period_start)
    figure = value_as_at(readings, course, as_at)
    gaps = [
        ShareGap(
            dimension=dimension.dimension,
            target=target,
            figure=share_as_at(
                readings,
                course,
                as_at,
                dimension=dimension.dimension.slug,
                members=dimension.members.get(target.category_id, frozenset()),
            ),
        )
        for dimension in shape.dimensions
        for target in dimension.targets
    ]
    return IndicatorSummary(
        indicator=indicator,
        as_at=as_at,
        figure=figure,
        status=judge(course, figure, as_at, indicator.unit_enum),
        gaps=gaps,
        course=course,
    )


def indicator_summaries(
    outcomes: QuerySet[Outcome], *, as_at: date
) -> dict[int, list[IndicatorSummary]]:
    """Every indicator of these outcomes as at a date, keyed by outcome id, each list in the
    indicators' order. Outcomes with no indicators are absent: use .get(outcome.pk, []).

    At most seven queries, whatever the number of outcomes, indicators and measurements:
    indicators (with outcome, service area and plan), breakdowns, categories, aggregate members,
    target shares, current measurements to as_at, and their breakdown values.
    """
    indicators = list(
        Indicator.objects.filter(outcome__in=outcomes).select_related("outcome__service_area__plan")
    )
    ids = [i.pk for i in indicators]
    shapes = shapes_of(ids) if ids else {}
    readings = _readings(ids, as_at=as_at) if ids else {}
    summaries: dict[int, list[IndicatorSummary]] = defaultdict(list)
    for indicator in indicators:
        summaries[indicator.outcome_id].append(
            summarise(
                indicator,
                readings.get(indicator.pk, []),
                shapes.get(indicator.pk, BreakdownShape()),
                as_at=as_at,
            )
        )
    return dict(summaries)


# --- One indicator's page ---------------------------------------------------------------------


@dataclass(frozen=True)
class MeasurementRow:
    """A current figure (nothing supersedes it), with the indicator's value as at its period end
    (the running total, for a per-period indicator) and the value expected by then."""

    measurement: Measurement
    running: Figure | None
    expected: Decimal | None
    unit: Unit


@dataclass(frozen=True)
class CategoryShare:
    """A group's (or an ungrouped category's) part of the total, for the breakdown table."""

    name: str
    figure: ShareFigure | None
    unit: Unit


@dataclass(frozen=True)
class DimensionReport:
    dimension: Dimension
    gaps: list[ShareGap]
    chart: ShareChart | None
    shares: list[CategoryShare]  # each group or ungrouped category, then "Not recorded"
    total: ShareFigure | None  # the total the shares are of


@dataclass(frozen=True)
class IndicatorReport:
    summary: IndicatorSummary
    rows: list[MeasurementRow]  # current figures for periods ending by as_at, oldest first
    earlier: list[Measurement]  # figures replaced by corrections, with who replaced them
    chart: ProgressChart | None
    dimensions: list[DimensionReport]
    shape: BreakdownShape
    readings: list[Reading]  # the current figures as at the date, for representation's use


def indicator_report(indicator: Indicator, *, as_at: date) -> IndicatorReport:
    """Everything the indicator's page shows as at a date, in at most seven queries (plus none
    for the indicator, whose outcome, service area and plan should be loaded with it)."""
    shape = breakdown_shape(indicator)
    figures = indicator.measurements.current().filter(period_end__lte=as_at)
    current = list(figures.select_related("author", "supersedes").order_by("period_end"))
    parts = breakdown_parts(figures)
    readings = [Reading(m.period_end, m.value, parts.get(m.pk, {})) for m in current]
    earlier = list(
        indicator.measurements.corrected()
        .select_related("author", "superseded_by__author")
        .order_by("period_end", "made_at")
    )
    summary = summarise(indicator, readings, shape, as_at=as_at)
    course, unit = summary.course, indicator.unit_enum
    rows = [
        MeasurementRow(
            measurement=m,
            running=value_as_at(readings, course, m.period_end),
            expected=expected_by(course, m.period_end),
            unit=unit,
        )
        for m in current
    ]
    return IndicatorReport(
        summary=summary,
        rows=rows,
        earlier=earlier,
        chart=progress_chart(
            course=course, figures=running_values(readings, course), unit=unit, as_at=as_at
        ),
        dimensions=[
            _dimension_report(dimension, summary, readings, as_at=as_at)
            for dimension in shape.dimensions
        ],
        shape=shape,
        readings=readings,
    )


def _dimension_report(
    dimension: DimensionShape, summary: IndicatorSummary, readings: list[Reading], *, as_at: date
) -> DimensionReport:
    slug = dimension.dimension.slug
    gaps = [gap for gap in summary.gaps if gap.dimension.pk == dimension.dimension.pk]

    def figure(members: frozenset[str]) -> ShareFigure | None:
        return share_as_at(readings, summary.course, as_at, dimension=slug, members=members)

    shares = []
    for group in dimension.groups:
        if group.group is not None:
            shares.append(
                CategoryShare(
                    group.group.name, figure(dimension.members[group.group.pk]), Unit.COUNT
                )
            )
        else:
            shares += [
                CategoryShare(c.name, figure(frozenset([c.slug])), Unit.COUNT)
                for c in group.categories
            ]
    everything = figure(frozenset(dimension.recorded))
    if everything is not None:
        not_recorded = ShareFigure(
            everything.total - everything.part, everything.total, everything.through
        )
        shares.append(CategoryShare("Not recorded", not_recorded, Unit.COUNT))
    chart = share_chart(
        [
            (f"{g.target.category.name} ({g.kind.label.lower()})", g.achieved, g.target.share)
            for g in gaps
        ]
    )
    return DimensionReport(
        dimension=dimension.dimension, gaps=gaps, chart=chart, shares=shares, total=everything
    )


def with_latest_judgement(outcomes: QuerySet[Outcome], *, as_at: date) -> QuerySet[Outcome]:
    """Outcomes annotated with their latest narrative update made by the end of `as_at`: its RAG
    judgement (`judgement`) and when it was made (`judged_at`); both None when there is none."""
    latest = OutcomeUpdate.objects.filter(
        outcome=OuterRef("pk"), made_at__date__lte=as_at
    ).order_by("-made_at", "-id")
    return outcomes.annotate(
        judgement=Subquery(latest.values("rag")[:1]),
        judged_at=Subquery(latest.values("made_at")[:1]),
    )


# --- Statistical disclosure control: which cells of each breakdown not to publish ------------

NOT_RECORDED, RECORDED, TOTAL = "not-recorded", "recorded", "total"


def breakdown_cells(shape: DimensionShape, readings: list[Reading], course: Course, as_at: date):
    """Every count of one breakdown as at a day, as cells for outcomes/disclosure.py: each category
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
