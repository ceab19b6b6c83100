"""Who may act on one service area's return: the one place these object rules are decided.

Reading returns, their reports and packs is a role's permission (returns.view_return: every role),
and running them (open, remind, close, reopen) is the plan admins' (returns.change_return), both
checked by plans.access.permission_required. Officers of a service area (and plan admins, who can do
what officers do) update its items, submit its return and propose new due dates, until the area is
approved. Only the area's
own service leads approve it, send it back or decide a proposed date: not plan admins, not
officers, not the leads of other areas.
"""

from plans.roles import User, leads_area, works_in
from returns.models import AreaReturn, Return


def can_work_on(user: User, area_return: AreaReturn) -> bool:
    """Updates items, submits and proposes dates for an area's return until it is approved."""
    return (
        area_return.of_return.is_open
        and area_return.state != AreaReturn.State.APPROVED
        and works_in(user, area_return.service_area)
    )


def can_review(user: User, area_return: AreaReturn) -> bool:
    return area_return.of_return.is_open and leads_area(user, area_return.service_area)


def areas_to_work_on(user: User, of_return: Return) -> list[AreaReturn]:
    return [
        area
        for area in of_return.areas.select_related("service_area", "of_return")
        if works_in(user, area.service_area)
    ]


def areas_to_review(user: User, of_return: Return) -> list[AreaReturn]:
    return [
        area
        for area in of_return.areas.select_related("service_area", "of_return")
        if leads_area(user, area.service_area)
    ]
