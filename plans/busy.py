"""A write that waited too long for the database's lock: refused with a message, never a 500.

SQLite allows one writer at a time: a write waits up to the database's timeout (settings
DATABASES OPTIONS) for the lock and then fails with "database is locked". PostgreSQL's lock_timeout,
when set, fails the same way. Either way nothing was stored, and the person's typed text is kept:
views catch ServiceBusy and show their form again with BUSY_MESSAGE. A wait past the timeout
anywhere else (saving the session after the page was made, say) is answered by the error page as
"busy, try again" with 503, not as a fault (islington_equality.views.server_error).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError

BUSY_MESSAGE = (
    "The service was too busy to save this just now, so nothing was saved. "
    "Your text is still below: send it again."
)
_LOCK_MESSAGES = ("database is locked", "lock timeout", "could not obtain lock")


def is_lock_timeout(error: BaseException | None) -> bool:
    """Whether an error is, or was raised while handling, a write that waited too long for the
    database's lock (Django's session save turns one into UpdateError, then SessionInterrupted)."""
    while error is not None:
        if isinstance(error, OperationalError) and any(
            message in str(error) for message in _LOCK_MESSAGES
        ):
            return True
        error = error.__cause__ or error.__context__
    return False


class ServiceBusy(Exception):
    def __init__(self) -> None:
        super().__init__(BUSY_MESSAGE)


@contextmanager
def refused_when_busy() -> Iterator[None]:
    try:
        yield
    except OperationalError as error:
        if is_lock_timeout(error):
            raise ServiceBusy from error
        raise
