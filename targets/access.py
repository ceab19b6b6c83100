"""Who may do what to a target: the one place these object permissions are decided.

Everyone signed in with a role reads every target (managers report across the plan; officers see
their colleagues' work). Only officers of a target's service area, and plan admins, add progress
updates, and only to a live target.
"""

from django.db.models import QuerySet

from plans.roles import User, is_officer, is_plan_admin, is_senior_manager
from targets.models import Target


def can_read_targets(user: User) -> bool:
    return is_plan_admin(user) or is_senior_manager(user) or is_officer(user)


def updatable_targets(user: User) -> QuerySet[Target]:
    """The targets this user may add progress updates to."""
    live = Target.objects.filter(lifecycle="live")
    if is_plan_admin(user):
        return live
    if is_officer(user):
        return live.filter(service_area__members=user)
    return Target.objects.none()


def can_update_target(user: User, target: Target) -> bool:
    if not target.is_open:
        return False
    if is_plan_admin(user):
        return True
    return is_officer(user) and target.service_area.members.filter(pk=user.pk).exists()
