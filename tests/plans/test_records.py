"""Append-only records refuse bulk changes as they refuse changes to one row."""

import pytest
from django.db import models, transaction

from outcomes.models import BreakdownValue, Measurement, OutcomeUpdate
from plans.records import AppendOnly, AppendOnlyError, evidence_link_field
from targets.models import ProgressUpdate
from tests.factories import ProgressUpdateFactory
from tests.outcomes.factories import IndicatorFactory, OutcomeUpdateFactory, measure

pytestmark = pytest.mark.django_db

APPEND_ONLY = [ProgressUpdate, Measurement, BreakdownValue, OutcomeUpdate]
A_CHANGE = {
    ProgressUpdate: {"commentary": "Rewritten."},
    Measurement: {"value": 1},
    BreakdownValue: {"value": 1},
    OutcomeUpdate: {"commentary": "Rewritten."},
}


@pytest.fixture
def records() -> None:
    ProgressUpdateFactory(commentary="Going well.")
    measure(IndicatorFactory(), "2021-03-31", 10, african=4)
    OutcomeUpdateFactory(commentary="Good progress.")


def _stored() -> list[list[dict]]:
    return [list(model.objects.order_by("pk").values()) for model in APPEND_ONLY]


@pytest.mark.parametrize("model", APPEND_ONLY)
def test_bulk_update_is_refused_and_changes_nothing(records: None, model: type) -> None:
    before = _stored()
    with pytest.raises(AppendOnlyError, match="append-only"):
        model.objects.all().update(**A_CHANGE[model])
    assert _stored() == before


@pytest.mark.parametrize("model", APPEND_ONLY)
def test_bulk_delete_is_refused_and_deletes_nothing(records: None, model: type) -> None:
    before = _stored()
    with pytest.raises(AppendOnlyError, match="never deleted"):
        model.objects.all().delete()
    assert _stored() == before


def test_bulk_update_of_objects_is_refused(records: None) -> None:
    update = ProgressUpdate.objects.get()
    update.commentary = "Rewritten."
    with pytest.raises(AppendOnlyError), transaction.atomic():
        ProgressUpdate.objects.bulk_update([update], ["commentary"])
    assert ProgressUpdate.objects.get().commentary == "Going well."


def test_related_managers_refuse_bulk_changes_too(records: None) -> None:
    update = OutcomeUpdate.objects.get()
    with pytest.raises(AppendOnlyError):
        update.outcome.updates.update(commentary="Rewritten.")
    with pytest.raises(AppendOnlyError):
        update.outcome.updates.all().delete()
    assert OutcomeUpdate.objects.get().commentary == "Good progress."


def test_every_append_only_model_uses_the_one_base() -> None:
    for model in APPEND_ONLY:
        assert issubclass(model, AppendOnly)
    for model in (ProgressUpdate, OutcomeUpdate):
        field = model._meta.get_field("evidence_url")
        assert isinstance(field, models.URLField)
        assert field.max_length == evidence_link_field().max_length == 500
