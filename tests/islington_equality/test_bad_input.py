"""Bad input on every route: far as at dates, foreign charsets, and what browsers may keep.

The routes come from the URL walk (test_url_permissions.ROUTES), so a new route is checked too.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from plans.models import Plan
from tests.factories import plan_admin
from tests.islington_equality.test_url_permissions import ROUTES

pytestmark = pytest.mark.django_db

AS_AT_MESSAGE = "is not a date. Enter the as at date as year-month-day"
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
