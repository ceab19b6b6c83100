"""Deadline phrases from the plan, read into date windows (UK usage)."""

import datetime as dt
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.deadlines import (
    FIRST_YEAR,
    LAST_YEAR,
    DeadlineError,
    DeadlineKind,
    DeadlineWindow,
    current_cycle,
    describe_window,
    find_deadline,
    next_due_date,
    parse_deadline,
    uk_date,
)

DATED = DeadlineKind.DATED
CONTINUOUS = DeadlineKind.CONTINUOUS
RECURRING = DeadlineKind.RECURRING
UNSCHEDULED = DeadlineKind.UNSCHEDULED
PLAN_START = date(2021, 4, 1)


def window_of(text: str) -> tuple[DeadlineKind, date | None, date | None]:
    window = parse_deadline(text)
    return window.kind, window.start, window.end


# --- Years -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["2021", "in 2021", "In 2021", "end of 2021", "by the end of 2021", "during 2021", "by 2021"],
)
def test_a_year_means_1_january_to_31_december(text: str) -> None:
    assert window_of(text) == (DATED, date(2021, 1, 1), date(2021, 12, 31))


def test_throughout_a_year_is_continuous_over_that_year() -> None:
    assert window_of("throughout 2021") == (CONTINUOUS, date(2021, 1, 1), date(2021, 12, 31))


# --- Months ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("March 2021", date(2021, 3, 1), date(2021, 3, 31)),
        ("by March 2021", date(2021, 3, 1), date(2021, 3, 31)),
        ("By March 2021", date(2021, 3, 1), date(2021, 3, 31)),
        ("until March 2021", date(2021, 3, 1), date(2021, 3, 31)),
        ("Until March 2021", date(2021, 3, 1), date(2021, 3, 31)),
        ("by the end of March 2021", date(2021, 3, 1), date(2021, 3, 31)),
        ("in March 2021", date(2021, 3, 1), date(2021, 3, 31)),
        ("Mar 2021", date(2021, 3, 1), date(2021, 3, 31)),
        ("Sept 2021", date(2021, 9, 1), date(2021, 9, 30)),
        ("Sep 2021", date(2021, 9, 1), date(2021, 9, 30)),
        ("Sept. 2021", date(2021, 9, 1), date(2021, 9, 30)),
        ("June 2021", date(2021, 6, 1), date(2021, 6, 30)),
        ("December 2021", date(2021, 12, 1), date(2021, 12, 31)),
        ("February 2023", date(2023, 2, 1), date(2023, 2, 28)),
    ],
)
def test_a_month_means_its_first_to_last_day(text: str, start: date, end: date) -> None:
    assert window_of(text) == (DATED, start, end)


def test_february_ends_on_the_29th_in_a_leap_year() -> None:
    assert window_of("February 2024") == (DATED, date(2024, 2, 1), date(2024, 2, 29))


# --- Seasons (meteorological) ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("spring 2021", date(2021, 3, 1), date(2021, 5, 31)),
        ("summer 2021", date(2021, 6, 1), date(2021, 8, 31)),
        ("autumn 2021", date(2021, 9, 1), date(2021, 11, 30)),
        ("fall 2021", date(2021, 9, 1), date(2021, 11, 30)),
    ],
)
def test_seasons_are_meteorological(text: str, start: date, end: date) -> None:
    assert window_of(text) == (DATED, start, end)


def test_summer_means_june_to_august() -> None:
    assert window_of("summer 2021") == (DATED, date(2021, 6, 1), date(2021, 8, 31))


@pytest.mark.parametrize("text", ["by summer 2021", "by the end of summer 2021", "in summer 2021"])
def test_by_or_in_summer_is_due_on_31_august(text: str) -> None:
    assert parse_deadline(text).due_date == date(2021, 8, 31)


@pytest.mark.parametrize(
    "text",
    ["winter 2021", "winter 2021/22", "winter 2021-22", "winter 2021–22", "winter 2021/2022"],
)
def test_winter_runs_from_december_into_the_next_february(text: str) -> None:
    assert window_of(text) == (DATED, date(2021, 12, 1), date(2022, 2, 28))


