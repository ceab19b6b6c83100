"""record_measurement(s) and record_outcome_update: what is stored, and every refusal stores
nothing and says why."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from outcomes.models import BreakdownValue, Measurement, OutcomeUpdate
from outcomes.services import (
    MeasurementInput,
    MeasurementRefused,
    record_measurement,
    record_measurements,
    record_outcome_update,
)
from tests.factories import OutcomeFactory, UserFactory
from tests.outcomes.factories import IndicatorFactory, ethnicity_indicator, measure

pytestmark = pytest.mark.django_db
D = Decimal
MARCH = dt.date(2021, 3, 31)


def figures(
    value: int | str = 100, period_end: dt.date = MARCH, **kwargs: object
) -> MeasurementInput:
    parts = kwargs.pop("parts", {})
    return MeasurementInput(period_end=period_end, value=D(value), parts=parts, **kwargs)


def ethnicity(**parts: int | str) -> dict:
    return {"ethnicity": {k.replace("_", "-"): D(v) for k, v in parts.items()}}


def refusal(indicator: object, given: MeasurementInput) -> list[tuple[str, str]]:
    with pytest.raises(MeasurementRefused) as raised:
        record_measurement(indicator=indicator, author=UserFactory(), figures=given)
    return [(p.field, p.message) for p in raised.value.problems]


def nothing_stored() -> bool:
    return not Measurement.objects.exists() and not BreakdownValue.objects.exists()


def test_records_a_measurement_with_its_breakdown() -> None:
    indicator = ethnicity_indicator()
    author = UserFactory()
    measurement = record_measurement(
        indicator=indicator,
        author=author,
        figures=figures(200, parts=ethnicity(african=60, indian=40)),
    )
    stored = Measurement.objects.get()
    assert stored == measurement
    assert (stored.period_end, stored.value, stored.author) == (MARCH, 200, author)
    assert dict(stored.breakdown_values.values_list("category__slug", "value")) == {
        "african": 60,
        "indian": 40,
    }


def test_a_breakdown_is_optional() -> None:
    record_measurement(indicator=ethnicity_indicator(), author=UserFactory(), figures=figures(50))
    assert Measurement.objects.get().value == 50
    assert not BreakdownValue.objects.exists()


def test_parts_that_exceed_the_total_are_refused_and_nothing_stored() -> None:
    found = refusal(ethnicity_indicator(), figures(100, parts=ethnicity(african=70, indian=40)))
    assert found == [
        ("ethnicity", "The ethnicity figures add up to 110, more than the total of 100.")
    ]
    assert nothing_stored()


def test_negative_count_is_refused_and_nothing_stored() -> None:
    assert refusal(IndicatorFactory(), figures(-5)) == [("value", "The value cannot be negative.")]
    assert nothing_stored()


def test_negative_part_is_refused_and_nothing_stored() -> None:
    found = refusal(ethnicity_indicator(), figures(100, parts=ethnicity(african=-1)))
    assert found == [("ethnicity:african", "The figure for African cannot be negative.")]
    assert nothing_stored()


def test_percentage_over_100_is_refused_and_nothing_stored() -> None:
    indicator = IndicatorFactory(unit="percentage", target_value=100)
    assert refusal(indicator, figures("100.5")) == [
        ("value", "The value is a percentage, so it cannot be over 100.")
    ]
    assert nothing_stored()


def test_category_not_in_the_dimension_is_refused_and_nothing_stored() -> None:
    found = refusal(ethnicity_indicator(), figures(100, parts={"ethnicity": {"female": D(5)}}))
    assert found == [
        (
            "ethnicity:female",
            "“female” is not a category of ethnicity that figures are entered for.",
        )
    ]
    assert nothing_stored()


def test_aggregate_cannot_be_entered_directly() -> None:
    found = refusal(ethnicity_indicator(), figures(100, parts=ethnicity(bame=50)))
    assert [field for field, _ in found] == ["ethnicity:bame"]
    assert nothing_stored()


def test_dimension_the_indicator_is_not_broken_down_by_is_refused() -> None:
    found = refusal(ethnicity_indicator(), figures(100, parts={"sex": {"female": D(5)}}))
    assert found == [("sex", "This indicator is not broken down by sex.")]
    assert nothing_stored()


def test_duplicate_period_is_refused_and_the_first_figure_kept() -> None:
    indicator = IndicatorFactory()
    first = measure(
        indicator, "2021-03-31", 100, author=UserFactory(first_name="Ada", last_name="Lee")
    )
    found = refusal(indicator, figures(120))
    assert found[0][0] == "period_end"
    assert found[0][1].startswith(
        "There is already a figure for the period ending 31 March 2021: 100, recorded by Ada Lee on"
    )
    assert list(Measurement.objects.all()) == [first]


def test_period_not_yet_ended_is_refused() -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert [f for f, _ in refusal(IndicatorFactory(), figures(1, period_end=tomorrow))] == [
        "period_end"
    ]
    assert nothing_stored()


def test_correction_supersedes_and_keeps_the_earlier_figure() -> None:
    indicator = IndicatorFactory()
    original = measure(indicator, "2021-03-31", 100)
    correction = record_measurement(
        indicator=indicator,
        author=UserFactory(),
        figures=figures(110, corrects=True, note="Ten were missed."),
    )
    assert correction.supersedes == original
    assert Measurement.objects.count() == 2
    assert list(Measurement.objects.filter(superseded_by__isnull=True)) == [correction]
    assert Measurement.objects.get(pk=original.pk).value == 100


def test_a_correction_can_itself_be_corrected() -> None:
    indicator = IndicatorFactory()
    measure(indicator, "2021-03-31", 100)
    second = record_measurement(
        indicator=indicator, author=UserFactory(), figures=figures(110, corrects=True, note="a")
    )
    third = record_measurement(
        indicator=indicator, author=UserFactory(), figures=figures(105, corrects=True, note="b")
    )
    assert third.supersedes == second
    assert list(Measurement.objects.filter(superseded_by__isnull=True)) == [third]


def test_correction_with_nothing_to_correct_is_refused() -> None:
    found = refusal(IndicatorFactory(), figures(100, corrects=True, note="Oops."))
    assert found == [
        ("corrects", "There is no figure for the period ending 31 March 2021 to correct.")
    ]
    assert nothing_stored()


def test_correction_without_a_reason_is_refused() -> None:
    indicator = IndicatorFactory()
    measure(indicator, "2021-03-31", 100)
    assert refusal(indicator, figures(110, corrects=True)) == [
        ("note", "Say why the figure is corrected.")
    ]
    assert Measurement.objects.count() == 1


def test_several_measurements_are_all_or_nothing_naming_each_row() -> None:
    indicator = IndicatorFactory()
    rows = [
        figures(10, dt.date(2021, 1, 31)),
        figures(-1, dt.date(2021, 2, 28)),
        figures(3, dt.date(2021, 2, 28)),
    ]
    with pytest.raises(MeasurementRefused) as raised:
        record_measurements(
            indicator=indicator, author=UserFactory(), rows=rows, row_numbers=[2, 3, 4]
        )
    assert [(r.row, r.problem.field) for r in raised.value.refusals] == [
        (3, "value"),
        (3, "period_end"),
        (4, "period_end"),
    ]
    assert "also in row 4" in raised.value.refusals[1].problem.message
    assert nothing_stored()


def test_several_good_measurements_are_stored_together() -> None:
    indicator = IndicatorFactory()
    stored = record_measurements(
        indicator=indicator,
        author=UserFactory(),
        rows=[figures(10, dt.date(2021, 1, 31)), figures(20, dt.date(2021, 2, 28))],
        imported_from="q1.csv",
    )
    assert [m.value for m in stored] == [10, 20]
    assert set(Measurement.objects.values_list("imported_from", flat=True)) == {"q1.csv"}


# --- Narrative updates ------------------------------------------------------------------------


def test_records_an_outcome_update() -> None:
    outcome = OutcomeFactory()
    author = UserFactory()
    update = record_outcome_update(
        outcome=outcome,
        author=author,
        rag="amber",
        commentary="  Recommendations drafted.  ",
        evidence_url="https://example.org/report.pdf",
    )
    stored = OutcomeUpdate.objects.get()
    assert stored == update
    assert (stored.outcome, stored.author, stored.rag, stored.commentary) == (
        outcome,
        author,
        "amber",
        "Recommendations drafted.",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
        ({"evidence_url": "ftp://example.org/x"}, "evidence_url"),
        ({"rag": "purple"}, "rag"),
        ({"commentary": "   "}, "commentary"),
    ],
    ids=["javascript-link", "ftp-link", "unknown-rag", "no-commentary"],
)
def test_bad_outcome_update_is_refused_and_not_stored(changes: dict, field: str) -> None:
    given = {"rag": "green", "commentary": "Fine.", "evidence_url": ""} | changes
    with pytest.raises(ValidationError) as raised:
        record_outcome_update(outcome=OutcomeFactory(), author=UserFactory(), **given)
    assert field in raised.value.message_dict
    assert not OutcomeUpdate.objects.exists()
