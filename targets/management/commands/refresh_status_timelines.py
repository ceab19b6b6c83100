"""Judge every target on every day again and store its status timeline.

Writes keep the timelines true by themselves; run this after changing STATUS_WARNING_DAYS,
STATUS_STALE_DAYS or STATUS_TIMELINE_YEARS, and once a year so recurring targets are judged a year
further ahead (harmless to run at any time, e.g. nightly).
"""

from django.core.management.base import BaseCommand

from targets.models import Target
from targets.services import refresh_status_timelines


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args: object, **options: object) -> None:
        spans = refresh_status_timelines(Target.objects.all())
        self.stdout.write(self.style.SUCCESS(f"Stored {spans} status spans."))
