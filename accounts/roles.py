"""The roles a group mapping can give: plans.roles' groups, and service leads by name.

"Service leads" is added to plans.roles (with ServiceArea.leads) by another change; until then the
group is made by name at sign-in and has no permissions of its own.
"""

from plans.roles import OFFICERS, PLAN_ADMINS, SENIOR_MANAGERS

SERVICE_LEADS = "Service leads"

ROLE_CHOICES = [
    (OFFICERS, "Officer"),
    (SERVICE_LEADS, "Service lead"),
    (SENIOR_MANAGERS, "Senior manager"),
    (PLAN_ADMINS, "Plan admin"),
]
ROLE_GROUPS = [name for name, _ in ROLE_CHOICES]

# The service area relation each role's mapped areas fill.
AREA_RELATIONS = {OFFICERS: "members", SERVICE_LEADS: "leads"}
