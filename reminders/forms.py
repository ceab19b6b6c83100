from django import forms

CHOICE_MESSAGE = "Select whether you want reminder emails"


class ReminderPreferenceForm(forms.Form):
    wants_reminders = forms.TypedChoiceField(
        label="Do you want reminder emails?",
        choices=[
            ("yes", "Yes, email me reminders"),
            ("no", "No, do not email me reminders"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": CHOICE_MESSAGE, "invalid_choice": CHOICE_MESSAGE},
    )
