from django.conf import settings
from django.http import HttpRequest

from targets.access import can_read_targets


def site(request: HttpRequest) -> dict[str, object]:
    """The council's and the service's names, and whether to show the plan's pages in the menu."""
    user = getattr(request, "user", None)
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        # One query at most, and shared with the view's own role checks (plans.roles caches it).
        "reads_plan": bool(user and user.is_authenticated and can_read_targets(user)),
    }
