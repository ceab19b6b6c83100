"""The public pages: read-only, for anyone, the same for everyone and so cacheable, and fast."""

import datetime as dt
import html
import re

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Plan
from targets.models import Target
from tests.factories import PlanFactory, ServiceAreaFactory, TargetFactory, senior_manager
from tests.outcomes.factories import ethnicity_indicator, measure

pytestmark = pytest.mark.django_db


def plan_url(plan: Plan) -> str:
    return reverse("public:plan", args=[plan.slug])


def text_of(page: str) -> str:
    """The page's words without tags or runs of white space, to read as a person would."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_public_page_needs_no_sign_in_and_says_the_date_of_its_figures(
    client: Client, published: Plan, today
) -> None:
    response = client.get(plan_url(published))
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "Open plan: progress" in page
    assert "Figures as at 30 September 2021." in page
    assert f"Published on {published.published_on:%-d %B %Y}" in page
    assert Session.objects.count() == 0


def test_public_page_shows_each_targets_status_and_due_date_by_directorate(
    client: Client, published: Plan, today
) -> None:
    page = text_of(client.get(plan_url(published)).content.decode())
    housing = page[page.index("Housing Homes for everyone.") :]
    # On track in July, due 31 August: a month late as at 30 September.
    assert "HSG-T1 Build 500 homes. Due 31 August 2021" in housing
    assert "Red: late or off track 4 weeks late" in housing
    # Re-dated: judged against its revised date; reported at risk.
    assert "HSG-T2 Open a housing advice centre. Due 31 March 2022" in housing
    assert "Amber: needs attention" in housing
    assert "HSG-T3 Run a tenants' survey." in housing and "Cancelled" in housing
    assert Target.objects.filter(service_area__plan=published).count() == 3


def test_public_page_shows_each_indicators_latest_figure_and_breakdown_against_its_target(
    client: Client, published: Plan, today
) -> None:
    page = text_of(client.get(plan_url(published)).content.decode())
    # The correction (240, of whom 96 African) replaced the first figure (200).
    assert "HSG-I1: Households housed Source: Housing register 240 to 31 March 2021" in page
    assert "1,000 by 31 December 2021" in page
    assert "Black, Asian and Minority Ethnic (ethnicity) 96 of 240 40.0% 50.0% target share" in page
    assert "10.0 percentage points below the target share" in page
    assert published.service_areas.get().outcomes.get().indicators.count() == 1


def test_public_page_links_to_its_open_data(client: Client, published: Plan, today) -> None:
    page = client.get(plan_url(published)).content.decode()
    for name in ["targets_csv", "targets_json", "indicators_csv", "indicators_json", "shares_csv"]:
        assert f'href="{reverse(f"public:{name}", args=[published.slug])}"' in page
    assert Session.objects.count() == 0


def test_index_lists_published_plans_only(client: Client, published: Plan, today) -> None:
    page = client.get(reverse("public:index")).content.decode()
    assert f'href="{plan_url(published)}"' in page
    assert "private-plan" not in page
    assert list(Plan.objects.filter(is_public=True)) == [published]


def test_index_says_when_nothing_is_published(client: Client, db) -> None:
    PlanFactory(title="Draft plan")
    page = client.get(reverse("public:index")).content.decode()
    assert "No plans have been published yet." in page and "Draft plan" not in page
    assert not Plan.objects.filter(is_public=True).exists()


PUBLIC_URLS = ["public:index", "public:plan", "public:targets_csv", "public:indicators_json"]


@pytest.mark.parametrize("name", PUBLIC_URLS)
def test_public_responses_may_be_cached_by_anyone_and_set_no_cookie(
    client: Client, published: Plan, today, name: str
) -> None:
    args = [] if name == "public:index" else [published.slug]
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies  # no session, CSRF or messages cookie
    assert Session.objects.count() == 0


@pytest.mark.parametrize("name", PUBLIC_URLS)
def test_a_signed_in_visitors_session_cookie_is_never_on_a_public_response(
    client: Client, published: Plan, today, name: str
) -> None:
    """SESSION_SAVE_EVERY_REQUEST refreshes the session cookie on every response, but a shared
    cache must never keep a response that sets someone's session cookie."""
    client.force_login(senior_manager())
    session = Session.objects.get()
    args = [] if name == "public:index" else [published.slug]
    response = client.get(reverse(name, args=args))
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    assert Session.objects.get().expire_date == session.expire_date  # not saved again
    assert client.get(reverse("home")).status_code == 200  # and still signed in


def test_signed_in_visitor_sees_exactly_what_anyone_sees(
    client: Client, published: Plan, today
) -> None:
    anonymous = client.get(plan_url(published)).content
    manager = senior_manager(first_name="Maria", last_name="Manager")
    client.force_login(manager)
    signed_in = client.get(plan_url(published)).content
    assert signed_in == anonymous
    assert b"Sign out" not in signed_in and b"Maria" not in signed_in
    assert Session.objects.count() == 1  # the manager's own, untouched by the public page


def test_not_found_is_rendered_as_usual_for_a_signed_in_visitor(
    client: Client, published: Plan, today
) -> None:
    client.force_login(senior_manager(first_name="Maria"))
    response = client.get(reverse("public:plan", args=["private-plan"]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert Session.objects.count() == 1


def test_public_pages_refuse_anything_but_reading(client: Client, published: Plan, today) -> None:
    for url in [reverse("public:index"), plan_url(published)]:
        assert client.post(url).status_code == 405
    assert Plan.objects.get(pk=published.pk).is_public


def _bigger_plan() -> Plan:
    plan = PlanFactory(slug="bigger", is_public=True)
    for n in range(4):
        area = ServiceAreaFactory(plan=plan)
        for _ in range(5):
            TargetFactory(service_area=area)
        indicator = ethnicity_indicator(outcome__service_area=area)
        measure(indicator, "2021-03-31", 100, african=20)
        measure(indicator, "2021-06-30", 150 + n, african=40)
    return plan


def test_public_page_takes_the_same_queries_whatever_the_plans_size(
    client: Client, published: Plan, today
) -> None:
    with CaptureQueriesContext(connection) as small:
        client.get(plan_url(published))
    bigger = _bigger_plan()
    with CaptureQueriesContext(connection) as big:
        response = client.get(plan_url(bigger))
    assert response.status_code == 200
    # 18: with the breakdowns, figures and population benchmarks for disclosure control.
    assert len(big.captured_queries) == len(small.captured_queries) <= 18
    assert Target.objects.filter(service_area__plan=bigger).count() == 20


def test_the_figures_are_as_at_today(client: Client, published: Plan, monkeypatch) -> None:
    monkeypatch.setattr("public.views.timezone.localdate", lambda *args: dt.date(2021, 7, 15))
    page = text_of(client.get(plan_url(published)).content.decode())
    assert "Figures as at 15 July 2021." in page
    # In July HSG-T1 was on track and not yet late; HSG-T2 had not been reported at risk.
    assert "Green: on track" in page and "days late" not in page
    assert "Amber: needs attention" not in page
    assert Target.objects.get(ref="HSG-T2").progress_updates.count() == 1
