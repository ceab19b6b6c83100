"""Who may do what to an outcome: the one place these object permissions are decided.

Everyone signed in with a role reads every outcome, indicator and measurement. Only officers of an
outcome's service area, and plan admins, add measurements to its indicators and narrative updates
to it; senior managers read only.
"""

from outcomes.models import Outcome
from plans.roles import User, reads_plan, works_in


def can_read_outcomes(user: User) -> bool:
    return reads_plan(user)


def can_update_outcome(user: User, outcome: Outcome) -> bool:
    return works_in(user, outcome.service_area)
