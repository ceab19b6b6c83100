"""Population benchmarks from a CSV file: read, check every row, then store all or nothing.

One row a figure: area_code, area_name, dimension (a dimension's slug), category (a category's
slug, or "total" for everyone the table counts, or "not-stated" for those who did not answer),
count, table_code, table_title, census_date (YYYY-MM-DD) and source (where it was read). Each
(area, dimension) is one table: it needs a total, its rows must agree on the table's details, and
no figure may exceed the total. A category with no row is simply not compared.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from outcomes.models import Category, Dimension, PopulationBenchmark, PopulationFigure

COLUMNS = (
    "area_code",
    "area_name",
    "dimension",
    "category",
    "count",
    "table_code",
    "table_title",
    "census_date",
    "source",
)
TOTAL, NOT_STATED = "total", "not-stated"
TABLE_FIELDS = ("area_name", "table_code", "table_title", "census_date", "source")


class PopulationFileError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class PopulationTable:
    area_code: str
    dimension: Dimension
    details: dict[str, object]
    total: int | None = None
    not_stated: int = 0
    counts: dict[Category, int] = field(default_factory=dict)


def read_population_csv(text: str) -> list[PopulationTable]:
    """Every table in the file, or PopulationFileError listing every problem (row by row)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise PopulationFileError([f"The file has no column {', '.join(missing)}."])
    dimensions = {d.slug: d for d in Dimension.objects.all()}
    categories = {(c.dimension_id, c.slug): c for c in Category.objects.all()}
    tables: dict[tuple[str, str], PopulationTable] = {}
    problems: list[str] = []
    for number, row in enumerate(reader, start=2):
        where = f"Row {number}"
        values = {key: (row.get(key) or "").strip() for key in COLUMNS}
        if not all(values[key] for key in COLUMNS):
            empty = [key for key in COLUMNS if not values[key]]
            problems.append(f"{where}: {', '.join(empty)} is empty.")
            continue
        dimension = dimensions.get(values["dimension"])
        if dimension is None:
            problems.append(f"{where}: there is no dimension “{values['dimension']}”.")
            continue
        try:
            count = int(values["count"].replace(",", ""))
            if count < 0:
                raise ValueError
        except ValueError:
            problems.append(f"{where}: the count “{values['count']}” is not a whole number.")
            continue
        try:
            census_date = date.fromisoformat(values["census_date"])
        except ValueError:
            problems.append(
                f"{where}: the census date “{values['census_date']}” is not YYYY-MM-DD."
            )
            continue
        details = {key: values[key] for key in TABLE_FIELDS} | {"census_date": census_date}
        key = (values["area_code"], dimension.slug)
        table = tables.setdefault(key, PopulationTable(values["area_code"], dimension, details))
        if table.details != details:
            problems.append(
                f"{where}: the table details differ from the first row for "
                f"{values['area_code']} by {dimension.name.lower()}."
            )
            continue
        category = values["category"]
        if category == TOTAL:
            if table.total is not None:
                problems.append(f"{where}: a second total for this table.")
            table.total = count
        elif category == NOT_STATED:
            table.not_stated = count
        elif (dimension.pk, category) not in categories:
            problems.append(f"{where}: “{category}” is not a category of {dimension.name.lower()}.")
        elif categories[(dimension.pk, category)] in table.counts:
            problems.append(f"{where}: “{category}” is given twice.")
        else:
            table.counts[categories[(dimension.pk, category)]] = count
    for (area, _), table in tables.items():
        name = f"{area} by {table.dimension.name.lower()}"
        if table.total is None:
            problems.append(f"{name}: no total row (category “total”).")
            continue
        for category, count in [*table.counts.items(), ("not stated", table.not_stated)]:
            if count > table.total:
                problems.append(f"{name}: {category} ({count:,}) is more than the total.")
    if not tables and not problems:
        problems.append("The file has no figures.")
    if problems:
        raise PopulationFileError(problems)
    return list(tables.values())


@transaction.atomic
def store_population(tables: list[PopulationTable]) -> list[tuple[PopulationBenchmark, bool]]:
    """Store each table, replacing that area's figures for that dimension; (benchmark, replaced)."""
    stored = []
    for table in tables:
        benchmark, created = PopulationBenchmark.objects.update_or_create(
            area_code=table.area_code,
            dimension=table.dimension,
            defaults={**table.details, "total": table.total, "not_stated": table.not_stated},
        )
        benchmark.figures.all().delete()
        PopulationFigure.objects.bulk_create(
            PopulationFigure(benchmark=benchmark, category=category, count=count)
            for category, count in table.counts.items()
        )
        stored.append((benchmark, not created))
    return stored
