from django.conf import settings
from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    """Refuses a new password longer than PASSWORD_MAX_LENGTH: hashing a very long one on every
    sign-in would hold a worker, and nobody types one."""

    def __init__(self, max_length: int | None = None) -> None:
        self.max_length = max_length or settings.PASSWORD_MAX_LENGTH

    def validate(self, password: str, user: object = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"Your password must be {self.max_length} characters or fewer.",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"Your password must be {self.max_length} characters or fewer."
