"""A return's figures and its report.

The figures come in one shape (AreaSection with TargetRow and OutcomeRow) from either of two
places: worked out live while the return is open (live_sections), or read back from the snapshot
rows once it is closed (snapshot_sections, a fixed number of queries at any size). Closing a return
stores what live_sections gives, so the two read the same. The report adds the movement since the
previous closed return.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from outcomes.models import Indicator, OutcomeUpdate
from outcomes.queries import (
    IndicatorSummary,
    ShareGap,
    _readings,
    indicator_summaries,
    suppressions,
)
from outcomes.shapes import BreakdownShape, shapes_of
from plans.rag import RAG
from plans.wording import describe_gap, describe_share, describe_value, uk_date
from reports.rollups import COUNTED_STATUSES
from returns.models import (
    AreaReturn,
    IndicatorSnapshot,
    OutcomeSnapshot,
    Return,
    TargetSnapshot,
)
from returns.queries import return_outcomes, return_targets
from returns.rules import Movement, TargetFigure, movement
from targets.models import ProgressUpdate
from targets.queries import status_rules
from targets.status import Lifecycle, ProgressStatus, UpdateFact, status_as_at


@dataclass(frozen=True)
class TargetRow:
    target_id: int | None
    ref: str
    text: str
    deadline_text: str
    due_date: date | None
    revised_deadline_text: str
    revised_due_date: date | None
    revision_reason: str
    rag: RAG
    reason: str
    days_late: int | None
    update_status: str
    update_commentary: str
    update_made_at: datetime | None

    @property
    def update_status_label(self) -> str:
        return ProgressStatus(self.update_status).label if self.update_status else ""


@dataclass(frozen=True)
class IndicatorRow:
    indicator_id: int | None
    ref: str
    name: str
    value_text: str
    target_text: str
    rag: RAG | None
    reason: str
    shares: list[dict]
    figures: dict  # the numbers behind the words (IndicatorSnapshot.figures)


@dataclass(frozen=True)
class OutcomeRow:
    outcome_id: int | None
    ref: str
    text: str
    update_rag: str
    update_commentary: str
    indicators: list[IndicatorRow]


@dataclass
class AreaSection:
    area_return: AreaReturn
    name: str
    targets: list[TargetRow] = field(default_factory=list)
    outcomes: list[OutcomeRow] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[RAG, int]]:
        return count_rows(self.targets)

    @property
    def reds(self) -> list[TargetRow]:
        return [row for row in self.targets if row.rag is RAG.RED]


def count_rows(rows: list[TargetRow]) -> list[tuple[RAG, int]]:
    counted = dict.fromkeys(COUNTED_STATUSES, 0)
    for row in rows:
        if row.rag in counted:
            counted[row.rag] += 1
    return list(counted.items())


def figures_cutoff(of_return: Return) -> datetime:
    """Updates made before this moment count: the close, or now while the return is open."""
    return of_return.closed_at if of_return.closed_at and not of_return.is_open else timezone.now()


def counted_updates(of_return: Return, *, cutoff: datetime) -> Q:
    """The updates a return's figures count: those made by the end of its date, and those made
    for it (since it opened, before it closed). An update made between the two, before the
    return opened, is not counted: it speaks for neither."""
    as_at_end = timezone.make_aware(datetime.combine(of_return.as_at, time.max))
    return Q(made_at__lte=as_at_end) | Q(made_at__gte=of_return.opened_at, made_at__lt=cutoff)


def live_sections(of_return: Return, *, cutoff: datetime | None = None) -> list[AreaSection]:
    """The return's figures worked out now from the live data, as closing would store them.

    About a dozen queries whatever the plan's size: areas, targets with their latest update before
    the cutoff, outcomes with their latest narrative update, and the indicators' summaries.
    """
    cutoff = cutoff or figures_cutoff(of_return)
    as_at = of_return.as_at
    # An update made for the return after its date speaks for the position at the date.
    as_at_end = timezone.make_aware(datetime.combine(as_at, time(23, 59)))
    rules = status_rules()
    areas = list(of_return.areas.select_related("service_area"))
    sections = {a.service_area_id: AreaSection(a, a.service_area.name) for a in areas}

    counted = counted_updates(of_return, cutoff=cutoff)
    latest = ProgressUpdate.objects.filter(counted, target=OuterRef("pk")).order_by(
        "-made_at", "-id"
    )
    targets = return_targets(of_return.plan).annotate(
        u_at=Subquery(latest.values("made_at")[:1]),
        u_status=Subquery(latest.values("status")[:1]),
        u_commentary=Subquery(latest.values("commentary")[:1]),
    )
    for target in targets:
        facts = []
        if target.u_at is not None:
            made_at = min(timezone.localtime(target.u_at), as_at_end)
            facts.append(UpdateFact(made_at=made_at, status=ProgressStatus(target.u_status)))
        status = status_as_at(
            window=target.window,
            updates=facts,
            as_at=as_at,
            rules=rules,
            lifecycle=Lifecycle(target.lifecycle),
            closed_on=target.closed_on,
            revised_window=target.revised_window,
        )
        if target.service_area_id not in sections:
            continue
        sections[target.service_area_id].targets.append(
            TargetRow(
                target_id=target.pk,
                ref=target.ref,
                text=target.text,
                deadline_text=target.deadline_text,
                due_date=status.due_date,
                revised_deadline_text=target.revised_deadline_text,
                revised_due_date=target.revised_due_date,
                revision_reason=target.revision_reason,
                rag=status.rag,
                reason=status.reason,
                days_late=status.days_late,
                update_status=target.u_status or "",
                update_commentary=target.u_commentary or "",
                update_made_at=target.u_at,
            )
        )

    narrative = OutcomeUpdate.objects.filter(counted, outcome=OuterRef("pk")).order_by(
        "-made_at", "-id"
    )
    outcomes = return_outcomes(of_return.plan).annotate(
        n_rag=Subquery(narrative.values("rag")[:1]),
        n_commentary=Subquery(narrative.values("commentary")[:1]),
    )
    summaries = indicator_summaries(outcomes, as_at=as_at)
    hidden = _hidden_shares([s.indicator for found in summaries.values() for s in found], as_at)
    for outcome in outcomes:
        if outcome.service_area_id not in sections:
            continue
        indicators = [
            IndicatorRow(
                indicator_id=summary.indicator.pk,
                ref=summary.indicator.ref,
                name=summary.indicator.name,
                value_text=_value_words(summary),
                target_text=_target_words(summary),
                rag=summary.status.rag,
                reason=summary.status.reason,
                shares=[_share(gap) for gap in summary.gaps],
                figures=_figures_of(summary) | {"suppressed": hidden.get(summary.indicator.pk, {})},
            )
            for summary in summaries.get(outcome.pk, [])
        ]
        sections[outcome.service_area_id].outcomes.append(
            OutcomeRow(
                outcome_id=outcome.pk,
                ref=outcome.ref,
                text=outcome.text,
                update_rag=outcome.n_rag or "",
                update_commentary=outcome.n_commentary or "",
                indicators=indicators,
            )
        )
    return [sections[a.service_area_id] for a in areas]


def _hidden_shares(indicators: list[Indicator], as_at: date) -> dict[int, dict[str, list[str]]]:
    """indicator id -> dimension name -> the categories disclosure control would not publish as
    at the return's date (outcomes/disclosure.py over the whole live breakdown), so the public
    pages of a plan that publishes only signed-off figures hide what the live ones would."""
    ids = [i.pk for i in indicators]
    shapes = shapes_of(ids) if ids else {}
    readings = _readings(ids, as_at=as_at) if ids else {}
    hidden = suppressions(indicators, as_at=as_at, shapes=shapes, readings=readings)
    stored: dict[int, dict[str, list[str]]] = {}
    for indicator in indicators:
        for shape in shapes.get(indicator.pk, BreakdownShape()).dimensions:
            names = {
                c.slug: c.name
                for g in shape.groups
                for c in ([g.group] if g.group else []) + g.categories
            } | {c.slug: c.name for c in shape.aggregates}
            concealed = hidden.get((indicator.pk, shape.dimension.slug), frozenset())
            stored.setdefault(indicator.pk, {})[shape.dimension.name] = sorted(
                names[slug] for slug in concealed if slug in names
            )
    return stored


def _text(value: object) -> str | None:
    """A Decimal or a date as JSON keeps it exactly: as text."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


