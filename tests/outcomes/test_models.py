"""The outcomes models' invariants: standard dimensions, indicators' dates and settings, and the
append-only records."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from outcomes.models import (
    Breakdown,
    BreakdownTarget,
    BreakdownValue,
    Category,
    Dimension,
    Indicator,
    Measurement,
    OutcomeUpdate,
)
from outcomes.standard_dimensions import BAME, WHITE_BRITISH, ensure_standard_dimensions
from plans.deadlines import DeadlineError
from tests.factories import OutcomeFactory
from tests.outcomes.factories import (
    BreakdownFactory,
    IndicatorFactory,
    MeasurementFactory,
    OutcomeUpdateFactory,
    category,
    dimension,
    measure,
)

pytestmark = pytest.mark.django_db


# --- Standard dimensions ----------------------------------------------------------------------


def test_ethnicity_has_the_19_ons_2021_groups_within_5_high_level_groups() -> None:
    ethnicity = dimension("ethnicity")
    groups = ethnicity.categories.filter(kind="group").order_by("position")
    assert [g.name for g in groups] == [
        "Asian, Asian British or Asian Welsh",
        "Black, Black British, Black Welsh, Caribbean or African",
        "Mixed or Multiple ethnic groups",
        "White",
        "Other ethnic group",
    ]
    assert [g.children.count() for g in groups] == [5, 3, 4, 5, 2]
    assert ethnicity.categories.filter(kind="recorded").count() == 19
    assert set(
        ethnicity.categories.filter(parent__slug="white").values_list("name", flat=True)
    ) == {
        "English, Welsh, Scottish, Northern Irish or British",
        "Irish",
        "Gypsy or Irish Traveller",
        "Roma",
        "Other White",
    }


def test_bame_is_every_ethnic_group_except_white_british() -> None:
    bame = category("ethnicity", BAME)
    members = set(bame.members.values_list("slug", flat=True))
    recorded = set(
        Category.objects.filter(dimension__slug="ethnicity", kind="recorded").values_list(
            "slug", flat=True
        )
    )
    assert bame.kind == "aggregate"
    assert members == recorded - {WHITE_BRITISH}
    assert {"irish", "gypsy-or-irish-traveller", "roma", "other-white"} <= members
    assert "except White: English, Welsh, Scottish, Northern Irish or British" in bame.description


def test_other_dimensions_are_seeded_and_small() -> None:
    counts = {d.slug: d.categories.count() for d in Dimension.objects.exclude(slug="ethnicity")}
    assert counts == {"disability": 2, "sex": 2, "age-band": 6, "staff-group": 2, "religion": 8}
    assert category("staff-group", "frontline").name == "Frontline staff"


def test_seeding_again_adds_what_is_missing_and_keeps_admin_edits() -> None:
    Category.objects.filter(dimension__slug="sex", slug="male").update(name="Men")
    Category.objects.filter(dimension__slug="disability", slug="disabled").delete()
    before = Category.objects.count()
    ensure_standard_dimensions()
    assert category("sex", "male").name == "Men"
    assert category("disability", "disabled").kind == "recorded"
    assert Category.objects.count() == before + 1
    ensure_standard_dimensions()
    assert Category.objects.count() == before + 1


def test_a_category_sits_only_in_a_group_of_its_own_dimension() -> None:
    stray = Category(
        dimension=dimension("sex"), slug="x", name="X", parent=category("ethnicity", "asian")
    )
    with pytest.raises(ValidationError, match="group of the same dimension"):
        stray.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(
            dimension=dimension("ethnicity"),
            slug="y",
            name="Y",
            kind="group",
            parent=category("ethnicity", "asian"),
        )
    assert not Category.objects.filter(slug__in=["x", "y"]).exists()


# --- Indicators -------------------------------------------------------------------------------


def test_indicator_stores_the_phrase_and_its_due_date() -> None:
    indicator = IndicatorFactory(deadline_text="By March 2021")
    indicator.refresh_from_db()
    assert (indicator.deadline_text, indicator.due_date) == ("By March 2021", dt.date(2021, 3, 31))


def test_indicator_without_a_phrase_has_no_date() -> None:
    indicator = IndicatorFactory(deadline_text="")
    assert indicator.due_date is None


def test_unreadable_target_date_is_refused_with_a_reason_and_not_stored() -> None:
    outcome = OutcomeFactory()
    indicator = Indicator(outcome=outcome, ref="I1", name="X", deadline_text="by Smarch 2021")
    with pytest.raises(ValidationError) as raised:
        indicator.full_clean()
    assert "no month called 'Smarch'" in str(raised.value.message_dict["deadline_text"])
    assert not Indicator.objects.exists()


def test_recurring_target_date_is_refused() -> None:
    with pytest.raises(DeadlineError, match="recurs"):
        Indicator().set_deadline("annual", plan_start=dt.date(2021, 1, 1))


def test_indicator_settings_that_cannot_work_together_are_refused() -> None:
    outcome = OutcomeFactory()
    indicator = Indicator(
        outcome=outcome,
        ref="I1",
        name="Staff trained",
        unit="percentage",
        accumulation="per_period",
        target_value=Decimal(120),
        baseline_value=Decimal(10),
    )
    with pytest.raises(ValidationError) as raised:
        indicator.full_clean()
    assert set(raised.value.message_dict) == {"accumulation", "target_value", "baseline_date"}
    assert not Indicator.objects.exists()


def test_baseline_value_without_date_is_refused_by_the_database() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(outcome=OutcomeFactory(), ref="I1", name="X", baseline_value=1)
    assert not Indicator.objects.exists()


def test_course_starts_the_day_before_the_plan_without_a_baseline() -> None:
    indicator = IndicatorFactory()
    course = indicator.course(plan_start=dt.date(2021, 1, 1))
    assert (course.start, course.start_value, course.target_date) == (
        dt.date(2020, 12, 31),
        0,
        dt.date(2021, 12, 31),
    )


# --- Breakdowns -------------------------------------------------------------------------------


def test_only_a_count_can_be_broken_down() -> None:
    breakdown = Breakdown(
        indicator=IndicatorFactory(unit="percentage", target_value=100), dimension=dimension("sex")
    )
    with pytest.raises(ValidationError, match="Only a count"):
        breakdown.full_clean()
    assert not Breakdown.objects.exists()


def test_a_dimension_breaks_an_indicator_down_once() -> None:
    breakdown = BreakdownFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Breakdown.objects.create(indicator=breakdown.indicator, dimension=breakdown.dimension)
    assert Breakdown.objects.count() == 1


def test_target_share_must_be_a_category_of_the_breakdowns_dimension() -> None:
    target = BreakdownTarget(
        breakdown=BreakdownFactory(), category=category("sex", "female"), share=50
    )
    with pytest.raises(ValidationError, match="Choose a category of ethnicity"):
        target.full_clean()
    assert not BreakdownTarget.objects.exists()


def test_target_share_over_100_percent_is_refused() -> None:
    target = BreakdownTarget(
        breakdown=BreakdownFactory(), category=category("ethnicity", "bame"), share=101
    )
    with pytest.raises(ValidationError):
        target.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        target.save()
    assert not BreakdownTarget.objects.exists()


# --- Append-only records ----------------------------------------------------------------------


def test_measurements_are_append_only() -> None:
    measurement = MeasurementFactory(value=100)
    measurement.value = Decimal(5)
    with pytest.raises(ValueError, match="append-only"):
        measurement.save()
    with pytest.raises(ValueError, match="never deleted"):
        measurement.delete()
    assert Measurement.objects.get().value == 100


def test_breakdown_values_are_append_only() -> None:
    measure(IndicatorFactory(), "2021-03-31", 10, african=4)
    part = BreakdownValue.objects.get()
    part.value = Decimal(9)
    with pytest.raises(ValueError, match="append-only"):
        part.save()
    with pytest.raises(ValueError, match="never deleted"):
        part.delete()
    assert BreakdownValue.objects.get().value == 4


def test_outcome_updates_are_append_only() -> None:
    update = OutcomeUpdateFactory()
    update.commentary = "Rewritten."
    with pytest.raises(ValueError, match="append-only"):
        update.save()
    with pytest.raises(ValueError, match="never deleted"):
        update.delete()
    assert OutcomeUpdate.objects.get().commentary == "Good progress."


def test_a_period_has_one_original_measurement_and_each_is_corrected_once() -> None:
    original = MeasurementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasurementFactory(indicator=original.indicator, period_end=original.period_end)
    correction = MeasurementFactory(indicator=original.indicator, supersedes=original)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasurementFactory(indicator=original.indicator, supersedes=original)
    assert list(Measurement.objects.filter(superseded_by__isnull=True)) == [correction]


def test_current_measurements_are_those_no_correction_supersedes() -> None:
    first = MeasurementFactory(period_end=dt.date(2021, 3, 31))
    correction = MeasurementFactory(indicator=first.indicator, supersedes=first, value=90)
    second_correction = MeasurementFactory(indicator=first.indicator, supersedes=correction)
    other_period = MeasurementFactory(indicator=first.indicator, period_end=dt.date(2021, 6, 30))
    current = first.indicator.measurements.current()
    assert sorted(current.values_list("pk", flat=True)) == [second_correction.pk, other_period.pk]
    assert sorted(Measurement.objects.corrected().values_list("pk", flat=True)) == [
        first.pk,
        correction.pk,
    ]


def test_negative_figures_are_refused_by_the_database() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasurementFactory(value=-1)
    assert not Measurement.objects.exists()


def test_outcome_update_evidence_link_is_http_or_https_only() -> None:
    update = OutcomeUpdate(
        outcome=OutcomeFactory(),
        author=MeasurementFactory().author,
        rag="green",
        commentary="x",
        evidence_url="javascript:alert(1)",
    )
    with pytest.raises(ValidationError) as raised:
        update.full_clean()
    assert "evidence_url" in raised.value.message_dict
    assert not OutcomeUpdate.objects.exists()
