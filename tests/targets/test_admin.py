"""Targets in the admin: deadlines resolve or are proposed from the wording; imports validate."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from import_export.formats.base_formats import CSV, XLSX

from plans.models import Plan
from targets.models import ProgressUpdate, Target
from targets.resources import TargetResource
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


# --- Import and export hardened (issue 16) -----------------------------------------------------


@pytest.fixture(autouse=True)
def private_import_folder(settings, tmp_path: Path) -> Path:
    settings.ADMIN_IMPORT_TMP_DIR = str(tmp_path / "imports")
    return tmp_path / "imports"


def _waiting(folder: Path) -> list[Path]:
    return list(folder.iterdir()) if folder.exists() else []


def _upload(client: Client, name: str, content: bytes, fmt: str = "0"):
    return client.post(
        reverse("admin:targets_target_import"),
        {"import_file": SimpleUploadedFile(name, content), "format": fmt, "resource": "0"},
    )


def _state(target: Target) -> tuple:
    target.refresh_from_db()
    groups = tuple(target.groups.values_list("slug", flat=True))
    return target.text, target.deadline_text, target.due_date, target.owner_id, groups


def test_a_row_with_a_quote_that_never_closes_is_refused_and_nothing_changes(
    admin_client: Client, private_import_folder: Path
) -> None:
    target = Target.objects.get(ref="HSG-T1")
    before = _state(target)
    response = _import_csv(
        admin_client,
        'challenging-inequalities/housing,HSG-T1,,"Reworded,by summer 2022,,,bame,live\n'
        "challenging-inequalities/housing,HSG-T9,,New,by summer 2022,,,bame,live\n",
    )
    assert response.status_code == 200
    assert "Row 2: a quote in this row never closes" in response.text
    assert "confirm_form" not in response.context
    assert _state(target) == before
    assert _waiting(private_import_folder) == []


def test_a_short_row_is_refused_rather_than_blanking_what_it_leaves_out(
    admin_client: Client,
) -> None:
    target = Target.objects.get(ref="HSG-T1")
    before = _state(target)
    response = _import_csv(admin_client, "challenging-inequalities/housing,HSG-T1,,Reworded\n")
    assert "Row 2: it has 4 cells but there are 9 columns" in response.text
    assert _state(target) == before


@pytest.mark.parametrize("hidden", ["\x00", "\u202e"])
def test_a_hidden_character_in_an_imported_cell_is_refused(
    admin_client: Client, hidden: str
) -> None:
    response = _import_csv(
        admin_client, f"challenging-inequalities/housing,HSG-T9,,New{hidden},,,,bame,live\n"
    )
    assert "Row 2, column text: character 4 is a" in response.text
    assert not Target.objects.filter(ref="HSG-T9").exists()


def test_a_file_larger_than_the_limit_is_refused_at_once(admin_client: Client, settings) -> None:
    settings.ADMIN_IMPORT_MAX_BYTES = 1_000
    response = _upload(admin_client, "big.csv", (CSV_HEADER + "x,y\n" * 1000).encode())
    assert "The file is larger than 1 KB; nothing was imported." in response.text
    assert "confirm_form" not in response.context


def test_more_rows_than_the_limit_are_refused(admin_client: Client, settings) -> None:
    settings.ADMIN_IMPORT_MAX_ROWS = 2
    body = "".join(
        f"challenging-inequalities/housing,HSG-T{n},,New,by summer 2022,,,bame,live\n"
        for n in range(90, 93)
    )
    response = _import_csv(admin_client, body)
    assert "The file has more than 2 rows; nothing was imported." in response.text
    assert not Target.objects.filter(ref__startswith="HSG-T9").exists()


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_that_expands_past_the_limit_is_refused_before_it_is_read(
    admin_client: Client, settings
) -> None:
    settings.ADMIN_IMPORT_MAX_EXPANDED_BYTES = 200_000
    bomb = _xlsx([CSV_HEADER.strip().split(",")] + [["a" * 30_000] for _ in range(20)])
    assert len(bomb) < 50_000  # small on the wire, large once expanded
    response = _upload(admin_client, "bomb.xlsx", bomb, fmt="1")
    assert "The spreadsheet expands to more than 200 KB; nothing was imported." in response.text


def test_an_xlsx_with_too_many_rows_is_refused(admin_client: Client, settings) -> None:
    settings.ADMIN_IMPORT_MAX_ROWS = 2
    rows = [["challenging-inequalities/housing", f"HSG-T{n}", None, "New"] for n in range(90, 93)]
    response = _upload(
        admin_client, "many.xlsx", _xlsx([CSV_HEADER.strip().split(",")[:4], *rows]), fmt="1"
    )
    assert "The file has more than 2 rows; nothing was imported." in response.text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("import_file_name", "../../etc/passwd"),
        ("import_file_name", "passwd"),
        ("import_file_name", "0" * 32),
        ("format", "99"),
        ("format", "x"),
        ("format", "-1"),
        ("resource", "7"),
        ("resource", "one"),
    ],
)
def test_a_tampered_confirmation_is_refused_and_touches_no_file(
    admin_client: Client, private_import_folder: Path, tmp_path: Path, field: str, value: str
) -> None:
    bystander = tmp_path / "passwd"
    bystander.write_text("not the import's")
    response = _import_csv(
        admin_client, "challenging-inequalities/housing,HSG-T9,,New,by summer 2022,,,bame,live\n"
    )
    confirm = response.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields} | {field: value}
    response = admin_client.post(reverse("admin:targets_target_process_import"), data)
    assert response.status_code == 200
    assert "start the import again" in response.text or "start it again" in response.text
    assert not Target.objects.filter(ref="HSG-T9").exists()
    assert bystander.read_text() == "not the import's"


def test_the_waiting_file_is_private_and_removed_once_imported(
    admin_client: Client, private_import_folder: Path
) -> None:
    response = _import_csv(
        admin_client, "challenging-inequalities/housing,HSG-T9,,New,by summer 2022,,,bame,live\n"
    )
    (waiting,) = _waiting(private_import_folder)
    assert private_import_folder.stat().st_mode & 0o077 == 0
    confirm = response.context["confirm_form"]
    assert confirm["import_file_name"].value() == waiting.name
    data = {name: confirm[name].value() for name in confirm.fields}
    admin_client.post(reverse("admin:targets_target_process_import"), data)
    assert Target.objects.filter(ref="HSG-T9").exists()
    assert _waiting(private_import_folder) == []


def test_admin_exports_neutralise_formulas_and_read_back_as_stored(admin_client: Client) -> None:
    target = Target.objects.get(ref="HSG-T1")
    Target.objects.filter(pk=target.pk).update(text='=HYPERLINK("https://evil.example","Click")')
    dataset = TargetResource().export(Target.objects.filter(pk=target.pk))
    assert dataset.dict[0]["text"] == '\'=HYPERLINK("https://evil.example","Click")'
    sheet = openpyxl.load_workbook(io.BytesIO(XLSX().export_data(dataset))).active
    cell = next(c for c in sheet[2] if str(c.value).startswith("'="))
    assert cell.data_type == "s"  # text, never a formula
    csv_text = CSV().export_data(dataset)
    assert ",\"'=HYPERLINK(" in csv_text
    # Imported back, the text is what was stored, not the export's apostrophe.
    response = _upload(admin_client, "back.csv", csv_text.encode())
    confirm = response.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    admin_client.post(reverse("admin:targets_target_process_import"), data)
    target.refresh_from_db()
    assert target.text == '=HYPERLINK("https://evil.example","Click")'