def test_winter_ends_on_29_february_before_a_leap_year() -> None:
    assert window_of("winter 2023/24") == (DATED, date(2023, 12, 1), date(2024, 2, 29))


# --- Parts of a year -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("early 2022", date(2022, 1, 1), date(2022, 4, 30)),
        ("mid-2021", date(2021, 5, 1), date(2021, 8, 31)),
        ("mid 2021", date(2021, 5, 1), date(2021, 8, 31)),
        ("late 2021", date(2021, 9, 1), date(2021, 12, 31)),
        ("first half of 2021", date(2021, 1, 1), date(2021, 6, 30)),
        ("in the first half of 2021", date(2021, 1, 1), date(2021, 6, 30)),
        ("second half of 2021", date(2021, 7, 1), date(2021, 12, 31)),
        ("by the end of the first half of 2021", date(2021, 1, 1), date(2021, 6, 30)),
        ("by the end of late 2021", date(2021, 9, 1), date(2021, 12, 31)),
    ],
)
def test_parts_of_a_year(text: str, start: date, end: date) -> None:
    assert window_of(text) == (DATED, start, end)


# --- Quarters and financial years ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Q1 2021", date(2021, 1, 1), date(2021, 3, 31)),
        ("Q2 2021", date(2021, 4, 1), date(2021, 6, 30)),
        ("Q3 2021", date(2021, 7, 1), date(2021, 9, 30)),
        ("by Q4 2021", date(2021, 10, 1), date(2021, 12, 31)),
    ],
)
def test_a_quarter_with_one_year_is_a_calendar_quarter(text: str, start: date, end: date) -> None:
    assert window_of(text) == (DATED, start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Q1 2021/22", date(2021, 4, 1), date(2021, 6, 30)),
        ("Q1 of 2021-22", date(2021, 4, 1), date(2021, 6, 30)),
        ("Q2 2021/22", date(2021, 7, 1), date(2021, 9, 30)),
        ("Q3 2021/22", date(2021, 10, 1), date(2021, 12, 31)),
        ("Q4 2021/22", date(2022, 1, 1), date(2022, 3, 31)),
        ("by the end of Q4 2021/2022", date(2022, 1, 1), date(2022, 3, 31)),
    ],
)
def test_financial_year_quarters_run_from_april(text: str, start: date, end: date) -> None:
    assert window_of(text) == (DATED, start, end)


@pytest.mark.parametrize(
    "text",
    [
        "2021/22",
        "2021-22",
        "2021–22",
        "2021/2022",
        "FY 2021/22",
        "financial year 2021/22",
        "by the end of the financial year 2021/22",
        "in 2021/22",
    ],
)
def test_a_financial_year_runs_1_april_to_31_march(text: str) -> None:
    assert window_of(text) == (DATED, date(2021, 4, 1), date(2022, 3, 31))


def test_a_financial_year_across_the_century_reads_00_as_2000() -> None:
    assert window_of("1999/00") == (DATED, date(1999, 4, 1), date(2000, 3, 31))


# --- Exact dates -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "31 March 2022",
        "31st March 2022",
        "31/03/2022",
        "31.03.2022",
        "31-03-2022",
        "2022-03-31",
        "by 31 March 2022",
        "31 Mar 2022",
    ],
)
def test_an_exact_date_is_a_single_day(text: str) -> None:
    assert window_of(text) == (DATED, date(2022, 3, 31), date(2022, 3, 31))


def test_ordinal_dates_may_say_of() -> None:
    assert window_of("1st of April 2022") == (DATED, date(2022, 4, 1), date(2022, 4, 1))


def test_numeric_dates_are_day_first() -> None:
    assert window_of("04/03/2022") == (DATED, date(2022, 3, 4), date(2022, 3, 4))


def test_29_february_is_a_date_in_a_leap_year() -> None:
    assert window_of("29/02/2024") == (DATED, date(2024, 2, 29), date(2024, 2, 29))


# --- Recurring -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["annual", "annually", "each year", "every year", "yearly"])
def test_recurring_cycle_runs_twelve_months_from_the_anchor(text: str) -> None:
    window = parse_deadline(text, recurring_from=PLAN_START)
    assert (window.kind, window.start, window.end) == (RECURRING, PLAN_START, date(2022, 3, 31))


