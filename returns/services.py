"""Writes to returns: open, submit, send back, approve, propose and decide new due dates, close
(freezing the figures in snapshot rows), reopen, and remind officers.

Each write locks the row it changes and checks the state under the lock, so two people acting at
once cannot both pass a check; a refusal raises ReturnError with a message for the page, and
stores nothing. Who may do what is decided in returns/access.py, before these are called.
"""

from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from plans.deadlines import uk_date
from plans.models import Plan
from reminders.models import ReminderLog
from reminders.queries import already_sent, recipients
from reminders.rules import why_not_sent
from returns import figures, queries
from returns.models import (
    AreaReturn,
    DeadlineProposal,
    IndicatorSnapshot,
    OutcomeSnapshot,
    Return,
    ReturnEvent,
    SendBackNote,
    TargetSnapshot,
)
from returns.rules import can_propose_for, proposal_date_problem
from targets.models import Target
from targets.queries import judge_targets


class ReturnError(Exception):
    """A write refused for a reason the person can act on; nothing was stored."""


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _locked_return(of_return: Return) -> Return:
    return Return.objects.select_for_update().get(pk=of_return.pk)


def _locked_area(area_return: AreaReturn) -> AreaReturn:
    locked = AreaReturn.objects.select_for_update().get(pk=area_return.pk)
    if not Return.objects.filter(pk=locked.of_return_id, state=Return.State.OPEN).exists():
        raise ReturnError("This return is closed: nothing in it can change.")
    return locked


@transaction.atomic
def open_return(
    *,
    plan: Plan,
    name: str,
    as_at: date,
    due_on: date,
    by: AbstractBaseUser,
    at: datetime | None = None,
) -> Return:
    """Open a return for every service area with live targets or outcomes."""
    name = name.strip()
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    if plan.returns.filter(state=Return.State.OPEN).exists():
        raise ReturnError(
            f"{plan.title} already has an open return: close it before opening another."
        )
    if not name:
        raise ReturnError("Enter a name for the return, for example Q2 2021/22.")
    if plan.returns.filter(name__iexact=name).exists():
        raise ReturnError(f"{plan.title} already has a return called {name}.")
    if due_on < as_at:
        raise ReturnError("Submissions cannot be due before the date the return reports as at.")
    target_areas = set(queries.return_targets(plan).values_list("service_area_id", flat=True))
    if not target_areas:
        raise ReturnError(f"{plan.title} has no live targets, so there is nothing to return.")
    outcome_areas = set(queries.return_outcomes(plan).values_list("service_area_id", flat=True))
    opened_at = _now(at)
    try:
        with transaction.atomic():
            of_return = Return.objects.create(
                plan=plan, name=name, as_at=as_at, due_on=due_on, opened_by=by, opened_at=opened_at
            )
    except IntegrityError as error:  # another plan admin opened one a moment ago
        raise ReturnError(f"{plan.title} already has an open return.") from error
    AreaReturn.objects.bulk_create(
        AreaReturn(of_return=of_return, service_area=area, area_name=area.name, position=n)
        for n, area in enumerate(
            plan.service_areas.filter(pk__in=target_areas | outcome_areas).order_by("position")
        )
    )
    ReturnEvent.objects.create(
        of_return=of_return, kind=ReturnEvent.Kind.OPENED, by=by, at=opened_at
    )
    return of_return


