"""The arithmetic of indicators and breakdowns (outcomes/breakdowns.py): pure, no database."""

from datetime import date
from decimal import Decimal

import pytest

from outcomes.breakdowns import (
    Accumulation,
    Course,
    Direction,
    Figure,
    Reading,
    Unit,
    expected_by,
    gap_points,
    has_line,
    indicator_problems,
    judge,
    measurement_problems,
    part_of,
    progress,
    running_values,
    share,
    share_as_at,
    start_of_course,
    target_reached,
    time_fraction,
    value_as_at,
)
from plans.rag import RAG

D = Decimal
START = date(2020, 12, 31)  # the day before a plan starting 1 January 2021
DUE = date(2021, 12, 31)


def course(**changes: object) -> Course:
    """1,000 by the end of 2021 from 0, cumulative, an increase being good."""
    settings = {
        "start": START,
        "start_value": D(0),
        "target_value": D(1000),
        "target_date": DUE,
        "direction": Direction.INCREASE,
        "accumulation": Accumulation.CUMULATIVE,
    }
    return Course(**(settings | changes))


def reading(day: str, value: int, **ethnicity: int) -> Reading:
    parts = {"ethnicity": {k: D(v) for k, v in ethnicity.items()}} if ethnicity else {}
    return Reading(date.fromisoformat(day), D(value), parts)


def on(day: str) -> date:
    return date.fromisoformat(day)


# --- Where the line starts --------------------------------------------------------------------


def test_without_a_baseline_the_line_starts_at_zero_the_day_before_the_plan() -> None:
    assert start_of_course(
        baseline_value=None, baseline_date=None, plan_start=date(2021, 1, 1)
    ) == (date(2020, 12, 31), D(0))


def test_a_baseline_is_where_the_line_starts() -> None:
    assert start_of_course(
        baseline_value=D(40), baseline_date=date(2021, 4, 1), plan_start=date(2021, 1, 1)
    ) == (date(2021, 4, 1), D(40))


# --- Cumulative and per period ----------------------------------------------------------------


def test_cumulative_value_is_the_latest_measurement_by_the_as_at_date() -> None:
    readings = [reading("2021-03-31", 100), reading("2021-06-30", 250), reading("2021-09-30", 400)]
    assert value_as_at(readings, course(), on("2021-07-15")) == Figure(D(250), on("2021-06-30"))


def test_cumulative_value_counts_a_period_ending_on_the_as_at_date() -> None:
    readings = [reading("2021-03-31", 100), reading("2021-06-30", 250)]
    assert value_as_at(readings, course(), on("2021-06-30")).value == D(250)


def test_no_value_before_the_first_measurement() -> None:
    assert value_as_at([reading("2021-03-31", 100)], course(), on("2021-03-30")) is None
    assert value_as_at([], course(), on("2021-12-31")) is None


def test_cumulative_value_is_not_a_sum() -> None:
    readings = [reading("2021-03-31", 100), reading("2021-06-30", 150)]
    assert value_as_at(readings, course(), on("2021-12-31")).value == D(150)


def test_per_period_value_is_the_sum_of_periods_to_the_as_at_date() -> None:
    per_period = course(accumulation=Accumulation.PER_PERIOD)
    readings = [reading("2021-03-31", 100), reading("2021-06-30", 150), reading("2021-09-30", 50)]
    assert value_as_at(readings, per_period, on("2021-06-30")) == Figure(D(250), on("2021-06-30"))
    assert value_as_at(readings, per_period, on("2021-12-31")).value == D(300)


def test_per_period_sum_starts_from_the_baseline() -> None:
    per_period = course(accumulation=Accumulation.PER_PERIOD, start_value=D(10))
    assert value_as_at([reading("2021-03-31", 5)], per_period, on("2021-12-31")).value == D(15)


def test_per_period_leaves_out_periods_outside_the_window() -> None:
    per_period = course(accumulation=Accumulation.PER_PERIOD)
    readings = [
        reading("2020-12-31", 999),  # ends on the start: before the window
        reading("2021-06-30", 100),
        reading("2022-03-31", 500),  # after the target date: does not count towards it
    ]
    assert value_as_at(readings, per_period, on("2022-06-30")) == Figure(D(100), on("2021-06-30"))


