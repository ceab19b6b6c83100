"""The benchmark's measuring code, run for one page on the test database, so it cannot rot."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from benchmarks.big_plan import big_plan
from benchmarks.pages import (
    FIGURE_KEYS,
    PAGES,
    choose_pages,
    close_a_return,
    measure,
    subjects,
    time_return,
)
from planfile.format import dump_plan, parse_plan_text
from plans.models import Plan
from targets.models import Target
from targets.queries import judge_targets


@pytest.fixture
def scale_plan(islington: Plan, settings) -> Plan:
    settings.DEBUG = True  # generate_scale_data refuses to run otherwise
    call_command("create_demo_accounts", stdout=None)  # the plan admin who reads the peer page
    call_command("generate_scale_data", scale="small")
    settings.DEBUG = False
    plan = Plan.objects.filter(slug__startswith="scale-").order_by("slug").first()
    close_a_return(plan)  # as the bench's data step does, for the returns' pages
    return plan


def test_measures_a_target_page_with_the_expected_figures(scale_plan: Plan) -> None:
    page = next(p for p in choose_pages(scale_plan) if p.name == "target page")
    figures = measure(Client(), page, requests=3, warm_up=1)
    assert set(figures) == set(FIGURE_KEYS)
    assert figures["status"] == 200
    assert figures["requests"] == 3
    assert figures["queries"] > 0


def test_chooses_every_page_of_a_plan_with_its_path_and_user(scale_plan: Plan) -> None:
    pages = choose_pages(scale_plan)
    api = ["API target list", "API indicator measurements"]
    assert [page.name for page in pages] == [page.name for page in PAGES] + api
    assert {"closed return report", "API closed return"} <= {page.name for page in pages}
    assert [page.name for page in pages if page.peer] == ["admin target changelist"]
    assert not any("{" in page.path for page in pages)
    assert all(
        page.user
        for page in pages
        if page.name not in {"health check"} and "public" not in page.path
    )
    scale_plan.refresh_from_db()
    assert scale_plan.is_public  # so its public pages answer


def test_every_page_answers_at_scale(scale_plan: Plan) -> None:
    client = Client()
    for page in choose_pages(scale_plan):
        figures = measure(client, page, requests=1, warm_up=0)
        assert figures["status"] == 200, page.name


def test_a_closed_return_is_made_once_and_timed(scale_plan: Plan) -> None:
    (closed,) = scale_plan.returns.all()
    assert closed.state == "closed" and closed.close_reason
    assert close_a_return(scale_plan) == closed  # a second run measures the same return
    figures = time_return(scale_plan)
    assert (
        figures["targets"] == scale_plan.returns.get().areas.aggregate(n=Count("target_rows"))["n"]
    )
    assert figures["targets"] > 0
    assert set(figures) >= {"close_seconds", "report_seconds", "docx_seconds", "pdf_seconds"}


def test_without_a_closed_return_its_pages_are_left_out(islington: Plan, settings) -> None:
    settings.DEBUG = True  # create_demo_accounts refuses to run otherwise
    call_command("create_demo_accounts", stdout=None)
    settings.DEBUG = False
    names = {page.name for page in choose_pages(islington)}
    assert "closed return report" not in names and "dashboard" in names


@pytest.mark.django_db
def test_the_big_plan_file_is_a_valid_plan_file() -> None:
    data = parse_plan_text(dump_plan(big_plan(targets=25, areas=2, actions_per_area=3)))
    areas = data["plan"]["service_areas"]
    assert sum(len(area["targets"]) for area in areas) == 25


def test_the_target_measured_is_a_late_one_when_the_area_has_one(scale_plan: Plan) -> None:
    """Its page then offers the way forward at every size, so every size measures the same page."""
    found, _ = subjects(scale_plan)
    today = timezone.localdate()
    chosen = Target.objects.get(pk=found["target"])
    (judged,) = judge_targets(Target.objects.filter(pk=chosen.pk), as_at=today)
    in_area = judge_targets(Target.objects.filter(service_area=chosen.service_area), as_at=today)
    late_in_area = [row for row in in_area if row.status.days_late]
    assert late_in_area, "the small scale's busiest area has late targets"
    assert judged.status.days_late
