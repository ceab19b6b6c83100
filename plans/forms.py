"""Form rules every app's forms share: text must be visible, free of hidden characters and of a
bounded length; dates must fall in the years a plan can speak of."""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

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


class CheckedTextForm:
    """A form mixin: every text field refuses invisible text, control characters, direction
    overrides and overlong text, and every date field far dates, with a message at the field."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            check_field(field)