# A return freezes its figures as the pages word them (plans.wording), so that the committee pack
# reads the same years later.


def _value_words(summary: IndicatorSummary) -> str:
    if summary.figure is None:
        return "No measurement yet"
    return describe_value(summary.figure.value, summary.indicator.unit)


def _target_words(summary: IndicatorSummary) -> str:
    indicator = summary.indicator
    if indicator.target_value is None:
        return "No overall target"
    due = f" by {uk_date(indicator.due_date)}" if indicator.due_date else ""
    return f"{describe_value(indicator.target_value, indicator.unit)}{due}"


def _figures_of(summary: IndicatorSummary) -> dict:
    indicator, figure, status = summary.indicator, summary.figure, summary.status
    return {
        "unit": indicator.unit,
        "direction": indicator.direction,
        "baseline_value": _text(indicator.baseline_value),
        "baseline_date": _text(indicator.baseline_date),
        "target_value": _text(indicator.target_value),
        "target_date": _text(indicator.due_date),
        "deadline_text": indicator.deadline_text,
        "data_source": indicator.data_source,
        "value": _text(figure.value) if figure else None,
        "through": _text(figure.through) if figure else None,
        "expected": _text(status.expected),
        "progress": _text(status.progress),
    }


def _share(gap: ShareGap) -> dict:
    figure = gap.figure
    return {
        "dimension": gap.dimension.name,
        "category": gap.target.category.name,
        "goal": f"{describe_share(gap.target.share)} {gap.kind.label.lower()}",
        "achieved": describe_share(gap.achieved),
        "gap": describe_gap(gap.gap, gap.kind),
        "kind": gap.target.kind,
        "share": _text(gap.target.share),
        "note": gap.target.note,
        "part": _text(figure.part) if figure else None,
        "total": _text(figure.total) if figure else None,
        "through": _text(figure.through) if figure else None,
    }