def test_per_period_with_no_period_in_the_window_has_no_value() -> None:
    per_period = course(accumulation=Accumulation.PER_PERIOD)
    assert value_as_at([reading("2022-03-31", 500)], per_period, on("2022-06-30")) is None


def test_per_period_with_no_target_date_counts_every_later_period() -> None:
    per_period = course(accumulation=Accumulation.PER_PERIOD, target_date=None)
    readings = [reading("2021-06-30", 100), reading("2023-06-30", 100)]
    assert value_as_at(readings, per_period, on("2023-12-31")).value == D(200)


def test_running_values_are_the_chart_points_oldest_first() -> None:
    per_period = course(accumulation=Accumulation.PER_PERIOD)
    readings = [reading("2021-06-30", 150), reading("2021-03-31", 100), reading("2022-03-31", 9)]
    assert running_values(readings, per_period) == [
        Figure(D(100), on("2021-03-31")),
        Figure(D(250), on("2021-06-30")),
    ]
    assert [f.value for f in running_values(readings, course())] == [D(100), D(150), D(9)]


# --- The straight line and progress -----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "fraction"),
    [("2020-06-01", 0), ("2020-12-31", 0), ("2021-07-02", D(183) / D(365)), ("2021-12-31", 1)],
)
def test_time_fraction_runs_from_zero_at_the_start_to_one_at_the_target_date(
    day: str, fraction: Decimal
) -> None:
    assert time_fraction(course(), on(day)) == fraction
    assert time_fraction(course(), on("2023-01-01")) == 1


def test_time_fraction_with_target_date_on_the_start_is_all_or_nothing() -> None:
    same_day = course(target_date=START)
    assert time_fraction(same_day, on("2020-12-30")) == 0
    assert time_fraction(same_day, START) == 1


def test_expected_by_is_on_the_straight_line_by_days() -> None:
    assert expected_by(course(), on("2021-07-02")) == D(1000) * D(183) / D(365)
    assert expected_by(course(), on("2020-01-01")) == 0
    assert expected_by(course(), on("2022-06-30")) == 1000


def test_expected_by_starts_from_the_baseline() -> None:
    from_baseline = course(start=date(2021, 6, 30), start_value=D(40), target_value=D(100))
    assert expected_by(from_baseline, date(2021, 9, 30)) == D(40) + D(60) * D(92) / D(184)


def test_expected_by_falls_for_a_decrease() -> None:
    falling = course(start_value=D(200), target_value=D(100), direction=Direction.DECREASE)
    assert expected_by(falling, on("2021-12-31")) == 100
    assert D(100) < expected_by(falling, on("2021-07-02")) < D(200)


def test_no_line_without_a_target_date() -> None:
    assert not has_line(course(target_date=None))
    assert expected_by(course(target_date=None), on("2021-06-30")) is None
    assert time_fraction(course(target_date=None), on("2021-06-30")) is None


def test_no_line_for_a_decrease_without_a_baseline() -> None:
    falling = course(target_value=D(100), direction=Direction.DECREASE)  # from 0: nothing to fall
    assert not has_line(falling)
    assert expected_by(falling, on("2021-06-30")) is None
    assert progress(falling, D(50)) is None


def test_progress_is_the_fraction_of_the_way_from_the_start_to_the_target() -> None:
    assert progress(course(), D(250)) == D("0.25")
    assert progress(course(start_value=D(200)), D(600)) == D("0.5")


def test_progress_can_pass_the_target_or_go_backwards() -> None:
    assert progress(course(), D(1200)) == D("1.2")
    assert progress(course(start_value=D(200)), D(100)) == D("-0.125")


def test_progress_of_a_decrease_counts_the_fall() -> None:
    falling = course(start_value=D(200), target_value=D(100), direction=Direction.DECREASE)
    assert progress(falling, D(150)) == D("0.5")
    assert progress(falling, D(250)) == D("-0.5")


def test_no_progress_without_a_target_or_when_the_start_already_meets_it() -> None:
    assert progress(course(target_value=None), D(10)) is None
    assert progress(course(start_value=D(1000)), D(1000)) is None
    assert progress(course(start_value=D(1200)), D(1000)) is None


def test_target_reached_honours_the_direction() -> None:
    assert target_reached(course(), D(1000)) and not target_reached(course(), D(999))
    falling = course(start_value=D(200), target_value=D(100), direction=Direction.DECREASE)
    assert target_reached(falling, D(100)) and not target_reached(falling, D(101))
    assert not target_reached(course(target_value=None), D(10**6))


