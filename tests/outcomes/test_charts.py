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


def test_the_target_label_sits_clear_of_the_values_that_reach_and_pass_it() -> None:
    """The demo's figures end above their target: the label is not drawn over the last point."""
    quarters = [(2021, 3, 31), (2021, 6, 30), (2021, 9, 30), (2021, 12, 31), (2022, 3, 31)]
    values = [180, 390, 630, 890, 1120]
    figures = [Figure(Decimal(v), date(*q)) for v, q in zip(values, quarters, strict=True)]
    course = Course(
        start=date(2020, 12, 31),
        start_value=Decimal(0),
        target_value=Decimal(1000),
        target_date=None,
    )
    chart = progress_chart(course=course, figures=figures, unit=Unit.COUNT, as_at=date(2022, 3, 31))
    (label,) = [label for label in chart.labels if label.text == "Target 1,000"]
    line_y = chart.target[0].y
    assert label.y < line_y  # above the line, as the first figure is below it
    left, right = label.x, label.x + 10 * len(label.text)  # 18-unit text: under 10 units a letter
    assert not [p for p in chart.points if left <= p.x <= right and abs(p.y - label.y) < 14]
