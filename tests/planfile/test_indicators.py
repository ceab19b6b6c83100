"""Indicators in the plan file: the Islington plan's measurable outcomes load, round-trip, and a bad
indicator is named and stores nothing."""

import copy
import datetime as dt
from decimal import Decimal

import pytest

from outcomes.models import Breakdown, BreakdownTarget, Indicator, Measurement
from planfile.format import PlanFileError, dump_plan, parse_plan_text
from planfile.services import export_plan, import_plan
from plans.models import Plan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_islington_has_five_indicators_on_the_outcomes_that_state_figures(islington: Plan) -> None:
    found = {i.ref: i.outcome.ref for i in Indicator.objects.select_related("outcome")}
    assert found == {
        "CWB-I1": "CWB-O1",
        "ENV-I1": "ENV-O3",
        "ENV-I2": "ENV-O4",
        "HSG-I1": "HSG-O1",
        "HSG-I2": "HSG-O2",
    }


def _summary(ref: str) -> tuple:
    i = Indicator.objects.get(ref=ref)
    return (i.unit, i.accumulation, i.target_value, i.deadline_text, i.due_date)


def test_into_work_is_1000_people_with_a_50_percent_bame_target_share(islington: Plan) -> None:
    assert _summary("CWB-I1") == ("count", "per_period", 1000, "", None)
    target = BreakdownTarget.objects.get(breakdown__indicator__ref="CWB-I1")
    assert (target.breakdown.dimension.slug, target.category.slug, target.kind, target.share) == (
        "ethnicity",
        "bame",
        "target",
        50,
    )


def test_shine_is_2500_referrals_in_2021_against_a_30_percent_benchmark(islington: Plan) -> None:
    assert _summary("ENV-I1") == ("count", "cumulative", 2500, "in 2021", dt.date(2021, 12, 31))
    target = BreakdownTarget.objects.get(breakdown__indicator__ref="ENV-I1")
    assert (target.category.slug, target.kind, target.share) == ("bame", "benchmark", 30)
    assert target.note == "Islington’s population, as the plan states"


def test_frontline_uptake_is_a_25_percent_share_with_no_overall_target(islington: Plan) -> None:
    assert _summary("ENV-I2") == ("count", "cumulative", None, "", None)
    target = BreakdownTarget.objects.get(breakdown__indicator__ref="ENV-I2")
    assert (target.breakdown.dimension.slug, target.category.slug, target.share) == (
        "staff-group",
        "frontline",
        25,
    )


def test_housing_ambassadors_and_bias_training_have_their_dates(islington: Plan) -> None:
    assert _summary("HSG-I1") == ("count", "cumulative", 24, "By March 2021", dt.date(2021, 3, 31))
    assert _summary("HSG-I2") == (
        "percentage",
        "cumulative",
        100,
        "by summer 2021",
        dt.date(2021, 8, 31),
    )


def test_the_plan_gives_no_baselines_so_none_are_invented(islington: Plan) -> None:
    assert not Indicator.objects.filter(baseline_value__isnull=False).exists()
    assert not Indicator.objects.filter(baseline_date__isnull=False).exists()


def test_second_import_changes_no_indicator_and_adds_no_history(islington_data: dict) -> None:
    import_plan(data=islington_data)
    history = (
        Indicator.history.count() + BreakdownTarget.history.count() + Breakdown.history.count()
    )
    report = import_plan(data=islington_data)
    assert report.unchanged["indicator"] == 5 and not report.changed_anything
    assert (
        Indicator.history.count() + BreakdownTarget.history.count() + Breakdown.history.count()
        == history
    )


def _cwb_o1(data: dict) -> dict:
    return data["plan"]["service_areas"][0]["outcomes"][0]


def _indicator(data: dict) -> dict:
    return _cwb_o1(data)["indicators"][0]


