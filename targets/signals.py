"""Every save of a target or a progress update stores the target's status timeline anew.

Signals rather than calls in each view, so the admin, the officers' pages, management commands and
factories in tests all keep the timeline true; bulk writes send none and call
targets.services.refresh_status_timelines themselves.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from targets.models import ProgressUpdate, Target
from targets.services import refresh_status_timelines


@receiver(post_save, sender=Target, dispatch_uid="target_status_timeline")
def target_saved(
    sender: type[Target], instance: Target, raw: bool = False, **kwargs: object
) -> None:
    if not raw:  # loaddata: the spans are loaded or refreshed separately
        refresh_status_timelines([instance.pk])


@receiver(post_save, sender=ProgressUpdate, dispatch_uid="update_status_timeline")
def update_saved(
    sender: type[ProgressUpdate], instance: ProgressUpdate, raw: bool = False, **kwargs: object
) -> None:
    if not raw:
        refresh_status_timelines([instance.target_id])
