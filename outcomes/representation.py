"""Reads for "every group against the population": each breakdown that has a population benchmark,
every category's share beside its population share, with intervals, verdicts and trends
(outcomes/disproportionality.py), for many indicators in a fixed number of queries.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from outcomes.breakdowns import Course, Reading, ShareFigure, part_of, share_as_at
from outcomes.disproportionality import (
    NOT_RECORDED_WARNING,
    Comparison,
    Trend,
    compare,
    not_recorded_share,
    trend,
    warn_not_recorded,
)
from outcomes.interval_chart import IntervalChart, TrendChart, interval_chart, trend_chart
from outcomes.models import Category, Indicator, PopulationBenchmark, PopulationFigure
from outcomes.queries import _readings
from outcomes.shapes import BreakdownShape, DimensionShape, shapes_of


@dataclass(frozen=True)
class PeriodShare:
    period_end: date
    count: int
    recorded: int
    comparison: Comparison


@dataclass(frozen=True)
class CategoryRow:
    """One category (recorded, a group or an aggregate) against its population share."""

    category: Category
    depth: int  # 1 for a recorded category beneath its group
    count: int
    comparison: Comparison
    population: int | None
    periods: list[PeriodShare]
    trend: Trend
    leaves: frozenset[str]  # the recorded categories it adds up
    suppressed: bool = False  # on public pages: too few people to show (outcomes/disclosure.py)


@dataclass(frozen=True)
class Representation:
    """A breakdown of an indicator against its population, as at a day."""

    indicator: Indicator
    shape: DimensionShape
    benchmark: PopulationBenchmark
    figure: ShareFigure  # everyone recorded (part) of the total, to `through`
    rows: list[CategoryRow]
    reference: Category | None  # the relative rate index's reference group
    not_recorded_suppressed: bool = False  # on public pages (outcomes/disclosure.py)

    @property
    def chart(self) -> IntervalChart | None:
        return interval_chart(
            [
                (
                    row.category.name,
                    row.comparison.share,
                    row.comparison.share_interval.low,
                    row.comparison.share_interval.high,
                    row.comparison.population_share,
                )
                for row in self.compared
            ]
        )

    @property
    def compared(self) -> list[CategoryRow]:
        """The rows with a share and a population share to compare it with (and shown)."""
        return [
            row
            for row in self.rows
            if not row.suppressed
            and row.comparison.share_interval is not None
            and row.comparison.population_share is not None
        ]

    @property
    def trend_charts(self) -> list[TrendChart]:
        """A small chart for each compared category with two periods or more."""
        charts = [
            trend_chart(
                row.category.name,
                [
                    (
                        f"{p.period_end:%b %Y}",
                        p.comparison.share,
                        p.comparison.share_interval.low,
                        p.comparison.share_interval.high,
                    )
                    for p in row.periods
                    if p.comparison.share_interval is not None
                ],
                row.comparison.population_share,
            )
            for row in self.compared
        ]
        return [chart for chart in charts if chart is not None]

    @property
    def period_ends(self) -> list[date]:
        return sorted({p.period_end for row in self.rows for p in row.periods})

    @property
    def total(self) -> int:
        return int(self.figure.total)

    @property
    def recorded(self) -> int:
        return int(self.figure.part)

    @property
    def not_recorded(self) -> int:
        return self.total - self.recorded

    @property
    def not_recorded_share(self) -> float | None:
        return not_recorded_share(self.recorded, self.total)

    @property
    def warn_not_recorded(self) -> bool:
        return warn_not_recorded(self.not_recorded_share, warning_percent())

    @property
    def below(self) -> list[CategoryRow]:
        """Categories clearly below their population share, furthest below first."""
        rows = [r for r in self.rows if r.comparison.verdict == "below"]
        return sorted(rows, key=lambda r: r.comparison.gap or 0)


def warning_percent() -> float:
    return float(getattr(settings, "NOT_RECORDED_WARNING_PERCENT", NOT_RECORDED_WARNING))


def representations(
    indicators: Iterable[Indicator],
    *,
    as_at: date,
    shapes: dict[int, BreakdownShape] | None = None,
    readings: dict[int, list[Reading]] | None = None,
) -> dict[int, list[Representation]]:
    """Each indicator's breakdowns that have a population benchmark, keyed by indicator id.
    Indicators need .outcome.service_area.plan loaded. Eight queries, whatever the numbers (two
    when the caller already has the indicators' shapes and readings, from outcomes.queries)."""
    indicators = list(indicators)
    ids = [i.pk for i in indicators]
    if not ids:
        return {}
    shapes = shapes_of(ids) if shapes is None else shapes
    population_ids = {
        d.breakdown.population_id
        for shape in shapes.values()
        for d in shape.dimensions
        if d.breakdown.population_id
    }
    if not population_ids:
        return {}
    benchmarks = {b.pk: b for b in PopulationBenchmark.objects.filter(pk__in=population_ids)}
    figures: dict[int, dict[int, int]] = defaultdict(dict)
    for benchmark_id, category_id, count in PopulationFigure.objects.filter(
        benchmark_id__in=population_ids
    ).values_list("benchmark_id", "category_id", "count"):
        figures[benchmark_id][category_id] = count
    readings = _readings(ids, as_at=as_at) if readings is None else readings
    found: dict[int, list[Representation]] = defaultdict(list)
    for indicator in indicators:
        shape = shapes.get(indicator.pk)
        for dimension in shape.dimensions if shape else []:
            benchmark = benchmarks.get(dimension.breakdown.population_id)
            if benchmark is None:
                continue
            made = _representation(
                indicator,
                dimension,
                benchmark,
                figures[benchmark.pk],
                readings.get(indicator.pk, []),
                as_at=as_at,
            )
            if made is not None:
                found[indicator.pk].append(made)
    return dict(found)


def _population_of(
    category: Category, members: frozenset[str], shape: DimensionShape, counts: dict[int, int]
) -> int | None:
    """Its own figure, or the sum of its recorded members' when every one of them has a figure."""
    if category.pk in counts:
        return counts[category.pk]
    parts = [counts.get(shape.recorded[slug].pk) for slug in members if slug in shape.recorded]
    if parts and all(p is not None for p in parts):
        return sum(parts)
    return None


def _representation(
    indicator: Indicator,
    shape: DimensionShape,
    benchmark: PopulationBenchmark,
    counts: dict[int, int],
    readings: list[Reading],
    *,
    as_at: date,
) -> Representation | None:
    course = indicator.course(plan_start=indicator.outcome.service_area.plan.period_start)
    slug = shape.dimension.slug
    everyone = share_as_at(
        readings, course, as_at, dimension=slug, members=frozenset(shape.recorded)
    )
    if everyone is None:
        return None
    ordered: list[tuple[Category, int]] = []
    for group in shape.groups:
        if group.group is not None:
            ordered.append((group.group, 0))
        ordered += [(c, 1 if group.group else 0) for c in group.categories]
    aggregates = [c for c in shape.aggregates if shape.members.get(c.pk)]
    ordered += [(c, 0) for c in aggregates]

    recorded_leaves = [shape.recorded[s] for s in shape.recorded]
    with_population = [
        (c, counts[c.pk]) for c in recorded_leaves if c.pk in counts and counts[c.pk] > 0
    ]
    reference = max(with_population, key=lambda pair: pair[1])[0] if with_population else None
    reference_count = (
        int(part_of_figure(readings, course, as_at, slug, frozenset([reference.slug])))
        if reference
        else 0
    )
    periods_of = [r for r in readings if r.parts.get(slug) and r.period_end <= as_at]
    recorded_now = int(everyone.part)
    rows = []
    for category, depth in ordered:
        members = shape.members.get(category.pk, frozenset())
        if not members:
            continue
        count = int(part_of_figure(readings, course, as_at, slug, members))
        population = _population_of(category, members, shape, counts)
        use_reference = (
            reference is not None
            and reference.slug not in members
            and reference_count > 0
            and counts.get(reference.pk)
        )
        comparison = compare(
            count,
            recorded_now,
            population=population,
            population_total=benchmark.answered,
            reference=(reference_count, counts[reference.pk]) if use_reference else None,
        )
        periods = []
        for reading in periods_of:
            parts = reading.parts[slug]
            part = int(part_of(parts, members))
            recorded = int(sum(parts.values()))
            periods.append(
                PeriodShare(
                    reading.period_end,
                    part,
                    recorded,
                    compare(
                        part,
                        recorded,
                        population=population,
                        population_total=benchmark.answered,
                    ),
                )
            )
        rows.append(
            CategoryRow(
                category=category,
                depth=depth,
                count=count,
                comparison=comparison,
                population=population,
                periods=periods,
                trend=trend([(p.count, p.recorded) for p in periods], comparison.population_share),
                leaves=members,
            )
        )
    return Representation(
        indicator=indicator,
        shape=shape,
        benchmark=benchmark,
        figure=everyone,
        rows=rows,
        reference=reference,
    )


def part_of_figure(
    readings: list[Reading], course: Course, as_at: date, dimension: str, members: frozenset[str]
) -> int:
    figure = share_as_at(readings, course, as_at, dimension=dimension, members=members)
    return int(figure.part) if figure else 0
