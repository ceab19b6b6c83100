from django.conf import settings
from django.http import HttpRequest

from plans.roles import reads_plan


def site(request: HttpRequest) -> dict[str, object]:
    """The council's and the service's names, and whether to show the plan's pages in the menu."""
    user = getattr(request, "user", None)
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        # Django caches the user's permissions, so this shares the view's own permission check.
        "reads_plan": bool(user and user.is_authenticated and reads_plan(user)),
    }