# --- RAG --------------------------------------------------------------------------------------


def rag(settings: Course, value: int | None, as_at: str, unit: Unit = Unit.COUNT) -> RAG | None:
    figure = Figure(D(value), on("2021-06-30")) if value is not None else None
    return judge(settings, figure, on(as_at), unit).rag


def test_without_an_overall_target_an_indicator_is_not_judged() -> None:
    status = judge(
        course(target_value=None), Figure(D(5), on("2021-06-30")), on("2021-07-01"), Unit.COUNT
    )
    assert status.rag is None
    assert "No overall target" in status.reason


def test_no_measurement_is_not_yet_due_before_the_target_date_and_red_after() -> None:
    assert rag(course(), None, "2021-12-31") is RAG.NOT_YET_DUE
    assert rag(course(), None, "2022-01-01") is RAG.RED


def test_target_reached_is_complete_even_after_the_target_date() -> None:
    assert rag(course(), 1000, "2021-03-01") is RAG.COMPLETE
    assert rag(course(), 1200, "2022-06-30") is RAG.COMPLETE


def test_target_already_met_at_the_baseline_is_complete() -> None:
    assert rag(course(start_value=D(1100)), 1050, "2021-06-30") is RAG.COMPLETE


def test_decrease_is_complete_at_or_below_its_target() -> None:
    falling = course(start_value=D(200), target_value=D(100), direction=Direction.DECREASE)
    assert rag(falling, 100, "2021-06-30") is RAG.COMPLETE
    assert rag(falling, 80, "2021-06-30") is RAG.COMPLETE


def test_short_of_the_target_with_no_date_is_unscheduled() -> None:
    assert rag(course(target_date=None), 500, "2021-06-30") is RAG.UNSCHEDULED


def test_short_of_the_target_after_its_date_is_red() -> None:
    assert rag(course(), 999, "2022-01-01") is RAG.RED
    assert rag(course(), 999, "2021-12-31") is not RAG.RED  # the due date itself is not late


def test_decrease_without_a_baseline_waits_for_its_date() -> None:
    falling = course(target_value=D(100), direction=Direction.DECREASE)
    assert rag(falling, 150, "2021-06-30") is RAG.NOT_YET_DUE
    assert rag(falling, 150, "2022-01-01") is RAG.RED


# 1 July 2021 is 182 of the 365 days from 31 December 2020 to 31 December 2021.
EXPECTED_1_JULY = D(1000) * D(182) / D(365)  # 498.6...


def test_at_or_ahead_of_the_line_is_green() -> None:
    assert rag(course(), 499, "2021-07-01") is RAG.GREEN
    assert rag(course(), 900, "2021-07-01") is RAG.GREEN


def test_within_a_tenth_of_the_expected_progress_is_amber() -> None:
    assert rag(course(), 498, "2021-07-01") is RAG.AMBER
    assert rag(course(), 449, "2021-07-01") is RAG.AMBER  # 90% of 498.6 is 448.8


def test_beyond_a_tenth_short_of_the_expected_progress_is_red() -> None:
    assert rag(course(), 448, "2021-07-01") is RAG.RED


def test_amber_and_red_are_measured_from_the_baseline() -> None:
    # From 900 to 1,000: by 1 July 498.6 expected becomes 900 + 49.86 = 949.86.
    from_900 = course(start_value=D(900))
    assert rag(from_900, 950, "2021-07-01") is RAG.GREEN
    assert rag(from_900, 945, "2021-07-01") is RAG.AMBER  # 45 of 49.86: over 90% of the way
    assert rag(from_900, 940, "2021-07-01") is RAG.RED  # 40 of 49.86: under 90%


def test_amber_for_a_decrease_is_a_little_too_high() -> None:
    falling = course(start_value=D(200), target_value=D(100), direction=Direction.DECREASE)
    # Expected by 1 July: 200 - 49.86 = 150.14.
    assert rag(falling, 150, "2021-07-01") is RAG.GREEN
    assert rag(falling, 155, "2021-07-01") is RAG.AMBER
    assert rag(falling, 160, "2021-07-01") is RAG.RED


