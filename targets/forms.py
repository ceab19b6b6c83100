"""The progress update form: what an officer reports on a target, checked and explained."""

from django import forms
from django.core.validators import URLValidator

from plans.forms import CheckedTextForm
from plans.records import COMMENTARY_MAX_LENGTH
from plans.text import is_blank
from plans.widgets import RadioSelectWithHints
from targets.models import Target
from targets.status import ProgressStatus

# A status that needs words: the message asks for them.
EXPLAIN = {
    ProgressStatus.AT_RISK: "Explain why the target is at risk",
    ProgressStatus.OFF_TRACK: "Explain why the target is off track",
    ProgressStatus.COMPLETE: "Explain how the target was completed",
}
# What each status means, under its radio: the officer's own judgement, weighed against the dates.
STATUS_HINTS = {
    ProgressStatus.NOT_STARTED: "Work has not begun yet.",
    ProgressStatus.ON_TRACK: "Going to plan: it will be done by its due date.",
    ProgressStatus.AT_RISK: "It may miss its due date unless something changes. Say why.",
    ProgressStatus.OFF_TRACK: "It will miss its due date, or has stopped. Say why.",
    ProgressStatus.COMPLETE: "Done. Say how it was completed.",
}

PERCENT_MESSAGE = "Percent complete must be a whole number from 0 to 100"
WEB_ADDRESS_MESSAGE = "Enter a web address starting with http:// or https://"


class WebAddressField(forms.URLField):
    """A link to evidence: http and https only, so no javascript:, data: or ftp: link is stored.

    An address typed without a scheme ("intranet.islington.gov.uk/report") gets https://.
    """

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {"invalid": WEB_ADDRESS_MESSAGE}


class CommentaryField(forms.CharField):
    """Text whose line breaks count once, as GOV.UK's character count counts them (browsers send
    each as two characters)."""

    def to_python(self, value: str | None) -> str:
        return super().to_python(value).replace("\r\n", "\n")


class ProgressUpdateForm(CheckedTextForm, forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[(status.value, status.label) for status in ProgressStatus],
        widget=RadioSelectWithHints(hints=STATUS_HINTS),
        error_messages={
            "required": "Select the target's status",
            "invalid_choice": "Select the target's status",
        },
    )
    commentary = CommentaryField(
        label="Commentary",
        required=False,
        max_length=COMMENTARY_MAX_LENGTH,
        help_text="What has happened since the last update. Needed if you choose at risk, off "
        "track or complete: say why, or how it was completed.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": f"Commentary must be {COMMENTARY_MAX_LENGTH:,} characters or fewer"
        },
    )
    percent_complete = forms.IntegerField(
        label="Percent complete",
        required=False,
        min_value=0,
        max_value=100,
        help_text="A whole number from 0 to 100.",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-3", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={
            "invalid": PERCENT_MESSAGE,
            "min_value": PERCENT_MESSAGE,
            "max_value": PERCENT_MESSAGE,
        },
    )
    value = forms.DecimalField(
        label="Value",
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text="The number the target counts, if it counts one: for example, 24 staff trained.",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
        error_messages={
            "invalid": "Value must be a number, like 24 or 1500.50",
            "min_value": "Value must be 0 or more",
            "max_digits": "Value must be less than 1,000,000,000,000",
            "max_whole_digits": "Value must be less than 1,000,000,000,000",
            "max_decimal_places": "Value must have no more than 2 decimal places",
        },
    )
    evidence_url = WebAddressField(
        label="Evidence link",
        required=False,
        max_length=500,
        help_text="A link to a document or page that shows the progress.",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        error_messages={"max_length": "Evidence link must be 500 characters or fewer"},
    )
    seen_latest_update_id = forms.IntegerField(
        required=False,
        widget=forms.HiddenInput,
        label="Latest update seen",
        error_messages={"invalid": "The page was out of date. Open it again and send your update."},
    )

    def __init__(self, *args: object, target: Target, **kwargs: object) -> None:
        self.target = target
        super().__init__(*args, **kwargs)
        # Needed for some statuses (the hint says which), so not labelled "(optional)".
        self.fields["commentary"].show_optional = False

    def clean_status(self) -> ProgressStatus:
        return ProgressStatus(self.cleaned_data["status"])

    def clean_seen_latest_update_id(self) -> int | None:
        seen = self.cleaned_data["seen_latest_update_id"]
        if seen is not None and not self.target.progress_updates.filter(pk=seen).exists():
            raise forms.ValidationError(
                "The page was out of date. Open it again and send your update.", code="invalid"
            )
        return seen

    def clean(self) -> dict:
        cleaned = super().clean()
        status = cleaned.get("status")
        words = cleaned.get("commentary", "")
        if status in EXPLAIN and is_blank(words) and "commentary" not in self.errors:
            self.add_error("commentary", EXPLAIN[status])
        return cleaned