def test_recurring_without_an_anchor_has_no_dates() -> None:
    window = parse_deadline("annual")
    assert (window.kind, window.start, window.end) == (RECURRING, None, None)
    assert next_due_date(window, on_or_after=date(2021, 6, 1)) is None


def test_recurring_from_29_february_ends_on_28_february() -> None:
    window = parse_deadline("annually", recurring_from=date(2024, 2, 29))
    assert window.end == date(2025, 2, 28)


def test_an_annual_review_in_a_sentence_is_recurring() -> None:
    window = parse_deadline(
        "We will complete an annual review of lettings data", recurring_from=PLAN_START
    )
    assert (window.kind, window.phrase) == (RECURRING, "annual")


# --- Unscheduled -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "in the coming months",
        "coming months",
        "ongoing",
        "Ongoing",
        "tbc",
        "TBC",
        "to be confirmed",
        "as soon as possible",
        "ASAP",
    ],
)
def test_markers_without_a_date_are_unscheduled(text: str) -> None:
    window = parse_deadline(text)
    assert (window.kind, window.start, window.end, window.phrase) == (UNSCHEDULED, None, None, text)


@pytest.mark.parametrize("text", ["", "   ", "\u00a0", "\n\t"])
def test_no_text_is_unscheduled(text: str) -> None:
    assert parse_deadline(text) == DeadlineWindow(UNSCHEDULED, None, None, "")


def test_as_soon_as_possible_is_not_guessed_as_a_date() -> None:
    assert parse_deadline("as soon as possible").due_date is None


# --- Typography and surrounding words --------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("We will publish the review by summer 2021.", "by summer 2021"),
        ("BY SUMMER 2021", "BY SUMMER 2021"),
        ("‘by summer 2021’", "by summer 2021"),
        ("“by summer 2021”", "by summer 2021"),
        ("by\u00a0summer\u00a02021", "by\u00a0summer\u00a02021"),
        ("  by   summer 2021 ;", "by   summer 2021"),
        ("(by summer 2021)!", "by summer 2021"),
        ("by summer, 2021.", "by summer, 2021"),
    ],
)
def test_case_surrounding_words_and_typography_do_not_matter(text: str, phrase: str) -> None:
    window = parse_deadline(text)
    assert (window.start, window.end, window.phrase) == (
        date(2021, 6, 1),
        date(2021, 8, 31),
        phrase,
    )


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "-"])
def test_dashes_in_a_financial_year_do_not_matter(dash: str) -> None:
    window = parse_deadline(f"2021{dash}22")
    assert (window.start, window.end, window.phrase) == (
        date(2021, 4, 1),
        date(2022, 3, 31),
        f"2021{dash}22",
    )


def test_a_count_after_in_is_not_read_as_a_year() -> None:
    window = parse_deadline("Offer advice in 1500 homes by summer 2021.")
    assert window.phrase == "by summer 2021"


# --- Nonsense is an error, never a guess -----------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("by Smarch 2021", "no month called 'Smarch'"),
        ("Smarch 2021", "no month called 'Smarch'"),
        ("summer 20211", "20211 is not a four-digit year"),
        ("Q3 21", "21 is not a four-digit year"),
        ("Q5 2021", "Q5 is not a quarter"),
        ("Q0 2021", "Q0 is not a quarter"),
        ("31/02/2022", "February 2022 has no day 31"),
        ("30 February 2021", "February 2021 has no day 30"),
        ("29/02/2023", "February 2023 has no day 29"),
        ("13/13/2021", "there is no month 13"),
        ("2021/23", "2021/23 is not a financial year: the second year must follow the first"),
        ("2021/2023", "the second year must follow the first"),
        ("Q1 2021/23", "the second year must follow the first"),
        ("winter 2021/23", "2021/23 is not a winter: the second year must follow the first"),
        ("summer 2021/22", "only winter does"),
        ("by the end of", "nothing follows 'end of'"),
        ("2021 2022", "2021 and 2022 are two different years"),
        ("by 2200", "2200 is not a plausible year (1990–2100)"),
        ("1985", "1985 is not a plausible year"),
        ("summer 2101", "2101 is not a plausible year"),
    ],
)
def test_nonsense_is_an_error_that_says_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(DeadlineError) as error:
        parse_deadline(text)
    assert problem in str(error.value)
    assert repr(text) in str(error.value)


