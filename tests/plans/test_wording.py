"""Words and numbers as pages write them (plans/wording.py and its template filters)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from plans.wording import (
    counted,
    describe_expected,
    describe_gap,
    describe_share,
    describe_value,
    duration,
    signed_points,
    uk_date,
)

D = Decimal


def test_dates_are_day_month_name_year() -> None:
    assert uk_date(date(2021, 9, 30)) == "30 September 2021"
    assert uk_date(date(2022, 3, 1)) == "1 March 2022"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (D("1000.00"), "count", "1,000"),
        (D("45.50"), "percentage", "45.5%"),
        (D("12.25"), "rate", "12.25"),
        (D("0"), "count", "0"),
        (D("498.630"), "count", "498.63"),
    ],
)
def test_figures_are_written_with_their_unit(value: Decimal, unit: str, text: str) -> None:
    assert describe_value(value, unit) == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (D("498.63"), "count", "499"),
        (D("62.35"), "percentage", "62.4%"),
        (D("12.345"), "rate", "12.35"),
    ],
)
def test_expected_figures_are_as_precise_as_the_figures(
    value: Decimal, unit: str, text: str
) -> None:
    assert describe_expected(value, unit) == text


def test_shares_have_one_decimal_place() -> None:
    assert describe_share(D("32.54")) == "32.5%"
    assert describe_share(None) == "no share"


@pytest.mark.parametrize(
    ("gap", "kind", "words", "cell"),
    [
        (D("-17.5"), "target", "17.5 percentage points below the target share", "−17.5"),
        (D(5), "benchmark", "5.0 percentage points above the benchmark", "+5.0"),
        (D("0.04"), "target", "level with the target share", "0.0"),
        (None, "target", "no share to compare", "–"),
    ],
)
def test_gap_in_words_and_in_a_table_cell(
    gap: Decimal | None, kind: str, words: str, cell: str
) -> None:
    assert describe_gap(gap, kind) == words
    assert signed_points(gap) == cell


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (1, "1 day"),
        (13, "13 days"),
        (14, "2 weeks"),
        (60, "8 weeks"),
        (61, "2 months"),
        (365, "11 months"),
        (729, "23 months"),
        (730, "1 year"),
        (1918, "5 years"),
    ],
)
def test_lateness_is_rounded_down_to_the_unit_people_use(days: int, words: str) -> None:
    assert duration(days) == words


def test_plurals() -> None:
    assert counted(1, "target", "targets") == "1 target"
    assert counted(0, "target", "targets") == "0 targets"
    assert counted(2, "outcome", "outcomes") == "2 outcomes"


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_filters_are_builtins_on_every_template() -> None:
    assert render("{{ day|uk_date }}", day=date(2021, 9, 30)) == "30 September 2021"
    assert render("{{ n|late }}", n=1918) == "5 years late"
    assert render("{{ n|late }}", n=0) == ""
    assert render('{{ n|counted:"target,targets" }}', n=3) == "3 targets"
    assert render('{{ v|figure:"percentage" }}', v=D("45.5")) == "45.5%"
    assert render("{{ g|gap:'benchmark' }}", g=D(-2)) == "2.0 percentage points below the benchmark"


def test_a_missing_figure_or_date_is_a_dash() -> None:
    assert render('{{ v|figure:"count" }}', v=None) == "–"
    assert render("{{ missing.value|figure:'count' }}") == "–"
    assert render("{{ day|uk_date }}", day=None) == "–"
    assert render("{{ missing.share|share }}") == "–"
    assert render("{{ s|share }}", s=None) == "no share"


def test_moments_are_in_the_councils_time() -> None:
    moment = datetime(2021, 7, 1, 9, 5, tzinfo=ZoneInfo("UTC"))  # 10:05 in London in summer
    assert render("{{ m|uk_datetime }}", m=moment) == "1 July 2021 at 10:05"
