"""Forms for the returns' pages: they check what was typed; the rules are in services.py."""

from django import forms

from outcomes.forms import DateInputField
from plans.forms import CheckedTextForm, check_field
from returns.models import TEXT_MAX_LENGTH


def _text(label: str, *, required: bool = False, hint: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "max_length": f"The {label.lower()} must be {TEXT_MAX_LENGTH} characters or fewer.",
        },
    )


class OpenReturnForm(CheckedTextForm, forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="For example, Q2 2021/22.",
        error_messages={"required": "Enter a name for the return, for example Q2 2021/22."},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    as_at = DateInputField(
        label="Reports as at",
        help_text="The day the figures are as at, usually the quarter's last day. "
        "For example, 30 9 2021.",
        error_messages={"required": "Enter the date the return reports as at."},
    )
    due_on = DateInputField(
        label="Submissions due",
        help_text="The day service areas must submit by. For example, 15 10 2021.",
        error_messages={"required": "Enter the date submissions are due."},
    )


class SubmitAreaForm(CheckedTextForm, forms.Form):
    comment = _text(
        "Overall comment (optional)",
        hint="Anything the service lead should know about this area's return.",
    )


class ReviewForm(CheckedTextForm, forms.Form):
    """Approve, or send back with a comment on the area and/or on single items (one box each)."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("send_back", "Send back to the officers")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or send back."},
    )
    comment = _text(
        "Comment on the whole area",
        hint="When sending back: what needs to change. You can also comment on single items.",
    )

    def __init__(self, *args: object, items: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.item_keys = {}
        for item in items:
            name = f"item_{item.kind}_{item.obj.pk}"
            # Added after CheckedTextForm checked the declared fields: checked here.
            self.fields[name] = check_field(_text(f"Comment on {item.ref}", rows=2))
            self.item_keys[name] = (item.kind, item.obj.pk)

    def item_comments(self) -> dict[tuple[str, int], str]:
        return {key: self.cleaned_data.get(name, "") for name, key in self.item_keys.items()}

    def item_field(self, kind: str, pk: int) -> forms.BoundField:
        return self[f"item_{kind}_{pk}"]


class ProposalForm(CheckedTextForm, forms.Form):
    proposed_date = DateInputField(
        label="Proposed due date",
        help_text="For example, 31 3 2022.",
        error_messages={"required": "Enter the proposed due date."},
    )
    reason = _text(
        "Reason", required=True, hint="Why the target needs a new date: the committee sees this."
    )


class DecisionForm(CheckedTextForm, forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve the new due date"), ("decline", "Decline it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or decline."},
    )


class CloseForm(CheckedTextForm, forms.Form):
    reason = _text(
        "Reason for closing before every area is approved",
        hint="Only needed when some service areas are not approved; it is recorded.",
    )


class ReopenForm(CheckedTextForm, forms.Form):
    reason = _text("Reason for reopening", required=True, hint="It is recorded with the return.")
