"""Form widgets shared by every app's forms, drawn by the GOV.UK templates in templates/django/."""

from django import forms


class RadioSelectWithHints(forms.RadioSelect):
    """GOV.UK radios with a hint under each option: RadioSelectWithHints(hints={value: text})."""

    def __init__(self, *args: object, hints: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.hints = hints

    def create_option(self, name: str, value: object, *args: object, **kwargs: object) -> dict:
        option = super().create_option(name, value, *args, **kwargs)
        option["hint"] = self.hints.get(str(value), "")
        return option
