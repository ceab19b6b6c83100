"""Who may do what to a target: the one place these object permissions are decided.

Reading is a role's permission (`targets.view_target`, checked by plans.access.permission_required):
everyone with a role reads every target (managers report across the plan; officers see their
colleagues' work). Only officers of a target's service area, and plan admins, add progress updates,
and only to a live target.
"""

from plans.roles import User, works_in
from targets.models import Target


def can_update_target(user: User, target: Target) -> bool:
    return target.is_open and works_in(user, target.service_area)
