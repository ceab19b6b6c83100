"""What `make bench` should measure of the API (benchmarks/pages.py owns the measuring).

Each entry is (name, path, username): fetched signed in as that user through the session, as
the benchmark fetches pages; a GET through the API answers a session as it answers a token, so
the figures are the API's own. To add them, in benchmarks/pages.choose_pages:

    from api.bench import api_pages
    pages += [Page(*entry) for entry in api_pages(plan, user=manager, indicator=indicator)]
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from outcomes.models import Indicator
from plans.models import Plan


def api_pages(
    plan: Plan, *, user: AbstractBaseUser, indicator: Indicator
) -> list[tuple[str, str, str]]:
    """The API's target list for the whole plan (the largest page it serves, as at today, which
    judges every target of the plan) and the indicator's measurements (the busiest one)."""
    size = settings.API_MAX_PAGE_SIZE
    return [
        ("API target list", f"/api/v1/targets?plan={plan.pk}&page_size={size}", user.username),
        (
            "API indicator measurements",
            f"/api/v1/indicators/{indicator.pk}/measurements",
            user.username,
        ),
    ]
