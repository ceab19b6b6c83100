"""Each role's home page: what it reads, as plain data (the templates choose the words).

An officer's home is "what needs me": the live targets of their service areas that need an update
(red or amber, or not updated since the last quarter end), each with its Update link, and the
outcomes of their areas with no update since then (neither a narrative update nor figures for one
of its indicators, as for a quarterly return). Managers and plan admins get the dashboard.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Max, OuterRef, Subquery

from outcomes.models import Measurement, Outcome
from plans.as_at import previous_quarter_end
from plans.models import ServiceArea
from plans.rag import RAG
from plans.roles import is_officer, is_plan_admin, is_senior_manager, is_service_lead
from targets.models import Target
from targets.queries import JudgedTarget, judge_targets
from targets.tables import URGENCY

# Statuses that need the officer whatever the date of the last update.
NEEDS_ATTENTION = frozenset({RAG.RED, RAG.AMBER, RAG.UNSCHEDULED})


@dataclass(frozen=True)
class OutcomeDue:
    outcome: Outcome
    last_update_at: datetime | None  # its latest narrative update or figures, if any
    indicators: int  # how many indicators measure it (their figures are added on their pages)


@dataclass(frozen=True)
class OfficerHome:
    areas: list[ServiceArea]
    since: date  # the last quarter end: anything not updated since needs an update
    targets: list[JudgedTarget]  # most urgent first
    outcomes: list[OutcomeDue]
    other_targets: int  # the areas' live targets that need nothing now


def gets_officer_home(user: AbstractBaseUser) -> bool:
    """Officers who are nothing more: service leads, managers and plan admins read the dashboard."""
    return is_officer(user) and not (
        is_senior_manager(user) or is_plan_admin(user) or is_service_lead(user)
    )


def officer_home(*, user: AbstractBaseUser, as_at: date) -> OfficerHome:
    """What needs this officer as at a day: a fixed number of queries whatever their areas hold."""
    areas = list(ServiceArea.objects.filter(members=user).select_related("plan"))
    since = previous_quarter_end(as_at)
    targets = Target.objects.filter(service_area__in=areas).order_by(
        "service_area__position", "position", "ref"
    )
    live = [
        row
        for row in judge_targets(targets, as_at=as_at)
        if row.target.is_open and row.status.rag in RAG.LIVE and row.status.rag != RAG.COMPLETE
    ]
    needing = [
        row
        for row in live
        if row.status.rag in NEEDS_ATTENTION
        or row.status.last_update_on is None
        or row.status.last_update_on <= since
    ]
    needing.sort(key=lambda row: (URGENCY.index(row.status.rag), row.status.due_date or date.max))
    latest_figures = (
        Measurement.objects.filter(indicator__outcome=OuterRef("pk"))
        .order_by("-made_at")
        .values("made_at")[:1]
    )
    outcomes = (
        Outcome.objects.filter(service_area__in=areas)
        .select_related("service_area")
        .annotate(
            last_narrative_at=Max("updates__made_at"),
            last_figures_at=Subquery(latest_figures),
            indicator_count=Count("indicators", distinct=True),
        )
        .order_by("service_area__position", "position", "ref")
    )
    due = []
    for outcome in outcomes:
        made = [outcome.last_narrative_at, outcome.last_figures_at]
        last = max((at for at in made if at is not None), default=None)
        if last is None or last.date() <= since:
            due.append(OutcomeDue(outcome, last, outcome.indicator_count))
    return OfficerHome(
        areas=areas,
        since=since,
        targets=needing,
        outcomes=due,
        other_targets=len(live) - len(needing),
    )