def test_before_anything_is_expected_any_measured_progress_is_green() -> None:
    assert rag(course(), 0, "2020-12-31") is RAG.GREEN


def test_status_gives_the_progress_expected_and_a_reason_with_the_numbers() -> None:
    status = judge(course(), Figure(D(400), on("2021-06-30")), on("2021-07-01"), Unit.COUNT)
    assert status.progress == D("0.4")
    assert status.expected == EXPECTED_1_JULY
    assert status.reason == (
        "400 to 30 June 2021: well behind the 499 expected by 1 July 2021 on the way to 1,000."
    )


def test_percentage_reason_shows_percent_signs() -> None:
    status = judge(
        course(target_value=D(100)),
        Figure(D(100), on("2021-06-30")),
        on("2021-07-01"),
        Unit.PERCENTAGE,
    )
    assert status.reason == "Target of 100% reached: 100% to 30 June 2021."


# --- Shares and gaps --------------------------------------------------------------------------


def test_share_is_the_part_as_a_percentage_of_the_total() -> None:
    assert share(D(130), D(400)) == D("32.5")
    assert share(D(0), D(400)) == 0


def test_no_share_of_a_zero_total() -> None:
    assert share(D(0), D(0)) is None


def test_gap_is_achieved_minus_goal_in_percentage_points() -> None:
    assert gap_points(D("32.5"), D(50)) == D("-17.5")
    assert gap_points(D(35), D(30)) == D(5)
    assert gap_points(None, D(30)) is None


def test_a_category_adds_up_the_recorded_categories_it_stands_for() -> None:
    parts = {"african": D(10), "indian": D(5), "english-welsh": D(20)}
    assert part_of(parts, {"african", "indian", "roma"}) == D(15)
    assert part_of({}, {"african"}) == 0


BAME = {"african", "indian"}


def test_cumulative_share_is_from_the_latest_measurement_with_that_breakdown() -> None:
    readings = [
        reading("2021-03-31", 100, african=20, indian=10),
        reading("2021-06-30", 200, african=50, indian=30),
        reading("2021-09-30", 300),  # no breakdown: the share stays as at June
    ]
    figure = share_as_at(readings, course(), on("2021-12-31"), dimension="ethnicity", members=BAME)
    assert (figure.part, figure.total, figure.through) == (D(80), D(200), on("2021-06-30"))
    assert figure.share == D(40)


def test_per_period_share_adds_up_the_periods_that_have_a_breakdown() -> None:
    per_period = course(accumulation=Accumulation.PER_PERIOD)
    readings = [
        reading("2021-03-31", 100, african=30),
        reading("2021-06-30", 500),  # no breakdown: left out of the part and the total
        reading("2021-09-30", 100, indian=10),
        reading("2022-03-31", 100, african=100),  # after the target date
    ]
    figure = share_as_at(
        readings, per_period, on("2022-06-30"), dimension="ethnicity", members=BAME
    )
    assert (figure.part, figure.total, figure.share) == (D(40), D(200), D(20))


def test_no_share_without_a_breakdown() -> None:
    readings = [reading("2021-03-31", 100)]
    assert (
        share_as_at(readings, course(), on("2021-12-31"), dimension="ethnicity", members=BAME)
        is None
    )


def test_share_of_a_zero_total_is_none_but_the_figure_is_there() -> None:
    figure = share_as_at(
        [reading("2021-03-31", 0, african=0)],
        course(),
        on("2021-12-31"),
        dimension="ethnicity",
        members=BAME,
    )
    assert figure is not None and figure.share is None


# --- What may be recorded ---------------------------------------------------------------------

RECORDED = {"ethnicity": {"african": "African", "indian": "Indian"}}
NAMES = {"ethnicity": "Ethnicity", "sex": "Sex"}


def problems(unit: Unit, value: str, **parts: str) -> list[tuple[str, str]]:
    found = measurement_problems(
        unit=unit,
        value=D(value),
        parts={"ethnicity": {k: D(v) for k, v in parts.items()}} if parts else {},
        recorded=RECORDED,
        dimension_names=NAMES,
    )
    return [(p.field, p.message) for p in found]


def test_good_figures_have_no_problems() -> None:
    assert problems(Unit.COUNT, "100", african="60", indian="40") == []
    assert problems(Unit.PERCENTAGE, "100") == []
    assert problems(Unit.RATE, "12.25") == []