@pytest.mark.parametrize("text", ["soonish", "We will work with partners.", "next year"])
def test_text_with_no_deadline_is_an_error(text: str) -> None:
    with pytest.raises(DeadlineError, match="no deadline found in"):
        parse_deadline(text)


def test_years_at_the_edges_of_the_plausible_range_are_read() -> None:
    assert parse_deadline("1990").start == date(1990, 1, 1)
    assert parse_deadline("2100").end == date(2100, 12, 31)


def test_a_deadline_error_is_a_value_error() -> None:
    assert issubclass(DeadlineError, ValueError)


# --- Sentences: which phrase governs ---------------------------------------------


def test_in_a_sentence_the_phrase_ending_latest_governs() -> None:
    sentence = "By March 2021, 24 staff will have presented their work, and more in 2021."
    window = parse_deadline(sentence)
    assert (window.phrase, window.end) == ("in 2021", date(2021, 12, 31))


def test_phrases_ending_together_go_to_the_first_in_the_sentence() -> None:
    assert find_deadline("by the end of 2021, and throughout 2021") == "by the end of 2021"


def test_a_dated_phrase_beats_an_unscheduled_marker() -> None:
    assert find_deadline("Ongoing, with a first report by autumn 2021") == "by autumn 2021"


def test_a_dated_phrase_beats_a_recurring_marker() -> None:
    assert find_deadline("An annual report, the first by March 2022") == "by March 2022"


def test_an_unscheduled_marker_in_a_sentence_is_unscheduled() -> None:
    window = parse_deadline("We will review the policy in the coming months.")
    assert (window.kind, window.phrase) == (UNSCHEDULED, "in the coming months")


def test_find_deadline_keeps_the_original_case() -> None:
    assert find_deadline("Training will run Throughout 2021 for all staff") == "Throughout 2021"


def test_find_deadline_is_none_without_a_deadline() -> None:
    assert find_deadline("We will work with partners.") is None
    assert find_deadline("") is None


def test_find_deadline_reports_a_malformed_deadline() -> None:
    with pytest.raises(DeadlineError, match="Q5 is not a quarter"):
        find_deadline("Report to the board in Q5 2021")


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("by summer 2021", DATED, date(2021, 6, 1), date(2021, 8, 31)),
        ("by autumn 2021", DATED, date(2021, 9, 1), date(2021, 11, 30)),
        ("by the end of 2021", DATED, date(2021, 1, 1), date(2021, 12, 31)),
        ("By March 2021", DATED, date(2021, 3, 1), date(2021, 3, 31)),
        ("Until March 2021", DATED, date(2021, 3, 1), date(2021, 3, 31)),
        ("In 2021", DATED, date(2021, 1, 1), date(2021, 12, 31)),
        ("in 2021", DATED, date(2021, 1, 1), date(2021, 12, 31)),
        ("throughout 2021", CONTINUOUS, date(2021, 1, 1), date(2021, 12, 31)),
        ("in the coming months", UNSCHEDULED, None, None),
        ("annual", RECURRING, PLAN_START, date(2022, 3, 31)),
    ],
)
def test_phrases_from_the_islington_plan(
    text: str, kind: DeadlineKind, start: date | None, end: date | None
) -> None:
    window = parse_deadline(text, recurring_from=PLAN_START)
    assert (window.kind, window.start, window.end, window.phrase) == (kind, start, end, text)


# --- Next due date ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("on_or_after", "due"),
    [
        (date(2020, 1, 1), date(2022, 3, 31)),
        (PLAN_START, date(2022, 3, 31)),
        (date(2022, 3, 31), date(2022, 3, 31)),
        (date(2022, 4, 1), date(2023, 3, 31)),
        (date(2030, 7, 15), date(2031, 3, 31)),
    ],
)
def test_recurring_is_next_due_at_the_end_of_the_cycle_on_or_after_the_day(
    on_or_after: date, due: date
) -> None:
    window = parse_deadline("annual", recurring_from=PLAN_START)
    assert next_due_date(window, on_or_after=on_or_after) == due


