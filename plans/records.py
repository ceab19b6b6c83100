"""Append-only records (progress updates, measurements, narrative updates), and the fields updates
share: the commentary limit and the evidence link.

A record is never changed or deleted once saved, so what was reported as at a date stays what was
reported: a correction is a new record. The rule holds for one row (save, delete) and for many
(QuerySet.update, QuerySet.delete, and so bulk_update), whichever manager is used.
"""

from typing import Any

from django.core.validators import URLValidator
from django.db import models
from django.utils.text import capfirst

COMMENTARY_MAX_LENGTH = 5000


class AppendOnlyError(ValueError):
    """A change or deletion of an append-only record: add a new record instead."""


def _changed(model: type[models.Model]) -> AppendOnlyError:
    name = capfirst(model._meta.verbose_name_plural)
    return AppendOnlyError(f"{name} are append-only: add a new one.")


def _deleted(model: type[models.Model]) -> AppendOnlyError:
    name = capfirst(model._meta.verbose_name_plural)
    return AppendOnlyError(f"{name} are never deleted: add a new one.")


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses the bulk changes that would otherwise get past AppendOnly.save and .delete."""

    def update(self, **kwargs: Any) -> int:
        raise _changed(self.model)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise _deleted(self.model)


class AppendOnly(models.Model):
    """Rows that are never changed or deleted once saved: a correction is a new row."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise _changed(type(self))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise _deleted(type(self))


def evidence_link_field() -> models.URLField:
    """An update's optional link to its evidence: a web address, never javascript: or file:."""
    return models.URLField(
        "evidence link",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
