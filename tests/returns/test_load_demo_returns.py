"""load_demo_returns: a closed Q2 and a partly submitted Q3, DEBUG only, once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from plans.models import Plan
from returns.models import AreaReturn, Return, SendBackNote, TargetSnapshot

pytestmark = pytest.mark.django_db


def load_everything() -> None:
    for command in ["create_demo_accounts", "load_demo_progress", "load_demo_returns"]:
        call_command(command, stdout=StringIO())


@override_settings(DEBUG=True)
def test_a_closed_q2_and_an_open_q3_with_an_area_sent_back(islington: Plan) -> None:
    load_everything()
    q2 = Return.objects.get(name="Q2 2021/22")
    assert q2.state == Return.State.CLOSED
    assert TargetSnapshot.objects.filter(area_return__of_return=q2).exists()
    approved = q2.areas.filter(state=AreaReturn.State.APPROVED)
    assert set(approved.values_list("service_area__slug", flat=True)) == {
        "community-wealth-building",
        "housing",
    }
    q3 = Return.objects.get(name="Q3 2021/22")
    assert q3.is_open
    states = dict(q3.areas.values_list("service_area__slug", "state"))
    assert states["community-wealth-building"] == AreaReturn.State.SENT_BACK
    assert states["housing"] == AreaReturn.State.SUBMITTED  # for housinglead to sign off
    assert AreaReturn.State.OPEN in states.values()
    note = SendBackNote.objects.get(area_return__of_return=q3, target__isnull=False)
    assert note.comment.startswith("Demo data:")


@override_settings(DEBUG=True)
def test_running_twice_adds_nothing_more(islington: Plan) -> None:
    load_everything()
    out = StringIO()
    call_command("load_demo_returns", stdout=out)
    assert Return.objects.count() == 2
    assert "already loaded" in out.getvalue()


@override_settings(DEBUG=False)
def test_refuses_with_debug_off(islington: Plan) -> None:
    with pytest.raises(CommandError, match="only loaded with DEBUG on"):
        call_command("load_demo_returns")
    assert not Return.objects.exists()


@override_settings(DEBUG=True)
def test_needs_the_demo_accounts(islington: Plan) -> None:
    with pytest.raises(CommandError, match="create_demo_accounts"):
        call_command("load_demo_returns")
    assert not Return.objects.exists()
