"""Targets as spreadsheet rows (CSV/XLSX) for the admin's bulk import and export.

A row names its service area as "plan-slug/area-slug" and is matched on that and its ref. The due
date resolves from the deadline as written, as everywhere else; `due_date_override` is filled only
where a date was set by hand.
"""

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from plans.deadlines import parse_deadline
from plans.models import EqualityGroup, ServiceArea
from targets.exports import neutralise, restore
from targets.models import Target


class ServiceAreaWidget(widgets.ForeignKeyWidget):
    def __init__(self) -> None:
        super().__init__(ServiceArea)

    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> ServiceArea:
        plan_slug, _, area_slug = str(value or "").strip().partition("/")
        if not plan_slug or not area_slug:
            raise ValueError('Give the service area as "plan-slug/area-slug".')
        try:
            return ServiceArea.objects.select_related("plan").get(
                plan__slug=plan_slug, slug=area_slug
            )
        except ServiceArea.DoesNotExist:
            raise ValueError(f'No service area "{value}".') from None

    def render(self, value: ServiceArea | None, obj: Any = None, **kwargs: Any) -> str:
        return f"{value.plan.slug}/{value.slug}" if value else ""


def overridden_due_date(target: Target) -> date | None:
    """The due date if it was set by hand, i.e. differs from what the phrase resolves to."""
    try:
        window = parse_deadline(
            target.deadline_text, recurring_from=target.service_area.plan.period_start
        )
    except ValueError:
        return target.due_date
    return None if window.end == target.due_date else target.due_date


class TargetResource(resources.ModelResource):
    service_area = fields.Field(
        attribute="service_area", column_name="service_area", widget=ServiceAreaWidget()
    )
    owner = fields.Field(
        attribute="owner",
        column_name="owner",
        widget=widgets.ForeignKeyWidget(get_user_model(), field="username"),
    )
    groups = fields.Field(
        attribute="groups",
        column_name="groups",
        widget=widgets.ManyToManyWidget(EqualityGroup, field="slug", separator=","),
    )
    due_date = fields.Field(attribute="due_date", column_name="resolved_due_date", readonly=True)
    due_date_override = fields.Field(
        column_name="due_date_override", widget=widgets.DateWidget(format="%Y-%m-%d")
    )

    class Meta:
        model = Target
        import_id_fields = ["service_area", "ref"]
        fields = [
            "service_area",
            "ref",
            "bullet",
            "text",
            "deadline_text",
            "due_date_override",
            "due_date",
            "owner",
            "groups",
            "lifecycle",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    def dehydrate_due_date_override(self, target: Target) -> date | None:
        return overridden_due_date(target)

    def export_field(self, field: fields.Field, instance: Target, **kwargs: Any) -> object:
        """Text that a spreadsheet would run as a formula is written with a leading apostrophe,
        as the reports' exports write it (targets/exports.py)."""
        return neutralise(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row: dict, **kwargs: Any) -> None:
        """A file exported here and imported back: the apostrophe is the export's, not text."""
        for column, value in row.items():
            row[column] = restore(value)

    def import_instance(self, instance: Target, row: dict, **kwargs: Any) -> None:
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "service_area" not in errors and "deadline_text" not in errors:
            try:
                override = self.fields["due_date_override"].clean(row)
                instance.set_deadline(instance.deadline_text or "", due_date=override)
            except ValueError as error:
                errors["deadline_text"] = ValidationError(str(error))
        if errors:
            raise ValidationError(errors)
