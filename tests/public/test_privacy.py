"""Nothing private ever reaches a public page or open data file: officers' names and email
addresses, progress commentary, evidence links, reasons for re-dating or closing, measurement
notes, and any plan not marked public; nor anything a quarterly return adds (comments, send-back
notes, proposed dates and their reasons, who approved) when a plan publishes signed-off figures."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from plans.models import Plan
from returns.models import Return
from tests.public.conftest import PRIVATE

pytestmark = pytest.mark.django_db

FILES = ["targets_csv", "targets_json", "indicators_csv", "indicators_json", "shares_csv"]


def every_public_url(plan: Plan) -> list[str]:
    return [reverse("public:index"), reverse("public:plan", args=[plan.slug])] + [
        reverse(f"public:{name}", args=[plan.slug]) for name in FILES
    ]


def test_no_public_page_or_file_shows_anything_private(
    client: Client, published: Plan, today
) -> None:
    for url in every_public_url(published):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert PRIVATE.lower() not in body.lower(), (url, body[body.lower().find("private") :][:80])
        assert "@" not in body and "intranet.example" not in body, url
    assert Session.objects.count() == 0


def test_public_pages_show_the_published_plans_own_text(
    client: Client, published: Plan, today
) -> None:
    """The other half of the test above: the things beside the private markers are shown."""
    page = client.get(reverse("public:plan", args=[published.slug])).content.decode()
    for public_text in ["HSG-T1", "Build 500 homes.", "HSG-T2", "HSG-T3", "HSG-O1", "HSG-I1"]:
        assert public_text in page
    assert Session.objects.count() == 0


def test_an_unpublished_plans_page_and_files_are_not_found(
    client: Client, published: Plan, today
) -> None:
    hidden = Plan.objects.get(slug="private-plan")
    for url in every_public_url(hidden)[1:]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert PRIVATE not in response.content.decode()
    assert not Plan.objects.get(pk=hidden.pk).is_public


def test_an_unpublished_plan_is_as_missing_as_a_plan_that_does_not_exist(
    client: Client, published: Plan, today
) -> None:
    hidden = client.get(reverse("public:plan", args=["private-plan"]))
    missing = client.get(reverse("public:plan", args=["no-such-plan"]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert Plan.objects.filter(slug="private-plan", is_public=False).exists()


def test_nothing_a_return_adds_is_ever_public(
    client: Client, signed_off: Return, published: Plan
) -> None:
    for url in every_public_url(published):
        body = client.get(url).content.decode()
        assert PRIVATE.lower() not in body.lower(), (url, body[body.find(PRIVATE) :][:80])
