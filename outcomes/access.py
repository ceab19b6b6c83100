"""Who may do what to an outcome: the one place these object permissions are decided.

Everyone signed in with a role reads every outcome, indicator and measurement. Only officers of an
outcome's service area, and plan admins, add measurements to its indicators and narrative updates
to it; senior managers read only.
"""

from outcomes.models import Outcome
from plans.roles import User, is_officer, is_plan_admin, is_senior_manager


def can_read_outcomes(user: User) -> bool:
    return is_plan_admin(user) or is_senior_manager(user) or is_officer(user)


def can_update_outcome(user: User, outcome: Outcome) -> bool:
    if is_plan_admin(user):
        return True
    return is_officer(user) and outcome.service_area.members.filter(pk=user.pk).exists()
