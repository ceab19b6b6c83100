"""Outcomes the plan aims to achieve; their measurable side comes with indicators."""

from django.db import models
from simple_history.models import HistoricalRecords

from plans.models import EqualityGroup, ServiceArea


class Outcome(models.Model):
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="outcomes")
    ref = models.CharField(max_length=20, help_text="Stable reference, e.g. CWB-O1.")
    text = models.TextField(help_text="As the plan words it.")
    groups = models.ManyToManyField(EqualityGroup, blank=True, related_name="outcomes")
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(m2m_fields=[groups])

    class Meta:
        ordering = ["service_area", "position", "ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_area", "ref"], name="outcome_ref_unique_in_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.text}"[:120]
