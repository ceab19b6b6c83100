from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from outcomes.measurement_csv import MeasurementFileError
from outcomes.models import Indicator
from outcomes.services import import_measurements
from plans.text import size_in_words


class Command(BaseCommand):
    help = (
        "Load an indicator's measurements from a CSV file (columns as the indicator's import page "
        "lists them). All or nothing: a bad row stores nothing and is named."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8).")
        parser.add_argument(
            "--indicator", required=True, help="The indicator's ref (e.g. CWB-I1) or id."
        )
        parser.add_argument("--user", required=True, help="Who the measurements are recorded by.")

    def handle(self, *args: object, file: Path, indicator: str, user: str, **opts: object) -> None:
        author = get_user_model().objects.filter(username=user, is_active=True).first()
        if author is None:
            raise CommandError(f'No active user "{user}".')
        found = Indicator.objects.filter(ref=indicator)
        if indicator.isdigit():
            found = found | Indicator.objects.filter(pk=int(indicator))
        matches = list(found.select_related("outcome__service_area__plan")[:2])
        if len(matches) != 1:
            problem = "No indicator" if not matches else "More than one indicator"
            raise CommandError(f'{problem} "{indicator}": give its id instead.')
        limit = settings.MEASUREMENT_FILE_MAX_BYTES
        try:
            if file.stat().st_size > limit:
                raise CommandError(
                    f"{file} is larger than {size_in_words(limit)}; nothing was stored. Split it "
                    "up, or raise MEASUREMENT_FILE_MAX_BYTES."
                )
            text = file.read_text(encoding="utf-8-sig")
        except (FileNotFoundError, IsADirectoryError):
            raise CommandError(f"No file at {file}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text.") from None
        try:
            stored = import_measurements(
                indicator=matches[0], author=author, text=text, file_name=file.name
            )
        except MeasurementFileError as error:
            problems = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(f"{file} was not loaded; nothing was stored.\n{problems}") from None
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {len(stored)} measurements into {matches[0]} from {file}")
        )
