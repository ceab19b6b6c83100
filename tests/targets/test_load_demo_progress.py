"""load_demo_progress: fictional, marked, repeatable, DEBUG only, and never touches the plan."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from plans.models import Plan
from targets.models import ProgressUpdate, Target

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_adds_demo_updates_marked_as_such_and_leaves_the_plans_text(islington: Plan) -> None:
    texts_before = list(Target.objects.order_by("pk").values_list("text", "deadline_text"))
    call_command("load_demo_progress", stdout=StringIO())
    updates = ProgressUpdate.objects.all()
    assert updates.count() > 50
    assert not updates.filter(is_demo=False).exists()
    assert all(u.commentary.startswith("Demo data:") for u in updates)
    years = {u.made_at.year for u in updates}
    assert years <= {2021, 2022} and 2021 in years
    assert list(Target.objects.order_by("pk").values_list("text", "deadline_text")) == texts_before


@override_settings(DEBUG=True)
def test_running_twice_adds_nothing_more(islington: Plan) -> None:
    call_command("load_demo_progress", stdout=StringIO())
    count = ProgressUpdate.objects.count()
    out = StringIO()
    call_command("load_demo_progress", stdout=out)
    assert ProgressUpdate.objects.count() == count
    assert "already loaded" in out.getvalue()


@override_settings(DEBUG=False)
def test_refuses_with_debug_off(islington: Plan) -> None:
    with pytest.raises(CommandError, match="only loaded with DEBUG on"):
        call_command("load_demo_progress")
    assert not ProgressUpdate.objects.exists()


@override_settings(DEBUG=False)
def test_demo_accounts_are_refused_with_debug_off(islington: Plan) -> None:
    from django.contrib.auth import get_user_model

    with pytest.raises(CommandError, match="only created with DEBUG on"):
        call_command("create_demo_accounts")
    assert not get_user_model().objects.exists()


@override_settings(DEBUG=True)
def test_refuses_when_no_plan_is_loaded() -> None:
    with pytest.raises(CommandError, match="No targets: load a plan with import_plan first"):
        call_command("load_demo_progress")
    assert not ProgressUpdate.objects.exists()


@override_settings(DEBUG=True)
def test_demo_accounts_name_an_unknown_plan_and_create_no_one(islington: Plan) -> None:
    from django.contrib.auth import get_user_model

    with pytest.raises(CommandError, match='No plan "nope": load it with import_plan first'):
        call_command("create_demo_accounts", "--plan", "nope")
    assert not get_user_model().objects.exists()


@override_settings(DEBUG=True)
def test_demo_accounts_are_made_once_with_their_roles_and_areas(islington: Plan) -> None:
    from django.contrib.auth import get_user_model

    from plans.roles import is_officer, is_senior_manager, is_service_lead

    call_command("create_demo_accounts", stdout=StringIO())
    call_command("create_demo_accounts", stdout=StringIO())
    users = get_user_model().objects
    assert users.count() == 7
    officer = users.get(username="officer")
    assert is_officer(officer) and officer.check_password("equality-demo-2021")
    assert list(officer.service_areas.values_list("slug", flat=True)) == [
        "community-wealth-building"
    ]
    assert is_senior_manager(users.get(username="manager"))
    for username, area in [("lead", "community-wealth-building"), ("housinglead", "housing")]:
        lead = users.get(username=username)
        assert is_service_lead(lead) and not is_officer(lead)
        assert list(lead.led_service_areas.values_list("slug", flat=True)) == [area]
        assert not lead.service_areas.exists()
    assert users.get(username="admin").is_staff
