"""Form rules every app's forms share: text must be visible and free of hidden characters."""

from django import forms

from plans.text import check_text


def check_text_field(field: forms.Field) -> forms.Field:
    """Adds the shared text rules (plans/text.py) to a text field; other fields are unchanged."""
    if isinstance(field, forms.CharField) and check_text not in field.validators:
        field.validators.append(check_text)
    return field


class CheckedTextForm:
    """A form mixin: every text field refuses invisible text, control characters and direction
    overrides, with a message at the field."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            check_text_field(field)
