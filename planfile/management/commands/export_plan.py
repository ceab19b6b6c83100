from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from planfile.format import dump_plan
from planfile.services import export_plan
from plans.models import Plan


class Command(BaseCommand):
    help = "Write a plan in the plan file format (YAML), to a file or to standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "plan", nargs="?", help="The plan's slug; may be left out when there is only one plan."
        )
        parser.add_argument("-o", "--output", type=Path, help="Write here instead of stdout.")
        parser.add_argument(
            "--with-history",
            action="store_true",
            help="Include progress updates, measurements, narrative updates and their people.",
        )

    def handle(
        self,
        *args: object,
        plan: str | None,
        output: Path | None,
        with_history: bool,
        **opts: object,
    ) -> None:
        plans = Plan.objects.all() if plan is None else Plan.objects.filter(slug=plan)
        found = list(plans[:2])
        if not found:
            known = ", ".join(Plan.objects.values_list("slug", flat=True)) or "none loaded"
            raise CommandError(f'No plan "{plan}". Plans: {known}.' if plan else "No plans loaded.")
        if len(found) > 1:
            known = ", ".join(Plan.objects.values_list("slug", flat=True))
            raise CommandError(f"There are several plans; name one of: {known}.")
        text = dump_plan(export_plan(plan=found[0], with_history=with_history))
        if output is None:
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {found[0]} to {output}"))