def test_a_recurring_cycle_starts_the_day_after_the_last_one_was_due() -> None:
    window = parse_deadline("annual", recurring_from=PLAN_START)
    assert current_cycle(window, on=date(2022, 4, 1)) == (date(2022, 4, 1), date(2023, 3, 31))


def test_cycles_from_29_february_start_on_1_march_in_common_years() -> None:
    window = parse_deadline("annual", recurring_from=date(2024, 2, 29))
    assert current_cycle(window, on=date(2025, 6, 1)) == (date(2025, 3, 1), date(2026, 2, 28))
    assert current_cycle(window, on=date(2028, 2, 29)) == (date(2028, 2, 29), date(2029, 2, 28))


def test_only_recurring_windows_have_cycles() -> None:
    assert current_cycle(parse_deadline("by summer 2021"), on=date(2021, 5, 1)) is None


@pytest.mark.parametrize("text", ["by summer 2021", "throughout summer 2021"])
def test_dated_and_continuous_windows_are_due_at_their_end_whatever_the_day(text: str) -> None:
    window = parse_deadline(text)
    assert next_due_date(window, on_or_after=date(2023, 1, 1)) == date(2021, 8, 31)


def test_unscheduled_windows_have_no_next_due_date() -> None:
    assert next_due_date(parse_deadline("tbc"), on_or_after=date(2021, 1, 1)) is None


# --- Describing a window ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("by summer 2021", "due 31 August 2021"),
        ("1 April 2022", "due 1 April 2022"),
        ("throughout 2021", "throughout 1 January to 31 December 2021"),
        ("throughout winter 2021/22", "throughout 1 December 2021 to 28 February 2022"),
        ("annual", "every year, next due 31 March 2022"),
        ("tbc", "no date set"),
        ("", "no date set"),
    ],
)
def test_describe_window_in_uk_date_format(text: str, description: str) -> None:
    assert describe_window(parse_deadline(text, recurring_from=PLAN_START)) == description


def test_describe_recurring_window_as_at_a_later_day() -> None:
    window = parse_deadline("annual", recurring_from=PLAN_START)
    assert describe_window(window, on_or_after=date(2022, 5, 1)) == (
        "every year, next due 31 March 2023"
    )


def test_describe_recurring_window_without_an_anchor() -> None:
    assert describe_window(parse_deadline("annual")) == "every year, no date set"


def test_describe_a_window_with_only_a_due_date() -> None:
    window = DeadlineWindow(DATED, None, date(2021, 8, 31), "")
    assert describe_window(window) == "due 31 August 2021"


def test_uk_dates_have_no_leading_zero() -> None:
    assert uk_date(date(2021, 8, 1)) == "1 August 2021"


# --- Any text at all (Hypothesis) -------------------------------------------------------------

plan_days = st.dates(dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31))


@given(st.text(), plan_days)
def test_any_text_gives_a_window_or_a_deadline_error(text: str, today: dt.date) -> None:
    try:
        window = parse_deadline(text, recurring_from=dt.date(2021, 1, 1))
    except DeadlineError as error:
        assert str(error)
    else:
        assert describe_window(window, on_or_after=today)
        if window.start and window.end:
            assert window.start <= window.end
        next_due_date(window, on_or_after=today)


@given(st.text())
def test_any_sentence_gives_a_phrase_none_or_a_deadline_error(text: str) -> None:
    try:
        phrase = find_deadline(text)
    except DeadlineError:
        return
    assert phrase is None or phrase in text


@given(st.from_regex(r"(by |in |end of |throughout |Q[1-5] |20\d\d/\d\d |[a-z]+ )+\d{1,5}"))
def test_deadline_like_phrases_give_a_window_or_a_deadline_error(text: str) -> None:
    try:
        parse_deadline(text)
    except DeadlineError as error:
        assert str(error)


@given(plan_days)
def test_a_date_as_the_pages_write_it_reads_back_as_that_day(day: dt.date) -> None:
    window = parse_deadline(f"by {uk_date(day)}")
    assert window.due_date == day
    assert describe_window(window) == f"due {uk_date(day)}"
