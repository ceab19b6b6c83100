"""The reads behind the dashboard, the directorate reports and the equality view.

Each loads a plan's targets once, judged as at the date (targets.queries.judge_targets), and its
structure with prefetches, so the number of queries does not grow with the plan.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from outcomes.models import Outcome
from outcomes.queries import IndicatorSummary, indicator_summaries
from outcomes.representation import CategoryRow, Representation, representations
from plans.as_at import plan_quarter_ends, previous_quarter_end
from plans.models import Action, EqualityGroup, Plan, ServiceArea
from reports import rollups
from reports.rollups import StatusCounts
from targets.models import Target
from targets.queries import JudgedTarget, count_on_days, judge_targets, status_rules


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
    # The plan's statuses as at each quarter end, counted by the database from their timelines.
    on_days = count_on_days(plan_targets(plan), days=days)
    history = [(day, StatusCounts(on_days[day])) for day in days]
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
    (report,) = _directorate_reports([area], as_at=as_at)
    return report


def plan_report(*, plan: Plan, as_at: date) -> list[DirectorateReport]:
    """Every directorate's report of a plan, in the areas' order: read together, so the queries
    are the same however many service areas the plan has."""
    areas = list(plan.service_areas.select_related("plan").order_by("position"))
    return _directorate_reports(areas, as_at=as_at)


def _directorate_reports(areas: list[ServiceArea], *, as_at: date) -> list[DirectorateReport]:
    judged = judge_targets(
        Target.objects.filter(service_area__in=areas).order_by("position", "ref"), as_at=as_at
    )
    by_pk = {item.target.pk: item for item in judged}
    actions = (
        Action.objects.filter(service_area__in=areas)
        .select_related("lead_officer")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.only("pk").order_by("position"))
        )
    )
    outcomes = list(Outcome.objects.filter(service_area__in=areas))
    summaries = indicator_summaries(
        Outcome.objects.filter(pk__in=[o.pk for o in outcomes]), as_at=as_at
    )
    targets_of: dict[int, list[JudgedTarget]] = defaultdict(list)
    for item in judged:
        targets_of[item.target.service_area_id].append(item)
    actions_of: dict[int, list[ActionRow]] = defaultdict(list)
    for action in actions:
        rows = [by_pk[t.pk] for t in action.targets.all() if t.pk in by_pk]
        actions_of[action.service_area_id].append(ActionRow(action, rows))
    outcomes_of: dict[int, list[OutcomeRow]] = defaultdict(list)
    for outcome in outcomes:
        outcomes_of[outcome.service_area_id].append(
            OutcomeRow(outcome, summaries.get(outcome.pk, []))
        )
    return [
        DirectorateReport(
            area=area,
            as_at=as_at,
            counts=StatusCounts.of(targets_of[area.pk]),
            targets=targets_of[area.pk],
            actions=actions_of[area.pk],
            outcomes=outcomes_of[area.pk],
        )
        for area in areas
    ]


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
    gaps: list[tuple[Representation, CategoryRow]] = field(default_factory=list)  # worst first

    @property
    def indicators(self) -> int:
        return sum(len(row.indicators) for row in self.outcomes)

    @property
    def addressed(self) -> bool:
        return bool(self.actions or self.targets or self.outcomes)


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
    population = representations(
        [summary.indicator for row in outcomes for summary in row.indicators], as_at=as_at
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
                gaps=_furthest_below(group, population),
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


# The Islington plan's equality groups and the breakdown categories that count them: a broad group
# (race) takes every category of its dimension, a narrower one its own categories.
GROUP_CATEGORIES: dict[str, tuple[str, frozenset[str] | None]] = {
    "race": ("ethnicity", None),
    "bame": ("ethnicity", frozenset({"bame"})),
    "black-caribbean": ("ethnicity", frozenset({"caribbean", "white-and-black-caribbean"})),
    "black-african": ("ethnicity", frozenset({"african", "white-and-black-african"})),
    "mixed-parentage": ("ethnicity", frozenset({"mixed"})),
    "religion-belief": ("religion", None),
    "sex": ("sex", None),
    "women": ("sex", frozenset({"female"})),
    "disability": ("disability", None),
    "disabled-people": ("disability", frozenset({"disabled"})),
    "age": ("age-band", None),
    "older-people": ("age-band", frozenset({"65-and-over"})),
    "young-people": ("age-band", frozenset({"under-16", "16-to-24"})),
    "frontline-staff": ("staff-group", frozenset({"frontline"})),
}
WORST_GAPS = 3


def _furthest_below(
    group: EqualityGroup, population: dict[int, list[Representation]]
) -> list[tuple[Representation, CategoryRow]]:
    """The indicators where the group is furthest below its population share (clearly so)."""
    if group.slug not in GROUP_CATEGORIES:
        return []
    dimension, slugs = GROUP_CATEGORIES[group.slug]
    found = [
        (rep, row)
        for reps in population.values()
        for rep in reps
        if rep.shape.dimension.slug == dimension
        for row in rep.below
        if slugs is None or row.category.slug in slugs
    ]
    found.sort(key=lambda pair: pair[1].comparison.gap or 0)
    return found[:WORST_GAPS]