@transaction.atomic
def submit_area(
    *, area_return: AreaReturn, by: AbstractBaseUser, comment: str = "", at: datetime | None = None
) -> AreaReturn:
    """Submit an area's return for sign-off; refused while any item is not updated for it."""
    area = _locked_area(area_return)
    if area.is_with_its_lead:
        raise ReturnError(f"{area.area_name} is already {area.get_state_display().lower()}.")
    (items,) = queries.area_items(area.of_return, areas=[area])
    if outstanding := items.outstanding:
        refs = ", ".join(item.ref for item in outstanding)
        count = len(outstanding)
        raise ReturnError(
            f"{count} item{'s' if count != 1 else ''} still need{'s' if count == 1 else ''} "
            f"an update for this return before it can be submitted: {refs}."
        )
    area.state = AreaReturn.State.SUBMITTED
    area.comment = comment.strip()
    area.submitted_at, area.submitted_by = _now(at), by
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def approve_area(
    *, area_return: AreaReturn, by: AbstractBaseUser, at: datetime | None = None
) -> AreaReturn:
    area = _locked_area(area_return)
    if area.state != AreaReturn.State.SUBMITTED:
        raise ReturnError(
            f"{area.area_name} has not been submitted, so it cannot be approved "
            f"(it is {area.get_state_display().lower()})."
        )
    area.state = AreaReturn.State.APPROVED
    area.reviewed_at, area.reviewed_by = _now(at), by
    area.save()
    return area


@transaction.atomic
def send_back(
    *,
    area_return: AreaReturn,
    by: AbstractBaseUser,
    comment: str = "",
    item_comments: dict[tuple[str, int], str] | None = None,
    at: datetime | None = None,
) -> AreaReturn:
    """Send a submitted (or approved) area back to its officers with comments on the whole area
    and/or on single items, keyed ("target" or "outcome", id)."""
    area = _locked_area(area_return)
    if not area.is_with_its_lead:
        raise ReturnError(f"{area.area_name} has not been submitted, so it cannot be sent back.")
    item_comments = {key: text.strip() for key, text in (item_comments or {}).items()}
    item_comments = {key: text for key, text in item_comments.items() if text}
    if not comment.strip() and not item_comments:
        raise ReturnError("Say what needs to change: a comment on the area or on an item.")
    (items,) = queries.area_items(area.of_return, areas=[area])
    in_area = {(item.kind, item.obj.pk) for item in items.items}
    if unknown := set(item_comments) - in_area:
        raise ReturnError(f"Not an item of {area.area_name}: {sorted(unknown)}.")
    made_at = _now(at)
    notes = [SendBackNote(area_return=area, comment=comment.strip(), made_by=by, made_at=made_at)]
    notes = notes if comment.strip() else []
    for (kind, pk), text in item_comments.items():
        notes.append(
            SendBackNote(
                area_return=area,
                comment=text,
                made_by=by,
                made_at=made_at,
                **{f"{kind}_id": pk},
            )
        )
    for note in notes:
        note.full_clean()
    SendBackNote.objects.bulk_create(notes)
    area.state = AreaReturn.State.SENT_BACK
    area.reviewed_at, area.reviewed_by = made_at, by
    area.save()
    return area