def test_negative_count_is_refused() -> None:
    assert problems(Unit.COUNT, "-1") == [("value", "The value cannot be negative.")]


def test_count_must_be_whole() -> None:
    assert problems(Unit.COUNT, "10.5") == [
        ("value", "The value is a count, so it must be a whole number.")
    ]


def test_percentage_over_100_is_refused() -> None:
    assert problems(Unit.PERCENTAGE, "100.5") == [
        ("value", "The value is a percentage, so it cannot be over 100.")
    ]


def test_more_than_two_decimal_places_is_refused() -> None:
    assert problems(Unit.RATE, "1.005") == [
        ("value", "The value can have at most two decimal places.")
    ]


def test_parts_exceeding_the_total_are_refused() -> None:
    assert problems(Unit.COUNT, "100", african="70", indian="40") == [
        ("ethnicity", "The ethnicity figures add up to 110, more than the total of 100.")
    ]


def test_negative_part_is_refused() -> None:
    assert problems(Unit.COUNT, "100", african="-5") == [
        ("ethnicity:african", "The figure for African cannot be negative.")
    ]


def test_category_not_in_the_dimension_is_refused() -> None:
    assert problems(Unit.COUNT, "100", martian="5") == [
        (
            "ethnicity:martian",
            "“martian” is not a category of ethnicity that figures are entered for.",
        )
    ]


def test_group_or_aggregate_is_not_entered_directly() -> None:
    # bame adds up its members; a figure for it would be counted twice.
    assert problems(Unit.COUNT, "100", bame="50")[0][0] == "ethnicity:bame"


def test_dimension_the_indicator_is_not_broken_down_by_is_refused() -> None:
    found = measurement_problems(
        unit=Unit.COUNT,
        value=D(10),
        parts={"sex": {"female": D(5)}},
        recorded=RECORDED,
        dimension_names=NAMES,
    )
    assert [(p.field, p.message) for p in found] == [
        ("sex", "This indicator is not broken down by sex.")
    ]


def settings_problems(**changes: object) -> list[str]:
    settings = {
        "unit": Unit.COUNT,
        "direction": Direction.INCREASE,
        "accumulation": Accumulation.CUMULATIVE,
        "baseline_value": None,
        "baseline_date": None,
        "target_value": D(100),
        "target_date": DUE,
    }
    return [p.field for p in indicator_problems(**(settings | changes))]


def test_sensible_indicator_settings_have_no_problems() -> None:
    assert settings_problems() == []
    assert settings_problems(accumulation=Accumulation.PER_PERIOD) == []
    assert settings_problems(target_value=None, target_date=None) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"unit": Unit.PERCENTAGE, "accumulation": Accumulation.PER_PERIOD},
        {"unit": Unit.RATE, "accumulation": Accumulation.PER_PERIOD},
        {"direction": Direction.DECREASE, "accumulation": Accumulation.PER_PERIOD},
    ],
    ids=["percentage", "rate", "decrease"],
)
def test_only_an_increasing_count_adds_up_its_periods(changes: dict) -> None:
    assert settings_problems(**changes) == ["accumulation"]


def test_baseline_needs_both_value_and_date() -> None:
    assert settings_problems(baseline_value=D(5)) == ["baseline_date"]
    assert settings_problems(baseline_date=date(2021, 1, 1)) == ["baseline_value"]


def test_baseline_must_come_before_the_target_date() -> None:
    assert settings_problems(baseline_value=D(5), baseline_date=DUE) == ["baseline_date"]


def test_targets_follow_the_unit_rules() -> None:
    assert settings_problems(target_value=D(-1)) == ["target_value"]
    assert settings_problems(unit=Unit.PERCENTAGE, target_value=D(101)) == ["target_value"]
    assert settings_problems(target_value=D("24.5")) == ["target_value"]


def test_a_part_too_large_to_store_is_named_without_adding_it_up() -> None:
    problems = measurement_problems(
        unit=Unit.COUNT,
        value=Decimal(10),
        parts={"ethnicity": {"african": Decimal("9" * 400)}},
        recorded={"ethnicity": {"african": "African"}},
        dimension_names={"ethnicity": "Ethnicity"},
    )
    assert [p.message for p in problems] == ["The figure for African is too large."]
