"""Writes to targets: recording a progress update, refusing one made against a stale view."""

from decimal import Decimal

from django.db import transaction

from plans.roles import User
from targets.models import ProgressUpdate, Target
from targets.status import ProgressStatus


class TargetChangedError(Exception):
    """Someone else added an update since this officer opened the target; nothing was stored."""

    def __init__(self, latest: ProgressUpdate | None) -> None:
        self.latest = latest
        if latest is None:  # the update the author saw is not this target's
            super().__init__("the target's updates are not the ones this form was opened with")
        else:
            super().__init__(
                f"{latest.target.ref} was updated by {latest.author} at {latest.made_at}"
            )


def latest_update(target: Target) -> ProgressUpdate | None:
    return target.progress_updates.select_related("author").order_by("-made_at", "-id").first()


@transaction.atomic
def record_progress(
    *,
    target: Target,
    author: User,
    seen_latest_update_id: int | None,
    status: ProgressStatus,
    commentary: str = "",
    percent_complete: int | None = None,
    value: Decimal | None = None,
    evidence_url: str = "",
    recorded_via: str = "",
) -> ProgressUpdate:
    """Add a progress update, unless the target changed since the author last saw it.

    The target's row is locked while its latest update is compared with the one the author saw,
    so two officers saving at once cannot both pass the check.
    """
    Target.objects.select_for_update().filter(pk=target.pk).first()
    current = latest_update(target)
    if (current.pk if current else None) != seen_latest_update_id:
        raise TargetChangedError(current)
    update = ProgressUpdate(
        target=target,
        author=author,
        status=status,
        commentary=commentary,
        percent_complete=percent_complete,
        value=value,
        evidence_url=evidence_url,
        recorded_via=recorded_via[:200],
    )
    update.full_clean()
    update.save()
    return update
