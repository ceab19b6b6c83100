"""The target page and adding progress updates: who may, refusals, concurrent edits, escaping."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from plans.models import ServiceArea
from targets.models import ProgressUpdate, Target
from tests.factories import (
    ActionFactory,
    EqualityGroupFactory,
    ProgressUpdateFactory,
    ServiceAreaFactory,
    TargetFactory,
    UserFactory,
    officer_of,
    plan_admin,
    senior_manager,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def area() -> ServiceArea:
    return ServiceAreaFactory(name="Community wealth building")


@pytest.fixture
def target(area: ServiceArea) -> Target:
    return TargetFactory(
        service_area=area,
        ref="CWB-T1",
        text="Our entrepreneur network will be in place by summer 2021.",
        deadline_text="by summer 2021",
    )


def _at(day: str, time: str = "12:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=LONDON)


def _detail(target: Target) -> str:
    return reverse("targets:detail", args=[target.pk])


def _form(target: Target) -> str:
    return reverse("targets:add_update", args=[target.pk])


def _seen_id(response) -> str:
    """The hidden seen_latest_update_id the form carries ("" when it has none)."""
    field = re.search(r'<input type="hidden" name="seen_latest_update_id"[^>]*>', response.text)
    value = re.search(r'value="([^"]*)"', field.group(0))
    return value.group(1) if value else ""


def _post(client: Client, target: Target, /, **fields: str):
    data = {"status": "on_track", "commentary": "", "seen_latest_update_id": ""}
    return client.post(_form(target), {**data, **fields})


# --- Sign-in and roles --------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "detail", "form"])
def test_every_page_sends_a_signed_out_visitor_to_sign_in(
    client: Client, target: Target, page: str
) -> None:
    url = {"list": reverse("targets:list"), "detail": _detail(target), "form": _form(target)}[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_signed_out_post_stores_nothing(client: Client, target: Target) -> None:
    response = _post(client, target)
    assert response.status_code == 302
    assert ProgressUpdate.objects.count() == 0


@pytest.mark.parametrize("page", ["list", "detail", "form"])
def test_user_without_a_role_is_refused_every_page(
    client: Client, target: Target, page: str
) -> None:
    client.force_login(UserFactory())
    url = {"list": reverse("targets:list"), "detail": _detail(target), "form": _form(target)}[page]
    response = client.get(url)
    assertContains(response, "You do not have permission to see this page", status_code=403)


def test_navigation_shows_targets_only_to_users_with_a_role(client: Client, area) -> None:
    client.force_login(UserFactory())
    assertNotContains(client.get(reverse("password_change")), 'href="/targets/"')
    client.force_login(officer_of(area))
    assertContains(client.get(reverse("password_change")), 'href="/targets/"')
    # Marked as the current section on every page under it.
    response = client.get(reverse("targets:list"))
    assertContains(response, "govuk-service-navigation__item--active")


# --- The target page ----------------------------------------------------------------------------


def test_target_page_shows_its_facts_deadline_window_and_status(
    client: Client, target: Target, area: ServiceArea, monkeypatch
) -> None:
    monkeypatch.setattr("targets.views.timezone.localdate", lambda: dt.date(2021, 6, 1))
    target.owner = UserFactory(first_name="Olu", last_name="Adeyemi")
    target.save()
    target.actions.add(
        ActionFactory(
            service_area=area,
            ref="CWB-A1",
            aim="We want more entrepreneurs.",
            commitment="We will run a network.",
        )
    )
    target.groups.add(EqualityGroupFactory(slug="women", name="Women"))
    client.force_login(senior_manager())
    response = client.get(_detail(target))
    assertContains(response, '<h1 class="govuk-heading-l">Target CWB-T1</h1>', html=True)
    for text in [
        "Our entrepreneur network will be in place by summer 2021.",
        "Community wealth building",
        "Olu Adeyemi",
        "CWB-A1",
        "We want more entrepreneurs.",
        "We will run a network.",
        "Women",
        "Due 31 August 2021",
        "The plan says “by summer 2021”",
        "Not yet due",
        "Due 31 August 2021; no update yet.",
        "No progress updates yet.",
    ]:
        assertContains(response, text)
    assert ProgressUpdate.objects.count() == 0


def test_redated_target_shows_both_deadlines_and_the_reason(client: Client, target: Target) -> None:
    target.revised_deadline_text = "end of 2021"
    target.revised_due_date = dt.date(2021, 12, 31)
    target.revision_reason = "The pandemic delayed recruitment."
    target.save()
    client.force_login(senior_manager())
    response = client.get(_detail(target))
    for text in [
        "Due 31 December 2021",
        "Re-dated to “end of 2021”",
        "The plan says “by summer 2021”",
    ]:
        assertContains(response, text)
    assertContains(response, "The pandemic delayed recruitment.")
    assert Target.objects.get(pk=target.pk).revised_due_date == dt.date(2021, 12, 31)


def test_target_page_lists_every_update_newest_first_with_author_and_time(
    client: Client, target: Target
) -> None:
    author = UserFactory(first_name="Sam", last_name="Ng")
    ProgressUpdateFactory(
        target=target, author=author, made_at=_at("2021-03-14", "10:05"), commentary="First."
    )
    ProgressUpdateFactory(
        target=target,
        author=author,
        made_at=_at("2021-05-02", "16:40"),
        status="at_risk",
        commentary="Second.",
        percent_complete=40,
        value="1500.50",
        evidence_url="https://example.org/report",
    )
    client.force_login(senior_manager())
    page = client.get(_detail(target)).text
    newer, older = "2 May 2021 at 16:40 by Sam Ng", "14 March 2021 at 10:05 by Sam Ng"
    assert page.index(newer) < page.index(older)
    assert "At risk" in page and "40%" in page and "1,500.50" in page
    evidence = 'href="https://example.org/report" rel="noopener noreferrer"'
    assert evidence in page
    assert ProgressUpdate.objects.filter(target=target).count() == 2


def test_commentary_is_shown_as_text_with_its_line_breaks(client: Client, target: Target) -> None:
    ProgressUpdateFactory(target=target, commentary="<script>alert(1)</script>\nNext line")
    client.force_login(senior_manager())
    response = client.get(_detail(target))
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;<br>Next line")
    assertNotContains(response, "<script>alert(1)</script>")
    assert ProgressUpdate.objects.get().commentary == "<script>alert(1)</script>\nNext line"


@pytest.mark.parametrize(
    ("who", "offered"),
    [("own officer", True), ("other officer", False), ("senior manager", False), ("admin", True)],
)
def test_add_update_button_is_offered_only_to_users_who_may_update(
    client: Client, target: Target, area: ServiceArea, who: str, offered: bool
) -> None:
    user = {
        "own officer": lambda: officer_of(area),
        "other officer": lambda: officer_of(ServiceAreaFactory()),
        "senior manager": senior_manager,
        "admin": plan_admin,
    }[who]()
    client.force_login(user)
    page = client.get(_detail(target)).text
    assert ("Add a progress update" in page) is offered
    assert (_form(target) in page) is offered


def test_closed_target_says_so_with_reason_and_successor_and_offers_no_update(
    client: Client, target: Target, area: ServiceArea
) -> None:
    successor = TargetFactory(service_area=area, ref="CWB-T9", text="A wider network.")
    target.lifecycle = "superseded"
    target.superseded_by = successor
    target.closed_on = dt.date(2021, 5, 1)
    target.closure_reason = "Merged into a wider programme."
    target.save()
    client.force_login(officer_of(area))
    response = client.get(_detail(target))
    assertContains(response, "This target was superseded on 1 May 2021.")
    assertContains(response, "Merged into a wider programme.")
    assertContains(response, f'href="{_detail(successor)}"')
    assertContains(response, "Superseded")
    assertNotContains(response, "Add a progress update")
    assert ProgressUpdate.objects.count() == 0


def test_unknown_target_is_not_found(client: Client, area: ServiceArea) -> None:
    client.force_login(plan_admin())
    missing = Target(pk=999_999)
    assertContains(client.get(_detail(missing)), "Page not found", status_code=404)
    assertContains(client.get(_form(missing)), "Page not found", status_code=404)
    assertContains(_post(client, missing), "Page not found", status_code=404)
    assert ProgressUpdate.objects.count() == 0


# --- Adding an update ---------------------------------------------------------------------------


def test_officer_adds_an_update_and_sees_it_saved(
    client: Client, target: Target, area: ServiceArea
) -> None:
    officer = officer_of(area, first_name="Olu", last_name="Adeyemi")
    client.force_login(officer)
    form = client.get(_form(target))
    assertContains(form, "Add a progress update")
    assert _seen_id(form) == ""
    response = _post(
        client,
        target,
        status="at_risk",
        commentary="Recruitment is slow.",
        percent_complete="40",
        value="12.5",
        evidence_url="https://example.org/report",
    )
    assert response.status_code in (302, 303)
    assert response["Location"] == _detail(target)
    update = ProgressUpdate.objects.get()
    assert (update.target, update.author, update.status) == (target, officer, "at_risk")
    assert (update.commentary, update.percent_complete, str(update.value)) == (
        "Recruitment is slow.",
        40,
        "12.50",
    )
    assert update.evidence_url == "https://example.org/report"
    page = client.get(response["Location"])
    assertContains(page, "Your progress update was saved")
    assertContains(page, "govuk-notification-banner--success")


def test_form_carries_the_latest_update_it_was_opened_with(
    client: Client, target: Target, area: ServiceArea
) -> None:
    ProgressUpdateFactory(target=target, made_at=_at("2021-03-01"))
    latest = ProgressUpdateFactory(target=target, made_at=_at("2021-04-01"), commentary="Latest.")
    client.force_login(officer_of(area))
    response = client.get(_form(target))
    assert _seen_id(response) == str(latest.pk)
    assertContains(response, "Latest.")
    assert ProgressUpdate.objects.count() == 2


def test_plan_admin_may_update_any_live_target(client: Client, target: Target) -> None:
    admin = plan_admin()
    client.force_login(admin)
    assert client.get(_form(target)).status_code == 200
    assert _post(client, target).status_code in (302, 303)
    assert ProgressUpdate.objects.get().author == admin


@pytest.mark.parametrize("method", ["get", "post"])
def test_senior_manager_cannot_open_or_post_the_update_form(
    client: Client, target: Target, method: str
) -> None:
    client.force_login(senior_manager())
    response = client.get(_form(target)) if method == "get" else _post(client, target)
    assertContains(response, "You cannot add progress updates to target CWB-T1", status_code=403)
    assertContains(
        response, "Only officers of Community wealth building and plan admins", status_code=403
    )
    assert ProgressUpdate.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_officer_cannot_update_another_areas_target(
    client: Client, target: Target, method: str
) -> None:
    other_area = ServiceAreaFactory()
    own_target = TargetFactory(service_area=other_area)
    client.force_login(officer_of(other_area))
    if method == "get":
        response = client.get(_form(target))
    else:
        # A target id of their own in the form data changes nothing: the URL names the target.
        response = _post(client, target, target=str(own_target.pk), target_id=str(own_target.pk))
    assertContains(response, "You cannot add progress updates to target CWB-T1", status_code=403)
    assert ProgressUpdate.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_closed_target_takes_no_updates(
    client: Client, target: Target, area: ServiceArea, method: str
) -> None:
    target.lifecycle = "cancelled"
    target.closed_on = dt.date(2021, 5, 1)
    target.closure_reason = "No longer funded."
    target.save()
    client.force_login(officer_of(area))
    response = client.get(_form(target)) if method == "get" else _post(client, target)
    assertContains(response, "Updates are closed for target CWB-T1", status_code=403)
    assertContains(response, "No longer funded.", status_code=403)
    assert ProgressUpdate.objects.count() == 0


def test_post_without_csrf_token_is_refused(target: Target, area: ServiceArea) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_of(area))
    response = _post(client, target, commentary="No token.")
    assertContains(response, "Your form could not be sent", status_code=403)
    assert ProgressUpdate.objects.count() == 0


def test_second_officer_is_shown_the_first_officers_update_and_nothing_is_overwritten(
    target: Target, area: ServiceArea
) -> None:
    first, second = Client(), Client()
    first.force_login(officer_of(area, first_name="Olu", last_name="Adeyemi"))
    second.force_login(officer_of(area, first_name="Sam", last_name="Ng"))
    seen_by_first = _seen_id(first.get(_form(target)))
    seen_by_second = _seen_id(second.get(_form(target)))

    saved = _post(
        first,
        target,
        status="off_track",
        commentary="Funding fell through.",
        seen_latest_update_id=seen_by_first,
    )
    assert saved.status_code in (302, 303)
    firsts = ProgressUpdate.objects.get()

    refused = _post(
        second,
        target,
        status="on_track",
        commentary="All going well.",
        percent_complete="60",
        seen_latest_update_id=seen_by_second,
    )
    assert refused.status_code == 200
    assert ProgressUpdate.objects.count() == 1
    made_at = firsts.made_at.astimezone(LONDON)
    assertContains(
        refused,
        f"Olu Adeyemi added an update on {made_at.day} {made_at:%B %Y at %H:%M} since you "
        "opened this page. Check it below, then send yours again if it still applies.",
    )
    assertContains(refused, "Important")
    assertContains(refused, "Funding fell through.")
    assertContains(refused, "Off track")
    assertContains(refused, "All going well.</textarea>")
    assertContains(refused, 'value="60"')
    assert _seen_id(refused) == str(firsts.pk)

    resent = _post(
        second,
        target,
        status="on_track",
        commentary="All going well.",
        percent_complete="60",
        seen_latest_update_id=_seen_id(refused),
    )
    assert resent.status_code in (302, 303)
    assert list(ProgressUpdate.objects.values_list("commentary", flat=True)) == [
        "All going well.",
        "Funding fell through.",
    ]


def test_every_update_made_since_the_form_was_opened_is_shown(
    client: Client, target: Target, area: ServiceArea
) -> None:
    client.force_login(officer_of(area))
    seen = _seen_id(client.get(_form(target)))
    ProgressUpdateFactory(target=target, made_at=_at("2021-04-01"), commentary="One.")
    ProgressUpdateFactory(target=target, made_at=_at("2021-04-02"), commentary="Two.")
    response = _post(client, target, commentary="Mine.", seen_latest_update_id=seen)
    assertContains(response, "2 updates were added since you opened this page")
    assertContains(response, "One.")
    assertContains(response, "Two.")
    assert ProgressUpdate.objects.count() == 2


# --- Query counts -------------------------------------------------------------------------------


def _make(area: ServiceArea, *, targets: int, updates_each: int) -> list[Target]:
    made, people = [], [UserFactory(), UserFactory()]  # few users: hashing passwords is slow
    for number in range(targets):
        target = TargetFactory(service_area=area, owner=people[number % 2])
        target.actions.add(ActionFactory(service_area=area))
        target.groups.add(EqualityGroupFactory(), EqualityGroupFactory())
        for day in range(updates_each):
            ProgressUpdateFactory(
                target=target,
                author=people[day % 2],
                made_at=_at("2021-03-01") + dt.timedelta(days=day + number),
            )
        made.append(target)
    return made


def _queries(client: Client, url: str, query: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    return len(captured)


def test_list_takes_the_same_queries_whatever_the_number_of_targets_and_updates(
    client: Client, area: ServiceArea, django_assert_num_queries
) -> None:
    client.force_login(officer_of(area))
    query = {"as_at": "2021-09-30"}
    _make(area, targets=3, updates_each=2)
    small = _queries(client, reverse("targets:list"), query)
    _make(area, targets=27, updates_each=10)
    with django_assert_num_queries(small):
        response = client.get(reverse("targets:list"), query)
    assertContains(response, "30 targets, status as at 30 September 2021")


def test_target_page_takes_the_same_queries_whatever_the_number_of_updates(
    client: Client, area: ServiceArea, django_assert_num_queries
) -> None:
    client.force_login(officer_of(area))
    few = _make(area, targets=3, updates_each=2)[-1]
    small = _queries(client, _detail(few))
    many = _make(area, targets=30, updates_each=10)[-1]
    with django_assert_num_queries(small):
        response = client.get(_detail(many))
    assert response.text.count('class="govuk-summary-card__title"') == 10


def test_a_late_target_says_why_it_is_red_beside_the_officers_own_report(
    client: Client, target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("targets.views.timezone.localdate", lambda: dt.date(2021, 10, 1))
    officer = officer_of(target.service_area)
    ProgressUpdateFactory(
        target=target, author=officer, status="at_risk", made_at=_at("2021-09-20")
    )
    client.force_login(officer)
    response = client.get(_detail(target))
    assert ProgressUpdate.objects.filter(target=target, status="at_risk").count() == 1
    assertContains(response, "Red: late or off track")
    assertContains(response, "late and not complete.")
    assertContains(response, "Officer’s report: <strong>At risk</strong>, 20 September 2021")
    assertContains(response, "so it stays red whatever an update reports")


def test_after_an_error_the_update_form_still_shows_the_latest_update(
    client: Client, target: Target
) -> None:
    officer = officer_of(target.service_area)
    latest = ProgressUpdateFactory(
        target=target, author=officer, status="on_track", commentary="Going well so far."
    )
    client.force_login(officer)
    response = client.post(
        reverse("targets:add_update", args=[target.pk]),
        {"status": "at_risk", "commentary": "", "seen_latest_update_id": latest.pk},
    )
    assertContains(response, "Explain why the target is at risk")
    assertContains(response, "Latest update")
    assertContains(response, "Going well so far.")
    assertContains(response, "It may miss its due date unless something changes.")
    assertNotContains(response, "Commentary (optional)")
    assert ProgressUpdate.objects.filter(target=target).count() == 1


def test_the_list_shows_the_officers_own_report_beside_the_computed_status(
    client: Client, area: ServiceArea, django_assert_num_queries
) -> None:
    officer = officer_of(area)
    late = TargetFactory(service_area=area, ref="HSG-T1", deadline_text="by summer 2021")
    ProgressUpdateFactory(target=late, author=officer, status="at_risk", made_at=_at("2021-09-20"))
    ProgressUpdateFactory(  # after the as at date: not counted
        target=late, author=officer, status="on_track", made_at=_at("2021-11-02")
    )
    client.force_login(officer)
    query = {"as_at": "2021-10-01"}
    response = client.get(reverse("targets:list"), query)
    assertContains(response, "Red: late or off track")
    assertContains(response, "Officer’s report: <strong>At risk</strong>, 20 September 2021")
    assertNotContains(response, "Officer’s report: <strong>On track</strong>")
    assert ProgressUpdate.objects.filter(target=late).count() == 2
    small = _queries(client, reverse("targets:list"), query)
    _make(area, targets=30, updates_each=3)  # more than a page
    with django_assert_num_queries(small):
        response = client.get(reverse("targets:list"), query)
    assert response.text.count("Officer’s report:") == 31  # every row: each has an update
