"""The benchmark's measuring code, run for one page on the test database, so it cannot rot."""

import pytest
from django.core.management import call_command
from django.test import Client

from benchmarks.big_plan import big_plan
from benchmarks.pages import FIGURE_KEYS, PAGES, choose_pages, measure
from planfile.format import dump_plan, parse_plan_text
from plans.models import Plan


@pytest.fixture
def scale_plan(islington: Plan, settings) -> Plan:
    settings.DEBUG = True  # generate_scale_data refuses to run otherwise
    call_command("create_demo_accounts", stdout=None)  # the plan admin who reads the peer page
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


def test_chooses_every_page_of_a_plan_with_its_path_and_user(scale_plan: Plan) -> None:
    pages = choose_pages(scale_plan)
    assert [page.name for page in pages] == [page.name for page in PAGES]
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


@pytest.mark.django_db
def test_the_big_plan_file_is_a_valid_plan_file() -> None:
    data = parse_plan_text(dump_plan(big_plan(targets=25, areas=2, actions_per_area=3)))
    areas = data["plan"]["service_areas"]
    assert sum(len(area["targets"]) for area in areas) == 25