def snapshot_sections(of_return: Return) -> list[AreaSection]:
    """A closed return's figures, read from its snapshot rows: four queries at any size."""
    areas = of_return.areas.prefetch_related(
        Prefetch("target_rows", queryset=TargetSnapshot.objects.order_by("position")),
        Prefetch(
            "outcome_rows",
            queryset=OutcomeSnapshot.objects.order_by("position").prefetch_related(
                Prefetch("indicator_rows", queryset=IndicatorSnapshot.objects.order_by("position"))
            ),
        ),
    )
    return [
        AreaSection(
            area,
            area.area_name,
            targets=[_target_row(row) for row in area.target_rows.all()],
            outcomes=[
                OutcomeRow(
                    outcome_id=row.outcome_id,
                    ref=row.ref,
                    text=row.text,
                    update_rag=row.update_rag,
                    update_commentary=row.update_commentary,
                    indicators=[
                        IndicatorRow(
                            indicator_id=i.indicator_id,
                            ref=i.ref,
                            name=i.name,
                            value_text=i.value_text,
                            target_text=i.target_text,
                            rag=RAG(i.rag) if i.rag else None,
                            reason=i.reason,
                            shares=i.shares,
                            figures=i.figures,
                        )
                        for i in row.indicator_rows.all()
                    ],
                )
                for row in area.outcome_rows.all()
            ],
        )
        for area in areas
    ]


def _target_row(row: TargetSnapshot) -> TargetRow:
    return TargetRow(
        target_id=row.target_id,
        ref=row.ref,
        text=row.text,
        deadline_text=row.deadline_text,
        due_date=row.due_date,
        revised_deadline_text=row.revised_deadline_text,
        revised_due_date=row.revised_due_date,
        revision_reason=row.revision_reason,
        rag=RAG(row.rag),
        reason=row.reason,
        days_late=row.days_late,
        update_status=row.update_status,
        update_commentary=row.update_commentary,
        update_made_at=row.update_made_at,
    )


def sections(of_return: Return) -> list[AreaSection]:
    return live_sections(of_return) if of_return.is_open else snapshot_sections(of_return)


def previous_closed(of_return: Return) -> Return | None:
    """The plan's last closed return reporting as at an earlier date."""
    return (
        Return.objects.filter(
            plan_id=of_return.plan_id, state=Return.State.CLOSED, as_at__lt=of_return.as_at
        )
        .exclude(pk=of_return.pk)
        .order_by("-as_at", "-closed_at")
        .first()
    )


def _figures(areas: list[AreaSection]) -> list[TargetFigure]:
    return [
        TargetFigure(
            target_id=row.target_id,
            area=area.name,
            ref=row.ref,
            rag=row.rag,
            days_late=row.days_late,
            due_date=row.due_date,
            revised_due_date=row.revised_due_date,
        )
        for area in areas
        for row in area.targets
        if row.target_id is not None
    ]


@dataclass
class ReturnReport:
    of_return: Return
    areas: list[AreaSection]
    movement: Movement
    previous: Return | None

    @property
    def counts(self) -> list[tuple[RAG, int]]:
        return count_rows([row for area in self.areas for row in area.targets])

    @property
    def total(self) -> int:
        return sum(len(area.targets) for area in self.areas)

    @property
    def exceptions(self) -> list[tuple[AreaSection, TargetRow]]:
        """Every red target, with its area: the summary's exceptions."""
        return [(area, row) for area in self.areas for row in area.reds]


def return_report(of_return: Return) -> ReturnReport:
    """Everything a return's report and committee pack show. A closed return reads its own
    snapshot and the previous closed return's: the same number of queries at any size."""
    areas = sections(of_return)
    previous = previous_closed(of_return)
    if previous is None:
        moved = movement(_figures(areas), None)
    else:
        before = [
            TargetFigure(
                target_id=row.target_id,
                area=row.area_return.area_name,
                ref=row.ref,
                rag=RAG(row.rag),
                days_late=row.days_late,
                due_date=row.due_date,
                revised_due_date=row.revised_due_date,
            )
            for row in TargetSnapshot.objects.filter(
                area_return__of_return=previous, target__isnull=False
            ).select_related("area_return")
        ]
        moved = movement(_figures(areas), before, previous_name=previous.name)
    return ReturnReport(of_return, areas, moved, previous)
