"""Who may do what to a target: the one place these object permissions are decided.

Everyone signed in with a role reads every target (managers report across the plan; officers see
their colleagues' work). Only officers of a target's service area, and plan admins, add progress
updates, and only to a live target.
"""

from django.db.models import QuerySet

from plans.roles import User, is_officer, is_plan_admin, reads_plan, works_in
from targets.models import Target


def can_read_targets(user: User) -> bool:
    return reads_plan(user)


def updatable_targets(user: User) -> QuerySet[Target]:
    """The targets this user may add progress updates to."""
    live = Target.objects.filter(lifecycle="live")
    if is_plan_admin(user):
        return live
    if is_officer(user):
        return live.filter(service_area__members=user)
    return Target.objects.none()


def can_update_target(user: User, target: Target) -> bool:
    return target.is_open and works_in(user, target.service_area)