@transaction.atomic
def propose_deadline(
    *,
    area_return: AreaReturn,
    target: Target,
    by: AbstractBaseUser,
    proposed_date: date | None,
    reason: str,
    today: date | None = None,
) -> DeadlineProposal:
    """An officer proposes a new due date for a late or at-risk target; its lead decides."""
    area = _locked_area(area_return)
    Target.objects.select_for_update().filter(pk=target.pk).first()
    today = today or timezone.localdate()
    if target.service_area_id != area.service_area_id or not target.is_open:
        raise ReturnError(f"{target.ref} is not a live target of {area.area_name}.")
    if problem := proposal_date_problem(proposed_date, today=today):
        raise ReturnError(problem)
    if not reason.strip():
        raise ReturnError("Give the reason the target needs a new due date.")
    (judged,) = judge_targets(Target.objects.filter(pk=target.pk), as_at=today, with_updates=False)
    if not can_propose_for(judged.status.rag):
        raise ReturnError(
            f"{target.ref} is {judged.status.rag.label.lower()}: a new due date can only be "
            "proposed for a target that is late or at risk."
        )
    if DeadlineProposal.objects.filter(
        target=target, state=DeadlineProposal.State.PENDING
    ).exists():
        raise ReturnError(f"{target.ref} already has a proposed date waiting for the lead.")
    proposal = DeadlineProposal(
        area_return=area,
        target=target,
        proposed_date=proposed_date,
        reason=reason.strip(),
        proposed_by=by,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def decide_proposal(
    *, proposal: DeadlineProposal, by: AbstractBaseUser, approve: bool, at: datetime | None = None
) -> DeadlineProposal:
    """Approve (re-dating the target as the admin's revised deadline does: the original deadline
    and the reason stay on record) or decline a proposed due date."""
    locked = DeadlineProposal.objects.select_for_update().get(pk=proposal.pk)
    _locked_area(locked.area_return)
    if locked.state != DeadlineProposal.State.PENDING:
        raise ReturnError(f"This proposal was already {locked.get_state_display().lower()}.")
    if approve:
        target = Target.objects.select_for_update().get(pk=locked.target_id)
        target.revised_deadline_text = f"by {uk_date(locked.proposed_date)}"
        target.revised_due_start = None
        target.revised_due_date = locked.proposed_date
        target.revision_reason = locked.reason
        try:
            target.full_clean()
        except ValidationError as error:
            raise ReturnError("; ".join(error.messages)) from error
        target.save()
    locked.state = DeadlineProposal.State.APPROVED if approve else DeadlineProposal.State.DECLINED
    locked.decided_by, locked.decided_at = by, _now(at)
    locked.save()
    return locked


@transaction.atomic
def close_return(
    *, of_return: Return, by: AbstractBaseUser, reason: str = "", at: datetime | None = None
) -> Return:
    """Close a return and freeze its figures. Every area must be approved, unless the equality
    lead closes it anyway with a reason, which is recorded."""
    locked = _locked_return(of_return)
    if not locked.is_open:
        raise ReturnError(f"{locked.name} is already closed.")
    waiting = list(locked.areas.exclude(state=AreaReturn.State.APPROVED))
    reason = reason.strip()
    if waiting and not reason:
        names = ", ".join(area.area_name for area in waiting)
        raise ReturnError(
            f"Not every service area is approved ({names}): give the reason to close it anyway."
        )
    closed_at = _now(at)
    _freeze(locked, cutoff=closed_at)
    locked.state = Return.State.CLOSED
    locked.closed_at, locked.closed_by, locked.close_reason = closed_at, by, reason
    locked.save()
    kind = ReturnEvent.Kind.CLOSED_ANYWAY if waiting else ReturnEvent.Kind.CLOSED
    ReturnEvent.objects.create(of_return=locked, kind=kind, reason=reason, by=by, at=closed_at)
    return locked


def _freeze(of_return: Return, *, cutoff: datetime) -> None:
    """Store the figures as live_sections gives them now, in bulk."""
    sections = figures.live_sections(of_return, cutoff=cutoff)
    targets, outcomes, indicators = [], [], []
    for section in sections:
        area = section.area_return
        area.area_name = section.name
        area.position = area.service_area.position
        for n, row in enumerate(section.targets):
            targets.append(
                TargetSnapshot(
                    area_return=area,
                    position=n,
                    **{f: getattr(row, f) for f in _TARGET_FIELDS},
                )
            )
        for n, row in enumerate(section.outcomes):
            outcome = OutcomeSnapshot(
                area_return=area,
                position=n,
                outcome_id=row.outcome_id,
                ref=row.ref,
                text=row.text,
                update_rag=row.update_rag,
                update_commentary=row.update_commentary,
            )
            outcomes.append(outcome)
            indicators += [
                IndicatorSnapshot(
                    outcome_row=outcome,
                    position=m,
                    indicator_id=i.indicator_id,
                    ref=i.ref,
                    name=i.name,
                    value_text=i.value_text,
                    target_text=i.target_text,
                    rag=i.rag.value if i.rag else "",
                    reason=i.reason,
                    shares=i.shares,
                    figures=i.figures,
                )
                for m, i in enumerate(row.indicators)
            ]
    AreaReturn.objects.bulk_update([s.area_return for s in sections], ["area_name", "position"])
    TargetSnapshot.objects.bulk_create(targets, batch_size=1000)
    OutcomeSnapshot.objects.bulk_create(outcomes, batch_size=1000)  # sets pks (SQLite, PostgreSQL)
    for row in indicators:
        row.outcome_row_id = row.outcome_row.pk
    IndicatorSnapshot.objects.bulk_create(indicators, batch_size=1000)


_TARGET_FIELDS = (
    "target_id",
    "ref",
    "text",
    "deadline_text",
    "due_date",
    "revised_deadline_text",
    "revised_due_date",
    "revision_reason",
    "rag",
    "reason",
    "days_late",
    "update_status",
    "update_commentary",
    "update_made_at",
)


@transaction.atomic
def reopen_return(
    *, of_return: Return, by: AbstractBaseUser, reason: str, at: datetime | None = None
) -> Return:
    """Reopen a closed return, with a reason: its snapshot is dropped and taken again on closing."""
    locked = _locked_return(of_return)
    if locked.is_open:
        raise ReturnError(f"{locked.name} is already open.")
    if not reason.strip():
        raise ReturnError("Give the reason for reopening the return.")
    Plan.objects.select_for_update().filter(pk=locked.plan_id).first()
    if Return.objects.filter(plan_id=locked.plan_id, state=Return.State.OPEN).exists():
        raise ReturnError("Another return of this plan is open: close it first.")
    TargetSnapshot.objects.filter(area_return__of_return=locked).delete()
    OutcomeSnapshot.objects.filter(area_return__of_return=locked).delete()
    locked.state = Return.State.OPEN
    locked.closed_at, locked.closed_by, locked.close_reason = None, None, ""
    locked.save()
    ReturnEvent.objects.create(
        of_return=locked, kind=ReturnEvent.Kind.REOPENED, reason=reason.strip(), by=by, at=_now(at)
    )
    return locked


def send_return_reminders(*, of_return: Return, today: date | None = None) -> list[str]:
    """Email the officers of every area not yet submitted, through the reminders' preferences and
    log (one a person a day). Returns a line per person for the page."""
    if not of_return.is_open:
        raise ReturnError(f"{of_return.name} is closed: there is nobody to remind.")
    today = today or timezone.localdate()
    rows = [
        row
        for row in queries.chase_list(of_return)
        if row.area_return.state in (AreaReturn.State.OPEN, AreaReturn.State.SENT_BACK)
    ]
    officers: dict[int, tuple[AbstractBaseUser, list[queries.AreaItems]]] = {}
    for row in rows:
        for officer in row.area_return.service_area.members.all():
            officers.setdefault(officer.pk, (officer, []))[1].append(row.area_items)
    people = recipients([officer for officer, _ in officers.values()])
    sent_today = already_sent(on=today)
    lines = []
    for officer, areas in officers.values():
        name = officer.get_full_name() or officer.get_username()
        if refused := why_not_sent(people[officer.pk]):
            lines.append(f"Not sent to {name}: {refused}.")
            continue
        if (officer.pk, ReminderLog.Kind.RETURN) in sent_today:
            lines.append(f"Already reminded today: {name}.")
            continue
        lines.append(_send_return_reminder(of_return, officer, name, areas, today=today))
    return lines or ["Every service area has submitted: nobody to remind."]


def _send_return_reminder(
    of_return: Return,
    officer: AbstractBaseUser,
    name: str,
    areas: list[queries.AreaItems],
    *,
    today: date,
) -> str:
    subject = f"{settings.SERVICE_NAME}: {of_return.name} return due {uk_date(of_return.due_on)}"
    context = {
        "name": name,
        "of_return": of_return,
        "areas": areas,
        "url": settings.SITE_URL + reverse("returns:yours", args=[of_return.pk]),
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "preferences_url": settings.SITE_URL + reverse("reminders:preferences"),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("returns/email/reminder.txt", context),
        to=[officer.email],
    )
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                user=officer,
                kind=ReminderLog.Kind.RETURN,
                sent_on=today,
                email=officer.email,
                subject=subject,
                target_refs=", ".join(item.ref for area in areas for item in area.outstanding),
            )
            message.send()
    except IntegrityError:
        return f"Already reminded today: {name}."
    except OSError as error:
        return f"Could not send to {name}: {error}."
    return f"Sent to {name}."
