"""Who may do what in a return: the one place these object rules are decided (over plans.roles).

Everyone with a role reads a return, its report and its committee pack. Officers of a service area
(and plan admins, who can do what officers do) update its items, submit its return and propose new
due dates. Only the area's own service leads approve it, send it back or decide a proposed date:
not plan admins, not officers, not the leads of other areas. Plan admins (the equality lead) open,
close and reopen returns and send reminders.
"""

from plans.roles import User, is_plan_admin, leads_area, reads_plan, works_in
from returns.models import AreaReturn, Return


def can_read_returns(user: User) -> bool:
    return reads_plan(user)


def can_run_returns(user: User) -> bool:
    """Opens, closes and reopens returns, and sends the reminders: the equality lead."""
    return is_plan_admin(user)


def can_work_on(user: User, area_return: AreaReturn) -> bool:
    return area_return.of_return.is_open and works_in(user, area_return.service_area)


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
