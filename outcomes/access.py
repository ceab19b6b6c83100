"""Who may do what to an outcome: the one place these object permissions are decided.

Reading is a role's permission (`outcomes.view_outcome`, checked by
plans.access.permission_required): everyone with a role reads every outcome, indicator and
measurement. Only officers of an outcome's service area, and plan admins, add measurements to its
indicators and narrative updates to it; senior managers and service leads read only.
"""

from outcomes.models import Outcome
from plans.roles import User, works_in


def can_update_outcome(user: User, outcome: Outcome) -> bool:
    return works_in(user, outcome.service_area)
