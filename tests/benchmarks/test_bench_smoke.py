"""The benchmark's measuring code, run for one page on the test database, so it cannot rot."""

import pytest
from django.core.management import call_command
from django.test import Client

from benchmarks.big_plan import big_plan
from benchmarks.pages import FIGURE_KEYS, choose_pages, measure
from planfile.format import dump_plan, parse_plan_text
from plans.models import Plan


@pytest.fixture
def scale_plan(islington: Plan, settings) -> Plan:
    settings.DEBUG = True  # generate_scale_data refuses to run otherwise
    call_command("generate_scale_data", scale="small")
    settings.DEBUG = False
    return Plan.objects.filter(slug__startswith="scale-").order_by("slug").first()


def test_measures_a_target_page_with_the_expected_figures(scale_plan: Plan) -> None:
    page = next(p for p in choose_pages(scale_plan) if p.name == "target page")
    figures = measure(Client(), page, requests=3, warm_up=1)
    assert set(figures) == set(FIGURE_KEYS)
    assert figures["status"] == 200
    assert figures["requests"] == 3
    assert figures["queries"] > 0


def test_chooses_every_main_page_of_a_plan(scale_plan: Plan) -> None:
    names = [page.name for page in choose_pages(scale_plan)]
    assert names == [
        "health check",
        "dashboard",
        "directorate report",
        "my targets",
        "target page",
        "equality view",
        "indicator page",
        "targets XLSX",
    ]


@pytest.mark.django_db
def test_the_big_plan_file_is_a_valid_plan_file() -> None:
    data = parse_plan_text(dump_plan(big_plan(targets=25, areas=2, actions_per_area=3)))
    areas = data["plan"]["service_areas"]
    assert sum(len(area["targets"]) for area in areas) == 25
