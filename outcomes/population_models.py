"""The census populations that an equality breakdown's shares are compared with.

Kept apart from outcomes/models.py, which imports them so that every model of the app is in
outcomes.models (where Django and the callers look for them).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class PopulationBenchmark(models.Model):
    """One area's population by one dimension, from a census table: what each category's share
    is compared with (outcomes/disproportionality.py). Loaded by `manage.py load_population`."""

    area_code = models.CharField(max_length=20, help_text="ONS area code, e.g. E09000019.")
    area_name = models.CharField(max_length=100)
    dimension = models.ForeignKey(
        "outcomes.Dimension", on_delete=models.PROTECT, related_name="populations"
    )
    table_code = models.CharField(max_length=40, help_text="e.g. TS021.")
    table_title = models.CharField(max_length=200)
    census_date = models.DateField(help_text="The day the figures are as at.")
    source = models.TextField(help_text="Where the figures were read, with the address.")
    total = models.PositiveIntegerField(help_text="Everyone the table counts.")
    not_stated = models.PositiveIntegerField(
        default=0, help_text="Those who did not answer (religion's “not answered”)."
    )
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area_name", "dimension__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_code", "dimension"], name="population_once_per_area_dimension"
            ),
            models.CheckConstraint(
                condition=Q(not_stated__lte=models.F("total")),
                name="population_not_stated_in_total",
            ),
        ]

    def __str__(self) -> str:
        where = f"{self.area_name} by {self.dimension.name.lower()}"
        return f"{where} ({self.table_code}, {self.census_date:%Y})"

    @property
    def answered(self) -> int:
        """The population shares' denominator: everyone whose category is known."""
        return self.total - self.not_stated


class PopulationFigure(models.Model):
    benchmark = models.ForeignKey(
        PopulationBenchmark, on_delete=models.CASCADE, related_name="figures"
    )
    category = models.ForeignKey("outcomes.Category", on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["benchmark", "category__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["benchmark", "category"], name="population_figure_once_per_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.name}: {self.count:,}"
