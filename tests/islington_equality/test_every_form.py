"""Every form, every field, every bad value: no 500, and a refusal is explained and stores nothing.

The forms are found, not listed: the form classes in the apps' forms and filters modules, the forms
that the URL conf's class-based views are given (sign-in, password change), and every model the
admin site registers. A form without an entry in FORMS or ADMIN fails
test_every_form_has_an_entry, as a route without one fails the URL walk.

Each field gets the bad values that fit its kind: empty, overlong, the wrong type, out of range,
control characters, NUL, direction overrides, invisible text, huge numbers and far dates. Some must
be refused whatever the field (MUST: a hidden character, text longer than the field, a far date in
a date field, a word in a number field); the others may be refused or accepted (an empty optional
field, "-1" where negatives are allowed), but never with a server error, and a refusal stores
nothing. Each value is sent in a savepoint that is rolled back, so every case starts from the same
data. In the admin, the first row of each inline (a saved row, or the blank one for a new row) is
varied too, field by field, with the rest of the page sent as shown.
"""

import datetime as dt
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from outcomes.models import Indicator, Outcome, OutcomeUpdate
from outcomes.shapes import breakdown_shape
from plans.forms import TEXT_MAX_LENGTH
from plans.roles import SENIOR_MANAGERS
from reminders.models import ReminderPreference
from returns import queries as return_queries
from returns import services as return_services
from returns.models import AreaReturn, DeadlineProposal, Return
from targets.models import ProgressUpdate, Target
from tests.factories import (
    PASSWORD,
    ActionFactory,
    EqualityGroupFactory,
    OutcomeFactory,
    PlanFactory,
    ServiceAreaFactory,
    TargetFactory,
    UserFactory,
    officer_of,
    plan_admin,
    service_lead_of,
)
from tests.outcomes.factories import ethnicity_indicator

pytestmark = pytest.mark.django_db

MUST, MAY = True, False  # must the value be refused, or may it be accepted?


@dataclass(frozen=True)
class Bad:
    kind: str
    value: Any  # a string, or a list of strings for a field of several boxes
    must_refuse: bool


def _text_values(field: forms.Field) -> list[Bad]:
    secret = isinstance(field.widget, forms.PasswordInput)  # any character may be in a password
    limit = field.max_length or TEXT_MAX_LENGTH
    values = [
        Bad("empty", "", MUST if field.required else MAY),
        Bad("overlong", "x" * (limit + 1), MUST),
        Bad("NUL", "a\x00b", MUST),
        Bad("control character", "a\x1bb", MAY if secret else MUST),
        Bad("direction override", "abc\u202efed", MAY if secret else MUST),
        Bad("huge number", "9" * 400, MAY),
        Bad("far date", "9999-12-31", MAY),
    ]
    if not secret:
        values.append(Bad("invisible", "\u200b\u2060", MUST))
    return values


def _number_values(field: forms.Field) -> list[Bad]:
    return [
        Bad("empty", "", MUST if field.required else MAY),
        Bad("wrong type", "twelve", MUST),
        Bad("out of range", "-1", MAY),
        Bad("huge number", "9" * 400, MUST),
        Bad("exponent", "1e999999", MUST),
        Bad("NUL", "1\x00", MUST),
        Bad("direction override", "1\u202e2", MUST),
    ]


def _date_values(field: forms.Field) -> list[Bad]:
    return [
        Bad("empty", "", MUST if field.required else MAY),
        Bad("wrong type", "yesterday", MUST),
        Bad("far date", "9999-12-31", MUST),
        Bad("far date", "0001-01-01", MUST),
        Bad("huge number", "9" * 400, MUST),
        Bad("NUL", "2021-01-01\x00", MUST),
    ]


def _split_date_values(field: forms.Field, boxes: int) -> list[Bad]:
    """Day, month and year boxes (GOV.UK's date input), or date and time (the admin's)."""
    if boxes == 3:
        values = {
            "empty": ["", "", ""],
            "wrong type": ["a", "b", "c"],
            "out of range": ["31", "2", "2021"],
            "far date": ["31", "12", "9999"],
            "far date, first year": ["1", "1", "1"],
            "huge number": ["9" * 30, "1", "2021"],
            "NUL": ["1\x00", "1", "2021"],
        }
    else:
        values = {
            "empty": ["", ""],
            "wrong type": ["yesterday", "noon"],
            "far date": ["9999-12-31", "10:00"],
            "far date, first year": ["0001-01-01", "10:00"],
            "huge number": ["9" * 400, "10:00"],
            "NUL": ["2021-01-01\x00", "10:00"],
        }
    return [
        Bad(kind, value, MAY if kind == "empty" and not field.required else MUST)
        for kind, value in values.items()
    ]


