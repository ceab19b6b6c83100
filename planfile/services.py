"""The plan file's two operations: importing a plan (checks, then writes, in one transaction) and
exporting one in the same format.

The work is in planfile/checks.py (what a file must satisfy), planfile/importer.py (the writes),
planfile/exporter.py, planfile/history.py (a backup's history section) and
planfile/bulk_history.py (new entries stored in bulk with their django-simple-history records).
"""

from typing import Any

from django.db import transaction

from planfile.exporter import export_plan
from planfile.importer import ImportReport, PlanImporter
from targets.models import Target
from targets.services import refresh_status_timelines

__all__ = ["ImportReport", "export_plan", "import_plan"]


def import_plan(*, data: dict[str, Any]) -> ImportReport:
    """Load a plan file's data (as parse_plan_text gives it); PlanFileError stores nothing."""
    with transaction.atomic():
        report = PlanImporter(data).run()
        # Targets and updates stored in bulk send no signals: their status timelines here (a
        # target saved one by one stored its own).
        targets = Target.objects.filter(service_area__plan=report.plan)
        if "history" not in data:  # a restore adds updates to targets that have timelines
            targets = targets.filter(status_spans__isnull=True)
        refresh_status_timelines(targets)
        return report
