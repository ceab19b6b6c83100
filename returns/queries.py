"""Reads of a return's items: which targets and outcomes it covers, whether each is updated for
the return, the chase list, and the targets a new due date may be proposed for.

A return's figures (live or from its snapshot) and its report are read in returns/figures.py.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import OuterRef, QuerySet, Subquery

from outcomes.models import Measurement, Outcome, OutcomeUpdate
from plans.deadlines import DeadlineKind
from plans.models import Plan
from returns.models import AreaReturn, Return, SendBackNote
from returns.rules import Stage, area_stage, can_propose_for, is_updated
from targets.models import ProgressUpdate, Target
from targets.queries import judge_targets
from targets.status import Lifecycle

# --- Items and whether they are updated for the return ----------------------------------------


@dataclass(frozen=True)
class Item:
    """A target or an outcome in an area's return, with whether it is updated for the return."""

    kind: str  # "target" or "outcome"
    obj: Target | Outcome
    last_update_at: datetime | None
    notes: list[SendBackNote]  # the lead's comments on it from the latest send-back
    updated: bool
    complete: bool = False  # a target reported complete: it needs no new update

    @property
    def ref(self) -> str:
        return self.obj.ref


@dataclass
class AreaItems:
    area_return: AreaReturn
    items: list[Item]
    area_notes: list[SendBackNote]  # comments on the whole area from the latest send-back

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def updated(self) -> int:
        return sum(1 for item in self.items if item.updated)

    @property
    def outstanding(self) -> list[Item]:
        return [item for item in self.items if not item.updated]

    @property
    def stage(self) -> Stage:
        return area_stage(self.area_return.state, updated=self.updated)


def return_targets(plan: Plan) -> QuerySet[Target]:
    """The targets a return covers: every live target of the plan."""
    return Target.objects.filter(service_area__plan=plan, lifecycle=Lifecycle.LIVE).order_by(
        "service_area__position", "position", "ref"
    )


def return_outcomes(plan: Plan) -> QuerySet[Outcome]:
    return Outcome.objects.filter(service_area__plan=plan).order_by(
        "service_area__position", "position", "ref"
    )


def _latest(model: type, field_name: str) -> Subquery:
    newest = model.objects.filter(**{field_name: OuterRef("pk")}).order_by("-made_at")
    return Subquery(newest.values("made_at")[:1])


def area_items(of_return: Return, *, areas: list[AreaReturn] | None = None) -> list[AreaItems]:
    """Each area's items with whether they are updated for the return, in the areas' order.

    Four queries whatever the number of areas and items (areas, targets, outcomes, notes).
    """
    if areas is None:
        areas = list(of_return.areas.select_related("service_area"))
    area_ids = [a.service_area_id for a in areas]
    targets = return_targets(of_return.plan).filter(service_area_id__in=area_ids)
    newest = ProgressUpdate.objects.filter(target=OuterRef("pk")).order_by("-made_at", "-id")
    targets = targets.annotate(
        last_update_at=Subquery(newest.values("made_at")[:1]),
        last_status=Subquery(newest.values("status")[:1]),
    )
    outcomes = return_outcomes(of_return.plan).filter(service_area_id__in=area_ids)
    outcomes = outcomes.annotate(
        last_narrative_at=_latest(OutcomeUpdate, "outcome"),
        last_measurement_at=_latest(Measurement, "indicator__outcome"),
    )
    sent_back = [a for a in areas if a.state == AreaReturn.State.SENT_BACK]
    notes_by_area: dict[int, list[SendBackNote]] = defaultdict(list)
    if sent_back:
        for note in SendBackNote.objects.filter(area_return__in=sent_back).select_related(
            "made_by", "area_return"
        ):
            if note.made_at >= note.area_return.reviewed_at:  # the latest send-back only
                notes_by_area[note.area_return_id].append(note)

    result = {a.service_area_id: AreaItems(a, [], []) for a in areas}
    for area in areas:
        result[area.service_area_id].area_notes = [
            n for n in notes_by_area[area.pk] if n.target_id is None and n.outcome_id is None
        ]

    def add(kind: str, obj: Target | Outcome, last: datetime | None, complete: bool) -> None:
        entry = result[obj.service_area_id]
        notes = [
            n
            for n in notes_by_area[entry.area_return.pk]
            if (n.target_id if kind == "target" else n.outcome_id) == obj.pk
        ]
        updated = is_updated(
            last_update_at=last,
            opened_at=of_return.opened_at,
            sent_back_at=max((n.made_at for n in notes), default=None),
            complete=complete,
        )
        entry.items.append(Item(kind, obj, last, notes, updated, complete))

    for target in targets:
        # A recurring target's completion is for one cycle: each return asks again.
        done = target.last_status == "complete" and target.deadline_kind != DeadlineKind.RECURRING
        add("target", target, target.last_update_at, done)
    for outcome in outcomes:
        times = [t for t in (outcome.last_narrative_at, outcome.last_measurement_at) if t]
        add("outcome", outcome, max(times, default=None), False)
    return [result[a.service_area_id] for a in areas]


# --- The chase list ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChaseRow:
    area_items: AreaItems
    officers: int  # how many officers the area has, to remind

    @property
    def area_return(self) -> AreaReturn:
        return self.area_items.area_return


def chase_list(of_return: Return) -> list[ChaseRow]:
    areas = list(
        of_return.areas.select_related("service_area").prefetch_related("service_area__members")
    )
    return [
        ChaseRow(items, len(items.area_return.service_area.members.all()))
        for items in area_items(of_return, areas=areas)
    ]


def proposable_targets(areas: list[AreaReturn], *, today: date) -> set[int]:
    """The live targets of these areas that are late or at risk today: a new due date may be
    proposed for them (one query)."""
    if not areas:
        return set()
    targets = Target.objects.filter(
        service_area_id__in=[a.service_area_id for a in areas], lifecycle=Lifecycle.LIVE
    )
    return {
        judged.target.pk
        for judged in judge_targets(targets, as_at=today, with_updates=False)
        if can_propose_for(judged.status.rag)
    }


# --- An officer's open returns, for their home page --------------------------------------------


@dataclass(frozen=True)
class OpenReturn:
    """An open return and the items of the officer's areas in it (returns:yours in brief)."""

    of_return: Return
    areas: list[AreaItems]


def open_returns_of(user: object) -> list[OpenReturn]:
    """The open returns (one a plan at most) with an area the user is an officer of.

    One query, then area_items' four for each open return: a fixed number whatever the size of
    the areas (an officer works in one plan, so in practice five).
    """
    areas = list(
        AreaReturn.objects.filter(
            of_return__state=Return.State.OPEN, service_area__members=user
        ).select_related("of_return", "of_return__plan", "service_area")
    )
    by_return: dict[int, list[AreaReturn]] = defaultdict(list)
    for area in areas:
        by_return[area.of_return_id].append(area)
    return [
        OpenReturn(its[0].of_return, area_items(its[0].of_return, areas=its))
        for its in by_return.values()
    ]
