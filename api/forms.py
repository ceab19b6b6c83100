"""Making a personal access token: its name and how long it lasts."""

from datetime import date, timedelta

from django import forms

from plans.forms import CheckedTextForm

EXPIRY_CHOICES = [("30", "30 days"), ("90", "90 days"), ("180", "6 months"), ("365", "1 year")]


class TokenForm(CheckedTextForm, forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What will use it, so you know which to revoke: for example, Housing register.",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
    expires_in = forms.ChoiceField(
        label="Expires after",
        choices=EXPIRY_CHOICES,
        initial="90",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose when the token expires",
            "invalid_choice": "Choose when the token expires",
        },
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the token")
        return name

    def expires_on(self, *, today: date) -> date:
        return today + timedelta(days=int(self.cleaned_data["expires_in"]))
