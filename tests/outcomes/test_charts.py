"""The indicator charts' geometry (outcomes/charts.py): pure, no database."""

from datetime import date
from decimal import Decimal

from outcomes.breakdowns import Course, Figure, Unit
from outcomes.charts import LEFT, RIGHT, progress_chart

COURSE = Course(
    start=date(2020, 12, 31),
    start_value=Decimal(0),
    target_value=Decimal(1000),
    target_date=date(2021, 12, 31),
)


def test_the_x_axis_covers_the_datas_period_not_the_years_since() -> None:
    figures = [Figure(Decimal(120), date(2021, 3, 31)), Figure(Decimal(300), date(2021, 6, 30))]
    chart = progress_chart(course=COURSE, figures=figures, unit=Unit.COUNT, as_at=date(2026, 12, 1))
    assert (chart.first_day, chart.last_day) == (date(2020, 12, 31), date(2021, 12, 31))
    # June 2021 is half way along, not squeezed into the first sixth of the width.
    assert 0.4 < (chart.points[1].x - LEFT) / (RIGHT - LEFT) < 0.6


def test_the_chart_has_axis_titles_and_its_period_ends_as_labels() -> None:
    figures = [Figure(Decimal(120), date(2021, 3, 31))]
    chart = progress_chart(course=COURSE, figures=figures, unit=Unit.COUNT, as_at=date(2021, 6, 1))
    texts = [label.text for label in chart.labels]
    assert {"Value", "Period ending", "31 December 2020", "31 December 2021", "Target 1,000"} <= (
        set(texts)
    )
