"""Bad input on every route: far as at dates, foreign charsets, and what browsers may keep.

The routes come from the URL walk (test_url_permissions.ROUTES), so a new route is checked too.
"""

import pytest
from axes.models import AccessAttempt
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from plans.models import Plan
from targets.models import ProgressUpdate
from tests.factories import plan_admin
from tests.islington_equality.test_url_permissions import ROUTES

pytestmark = pytest.mark.django_db

AS_AT_MESSAGE = "is not a date. Enter the as at date as day, month and year"
# The routes that show figures as at a date given in ?as_at= (the public pages are as at today).
READS_AS_AT = {
    "home",
    "targets:list",
    "reports:plan",
    "reports:equality",
    "reports:export_plan_targets",
    "reports:directorate",
    "reports:export_area_targets",
    "outcomes:list",
    "outcomes:outcome",
    "outcomes:indicator",
}


@pytest.mark.parametrize("far", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("name", list(ROUTES))
def test_a_far_as_at_date_is_refused_with_the_usual_message_on_every_route(
    client: Client, islington: Plan, name: str, far: str
) -> None:
    islington.is_public = True
    islington.save()
    client.force_login(plan_admin())
    url = reverse(name, args=ROUTES[name].args(islington))
    response = client.get(url, {"as_at": far})
    assert response.status_code < 500
    if name in READS_AS_AT:
        # A page shows today's figures and says why; an export is today's, with the message
        # waiting on the next page.
        assert response.status_code == 200
        shown = response.content.decode(errors="replace") + " ".join(
            str(message) for message in get_messages(response.wsgi_request)
        )
        assert AS_AT_MESSAGE in shown, url
        assert far not in response.get("Content-Disposition", ""), url


@pytest.mark.parametrize(
    "charset", ["latin-1", "iso-8859-1", "cp1252", "utf-16", "no-such-charset"]
)
@pytest.mark.parametrize("name", ["login", "password_change", "targets:add_update"])
def test_a_form_sent_in_another_charset_is_a_400_and_nothing_is_recorded(
    islington: Plan, name: str, charset: str
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(plan_admin())
    client.get(reverse("login"))  # a CSRF cookie, as a browser would have
    url = reverse(name, args=ROUTES[name].args(islington))
    before = ProgressUpdate.objects.count()
    response = client.generic(
        "POST",
        url,
        "username=caf\xe9&password=x&status=on_track&commentary=caf\xe9".encode("latin-1"),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    assert "Your request could not be read" in response.content.decode()
    assert ProgressUpdate.objects.count() == before and AccessAttempt.objects.count() == 0


def test_a_utf8_form_is_read_as_before(client: Client) -> None:
    response = client.post(
        reverse("login"),
        "username=caf%C3%A9&password=x",
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert response.status_code == 200 and "enter a correct username" in response.text


@pytest.mark.parametrize("name", list(ROUTES))
def test_nothing_but_the_public_pages_may_be_kept_by_a_cache(
    client: Client, islington: Plan, name: str
) -> None:
    islington.is_public = True
    islington.save()
    client.force_login(plan_admin())
    response = client.get(reverse(name, args=ROUTES[name].args(islington)))
    cache_control = response.get("Cache-Control", "")
    if name.startswith("public:"):
        assert "public" in cache_control and "no-store" not in cache_control
    else:
        assert "private" in cache_control and "no-store" in cache_control, name


def test_admin_pages_and_errors_may_not_be_kept_by_a_cache(client: Client) -> None:
    client.force_login(plan_admin())
    for url in [reverse("admin:index"), "/no-such-page/", reverse("login")]:
        cache_control = client.get(url).get("Cache-Control", "")
        assert "private" in cache_control and "no-store" in cache_control, url
