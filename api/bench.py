"""What `make bench` should measure of the API (benchmarks/pages.py owns the measuring).

Each entry is (name, path, username): fetched signed in as that user through the session, as
the benchmark fetches pages; a GET through the API answers a session as it answers a token, so
the figures are the API's own. benchmarks.pages.choose_pages adds them after its own pages.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from outcomes.models import Indicator
from plans.models import Plan


def api_pages(
    plan: Plan, *, user: AbstractBaseUser, indicator: Indicator
) -> list[tuple[str, str, str]]:
    """The API's target list of the plan (its largest page, as at today: the database filters and
    cuts it, and only that page's targets are judged) and the indicator's measurements (the
    busiest one)."""
    size = settings.API_MAX_PAGE_SIZE
    return [
        ("API target list", f"/api/v1/targets?plan={plan.pk}&page_size={size}", user.username),
        (
            "API indicator measurements",
            f"/api/v1/indicators/{indicator.pk}/measurements",
            user.username,
        ),
    ]
