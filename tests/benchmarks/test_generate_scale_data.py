"""generate_scale_data: fictional data at scale for the benchmark and the load test."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from benchmarks.scales import SCALES
from outcomes.models import BreakdownValue, Indicator, Measurement
from plans.models import Plan
from targets.models import ProgressUpdate, Target

SMALL = SCALES["small"]


def _generate(**options: object) -> str:
    out = StringIO()
    call_command("generate_scale_data", stdout=out, **options)
    return out.getvalue()


def _snapshot() -> list:
    return [
        sorted(Plan.objects.values_list("slug", "period_start")),
        sorted(Target.objects.values_list("ref", "deadline_text", "due_date", "owner__username")),
        sorted(ProgressUpdate.objects.values_list("target__ref", "made_at", "status")),
        sorted(Measurement.objects.values_list("indicator__ref", "period_end", "value")),
    ]


@pytest.fixture
def debug(settings) -> None:
    settings.DEBUG = True


def test_refuses_with_debug_off_and_stores_nothing(islington: Plan, settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only generated with DEBUG on; nothing was stored"):
        _generate(scale="small")
    assert Plan.objects.count() == 1


@pytest.mark.parametrize(
    "arguments", [{}, {"scale": "paris"}, {"scale": "small", "seed": "not-a-number"}]
)
def test_refuses_bad_arguments(islington: Plan, debug: None, arguments: dict) -> None:
    args = [f"--{name}={value}" for name, value in arguments.items()]
    with pytest.raises(CommandError, match=r"--scale|--seed"):
        call_command("generate_scale_data", *args)
    assert Plan.objects.count() == 1


def test_needs_the_real_plan_first(db, debug: None) -> None:
    with pytest.raises(CommandError, match="load the real plan first"):
        _generate(scale="small")


def test_small_scale_makes_what_it_says(islington: Plan, debug: None) -> None:
    _generate(scale="small")
    plans = Plan.objects.filter(slug__startswith="scale-")
    assert plans.count() == SMALL.plans
    targets = Target.objects.filter(service_area__plan__in=plans)
    assert targets.count() == SMALL.targets
    assert ProgressUpdate.objects.filter(target__in=targets).count() == (
        SMALL.targets * SMALL.updates_per_target
    )
    indicators = Indicator.objects.filter(outcome__service_area__plan__in=plans)
    assert indicators.count() == SMALL.indicators
    assert Measurement.objects.filter(indicator__in=indicators).count() == (
        SMALL.indicators * SMALL.measurements_per_indicator
    )
    assert BreakdownValue.objects.filter(measurement__indicator__in=indicators).exists()


def test_generated_indicators_and_targets_are_valid(islington: Plan, debug: None) -> None:
    _generate(scale="small")
    for indicator in Indicator.objects.filter(
        outcome__service_area__plan__slug__startswith="scale-"
    ):
        indicator.full_clean()
    dated = Target.objects.filter(
        service_area__plan__slug__startswith="scale-", due_date__isnull=False
    )
    assert dated.exists()


def test_a_second_run_adds_nothing(islington: Plan, debug: None) -> None:
    _generate(scale="small")
    before = _snapshot()
    assert "already there; nothing was added" in _generate(scale="small")
    assert _snapshot() == before


def test_refuses_another_scale_over_it(islington: Plan, debug: None) -> None:
    _generate(scale="small")
    with pytest.raises(CommandError, match="another size is already there"):
        _generate(scale="london")


def test_same_seed_same_data(islington: Plan, debug: None) -> None:
    snapshots = []
    for _ in range(2):
        with transaction.atomic():
            _generate(scale="small", seed=7)
            snapshots.append(_snapshot())
            transaction.set_rollback(True)
    assert snapshots[0] == snapshots[1]
    assert snapshots[0][1]  # it made targets
