"""bulk_create_with_history: the rows, links and history simple_history would keep, in bulk.

Pinned to the version of django-simple-history the helper was written against: it uses parts of
the library outside its documented API, so an upgrade must check it (and these tests) again.
"""

from importlib.metadata import version

import pytest

from planfile.bulk_history import SIMPLE_HISTORY_VERSION, bulk_create_with_history
from targets.models import Target
from tests.factories import ActionFactory, EqualityGroupFactory, ServiceAreaFactory

pytestmark = pytest.mark.django_db


def test_the_installed_simple_history_is_the_version_the_helper_was_written_for() -> None:
    assert version("django-simple-history") == SIMPLE_HISTORY_VERSION, (
        "django-simple-history changed: check planfile/bulk_history.py against the new version "
        "(its _history_m2m_fields and Historical<Model>_<field> models), then update "
        "SIMPLE_HISTORY_VERSION"
    )


def test_new_rows_get_their_links_and_one_history_record_holding_them() -> None:
    area = ServiceAreaFactory()
    race, disability = EqualityGroupFactory(), EqualityGroupFactory()
    action = ActionFactory(service_area=area)
    new = [
        (
            Target(service_area=area, ref="T1", text="One.", position=1),
            {"groups": [race, disability], "actions": [action]},
        ),
        (Target(service_area=area, ref="T2", text="Two.", position=2), {"groups": [race]}),
    ]
    created = bulk_create_with_history(Target, new)

    one, two = Target.objects.get(ref="T1"), Target.objects.get(ref="T2")
    assert [t.pk for t in created] == [one.pk, two.pk]
    assert set(one.groups.all()) == {race, disability} and list(one.actions.all()) == [action]
    assert list(two.groups.all()) == [race] and not two.actions.exists()
    (record,) = one.history.all()
    assert (record.history_type, record.text, record.ref) == ("+", "One.", "T1")
    assert {row.equalitygroup_id for row in record.groups.all()} == {race.pk, disability.pk}
    assert [row.action_id for row in record.actions.all()] == [action.pk]
    (record,) = two.history.all()
    assert [row.equalitygroup_id for row in record.groups.all()] == [race.pk]
    # The history reads back as simple_history's own: the target as it was, with its links.
    as_was = one.history.first().instance
    assert as_was.text == "One." and as_was.pk == one.pk


def test_nothing_new_stores_nothing() -> None:
    assert bulk_create_with_history(Target, []) == []
    assert not Target.objects.exists() and not Target.history.exists()
