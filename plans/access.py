"""Who may read or write a page: one idiom for every view.

A page says which of Django's permissions it needs (the roles in plans.roles hold them):
`@permission_required("targets.view_target")`. Rules about one object (this target, this outcome)
live in each app's access.py, e.g. targets.access.can_update_target. A page for anyone signed in,
whatever their role (their own reminder preferences), uses Django's login_required.
"""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.contrib.auth.decorators import permission_required as django_permission_required
from django.http import HttpResponse

View = Callable[..., HttpResponse]


def permission_required(*perms: str) -> Callable[[View], View]:
    """Signed in (else to the sign-in page) and holding every one of `perms` (else 403).

    Django's own decorator sends a signed-in user without the permission back to the sign-in page
    (or, with raise_exception, refuses an anonymous one instead of asking them to sign in).
    """
    checked = django_permission_required(perms, raise_exception=True)

    def decorator(view: View) -> View:
        return login_required(checked(view))

    return decorator
