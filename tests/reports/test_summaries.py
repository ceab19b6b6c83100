"""Report summaries: the directorate report counts indicators beside targets, with its as at date
at the top; the whole-plan report opens with a plan-wide summary."""

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import ServiceArea
from tests.factories import OutcomeFactory, ServiceAreaFactory, TargetFactory, senior_manager
from tests.outcomes.factories import IndicatorFactory, measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def area() -> ServiceArea:
    area = ServiceAreaFactory(name="Housing", slug="housing")
    TargetFactory(service_area=area, ref="HSG-T1", deadline_text="by summer 2021")
    indicator = IndicatorFactory(outcome=OutcomeFactory(service_area=area, ref="HSG-O1"))
    measure(indicator, "2021-03-31", 10)  # far behind the line to 1,000 by December: red
    return area


def test_the_directorate_report_counts_red_indicators_beside_its_targets(
    client: Client, area: ServiceArea
) -> None:
    client.force_login(senior_manager())
    url = reverse("reports:directorate", args=[area.plan.slug, area.slug])
    html = client.get(url, {"as_at": "2021-09-30"}).content.decode()
    assert "0 of 1 target complete, 1 late or off track" in html
    assert "<strong>Indicators:</strong> 1 red." in html
    # The as at date comes before the summary, right under the heading.
    assert html.index("Status as at 30 September 2021") < html.index("1 late or off track")


def test_the_whole_plan_report_opens_with_a_plan_wide_summary(
    client: Client, area: ServiceArea
) -> None:
    TargetFactory(service_area=ServiceAreaFactory(plan=area.plan, name="Public health"))
    client.force_login(senior_manager())
    html = client.get(reverse("reports:plan", args=[area.plan.slug]), {"as_at": "2021-09-30"})
    html = html.content.decode()
    summary = html[html.index("The whole plan") : html.index('id="area-housing"')]
    assert "0 of 2 targets complete, 2 late or off track" in summary
    assert "Public health" in summary and "Housing" in summary
    assert "app-page-break" not in html  # areas flow on, so no printed page is left near-empty
