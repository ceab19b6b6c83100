"""manage.py deadlines: every target's phrase, window and status; unreadable ones named."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from plans.models import Plan
from targets.models import Target

pytestmark = pytest.mark.django_db


def test_lists_every_islington_target_with_window_and_status(islington: Plan) -> None:
    out = StringIO()
    call_command("deadlines", "--as-at", "2021-09-30", stdout=out)
    text = out.getvalue()
    assert "Status as at 30 September 2021" in text
    lines = [
        line for line in text.splitlines() if line[:3] in {"CWB", "ENV", "HSG", "ADU", "CYP", "PH-"}
    ]
    assert len(lines) == Target.objects.count() == 28
    cwb_t1 = next(line for line in lines if line.startswith("CWB-T1 "))
    assert "by summer 2021" in cwb_t1 and "due 31 August 2021" in cwb_t1 and "Red" in cwb_t1


def test_names_a_target_whose_deadline_cannot_be_read(islington: Plan) -> None:
    Target.objects.filter(ref="CWB-T3").update(deadline_text="by Smarch 2021", due_date=None)
    with pytest.raises(CommandError, match=r"CWB-T3: .*Smarch"):
        call_command("deadlines", stdout=StringIO())


def test_refuses_a_bad_as_at_date(islington: Plan) -> None:
    with pytest.raises(CommandError, match="not a date"):
        call_command("deadlines", "--as-at", "30/09/2021")
