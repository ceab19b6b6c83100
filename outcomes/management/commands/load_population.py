from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from outcomes.population_csv import PopulationFileError, read_population_csv, store_population

ISLINGTON = Path(__file__).resolve().parents[2] / "data/population/islington-census-2021.csv"


class Command(BaseCommand):
    help = (
        "Load population benchmarks (Census figures) from a CSV file in the shape of "
        "outcomes/data/population/islington-census-2021.csv, which is loaded when no file is "
        "given. Replaces the area's figures for each dimension in the file; a file with any "
        "problem is refused and nothing is stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(ISLINGTON), help="The CSV file.")

    def handle(self, *args: object, file: str, **options: object) -> None:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}. Nothing was stored.") from error
        try:
            tables = read_population_csv(text)
        except PopulationFileError as error:
            raise CommandError(
                f"{file} was not loaded, nothing was stored:\n  " + "\n  ".join(error.problems)
            ) from error
        for benchmark, replaced in store_population(tables):
            verb = "Replaced" if replaced else "Loaded"
            self.stdout.write(
                f"{verb} {benchmark}: {benchmark.figures.count()} categories of "
                f"{benchmark.total:,} people."
            )
