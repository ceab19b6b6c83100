"""The reads behind the dashboard, the directorate reports and the equality view.

Each loads a plan's targets once, judged as at the date (targets.queries.judge_targets), and its
structure with prefetches, so the number of queries does not grow with the plan.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from outcomes.models import Outcome
from outcomes.queries import IndicatorSummary, indicator_summaries
from plans.as_at import plan_quarter_ends, previous_quarter_end
from plans.models import Action, EqualityGroup, Plan, ServiceArea
from reports import rollups
from reports.rollups import StatusCounts
from targets.models import Target
from targets.queries import JudgedTarget, judge_on_days, judge_targets, status_rules


def plan_targets(plan: Plan) -> QuerySet[Target]:
    return Target.objects.filter(service_area__plan=plan).order_by(
        "service_area__position", "position", "ref"
    )


@dataclass(frozen=True)
class AreaRow:
    area: ServiceArea
    counts: StatusCounts


@dataclass(frozen=True)
class Dashboard:
    plan: Plan
    as_at: date
    since: date  # the last quarter end before as_at
    overall: StatusCounts
    areas: list[AreaRow]
    became_overdue: list[JudgedTarget]
    due_soon: list[JudgedTarget]
    stale: list[JudgedTarget]
    history: list[tuple[date, StatusCounts]]  # status at recent quarter ends, oldest first


def dashboard(*, plan: Plan, as_at: date, quarters: int = 5) -> Dashboard:
    rules = status_rules()
    judged = judge_targets(plan_targets(plan), as_at=as_at, rules=rules)
    by_area: dict[int, list[JudgedTarget]] = defaultdict(list)
    for item in judged:
        by_area[item.target.service_area_id].append(item)
    since = previous_quarter_end(as_at)
    # The plan's own quarter ends up to and including the as at date (and its last day).
    days = plan_quarter_ends(plan.period_start, plan.period_end, until=as_at)[-quarters:]
    # The same targets as at each quarter end: one query, not a full judging for each.
    on_days = judge_on_days([item.target for item in judged], days=days, rules=rules)
    history = [(day, StatusCounts.of(on_days[day])) for day in days]
    return Dashboard(
        plan=plan,
        as_at=as_at,
        since=since,
        overall=StatusCounts.of(judged),
        areas=[
            AreaRow(area, StatusCounts.of(by_area[area.pk]))
            for area in plan.service_areas.order_by("position")
        ],
        became_overdue=rollups.became_overdue(judged, since=since, as_at=as_at),
        due_soon=rollups.due_soon(judged, as_at=as_at),
        stale=rollups.stale(
            judged, as_at=as_at, stale_days=rules.stale_days, plan_start=plan.period_start
        ),
        history=history,
    )


@dataclass(frozen=True)
class ActionRow:
    action: Action
    targets: list[JudgedTarget]


@dataclass(frozen=True)
class OutcomeRow:
    outcome: Outcome
    indicators: list[IndicatorSummary]  # its measurable side, if any: value, RAG, breakdown gaps


@dataclass(frozen=True)
class DirectorateReport:
    area: ServiceArea
    as_at: date
    counts: StatusCounts
    targets: list[JudgedTarget]
    actions: list[ActionRow]
    outcomes: list[OutcomeRow]


def directorate_report(*, area: ServiceArea, as_at: date) -> DirectorateReport:
    judged = judge_targets(
        Target.objects.filter(service_area=area).order_by("position", "ref"), as_at=as_at
    )
    by_pk = {item.target.pk: item for item in judged}
    actions = area.actions.select_related("lead_officer").prefetch_related(
        Prefetch("targets", queryset=Target.objects.only("pk").order_by("position"))
    )
    return DirectorateReport(
        area=area,
        as_at=as_at,
        counts=StatusCounts.of(judged),
        targets=judged,
        actions=[
            ActionRow(action, [by_pk[t.pk] for t in action.targets.all() if t.pk in by_pk])
            for action in actions
        ],
        outcomes=_outcome_rows(area.outcomes.all(), as_at=as_at),
    )


def _outcome_rows(outcomes: QuerySet[Outcome], *, as_at: date) -> list[OutcomeRow]:
    summaries = indicator_summaries(outcomes, as_at=as_at)
    return [OutcomeRow(outcome, summaries.get(outcome.pk, [])) for outcome in outcomes]


@dataclass(frozen=True)
class GroupRow:
    group: EqualityGroup
    depth: int  # 0 for a protected characteristic, 1 for a narrower group beneath one
    actions: list[Action]
    targets: list[JudgedTarget]
    outcomes: list[OutcomeRow]
    counts: StatusCounts
    coverage: dict[int, int]  # service area pk -> actions, targets and outcomes addressing it


@dataclass(frozen=True)
class EqualityView:
    plan: Plan
    as_at: date
    areas: list[ServiceArea]
    groups: list[GroupRow]


def equality_view(*, plan: Plan, as_at: date) -> EqualityView:
    """Each equality group with what addresses it, and a directorates x groups coverage grid.

    A broad group (race) counts what is tagged with it or with a narrower group beneath it (Black,
    Asian and Minority Ethnic residents), so the grid shows reach at both levels.
    """
    areas = list(plan.service_areas.order_by("position"))
    judged = judge_targets(plan_targets(plan).prefetch_related("groups"), as_at=as_at)
    actions = list(
        Action.objects.filter(service_area__plan=plan)
        .select_related("service_area")
        .prefetch_related("groups")
    )
    outcomes = _outcome_rows(
        Outcome.objects.filter(service_area__plan=plan)
        .select_related("service_area")
        .prefetch_related("groups"),
        as_at=as_at,
    )
    groups = list(EqualityGroup.objects.select_related("parent"))
    ancestors = {g.pk: {g.pk} | ({g.parent_id} if g.parent_id else set()) for g in groups}

    def tagged(items: list, groups_of) -> dict[int, list]:
        found: dict[int, list] = defaultdict(list)
        for item in items:
            reached = set().union(*(ancestors[g.pk] for g in groups_of(item).all()))
            for pk in reached:
                found[pk].append(item)
        return found

    actions_by = tagged(actions, lambda a: a.groups)
    outcomes_by = tagged(outcomes, lambda row: row.outcome.groups)
    targets_by = tagged(judged, lambda j: j.target.groups)

    rows = []
    for group in _in_tree_order(groups):
        group_targets = targets_by[group.pk]
        coverage: dict[int, int] = defaultdict(int)
        for action in actions_by[group.pk]:
            coverage[action.service_area_id] += 1
        for row in outcomes_by[group.pk]:
            coverage[row.outcome.service_area_id] += 1
        for item in group_targets:
            coverage[item.target.service_area_id] += 1
        rows.append(
            GroupRow(
                group=group,
                depth=1 if group.parent_id else 0,
                actions=actions_by[group.pk],
                targets=group_targets,
                outcomes=outcomes_by[group.pk],
                counts=StatusCounts.of(group_targets),
                coverage=dict(coverage),
            )
        )
    return EqualityView(plan=plan, as_at=as_at, areas=areas, groups=rows)


def _in_tree_order(groups: list[EqualityGroup]) -> list[EqualityGroup]:
    """Broad groups in their order, each followed by the narrower groups beneath it."""
    children: dict[int | None, list[EqualityGroup]] = defaultdict(list)
    for group in groups:
        children[group.parent_id].append(group)
    ordered = []
    for top in children[None]:
        ordered.append(top)
        ordered.extend(children[top.pk])
    return ordered