def _choice_values(field: forms.Field) -> list[Bad]:
    return [
        Bad("empty", "", MUST if field.required else MAY),
        Bad("wrong type", "not-a-choice", MUST),
        Bad("huge number", "9" * 400, MUST),
        Bad("NUL", "a\x00", MUST),
        Bad("overlong", "x" * 100_000, MUST),
    ]


def bad_values(field: forms.Field) -> list[Bad]:
    widget = getattr(field.widget, "widget", field.widget)  # the admin wraps related fields
    if isinstance(widget, forms.MultiWidget):
        return _split_date_values(field, len(widget.widgets))
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return [Bad("wrong type", "maybe", MAY), Bad("NUL", "\x00", MAY)]
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return _choice_values(field)
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return _number_values(field)
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return _date_values(field)
    if isinstance(field, forms.CharField):
        return _text_values(field)
    raise AssertionError(f"no bad values for a {type(field).__name__}: add them")


def values_for_each_field(
    fields: dict[str, forms.Field], values: Callable[[forms.Field], list[Bad]]
) -> Iterator[tuple[str, Bad]]:
    """Every field gets every value it must refuse; the values it may accept (which probe only
    for server errors) go to the first field of each kind in the form, to keep the test quick."""
    probed = set()
    for name, form_field in fields.items():
        widget = getattr(form_field.widget, "widget", form_field.widget)
        kind = (
            type(form_field),
            type(widget),
            form_field.required,
            getattr(form_field, "max_length", None),
        )
        for bad in values(form_field):
            if bad.must_refuse or kind not in probed:
                yield name, bad
        probed.add(kind)


