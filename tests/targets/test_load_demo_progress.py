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
