"""Wording and chart geometry for every group against the population: pure, no database."""

from outcomes.disproportionality import Interval
from outcomes.interval_chart import interval_chart, trend_chart
from outcomes.templatetags.outcome_tags import trend_marks
from outcomes.templatetags.population_tags import (
    gap_points,
    gap_range,
    people,
    ratio_range,
    ratio_text,
    share_percent,
    share_range,
)


def test_shares_points_and_ratios_in_words():
    assert share_percent(0.1234) == "12.3%"
    assert share_percent(None) == "–"
    assert share_range(Interval(0.0567, 0.5098)) == "5.7% to 51.0%"
    assert gap_points(-0.1) == "−10.0"  # a true minus sign
    assert gap_points(0.025) == "+2.5"
    assert gap_points(0.00001) == "0.0"
    assert gap_range(Interval(-0.1236, -0.0741)) == "−12.4 to −7.4"
    assert ratio_text(2 / 3) == "0.67"
    assert ratio_range(Interval(0.5879, 0.7531)) == "0.59 to 0.75"
    assert people(216550) == "216,550"


def test_interval_chart_puts_the_dot_on_its_range_and_the_population_tick_apart():
    chart = interval_chart(
        [("Chinese", 0.0125, 0.007, 0.021, 0.024), ("White", 0.57, 0.54, 0.6, 0.62)]
    )
    chinese, white = chart.rows
    assert chinese.low_x <= chinese.share_x <= chinese.high_x < chinese.population_x
    assert white.low_x <= white.share_x <= white.high_x < white.population_x
    assert [t.text for t in chart.ticks] == ["0%", "20%", "40%", "60%"]
    assert interval_chart([]) is None


def test_trend_chart_needs_two_periods_and_draws_the_population_line():
    assert trend_chart("African", [("Mar 2021", 0.04, 0.02, 0.08)], 0.083) is None
    chart = trend_chart(
        "African", [("Mar 2021", 0.036, 0.017, 0.076), ("Mar 2022", 0.103, 0.069, 0.151)], 0.083
    )
    first, last = chart.points
    assert last.y < first.y  # a higher share is drawn higher
    assert first.high_y <= first.y <= first.low_y
    assert last.y < chart.population_y < first.y


def test_trend_marks_draw_each_periods_interval_and_dot_and_the_line_through_them():
    chart = trend_chart(
        "African", [("Mar 2021", 0.04, 0.02, 0.08), ("Jun 2021", 0.06, 0.03, 0.09)], 0.083
    )
    marks = trend_marks(chart)
    assert marks.count("<line ") == 2 and marks.count("<circle ") == 2
    for point in chart.points:
        assert f'x1="{point.x:.1f}" y1="{point.low_y:.1f}"' in marks
        assert f'x2="{point.x:.1f}" y2="{point.high_y:.1f}"' in marks
        assert f'cx="{point.x:.1f}" cy="{point.y:.1f}"' in marks
    assert f'<polyline class="app-chart__actual" points="{chart.polyline}">' in marks
