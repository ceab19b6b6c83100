"""What text the service accepts: something visible, with no control characters and nothing that
reorders the text around it.

Direction overrides and isolates (U+202A–U+202E, U+2066–U+2069) make text read differently on the
page from what was typed ("Trojan Source"); control characters cannot be shown, and NUL cannot be
stored in PostgreSQL. Right-to-left scripts themselves need none of them and are welcome.
"""

import unicodedata

from django.core.exceptions import ValidationError

DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ALLOWED_CONTROLS = frozenset("\t\n\r")


def refused_character(text: str) -> str | None:
    """Why the text cannot be stored, naming the first character that stops it; None if it can."""
    for position, char in enumerate(text, start=1):
        if char in DIRECTION_CONTROLS:
            return (
                f"character {position} is a hidden direction control (U+{ord(char):04X}) that "
                "would make the text read differently from what was typed; remove it"
            )
        if unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS:
            return f"character {position} is a control character (U+{ord(char):04X}); remove it"
    return None


def is_blank(text: str) -> bool:
    """Nothing a reader would see: only spaces and invisible characters such as U+200B."""
    return all(char.isspace() or not char.isprintable() for char in text)


def check_text(value: object) -> None:
    """A form field validator: refuses text that is invisible, or has a refused character."""
    if not isinstance(value, str) or not value:
        return
    if is_blank(value):
        raise ValidationError(
            "This has only invisible characters: enter words that can be read.", code="blank"
        )
    if problem := refused_character(value):
        raise ValidationError(f"This cannot be saved: {problem}.", code="hidden_character")


def size_in_words(size: int) -> str:
    """A file size as a limit is stated: 1 MB, 500 KB (powers of ten, as people count them)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"