def with_value(data: dict, form: forms.BaseForm, name: str, value: Any) -> dict:
    bound = form[name]
    changed = {**data}
    widget = getattr(bound.field.widget, "widget", bound.field.widget)
    if isinstance(widget, forms.MultiWidget):
        for suffix, part in zip(widget.widgets_names, value, strict=True):
            changed[bound.html_name + suffix] = part
    elif isinstance(bound.field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        changed[bound.html_name] = [value]
    else:
        changed[bound.html_name] = value
    return changed


def _shown_as_error(response) -> bool:
    page = response.content.decode(errors="replace")
    return any(
        marker in page
        for marker in ("govuk-error-summary", "govuk-error-message", "errornote", "errorlist")
    )


def _stored(but: tuple[str, ...] = ()) -> tuple:
    """Every row of every model, counted (but sessions, the admin's log, and any others named)."""
    return tuple(
        model._base_manager.count()
        for model in apps.get_models()
        if not model._meta.label.startswith(("sessions.", "admin.", *but))
    )


# --- The project's own forms --------------------------------------------------------------------


@dataclass
class World:
    """A service area with an officer, a target, an outcome and an indicator with a breakdown."""

    officer: Any
    target: Target
    outcome: Outcome
    indicator: Indicator
    made: dict[str, Any] = field(default_factory=dict)  # what an entry made, made once

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.made:
            self.made[key] = make()
        return self.made[key]


@pytest.fixture
def world() -> World:
    area = ServiceAreaFactory()
    outcome = OutcomeFactory(service_area=area)
    return World(
        officer=officer_of(area, username="officer.world"),
        target=TargetFactory(service_area=area),
        outcome=outcome,
        indicator=ethnicity_indicator(outcome=outcome, ref="W-I1"),
    )


def _measurement_csv(**cells: str) -> SimpleUploadedFile:
    row = {"period_end": "2021-03-31", "value": "10", "note": "", **cells}
    text = ",".join(row) + "\n" + ",".join(row.values()) + "\n"
    return SimpleUploadedFile("figures.csv", text.encode())


def _file_values(field: forms.Field) -> list[Bad]:
    return [
        Bad("empty", SimpleUploadedFile("empty.csv", b""), MUST),
        Bad(
            "overlong",
            SimpleUploadedFile("big.csv", b"x" * (settings.MEASUREMENT_FILE_MAX_BYTES + 1)),
            MUST,
        ),
        Bad("wrong type", SimpleUploadedFile("image.png", b"\x89PNG\r\n\x1a\n\x00\xff"), MUST),
        Bad("NUL", _measurement_csv(note="a\x00b"), MUST),
        Bad("control character", _measurement_csv(note="a\x1bb"), MUST),
        Bad("direction override", _measurement_csv(note="abc\u202efed"), MUST),
        Bad("huge number", _measurement_csv(value="9" * 400), MUST),
        Bad("far date", _measurement_csv(period_end="9999-12-31"), MUST),
        Bad("unclosed quote", _measurement_csv(note='"open'), MUST),
    ]


@dataclass(frozen=True)
class FormEntry:
    url: Callable[[World], str]
    user: Callable[[World], Any]
    data: Callable[[World], dict]  # a valid submission, which each bad value changes
    method: str = "post"
    form_kwargs: Callable[[World], dict] = lambda world: {}
    only_fields: Callable[[str], bool] = lambda name: True
    values: Callable[[forms.Field], list[Bad]] = bad_values
    records_refusals_in: tuple[str, ...] = ()  # a refusal that is itself recorded, by design
    # A page that shows its result in place (the token page shows the new secret once) answers
    # 200 to a valid submission; a refusal is then told by its error message.
    accepted_status: int = 302


def _target_url(world: World) -> str:
    return reverse("targets:add_update", args=[world.target.pk])


# --- The quarterly returns' world: an open return with the world's area, in the state each form
# needs; the plan admin runs it, the officer updates and submits, the area's lead reviews.


def _admin(world: World) -> Any:
    return world.once("admin", lambda: plan_admin(username="admin.world"))


def _lead(world: World) -> Any:
    return world.once(
        "lead", lambda: service_lead_of(world.target.service_area, username="lead.world")
    )


def _open_return(world: World) -> Return:
    return world.once(
        "return",
        lambda: return_services.open_return(
            plan=world.target.service_area.plan,
            name="Q2 2021/22",
            as_at=dt.date(2021, 9, 30),
            due_on=dt.date(2021, 10, 15),
            by=_admin(world),
        ),
    )


def _area_return(world: World) -> AreaReturn:
    return world.once(
        "area_return",
        lambda: _open_return(world).areas.get(service_area=world.target.service_area),
    )


def _updated_area(world: World) -> AreaReturn:
    """Every item of the world's area updated for the return, so that it can be submitted."""

    def update() -> AreaReturn:
        area = _area_return(world)
        ProgressUpdate.objects.create(
            target=world.target, author=world.officer, status="on_track", commentary="Going well."
        )
        OutcomeUpdate.objects.create(
            outcome=world.outcome, author=world.officer, rag="green", commentary="Improving."
        )
        return area

    return world.once("updated_area", update)


def _submitted_area(world: World) -> AreaReturn:
    return world.once(
        "submitted_area",
        lambda: return_services.submit_area(area_return=_updated_area(world), by=world.officer),
    )


def _review_items(world: World) -> list:
    (items,) = return_queries.area_items(_open_return(world), areas=[_submitted_area(world)])
    return items.items


def _proposal(world: World) -> DeadlineProposal:
    return world.once(
        "proposal",
        lambda: return_services.propose_deadline(
            area_return=_area_return(world),
            target=world.target,
            by=world.officer,
            proposed_date=_in_a_year(),
            reason="The supplier went out of business.",
        ),
    )


def _closed_return(world: World) -> Return:
    return world.once(
        "closed_return",
        lambda: return_services.close_return(
            of_return=_open_return(world), by=_admin(world), reason="Closed for the test."
        ),
    )


def _in_a_year() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=365)


