from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from plans.forms import CheckedTextForm


class SignInForm(CheckedTextForm, AuthenticationForm):
    """Django's sign-in form without autofocus: GOV.UK pages leave focus where the user put it,
    so the skip link stays the first thing Tab reaches.

    A user name longer than the user name field, or a password longer than any password can be,
    is refused at the field: no account is looked up, no password hashed and no failed sign-in
    recorded (django-axes stores the name tried in a column as long as the user name's). Django
    sets the field's max_length after it is made, which adds no validator, so the limit is added
    here.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.widget.attrs.pop("autofocus", None)
        username.validators.append(
            MaxLengthValidator(
                username.max_length,
                f"Your user name must be {username.max_length} characters or fewer.",
            )
        )
        self.fields["password"].validators.append(
            MaxLengthValidator(
                settings.PASSWORD_MAX_LENGTH,
                f"Your password must be {settings.PASSWORD_MAX_LENGTH} characters or fewer.",
            )
        )
