"""export_plan writes the import format back, so a plan round-trips."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from planfile.format import dump_plan, parse_plan_text, read_plan_file
from planfile.services import export_plan, import_plan
from plans.models import Plan
from targets.models import Target
from tests.conftest import ISLINGTON_FILE
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_export_of_the_islington_plan_equals_the_shipped_file(islington: Plan) -> None:
    exported = parse_plan_text(dump_plan(export_plan(plan=islington)))
    assert exported == read_plan_file(ISLINGTON_FILE)


def test_exported_file_imports_to_the_same_plan(islington: Plan, django_db_blocker) -> None:
    text = dump_plan(export_plan(plan=islington))
    Target.objects.filter(ref="CWB-T1").update(text="Edited after the export.")
    report = import_plan(data=parse_plan_text(text))
    assert report.updated["target"] == 1
    assert Target.objects.get(ref="CWB-T1").text.startswith("Our entrepreneur network")


def test_command_writes_a_file_that_imports_cleanly(islington: Plan, tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    call_command("export_plan", "challenging-inequalities", "--output", str(path))
    assert not import_plan(data=read_plan_file(path)).changed_anything


def test_command_writes_to_stdout_when_there_is_one_plan(islington: Plan) -> None:
    out = StringIO()
    call_command("export_plan", stdout=out)
    assert out.getvalue().startswith("format: equality-plan/1\n")


def test_command_names_an_unknown_plan(islington: Plan) -> None:
    with pytest.raises(CommandError, match=r'No plan "nope"\. Plans: challenging-inequalities'):
        call_command("export_plan", "nope")


def test_command_asks_which_plan_when_there_are_several(islington: Plan) -> None:
    PlanFactory(slug="refresh-2022")
    with pytest.raises(CommandError, match="several plans"):
        call_command("export_plan")