def _date_boxes(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


FORMS: dict[str, FormEntry] = {
    "targets.forms.ProgressUpdateForm": FormEntry(
        url=_target_url,
        user=lambda world: world.officer,
        form_kwargs=lambda world: {"target": world.target},
        data=lambda world: {
            "status": "on_track",
            "commentary": "Twelve staff trained.",
            "percent_complete": "50",
            "value": "12",
            "evidence_url": "https://example.org/report",
            "seen_latest_update_id": "",
        },
    ),
    "targets.filters.TargetFilterForm": FormEntry(
        url=lambda world: reverse("targets:list"),
        user=lambda world: world.officer,
        method="get",
        data=lambda world: {"status": "", "due": "", "as_at": "2021-09-30"},
    ),
    "outcomes.forms.MeasurementForm": FormEntry(
        url=lambda world: reverse("outcomes:add_measurement", args=[world.indicator.pk]),
        user=lambda world: world.officer,
        form_kwargs=lambda world: {
            "indicator": world.indicator,
            "shape": breakdown_shape(world.indicator),
        },
        # The figures for the categories are alike: the first stands for them all.
        only_fields=lambda name: not name.startswith("part__") or name.endswith("__african"),
        data=lambda world: {
            "period_end_0": "31",
            "period_end_1": "3",
            "period_end_2": "2021",
            "value": "200",
            "part__ethnicity__african": "50",
            "note": "From the quarterly return.",
        },
    ),
    "outcomes.forms.MeasurementFileForm": FormEntry(
        url=lambda world: reverse("outcomes:import_measurements", args=[world.indicator.pk]),
        user=lambda world: world.officer,
        data=lambda world: {"file": _measurement_csv()},
        values=_file_values,
    ),
    "outcomes.forms.OutcomeUpdateForm": FormEntry(
        url=lambda world: reverse("outcomes:add_update", args=[world.outcome.pk]),
        user=lambda world: world.officer,
        data=lambda world: {
            "rag": "green",
            "commentary": "On course.",
            "evidence_url": "https://example.org/report",
        },
    ),
    "reminders.forms.ReminderPreferenceForm": FormEntry(
        url=lambda world: reverse("reminders:preferences"),
        user=lambda world: world.officer,
        data=lambda world: {"wants_reminders": "no"},
    ),
    "accounts.forms.SignInForm": FormEntry(
        url=lambda world: reverse("login"),
        user=lambda world: None,
        data=lambda world: {"username": "officer.world", "password": PASSWORD},
        # A failed sign-in is counted towards a lock-out (django-axes); an over-long name is not
        # (tests/islington_equality/test_security.py).
        records_refusals_in=("axes.",),
    ),
    "django.contrib.auth.forms.PasswordChangeForm": FormEntry(
        url=lambda world: reverse("password_change"),
        user=lambda world: world.officer,
        data=lambda world: {
            "old_password": PASSWORD,
            "new_password1": "Lantern-Orchard-Fifty-3",
            "new_password2": "Lantern-Orchard-Fifty-3",
        },
    ),
    "returns.forms.OpenReturnForm": FormEntry(
        url=lambda world: reverse("returns:open", args=[world.target.service_area.plan.slug]),
        user=_admin,
        data=lambda world: {
            "name": "Q2 2021/22",
            **_date_boxes("as_at", dt.date(2021, 9, 30)),
            **_date_boxes("due_on", dt.date(2021, 10, 15)),
        },
    ),
    "returns.forms.SubmitAreaForm": FormEntry(
        url=lambda world: reverse("returns:submit", args=[_updated_area(world).pk]),
        user=lambda world: world.officer,
        data=lambda world: {"comment": "All done this quarter."},
    ),
    "returns.forms.ReviewForm": FormEntry(
        url=lambda world: reverse("returns:review", args=[_submitted_area(world).pk]),
        user=_lead,
        form_kwargs=lambda world: {"items": _review_items(world)},
        data=lambda world: {"decision": "send_back", "comment": "Say more about the training."},
    ),
    "returns.forms.ProposalForm": FormEntry(
        url=lambda world: reverse(
            "returns:propose", args=[_area_return(world).pk, world.target.pk]
        ),
        user=lambda world: world.officer,
        data=lambda world: {
            **_date_boxes("proposed_date", _in_a_year()),
            "reason": "The supplier went out of business.",
        },
    ),
    "returns.forms.DecisionForm": FormEntry(
        url=lambda world: reverse("returns:decide", args=[_proposal(world).pk]),
        user=_lead,
        data=lambda world: {"decision": "approve"},
    ),
    "returns.forms.CloseForm": FormEntry(
        url=lambda world: reverse("returns:close", args=[_open_return(world).pk]),
        user=_admin,
        data=lambda world: {"reason": "The committee meets tomorrow."},
    ),
    "returns.forms.ReopenForm": FormEntry(
        url=lambda world: reverse("returns:reopen", args=[_closed_return(world).pk]),
        user=_admin,
        data=lambda world: {"reason": "Housing sent late figures."},
    ),
    "api.forms.TokenForm": FormEntry(
        url=lambda world: reverse("api:tokens"),
        user=lambda world: world.officer,
        data=lambda world: {"name": "Housing register", "expires_in": "90"},
        accepted_status=200,
    ),
}


def _form_classes_in_modules() -> Iterator[type[forms.BaseForm]]:
    for config in apps.get_app_configs():
        if not (settings.BASE_DIR / config.name).is_dir() or "site-packages" in config.path:
            continue  # not one of the project's apps
        for module_name in ("forms", "filters"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__ == module.__name__
                ):
                    yield value


def _form_classes_in_url_conf(patterns: list) -> Iterator[type[forms.BaseForm]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":  # the admin's forms: ADMIN below
                yield from _form_classes_in_url_conf(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            initkwargs = getattr(pattern.callback, "view_initkwargs", {})
            # The form the view uses: LoginView prefers authentication_form to form_class.
            form = next(
                (
                    found
                    for name in ("authentication_form", "form_class")
                    if (found := initkwargs.get(name) or getattr(view_class, name, None))
                ),
                None,
            )
            if form is not None:
                yield form


def _name(form_class: type) -> str:
    return f"{form_class.__module__}.{form_class.__qualname__}"


def _form_fields(entry: FormEntry, world: World, form_class: type) -> forms.BaseForm:
    if form_class.__module__ == "accounts.forms":
        return form_class(request=None)
    if form_class.__name__ == "PasswordChangeForm":
        return form_class(user=world.officer)
    return form_class(**entry.form_kwargs(world))


def _send(client: Client, entry: FormEntry, url: str, data: dict):
    if entry.method == "get":
        return client.get(url, data)
    return client.post(url, data)


@pytest.mark.parametrize("name", list(FORMS))
def test_every_field_of_each_form_refuses_bad_values_and_stores_nothing(
    world: World, name: str
) -> None:
    entry = FORMS[name]
    form_class = next(f for f in _project_form_classes() if _name(f) == name)
    client = Client(raise_request_exception=False)
    if user := entry.user(world):
        client.force_login(user)
    url = entry.url(world)
    with transaction.atomic():
        response = _send(client, entry, url, entry.data(world))
        assert response.status_code in (200, 302), f"{name}: the valid submission failed"
        accepted = response.status_code == entry.accepted_status and not (
            entry.accepted_status == 200 and _shown_as_error(response)
        )
        assert entry.method == "get" or accepted, (
            f"{name}: the valid submission was refused: {response.content.decode()[:3000]}"
        )
        transaction.set_rollback(True)
    if user:
        client.force_login(user)
    form = _form_fields(entry, world, form_class)
    fields = {key: f for key, f in form.fields.items() if entry.only_fields(key)}
    for field_name, bad in values_for_each_field(fields, entry.values):
        if hasattr(bad.value, "seek"):
            bad.value.seek(0)
        what = f"{name}.{field_name}: {bad.kind}"
        with transaction.atomic():
            before = _stored(but=entry.records_refusals_in)
            data = with_value(entry.data(world), form, field_name, bad.value)
            response = _send(client, entry, url, data)
            assert response.status_code < 500, what
            shows_result = entry.method == "get" or entry.accepted_status == 200
            refused = response.status_code == 200 and (
                not shows_result or _shown_as_error(response)
            )
            if bad.must_refuse:
                assert refused and _shown_as_error(response), f"{what}: not refused"
            if refused:
                assert _stored(but=entry.records_refusals_in) == before, (
                    f"{what}: refused, but something was stored"
                )
            transaction.set_rollback(True)


def _project_form_classes() -> set[type[forms.BaseForm]]:
    return {*_form_classes_in_modules(), *_form_classes_in_url_conf(get_resolver().url_patterns)}


# --- The admin's forms --------------------------------------------------------------------------

READ_ONLY = "read only"  # neither added nor changed in the admin
NO_EDITABLE_FIELDS = "no editable fields"  # shown, with every field read-only


def _reminder_preference() -> ReminderPreference:
    return ReminderPreference.objects.create(user=UserFactory(), wants_reminders=True)


def _group_mapping() -> Any:
    return apps.get_model("accounts.GroupMapping").objects.create(
        provider_group="equality-managers", description="Managers", role=SENIOR_MANAGERS
    )


def _population() -> Any:
    return apps.get_model("outcomes.PopulationBenchmark").objects.create(
        area_code="E09000019",
        area_name="Islington",
        dimension=apps.get_model("outcomes.Dimension").objects.get(slug="sex"),
        table_code="TS008",
        table_title="Sex",
        census_date=dt.date(2021, 3, 21),
        source="Census 2021, https://www.nomisweb.co.uk/sources/census_2021",
        total=216_600,
    )


ADMIN: dict[str, Callable[[], Any] | str] = {
    "api.apitoken": NO_EDITABLE_FIELDS,
    "accounts.groupmapping": _group_mapping,
    "accounts.councilidentity": NO_EDITABLE_FIELDS,
    "auth.group": lambda: Group.objects.create(name="Readers"),
    "auth.user": lambda: UserFactory(first_name="Ada", last_name="Lovelace"),
    "axes.accessattempt": NO_EDITABLE_FIELDS,
    "axes.accesslog": lambda: apps.get_model("axes.AccessLog").objects.create(
        username="someone", ip_address="127.0.0.1", user_agent="a browser", session_hash="abc"
    ),
    "axes.accessfailurelog": NO_EDITABLE_FIELDS,
    "plans.plan": PlanFactory,
    "plans.equalitygroup": EqualityGroupFactory,
    "plans.servicearea": ServiceAreaFactory,
    "plans.action": ActionFactory,
    "targets.target": TargetFactory,
    "targets.progressupdate": READ_ONLY,
    "outcomes.outcome": OutcomeFactory,
    "outcomes.dimension": lambda: apps.get_model("outcomes.Dimension").objects.get(slug="sex"),
    "outcomes.category": lambda: apps.get_model("outcomes.Category").objects.filter(
        dimension__slug="sex"
    )[0],
    "outcomes.indicator": lambda: ethnicity_indicator(),
    "outcomes.breakdown": lambda: ethnicity_indicator().breakdowns.get(),
    "outcomes.measurement": READ_ONLY,
    "outcomes.outcomeupdate": READ_ONLY,
    "outcomes.populationbenchmark": _population,
    "reminders.reminderpreference": _reminder_preference,
    "reminders.reminderlog": READ_ONLY,
}


def test_every_form_has_an_entry() -> None:
    project = {_name(form_class) for form_class in _project_form_classes()}
    assert project - FORMS.keys() == set(), "add the new forms to FORMS"
    assert FORMS.keys() - project == set(), "FORMS names forms that no longer exist"
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered - ADMIN.keys() == set(), "add the newly registered models to ADMIN"
    assert ADMIN.keys() - registered == set(), "ADMIN names models no longer registered"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def form_data(form: forms.BaseForm) -> dict:
    """What a browser would send back for a form as shown."""
    data: dict[str, Any] = {}
    for name, form_field in form.fields.items():
        if form_field.disabled:
            continue
        bound = form[name]
        value = bound.value()
        widget = getattr(form_field.widget, "widget", form_field.widget)
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for suffix, part in zip(widget.widgets_names, parts, strict=True):
                data[bound.html_name + suffix] = _text(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [_text(item) for item in value]
        else:
            data[bound.html_name] = _text(value)
    return data


def _admin_page_data(response) -> tuple[forms.BaseForm, list[forms.BaseForm], dict]:
    """The change form, the first row of each inline, and what the page sends back as shown."""
    form = response.context["adminform"].form
    data = {**form_data(form), "_save": "Save"}
    first_rows = []
    for inline in response.context["inline_admin_formsets"]:
        data |= form_data(inline.formset.management_form)
        for inline_form in inline.formset.forms:
            data |= form_data(inline_form)
        first_rows += inline.formset.forms[:1]
    return form, first_rows, data


def _varied_fields(form: forms.BaseForm) -> dict[str, forms.Field]:
    """The fields a person types or picks in: not disabled, not the hidden ids that tie an inline
    row to its object (tampering with those is the URL walk's and the formsets' business)."""
    return {name: f for name, f in form.fields.items() if not f.disabled and not f.widget.is_hidden}


def _state(obj: Any) -> dict:
    obj.refresh_from_db()
    return model_to_dict(obj)


@pytest.mark.parametrize("label", list(ADMIN))
def test_every_field_of_each_admin_form_refuses_bad_values_and_changes_nothing(
    client: Client, label: str
) -> None:
    client.force_login(plan_admin(username="admin.fuzz", is_staff=True, is_superuser=True))
    model = apps.get_model(label)
    info = (model._meta.app_label, model._meta.model_name)
    make = ADMIN[label]
    if make == READ_ONLY:
        before = _stored()
        add = reverse("admin:{}_{}_add".format(*info))
        assert client.post(add, {}).status_code == 403
        assert _stored() == before
        return
    if make == NO_EDITABLE_FIELDS:
        model_admin = admin.site._registry[model]
        form = model_admin.get_form(None, None, fields=None)
        readonly = set(model_admin.readonly_fields)
        assert set(form.base_fields) <= readonly, f"{label}: {set(form.base_fields) - readonly}"
        return
    obj = make()
    url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
    form, first_rows, data = _admin_page_data(client.get(url))
    with transaction.atomic():
        response = client.post(url, data)
        assert response.status_code == 302, (
            f"{label}: the form as shown was refused: "
            f"{response.context['adminform'].form.errors if response.context else ''}"
        )
        transaction.set_rollback(True)
    _send_each_bad_value(client, url, data, _forms_to_vary(label, form, first_rows), obj)


@pytest.mark.parametrize(
    "label", [label for label, make in ADMIN.items() if make not in (READ_ONLY, NO_EDITABLE_FIELDS)]
)
def test_every_field_of_each_admin_add_form_refuses_bad_values_and_adds_nothing(
    client: Client, label: str
) -> None:
    """The add page's form may differ from the change page's (a user's passwords, say)."""
    client.force_login(plan_admin(username="admin.fuzz", is_staff=True, is_superuser=True))
    model = apps.get_model(label)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    page = client.get(url)
    if page.status_code == 403:  # added only by the service itself (a sign-in's log, say)
        before = _stored()
        assert client.post(url, {}).status_code == 403
        assert _stored() == before
        return
    form, first_rows, data = _admin_page_data(page)
    _send_each_bad_value(client, url, data, _forms_to_vary(label, form, first_rows), None)


def _forms_to_vary(
    label: str, form: forms.BaseForm, first_rows: list[forms.BaseForm]
) -> list[tuple[str, forms.BaseForm, dict[str, forms.Field]]]:
    return [
        (label, form, {name: f for name, f in form.fields.items() if not f.disabled}),
        *((f"{label} inline {row.prefix}", row, _varied_fields(row)) for row in first_rows),
    ]


def _send_each_bad_value(
    client: Client,
    url: str,
    data: dict,
    forms_to_vary: list[tuple[str, forms.BaseForm, dict[str, forms.Field]]],
    obj: Any,
) -> None:
    """Each bad value in turn, the rest of the page as shown: never a server error; a value that
    must be refused is, with a message; a refusal stores nothing and leaves `obj` as it was."""
    as_shown = _state(obj) if obj is not None else None
    for where, varied, fields in forms_to_vary:
        for field_name, bad in values_for_each_field(fields, bad_values):
            what = f"{where}.{field_name}: {bad.kind}"
            with transaction.atomic():
                before = _stored()
                response = client.post(url, with_value(data, varied, field_name, bad.value))
                assert response.status_code < 500, what
                refused = response.status_code == 200
                if bad.must_refuse:
                    assert refused and _shown_as_error(response), f"{what}: not refused"
                if refused:
                    assert _stored() == before, f"{what}: refused, but something was stored"
                    assert obj is None or _state(obj) == as_shown, f"{what}: refused, but changed"
                transaction.set_rollback(True)
