"""Forms for officers: a measurement (with a figure for each category of its breakdowns), a CSV of
measurements, and a narrative update. They check what was typed; the rules for the figures are in
outcomes/breakdowns.py and services.py, whose problems the forms show against the right field."""

from datetime import date
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from outcomes.breakdowns import Accumulation, Problem, Unit
from outcomes.measurement_csv import NUMBER
from outcomes.models import NOTE_MAX_LENGTH, Indicator, OutcomeUpdate
from outcomes.services import MeasurementInput
from outcomes.shapes import BreakdownShape, DimensionShape
from plans.deadlines import FIRST_YEAR, LAST_YEAR
from plans.forms import CheckedTextForm
from plans.text import size_in_words


class DateInputWidget(forms.MultiWidget):
    """GOV.UK's date input: day, month and year boxes in a fieldset."""

    template_name = "outcomes/widgets/date_input.html"

    def __init__(self, attrs: dict | None = None) -> None:
        def box(width: int) -> forms.TextInput:
            return forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": f"govuk-date-input__input govuk-input--width-{width}",
                }
            )

        super().__init__([box(2), box(2), box(4)], attrs)

    def decompress(self, value: date | None) -> list[int | None]:
        return [value.day, value.month, value.year] if value else [None, None, None]


class DateInputField(forms.Field):
    """A date typed as day, month and year, with GOV.UK's error messages."""

    widget = DateInputWidget

    def to_python(self, value: list[str] | None) -> date | None:
        parts = [str(part or "").strip() for part in (value or [])] or ["", "", ""]
        if not any(parts):
            return None
        what = (self.label or "The date").capitalize()
        missing = [
            name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            raise ValidationError(f"{what} must include a {' and a '.join(missing)}.")
        if not all(part.isascii() and part.isdigit() and len(part) <= 4 for part in parts):
            raise ValidationError(f"{what} must be a real date.")
        day, month, year = (int(part) for part in parts)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError(f"{what} must be a real date.")
        try:
            return date(year, month, day)
        except ValueError:
            raise ValidationError(f"{what} must be a real date.") from None


class FigureField(forms.DecimalField):
    """A figure as people type it: "1,000" and "45%" are read as 1000 and 45."""

    def __init__(self, *, what: str, **kwargs: object) -> None:
        self.what = what
        super().__init__(**kwargs)

    def to_python(self, value: object) -> Decimal | None:
        """Written out as people write figures: "1e6", "NaN" and "Infinity" are not figures."""
        if isinstance(value, str):
            value = value.replace(",", "").replace(" ", "").removesuffix("%")
            if value and not NUMBER.match(value):
                raise ValidationError(f"Enter {self.what} as a number, like 250.")
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(f"Enter {self.what} as a number, like 250.") from None


def figure_field(
    label: str,
    *,
    what: str,
    required: bool,
    help_text: str = "",
    width: int = 10,
    template_name: str | None = None,
) -> FigureField:
    return FigureField(
        what=what,
        template_name=template_name,
        label=label,
        required=required,
        help_text=help_text,
        max_digits=None,
        decimal_places=None,
        error_messages={"required": f"Enter {what}."},
        widget=forms.TextInput(
            attrs={
                "inputmode": "decimal",
                "class": f"govuk-input--width-{width}",
                "spellcheck": "false",
            }
        ),
    )


VALUE_HINTS = {
    (Unit.COUNT, Accumulation.CUMULATIVE): "The total so far, at the end of the period.",
    (Unit.COUNT, Accumulation.PER_PERIOD): "The number in this period alone.",
    (
        Unit.PERCENTAGE,
        Accumulation.CUMULATIVE,
    ): "A percentage from 0 to 100, at the end of the period.",
    (Unit.RATE, Accumulation.CUMULATIVE): "The rate at the end of the period.",
}


class MeasurementForm(CheckedTextForm, forms.Form):
    period_end = DateInputField(
        label="End of the period",
        help_text="The last day of the period the figure is for, for example 31 3 2021.",
        error_messages={"required": "Enter the end of the period."},
    )
    corrects = forms.BooleanField(
        required=False,
        label="This corrects the figure already recorded for this period",
        help_text="The figure it corrects is kept in the history.",
    )
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Note",
        help_text="For a correction, say why.",
    )

    def __init__(
        self, *args: object, indicator: Indicator, shape: BreakdownShape, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.shape = shape
        unit, accumulation = indicator.unit_enum, Accumulation(indicator.accumulation)
        self.fields["value"] = figure_field(
            "Value",
            what="the value",
            required=True,
            help_text=VALUE_HINTS.get((unit, accumulation), ""),
        )
        self.part_fields: dict[tuple[str, str], str] = {}
        for dimension in shape.dimensions:
            for group in dimension.groups:
                for category in group.categories:
                    name = f"part__{dimension.dimension.slug}__{category.slug}"
                    self.fields[name] = figure_field(
                        category.name,
                        what=f"the figure for {category.name}",
                        required=False,
                        width=5,
                        template_name="outcomes/widgets/part_field.html",
                    )
                    self.part_fields[(dimension.dimension.slug, category.slug)] = name
        self.order_fields(["period_end", "value"])

    def sections(self) -> list[tuple[DimensionShape, list[tuple[str, list[forms.BoundField]]]]]:
        """Each dimension with its categories' fields, under their groups' names."""
        return [
            (
                dimension,
                [
                    (
                        group.group.name if group.group else dimension.dimension.name,
                        [
                            self[self.part_fields[(dimension.dimension.slug, c.slug)]]
                            for c in group.categories
                        ],
                    )
                    for group in dimension.groups
                ],
            )
            for dimension in self.shape.dimensions
        ]

    def main_fields(self) -> list[forms.BoundField]:
        return [self["period_end"], self["value"]]

    def figures(self) -> MeasurementInput:
        data = self.cleaned_data
        parts: dict[str, dict[str, Decimal]] = {}
        for (dimension, category), name in self.part_fields.items():
            if data.get(name) is not None:
                parts.setdefault(dimension, {})[category] = data[name]
        return MeasurementInput(
            period_end=data["period_end"],
            value=data["value"],
            parts=parts,
            corrects=data["corrects"],
            note=data["note"],
        )

    def add_problems(self, problems: list[Problem]) -> None:
        """Show the service's reasons against the fields they concern."""
        for problem in problems:
            self.add_error(self._field_for(problem.field), problem.message)

    def _field_for(self, key: str) -> str | None:
        if key in self.fields:
            return key
        if ":" in key:
            return self.part_fields.get(tuple(key.split(":", 1)))  # type: ignore[arg-type]
        firsts = [name for (dimension, _), name in self.part_fields.items() if dimension == key]
        return firsts[0] if firsts else None


class MeasurementFileForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Saved from a spreadsheet as CSV (UTF-8).",
        error_messages={"required": "Choose a CSV file.", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        limit = settings.MEASUREMENT_FILE_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                f"The file must be {size_in_words(limit)} or smaller; nothing was saved. "
                "Split it into smaller files."
            )
        try:
            self.text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                "The file is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8”."
            ) from None
        return upload


class OutcomeUpdateForm(CheckedTextForm, forms.ModelForm):
    class Meta:
        model = OutcomeUpdate
        fields = ["rag", "commentary", "evidence_url"]
        widgets = {
            "rag": forms.RadioSelect,
            "commentary": forms.Textarea(attrs={"rows": 6}),
            "evidence_url": forms.URLInput(attrs={"class": "govuk-!-width-two-thirds"}),
        }
        labels = {"rag": "How is the outcome doing?", "commentary": "Commentary"}
        help_texts = {
            "commentary": "What has happened and why you judge it so.",
            "evidence_url": "A link to a report, dataset or document, starting https:// or http://.",
        }
        error_messages = {
            "rag": {"required": "Choose how the outcome is doing."},
            "commentary": {"required": "Enter the commentary."},
            "evidence_url": {
                "invalid": "Enter the evidence link as a web address starting https:// or http://."
            },
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rag"].choices = OutcomeUpdate.Judgement.choices  # no empty choice
