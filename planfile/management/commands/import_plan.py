from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from planfile.format import PlanFileError, read_plan_file
from planfile.services import import_plan


class Command(BaseCommand):
    help = (
        "Load a plan file (YAML, see the README). All or nothing; running it twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="The plan file, e.g. plans/data/challenging-inequalities.yaml"
        )

    def handle(self, *args: object, file: Path, **options: object) -> None:
        try:
            report = import_plan(data=read_plan_file(file))
        except PlanFileError as error:
            problems = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(f"{file} was not loaded; nothing was stored.\n{problems}") from None
        verb = "Loaded" if report.changed_anything else "Already up to date:"
        self.stdout.write(self.style.SUCCESS(f"{verb} {report.plan} from {file}"))
        self.stdout.write(report.summary())
