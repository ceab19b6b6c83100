"""A plan exported with its history restores into an empty database as the same plan."""

import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from outcomes.models import BreakdownValue, Indicator, Measurement, OutcomeUpdate
from planfile.format import PlanFileError, parse_plan_text, read_plan_file
from planfile.services import import_plan
from plans.models import Action, EqualityGroup, Plan, ServiceArea
from targets.models import ProgressUpdate, Target
from tests.factories import ProgressUpdateFactory, UserFactory, senior_manager
from tests.outcomes.factories import measure

pytestmark = pytest.mark.django_db
LONDON = dt.timezone(dt.timedelta(hours=1))


def _report(client: Client, plan: Plan) -> str:
    url = reverse("reports:directorate", args=[plan.slug, "community-wealth-building"])
    response = client.get(url, {"as_at": "2021-12-31"})
    assert response.status_code == 200
    html = response.content.decode()
    main = html.split('<main class="govuk-main-wrapper" id="main-content">')[1]
    # Database ids differ after a restore; everything the reader sees must not.
    return re.sub(r"/(\d+)/", "/ID/", main.split("</main>")[0])


def _empty_the_database() -> None:
    for model in (BreakdownValue, Measurement, OutcomeUpdate, ProgressUpdate):
        model.objects.all()._raw_delete(model.objects.db)  # append-only models refuse delete()
    for model in (Indicator, Target, Action):
        model.objects.all().delete()
    from outcomes.models import Outcome

    Outcome.objects.all().delete()
    ServiceArea.objects.all().delete()
    Plan.objects.all().delete()
    EqualityGroup.objects.filter(parent__isnull=False).delete()
    EqualityGroup.objects.all().delete()
    get_user_model().objects.exclude(username="reader").delete()


def test_export_with_history_restores_the_same_directorate_report(
    islington: Plan, client: Client, tmp_path: Path
) -> None:
    officer = UserFactory(username="o.adeyemi", first_name="Olu", last_name="Adeyemi")
    Target.objects.filter(ref="CWB-T1").update(owner=officer)
    for ref, day, status in [
        ("CWB-T1", 1, "on_track"),
        ("CWB-T1", 40, "complete"),
        ("CWB-T3", 9, "at_risk"),
    ]:
        ProgressUpdateFactory(
            target=Target.objects.get(ref=ref),
            author=officer,
            status=status,
            commentary=f"Update on {ref}",
            made_at=dt.datetime(2021, 6, 1, 10, tzinfo=LONDON) + dt.timedelta(days=day),
        )
    measure(
        Indicator.objects.get(ref="CWB-I1"), "2021-06-30", 200, author=officer, african=90, irish=10
    )
    reader = senior_manager(username="reader")
    client.force_login(reader)
    before = _report(client, islington)

    backup = tmp_path / "backup.yaml"
    call_command(
        "export_plan", islington.slug, "--with-history", "-o", str(backup), stdout=StringIO()
    )
    _empty_the_database()
    assert not Target.objects.exists() and not ProgressUpdate.objects.exists()

    call_command("import_plan", str(backup), stdout=StringIO())
    restored = Plan.objects.get(slug=islington.slug)
    assert ProgressUpdate.objects.count() == 3 and Measurement.objects.count() == 1
    assert Target.objects.get(ref="CWB-T1").owner.get_full_name() == "Olu Adeyemi"
    assert not get_user_model().objects.get(username="o.adeyemi").has_usable_password()
    client.force_login(reader)
    assert _report(client, restored) == before

    # Restoring again adds nothing: history is append-only and matched on what, when and who.
    call_command("import_plan", str(backup), stdout=StringIO())
    assert ProgressUpdate.objects.count() == 3 and Measurement.objects.count() == 1


def test_history_naming_an_unknown_target_stores_nothing(islington: Plan) -> None:
    from planfile.format import dump_plan
    from planfile.services import export_plan

    ProgressUpdateFactory(target=Target.objects.get(ref="CWB-T1"))
    data = parse_plan_text(dump_plan(export_plan(plan=islington, with_history=True)))
    data["history"]["progress_updates"][0]["target"] = "community-wealth-building/CWB-T99"
    data["plan"]["service_areas"][0]["targets"][0]["text"] = "Changed in the same file."
    with pytest.raises(PlanFileError, match='no target "community-wealth-building/CWB-T99"'):
        import_plan(data=data)
    assert Target.objects.get(ref="CWB-T1").text.startswith("Our entrepreneur network")
    assert ProgressUpdate.objects.count() == 1


def test_a_crash_mid_import_leaves_the_previous_state(islington: Plan, monkeypatch) -> None:
    data = read_plan_file(Path("plans/data/challenging-inequalities.yaml"))
    data["plan"]["service_areas"][0]["targets"][0]["text"] = "Changed before the crash."
    calls = {"n": 0}
    real_save = Target.save

    def crash_on_the_third_target(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("the server lost power")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Target, "save", crash_on_the_third_target)
    data["plan"]["service_areas"][0]["targets"][1]["text"] = "Second change."
    data["plan"]["service_areas"][0]["targets"][2]["text"] = "Third change."
    with pytest.raises(RuntimeError):
        import_plan(data=data)
    monkeypatch.undo()
    assert Target.objects.get(ref="CWB-T1").text.startswith("Our entrepreneur network")
