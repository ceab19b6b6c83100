"""The roles, as Django groups with Django's permissions, and the questions pages ask about a role.

Pages ask for a permission (plans.access.permission_required); the groups below hold them.

Officers update their own service areas' targets; service leads sign off the returns of the areas
they lead and read everything; senior managers read everything; plan admins edit the plan in the
Django admin and can do everything officers can.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from django.apps import AppConfig, apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission

if TYPE_CHECKING:
    from plans.models import ServiceArea

OFFICERS = "Officers"
SERVICE_LEADS = "Service leads"
SENIOR_MANAGERS = "Senior managers"
PLAN_ADMINS = "Plan admins"

User = AbstractBaseUser | AnonymousUser


def plan_apps() -> set[str]:
    """The project's own apps (a folder beside manage.py, as settings.INSTALLED_APPS lists them):
    the roles hold permissions on their models, so a new app's models need no other list."""
    base = Path(settings.BASE_DIR).resolve()
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base
    }


def ensure_roles() -> None:
    """Create the role groups and give them their permissions; safe to run any number of times."""
    plan_permissions = Permission.objects.filter(content_type__app_label__in=plan_apps())
    view_permissions = plan_permissions.filter(codename__startswith="view_")

    officers, _ = Group.objects.get_or_create(name=OFFICERS)
    officers.permissions.set(
        view_permissions | plan_permissions.filter(codename="add_progressupdate")
    )
    leads, _ = Group.objects.get_or_create(name=SERVICE_LEADS)
    leads.permissions.set(view_permissions)
    managers, _ = Group.objects.get_or_create(name=SENIOR_MANAGERS)
    managers.permissions.set(view_permissions)
    admins, _ = Group.objects.get_or_create(name=PLAN_ADMINS)
    admins.permissions.set(
        plan_permissions.exclude(codename__in=["change_progressupdate", "delete_progressupdate"])
        | Permission.objects.filter(content_type__app_label="auth", codename="view_user")
    )


def ensure_roles_after_migrate(sender: AppConfig, **kwargs: object) -> None:
    if sender.label in plan_apps():
        ensure_roles()


def _in_group(user: User, name: str) -> bool:
    if not user.is_authenticated:
        return False
    # Cached on the user object so a page asking several role questions costs one query.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return name in user._role_names


def is_plan_admin(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or _in_group(user, PLAN_ADMINS))


def is_senior_manager(user: User) -> bool:
    return _in_group(user, SENIOR_MANAGERS)


def is_officer(user: User) -> bool:
    return _in_group(user, OFFICERS)


def is_service_lead(user: User) -> bool:
    return _in_group(user, SERVICE_LEADS)


def reads_plan(user: User) -> bool:
    """Any of the roles: reads every page of the plan (targets, outcomes, reports).

    Asked of the role's permissions, as the pages ask (plans.access.permission_required).
    """
    return user.has_perm("plans.view_plan")


def leads_area(user: User, area: "ServiceArea") -> bool:
    """Signs off a service area's returns: its own service leads only (not plan admins)."""
    return is_service_lead(user) and area.leads.filter(pk=user.pk).exists()


def works_in(user: User, area: "ServiceArea") -> bool:
    """Records progress for a service area: its officers, and plan admins everywhere."""
    if is_plan_admin(user):
        return True
    return is_officer(user) and area.members.filter(pk=user.pk).exists()
