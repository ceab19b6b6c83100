"""Targets in the admin: deadlines resolve or are proposed from the wording; imports validate."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from plans.models import Plan
from targets.models import ProgressUpdate, Target
from tests.factories import plan_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, islington: Plan) -> Client:
    client.force_login(plan_admin())
    return client


def _new_target(area_id: int, **fields: str) -> dict:
    return {
        "service_area": area_id,
        "ref": "CWB-T9",
        "position": 9,
        "text": "A new workspace will open by the end of March 2022.",
        "deadline_text": "",
        "due_date": "",
        "lifecycle": "live",
        **fields,
    }


def test_new_target_gets_its_deadline_proposed_from_the_wording(
    admin_client: Client, islington: Plan
) -> None:
    area = islington.service_areas.get(slug="community-wealth-building")
    url = reverse("admin:targets_target_add")
    response = admin_client.post(url, _new_target(area.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Proposed from the wording: &quot;by the end of March 2022&quot;, due 31 March 2022" in page
    )
    assert not Target.objects.filter(ref="CWB-T9").exists()
    # Saving again, as proposed, accepts it.
    accepted = _new_target(area.pk, deadline_text="by the end of March 2022", proposal_shown="True")
    assert admin_client.post(url, accepted).status_code == 302
    target = Target.objects.get(ref="CWB-T9")
    assert (target.deadline_kind, str(target.due_date)) == ("dated", "2022-03-31")


def test_admin_may_override_the_resolved_due_date(admin_client: Client, islington: Plan) -> None:
    area = islington.service_areas.get(slug="community-wealth-building")
    data = _new_target(area.pk, deadline_text="by summer 2022", due_date="2022-07-15")
    assert admin_client.post(reverse("admin:targets_target_add"), data).status_code == 302
    assert str(Target.objects.get(ref="CWB-T9").due_date) == "2022-07-15"


def test_unreadable_deadline_is_refused_with_the_reason(
    admin_client: Client, islington: Plan
) -> None:
    area = islington.service_areas.get(slug="community-wealth-building")
    data = _new_target(area.pk, deadline_text="by Smarch 2021")
    response = admin_client.post(reverse("admin:targets_target_add"), data)
    assert "no month called" in response.content.decode()
    assert not Target.objects.filter(ref="CWB-T9").exists()


def test_change_page_shows_the_phrase_and_its_window(admin_client: Client) -> None:
    target = Target.objects.get(ref="CWB-T1")
    page = admin_client.get(reverse("admin:targets_target_change", args=[target.pk]))
    assert "by summer 2021: due 31 August 2021" in page.content.decode()


def test_target_list_filters_by_status_today(admin_client: Client) -> None:
    page = admin_client.get(reverse("admin:targets_target_changelist"), {"status": "unscheduled"})
    content = page.content.decode()
    assert "CWB-T2" in content and "CWB-T1" not in content


CSV_HEADER = "service_area,ref,bullet,text,deadline_text,due_date_override,owner,groups,lifecycle\n"


def _import_csv(client: Client, body: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("targets.csv", (CSV_HEADER + body).encode(), "text/csv")
    return client.post(
        reverse("admin:targets_target_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )


def test_bulk_import_with_a_bad_row_stores_nothing_and_names_it(admin_client: Client) -> None:
    body = (
        "challenging-inequalities/housing,HSG-T9,,New target,by summer 2022,,,bame,live\n"
        "challenging-inequalities/housing,HSG-T10,,Another,by Smarch 2022,,,bame,live\n"
    )
    response = _import_csv(admin_client, body)
    content = response.content.decode()
    assert "no month called" in content
    assert not Target.objects.filter(ref__in=["HSG-T9", "HSG-T10"]).exists()


def test_bulk_import_of_good_rows_resolves_deadlines(admin_client: Client) -> None:
    body = "challenging-inequalities/housing,HSG-T9,,New target,by summer 2022,,,bame,live\n"
    response = _import_csv(admin_client, body)
    assert response.status_code == 200
    content = response.content.decode()
    assert "HSG-T9" in content  # the preview, before confirming
    confirm = response.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    assert (
        admin_client.post(reverse("admin:targets_target_process_import"), data).status_code == 302
    )
    target = Target.objects.get(ref="HSG-T9")
    assert str(target.due_date) == "2022-08-31"
    assert list(target.groups.values_list("slug", flat=True)) == ["bame"]


def test_a_target_cannot_be_superseded_by_itself(admin_client: Client) -> None:
    target = Target.objects.get(ref="CWB-T1")
    response = admin_client.post(
        reverse("admin:targets_target_change", args=[target.pk]),
        {
            **_new_target(target.service_area_id, ref=target.ref, text=target.text),
            "deadline_text": target.deadline_text,
            "lifecycle": "superseded",
            "closed_on": "2021-06-30",
            "closure_reason": "Replaced.",
            "superseded_by": target.pk,
            "proposal_shown": "True",
        },
    )
    assert response.status_code == 200
    assert "A target cannot supersede itself" in response.text
    target.refresh_from_db()
    assert target.lifecycle == "live" and target.superseded_by_id is None


def test_the_database_refuses_a_target_superseded_by_itself(islington: Plan) -> None:
    target = Target.objects.get(ref="CWB-T1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.filter(pk=target.pk).update(
            lifecycle="superseded", superseded_by=target, closure_reason="Replaced."
        )


def test_progress_updates_are_only_read_in_the_admin(admin_client: Client) -> None:
    target = Target.objects.get(ref="CWB-T1")
    response = admin_client.post(
        reverse("admin:targets_progressupdate_add"),
        {"target": target.pk, "status": "complete", "commentary": ""},
    )
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()