def test_changed_indicator_is_updated_keeping_its_measurements(islington_data: dict) -> None:
    import_plan(data=islington_data)
    indicator = Indicator.objects.get(ref="CWB-I1")
    Measurement.objects.create(
        indicator=indicator, period_end=dt.date(2021, 3, 31), value=10, author=UserFactory()
    )
    changed = copy.deepcopy(islington_data)
    _indicator(changed).update(
        target_value=1200, baseline={"value": 100, "date": "2020-12-31"}, deadline="2021/22"
    )
    _indicator(changed)["breakdowns"][0]["shares"] = [
        {"category": "black", "kind": "benchmark", "share": 12.5}
    ]
    report = import_plan(data=changed)
    assert report.updated["indicator"] == 1
    indicator.refresh_from_db()
    assert (indicator.target_value, indicator.baseline_value, indicator.due_date) == (
        1200,
        100,
        dt.date(2022, 3, 31),
    )
    assert list(
        BreakdownTarget.objects.filter(breakdown__indicator=indicator).values_list(
            "category__slug", "kind", "share"
        )
    ) == [("black", "benchmark", Decimal("12.5"))]
    assert indicator.measurements.count() == 1


def test_a_changed_share_alone_counts_as_an_updated_indicator(islington_data: dict) -> None:
    import_plan(data=islington_data)
    changed = copy.deepcopy(islington_data)
    _indicator(changed)["breakdowns"][0]["shares"][0]["share"] = 45
    report = import_plan(data=changed)
    assert (report.updated["indicator"], report.unchanged["indicator"]) == (1, 4)
    assert BreakdownTarget.objects.get(breakdown__indicator__ref="CWB-I1").share == 45


def test_an_indicator_changed_in_its_fields_and_shares_is_counted_once(
    islington_data: dict,
) -> None:
    import_plan(data=islington_data)
    changed = copy.deepcopy(islington_data)
    _indicator(changed)["name"] = "People into work, renamed"
    _indicator(changed)["breakdowns"][0]["shares"][0]["share"] = 45
    _cwb_o1(changed)["indicators"].append(
        {**_indicator(islington_data), "ref": "CWB-I9", "name": "A new one"}
    )
    report = import_plan(data=changed)
    counts = (report.created, report.updated, report.unchanged)
    assert [c["indicator"] for c in counts] == [1, 1, 4]
    new = Indicator.objects.get(ref="CWB-I9")
    assert new.breakdowns.get().targets.count() == 1
    assert BreakdownTarget.objects.get(breakdown__indicator__ref="CWB-I1").share == 45


def test_indicator_left_out_of_the_file_stays_and_is_listed(islington_data: dict) -> None:
    import_plan(data=islington_data)
    changed = copy.deepcopy(islington_data)
    del _cwb_o1(changed)["indicators"]
    report = import_plan(data=changed)
    assert "community-wealth-building/CWB-O1/CWB-I1" in report.not_in_file
    assert Indicator.objects.filter(ref="CWB-I1").exists()


def test_export_writes_indicators_back_as_the_file_has_them(islington: Plan) -> None:
    exported = export_plan(plan=islington)["plan"]["service_areas"][1]["outcomes"][2]
    assert exported["indicators"] == [
        {
            "ref": "ENV-I1",
            "name": "Unique customer referrals through SHINE services",
            "unit": "count",
            "direction": "increase",
            "accumulation": "cumulative",
            "target_value": 2500,
            "deadline": "in 2021",
            "data_source": "SHINE services",
            "breakdowns": [
                {
                    "dimension": "ethnicity",
                    "shares": [
                        {
                            "category": "bame",
                            "kind": "benchmark",
                            "share": 30,
                            "note": "Islington’s population, as the plan states",
                        }
                    ],
                }
            ],
        }
    ]


def test_baseline_and_fractions_round_trip(islington_data: dict) -> None:
    changed = copy.deepcopy(islington_data)
    _indicator(changed).update(
        unit="rate",
        accumulation="cumulative",
        baseline={"value": 12.5, "date": "2020-12-31"},
        target_value=20.25,
    )
    del _indicator(changed)["breakdowns"]
    plan = import_plan(data=changed).plan
    assert parse_plan_text(dump_plan(export_plan(plan=plan))) == parse_plan_text(dump_plan(changed))


