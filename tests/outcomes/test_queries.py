"""indicator_summaries and indicator_report: figures, status and gaps as at a date, from the
current measurements, in a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outcomes.models import Measurement, Outcome
from outcomes.queries import breakdown_parts, indicator_report, indicator_summaries
from plans.rag import RAG
from tests.factories import OutcomeFactory, ServiceAreaFactory
from tests.outcomes.factories import (
    BreakdownFactory,
    BreakdownTargetFactory,
    IndicatorFactory,
    MeasurementFactory,
    category,
    ethnicity_indicator,
    measure,
)

pytestmark = pytest.mark.django_db
JUNE = dt.date(2021, 6, 30)


def summary_of(indicator: object, as_at: dt.date = JUNE) -> object:
    (summary,) = indicator_summaries(Outcome.objects.filter(pk=indicator.outcome_id), as_at=as_at)[
        indicator.outcome_id
    ]
    return summary


def test_summary_has_the_value_status_and_gap_as_at_the_date() -> None:
    indicator = ethnicity_indicator()
    measure(
        indicator,
        "2021-03-31",
        200,
        african=50,
        indian=30,
        english_welsh_scottish_northern_irish_or_british=100,
    )
    summary = summary_of(indicator)
    assert (summary.figure.value, summary.figure.through) == (200, dt.date(2021, 3, 31))
    assert (summary.indicator.target_value, summary.indicator.due_date) == (
        1000,
        dt.date(2021, 12, 31),
    )
    assert summary.status.rag is RAG.RED  # 200 by June, when 496 were expected
    (gap,) = summary.gaps
    assert (gap.target.category.slug, gap.achieved, gap.gap) == ("bame", Decimal(40), Decimal(-10))
    assert gap.kind == "target"


def test_measurements_for_periods_after_the_as_at_date_are_left_out() -> None:
    indicator = ethnicity_indicator()
    measure(indicator, "2021-03-31", 200, african=100)
    measure(indicator, "2021-09-30", 600, african=100)
    summary = summary_of(indicator)
    assert summary.figure.value == 200
    assert summary.gaps[0].achieved == 50


def test_a_correction_replaces_the_figure_it_corrects() -> None:
    indicator = IndicatorFactory()
    original = measure(indicator, "2021-03-31", 200)
    MeasurementFactory(
        indicator=indicator, period_end=original.period_end, value=300, supersedes=original
    )
    assert summary_of(indicator).figure.value == 300


def test_gap_against_a_benchmark() -> None:
    indicator = IndicatorFactory()
    BreakdownTargetFactory(
        breakdown=BreakdownFactory(indicator=indicator), kind="benchmark", share=30
    )
    measure(indicator, "2021-03-31", 100, african=35)
    (gap,) = summary_of(indicator).gaps
    assert (gap.kind, gap.gap) == ("benchmark", Decimal(5))


def test_gap_for_a_high_level_group_adds_up_its_groups() -> None:
    indicator = IndicatorFactory()
    BreakdownTargetFactory(
        breakdown=BreakdownFactory(indicator=indicator),
        category=category("ethnicity", "black"),
        share=20,
    )
    measure(indicator, "2021-03-31", 100, african=10, caribbean=5, other_black=5, indian=50)
    assert summary_of(indicator).gaps[0].achieved == 20


def test_no_gap_without_a_breakdown_measured() -> None:
    indicator = ethnicity_indicator()
    measure(indicator, "2021-03-31", 100)
    (gap,) = summary_of(indicator).gaps
    assert gap.figure is None and gap.gap is None


def test_outcomes_without_indicators_are_absent() -> None:
    indicator = IndicatorFactory()
    bare = OutcomeFactory(service_area=indicator.outcome.service_area)
    summaries = indicator_summaries(Outcome.objects.all(), as_at=JUNE)
    assert set(summaries) == {indicator.outcome_id}
    assert summaries.get(bare.pk, []) == []


def _plan_with(outcomes: int, measurements_each: int) -> None:
    area = ServiceAreaFactory()
    for _ in range(outcomes):
        indicator = ethnicity_indicator(outcome=OutcomeFactory(service_area=area))
        for month in range(1, measurements_each + 1):
            measure(indicator, f"2020-{month:02d}-28", 10 * month, african=month)


@pytest.mark.parametrize(("outcomes", "measurements_each"), [(1, 1), (6, 12)])
def test_summaries_take_seven_queries_whatever_the_numbers(
    outcomes: int, measurements_each: int
) -> None:
    _plan_with(outcomes, measurements_each)
    with CaptureQueriesContext(connection) as queries:
        summaries = indicator_summaries(Outcome.objects.all(), as_at=JUNE)
        assert all(s.gaps[0].figure for each in summaries.values() for s in each)
    assert len(summaries) == outcomes
    assert len(queries.captured_queries) == 7


# --- The indicator's page ---------------------------------------------------------------------


def test_report_rows_have_the_running_total_and_the_line() -> None:
    indicator = ethnicity_indicator(accumulation="per_period")
    measure(indicator, "2021-03-31", 100, african=40)
    measure(indicator, "2021-06-30", 150, indian=35)
    report = indicator_report(indicator, as_at=JUNE)
    assert [(r.measurement.value, r.running.value) for r in report.rows] == [(100, 100), (150, 250)]
    assert round(report.rows[0].expected) == 247  # 90 of 365 days towards 1,000: 246.58
    assert len(report.chart.points) == 2


def test_report_breaks_the_total_down_by_group_with_what_is_not_recorded() -> None:
    indicator = ethnicity_indicator()
    measure(
        indicator,
        "2021-03-31",
        200,
        african=50,
        indian=30,
        english_welsh_scottish_northern_irish_or_british=100,
    )
    (dimension,) = indicator_report(indicator, as_at=JUNE).dimensions
    shares = {s.name: (s.figure.part, s.figure.share) for s in dimension.shares}
    assert shares == {
        "Asian, Asian British or Asian Welsh": (30, 15),
        "Black, Black British, Black Welsh, Caribbean or African": (50, 25),
        "Mixed or Multiple ethnic groups": (0, 0),
        "White": (100, 50),
        "Other ethnic group": (0, 0),
        "Not recorded": (20, 10),
    }
    assert dimension.gaps[0].achieved == 40
    assert dimension.chart.bars[0].label.text == "Black, Asian and Minority Ethnic (target share)"


def test_report_lists_the_figures_replaced_by_corrections() -> None:
    indicator = IndicatorFactory()
    original = measure(indicator, "2021-03-31", 200)
    MeasurementFactory(
        indicator=indicator,
        period_end=original.period_end,
        value=210,
        supersedes=original,
        note="Late returns.",
    )
    report = indicator_report(indicator, as_at=JUNE)
    assert [r.measurement.value for r in report.rows] == [210]
    assert report.rows[0].measurement.supersedes == original
    assert report.earlier == [original]


def test_breakdown_parts_are_read_by_dimension_and_category_in_one_query() -> None:
    indicator = ethnicity_indicator()
    march = measure(indicator, "2021-03-31", 10, african=4, caribbean=1)
    june = measure(indicator, "2021-06-30", 12, african=5)
    bare = measure(indicator, "2021-09-30", 3)
    with CaptureQueriesContext(connection) as queries:
        parts = breakdown_parts(Measurement.objects.filter(pk__in=[march.pk, bare.pk]))
    assert len(queries) == 1
    assert parts == {march.pk: {"ethnicity": {"african": 4, "caribbean": 1}}}
    assert breakdown_parts(Measurement.objects.filter(pk=june.pk)) == {
        june.pk: {"ethnicity": {"african": 5}}
    }
