"""The roles a group mapping can give (plans.roles' groups), and the service area relation each
role's mapped areas fill."""

from plans.roles import OFFICERS, PLAN_ADMINS, SENIOR_MANAGERS, SERVICE_LEADS

ROLE_CHOICES = [
    (OFFICERS, "Officer"),
    (SERVICE_LEADS, "Service lead"),
    (SENIOR_MANAGERS, "Senior manager"),
    (PLAN_ADMINS, "Plan admin"),
]
ROLE_GROUPS = [name for name, _ in ROLE_CHOICES]
AREA_RELATIONS = {OFFICERS: "members", SERVICE_LEADS: "leads"}
