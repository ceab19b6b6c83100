"""Form rules every app's forms share: text must be visible, free of hidden characters and of a
bounded length; dates must fall in the years a plan can speak of."""

from collections.abc import Iterable
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from plans.deadlines import FIRST_YEAR, LAST_YEAR
from plans.text import check_text

# For text fields that set no length of their own (a model's TextField): longer than any passage
# of the plan, short enough that no page holds a megabyte of one field.
TEXT_MAX_LENGTH = 20_000


def check_year(value: date | datetime | None) -> None:
    """Dates far from a plan's years overflow the date arithmetic of statuses and reports."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            f"Enter a date between {FIRST_YEAR} and {LAST_YEAR}.", code="year_out_of_range"
        )


def check_field(field: forms.Field) -> forms.Field:
    """Adds the shared rules to a form field (text and date fields; others are unchanged)."""
    if isinstance(field, forms.CharField) and check_text not in field.validators:
        field.validators.append(check_text)
        if field.max_length is None:
            field.max_length = TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
    is_date = isinstance(field, forms.DateField | forms.DateTimeField)
    if is_date and check_year not in field.validators:
        field.validators.append(check_year)
    if isinstance(field, forms.MultiValueField):
        for inner in field.fields:
            check_field(inner)
    return field


def is_storable_key(model_field: models.Field, value: object) -> bool:
    """Whether a submitted value could be a key of this field: an integer key must be a number
    the database can hold, or the lookup itself fails (ValueError, or OverflowError on SQLite)."""
    if isinstance(model_field, models.IntegerField):
        text = str(value).strip()
        return text.isascii() and text.lstrip("-").isdigit() and abs(int(text)) < 2**63
    return True


def _key_field(field: forms.ModelChoiceField) -> models.Field:
    opts = field.queryset.model._meta
    return opts.get_field(field.to_field_name) if field.to_field_name else opts.pk


class CheckedModelChoiceField(forms.ModelChoiceField):
    """A choice of a row: a value that cannot be a key is an invalid choice, not a crash."""

    def to_python(self, value: object) -> object:
        if value not in self.empty_values and not is_storable_key(_key_field(self), value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Iterable[object]) -> object:
        for each in value:
            if not is_storable_key(_key_field(self), each):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(each)[:40]},
                )
        return super()._check_values(value)


class CheckedTextForm:
    """A form mixin: every text field refuses invisible text, control characters, direction
    overrides and overlong text, and every date field far dates, with a message at the field."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            check_field(field)
