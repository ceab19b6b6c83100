"""record_progress: appends an update, and refuses one made against a stale view of the target."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from targets.models import ProgressUpdate
from targets.services import TargetChangedError, record_progress
from targets.status import ProgressStatus
from tests.factories import ProgressUpdateFactory, TargetFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_records_an_update_when_nothing_changed_since_it_was_opened() -> None:
    target = TargetFactory()
    author = UserFactory()
    update = record_progress(
        target=target, author=author, seen_latest_update_id=None, status=ProgressStatus.ON_TRACK
    )
    assert list(target.progress_updates.all()) == [update]
    assert update.author == author


def test_second_of_two_officers_is_told_the_target_changed_and_nothing_is_stored() -> None:
    target = TargetFactory()
    first = record_progress(
        target=target, author=UserFactory(), seen_latest_update_id=None, status="on_track"
    )
    with pytest.raises(TargetChangedError) as raised:
        record_progress(
            target=target, author=UserFactory(), seen_latest_update_id=None, status="at_risk"
        )
    assert raised.value.latest == first
    assert target.progress_updates.count() == 1


def test_invalid_update_is_refused_and_not_stored() -> None:
    target = TargetFactory()
    with pytest.raises(ValidationError):
        record_progress(
            target=target,
            author=UserFactory(),
            seen_latest_update_id=None,
            status="on_track",
            percent_complete=101,
            evidence_url="javascript:alert(1)",
        )
    assert not ProgressUpdate.objects.exists()


def test_progress_updates_are_append_only() -> None:
    update = ProgressUpdateFactory()
    update.commentary = "Rewritten history."
    with pytest.raises(ValueError, match="append-only"):
        update.save()
    with pytest.raises(ValueError, match="never deleted"):
        update.delete()
    assert ProgressUpdate.objects.get().commentary == "Going well."


def test_a_seen_update_that_is_not_the_targets_is_refused() -> None:
    target = TargetFactory()
    other = ProgressUpdateFactory()
    with pytest.raises(TargetChangedError) as raised:
        record_progress(
            target=target, author=UserFactory(), seen_latest_update_id=other.pk, status="on_track"
        )
    assert raised.value.latest is None
    assert not target.progress_updates.exists()


def test_a_negative_value_is_refused_by_the_service_too() -> None:
    target = TargetFactory()
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        record_progress(
            target=target,
            author=UserFactory(),
            seen_latest_update_id=None,
            status=ProgressStatus.ON_TRACK,
            value=Decimal("-1"),
        )
    assert not ProgressUpdate.objects.exists()
