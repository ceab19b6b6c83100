"""One idiom for who may read a page: the role's permission, signed in first."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from plans.access import permission_required
from plans.models import Plan
from tests.factories import UserFactory, officer_of, senior_manager, service_lead_of
from tests.islington_equality.test_url_permissions import ROUTES

pytestmark = pytest.mark.django_db

OFFICERS_WRITES = [
    "targets:add_update",
    "outcomes:add_update",
    "outcomes:add_measurement",
    "outcomes:import_measurements",
]


@permission_required("targets.view_target")
def _page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("the page")


def _get(user) -> HttpResponse:
    request = RequestFactory().get("/somewhere/")
    request.user = user
    return _page(request)


def test_anonymous_visitor_is_sent_to_sign_in() -> None:
    response = _get(AnonymousUser())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_signed_in_user_without_the_permission_is_refused() -> None:
    with pytest.raises(PermissionDenied):
        _get(UserFactory())


def test_the_permission_alone_opens_the_page() -> None:
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_target"))
    assert _get(user).content == b"the page"


def test_each_role_holds_the_permissions_the_pages_ask_for() -> None:
    for user in (officer_of(), service_lead_of(), senior_manager()):
        assert user.has_perms(["plans.view_plan", "targets.view_target", "outcomes.view_outcome"])
    assert not UserFactory().has_perm("plans.view_plan")


def test_service_lead_reads_every_page_a_senior_manager_reads(islington: Plan) -> None:
    areas = {area.slug: area for area in islington.service_areas.all()}
    lead = Client()
    lead.force_login(service_lead_of(areas["housing"]))
    manager = Client()
    manager.force_login(senior_manager())
    read = [name for name, route in ROUTES.items() if route.get["manager"] == 200]
    assert "targets:list" in read and "reports:plan" in read
    for name in read:
        url = reverse(name, args=ROUTES[name].args(islington))
        assert lead.get(url).status_code == manager.get(url).status_code == 200, name
    # Service leads sign off returns; they do not record progress, figures or narrative updates.
    for name in OFFICERS_WRITES:
        url = reverse(name, args=ROUTES[name].args(islington))
        assert lead.get(url).status_code == 403, name