BROKEN_INDICATORS = {
    "unknown dimension": (
        lambda i: i["breakdowns"][0].update(dimension="star-sign"),
        'breakdowns[1] (star-sign) › dimension: no dimension "star-sign" (known: age-band, '
        "disability, ethnicity, religion, sex, staff-group)",
    ),
    "unknown category": (
        lambda i: i["breakdowns"][0]["shares"][0].update(category="martian"),
        'shares[1] (martian) › category: no category "martian" in "ethnicity"',
    ),
    "unreadable deadline": (
        lambda i: i.update(deadline="by Smarch 2021"),
        "indicators[1] (CWB-I1) › deadline: cannot read a deadline in 'by Smarch 2021'",
    ),
    "recurring deadline": (
        lambda i: i.update(deadline="annual"),
        "indicators[1] (CWB-I1) › deadline: 'annual' recurs; an indicator's target needs one date",
    ),
    "per-period percentage": (
        lambda i: i.update(unit="percentage", breakdowns=[]),
        "indicators[1] (CWB-I1) › accumulation: Only a count that should increase can add up",
    ),
    "breakdown of a percentage": (
        lambda i: i.update(unit="percentage", accumulation="cumulative"),
        "indicators[1] (CWB-I1) › breakdowns: only a count can be broken down into shares",
    ),
    "share over 100": (
        lambda i: i["breakdowns"][0]["shares"][0].update(share=150),
        "shares[1] (bame) › share: 150 is greater than the maximum of 100",
    ),
    "same share twice": (
        lambda i: i["breakdowns"][0]["shares"].append(dict(i["breakdowns"][0]["shares"][0])),
        'breakdowns[1] (ethnicity) › shares: the target for "bame" is given 2 times',
    ),
    "same dimension twice": (
        lambda i: i["breakdowns"].append({"dimension": "ethnicity"}),
        'breakdowns: dimension "ethnicity" is used 2 times',
    ),
    "three decimal places": (
        lambda i: i.update(target_value=10.125),
        "indicators[1] (CWB-I1) › target_value: 10.125 has more than two decimal places",
    ),
    "baseline after the target date": (
        lambda i: i.update(deadline="by March 2021", baseline={"value": 1, "date": "2021-04-01"}),
        "indicators[1] (CWB-I1) › baseline: The baseline must be dated before the target date.",
    ),
    "missing unit": (
        lambda i: i.pop("unit"),
        "indicators[1] (CWB-I1): 'unit' is missing",
    ),
    "unknown unit": (
        lambda i: i.update(unit="people"),
        "indicators[1] (CWB-I1) › unit: 'people' is not one of ['count', 'percentage', 'rate']",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN_INDICATORS))
def test_broken_indicator_stores_nothing_and_is_named(islington_data: dict, case: str) -> None:
    edit, expected = BROKEN_INDICATORS[case]
    data = copy.deepcopy(islington_data)
    edit(_indicator(data))
    with pytest.raises(PlanFileError) as raised:
        import_plan(data=parse_plan_text(dump_plan(data)))
    assert expected in str(raised.value)
    assert "outcomes[1] (CWB-O1) › indicators[1] (CWB-I1)" in str(raised.value)
    assert not Plan.objects.exists() and not Indicator.objects.exists()


def test_indicator_refs_are_unique_in_a_service_area(islington_data: dict) -> None:
    data = copy.deepcopy(islington_data)
    second = copy.deepcopy(_indicator(data))
    data["plan"]["service_areas"][0]["outcomes"][1]["indicators"] = [second]
    with pytest.raises(PlanFileError, match='indicator ref "CWB-I1" is used 2 times'):
        import_plan(data=data)
    assert not Indicator.objects.exists()
