"""New rows stored in bulk, with the history django-simple-history would keep for them.

simple_history records one row at a time (a save, then each link through m2m_changed): for a plan
of 10,000 targets that takes minutes. Here new rows and their links are inserted in a few queries,
with one "+" history record per row that holds its links.

This is the one place that uses parts of simple_history outside its documented API: the historical
model's `_history_m2m_fields`, and the model simple_history makes for the history of each tracked
many-to-many field, named `Historical<Model>_<field>`. They were read in version
SIMPLE_HISTORY_VERSION; tests/planfile/test_bulk_history.py fails on any other installed version,
so that an upgrade checks this code (and the history rows it writes) again.
"""

from django.apps import apps
from django.db import connection
from django.db.models import Model

SIMPLE_HISTORY_VERSION = "3.13.0"

Links = dict[str, list[Model]]  # a many-to-many field's name -> the objects it links to


def bulk_create_with_history(model: type[Model], new: list[tuple[Model, Links]]) -> list[Model]:
    """Insert new, unsaved rows of `model` with their links, and their history as simple_history
    keeps it: one "+" record each, holding the row's links. `model` has HistoricalRecords with
    its many-to-many fields in m2m_fields (links of fields it does not track are not stored)."""
    if not new:
        return []
    created = model.objects.bulk_create([instance for instance, _ in new])
    history_model = model.history.model
    # None when SIMPLE_HISTORY_ENABLED is off: the rows and links are stored without history.
    records = model.history.bulk_history_create(created) or []
    record_of = {record.id: record for record in records}
    for m2m in history_model._history_m2m_fields:
        through = m2m.remote_field.through
        own, other = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        own_id, other_id = f"{own}_id", f"{other}_id"  # by id: cheaper than by object
        # simple_history's model of the links as they were (e.g. HistoricalTarget_groups).
        link_history = apps.get_model(
            history_model._meta.app_label, f"{history_model.__name__}_{m2m.name}"
        )
        if connection.vendor == "postgresql":  # tens of thousands of rows: no model instances
            pairs = [
                (instance.pk, linked.pk)
                for instance, wanted in new
                for linked in wanted.get(m2m.name, [])
            ]
            _copy_links(through, link_history, own_id, other_id, pairs, record_of)
            continue
        links = through.objects.bulk_create(
            [
                through(**{own_id: instance.pk, other_id: linked.pk})
                for instance, wanted in new
                for linked in wanted.get(m2m.name, [])
            ]
        )
        if not record_of:
            continue
        link_history.objects.bulk_create(
            [
                link_history(
                    history=record_of[getattr(link, own_id)],
                    id=link.pk,
                    **{own_id: getattr(link, own_id), other_id: getattr(link, other_id)},
                )
                for link in links
            ]
        )
    return created


def _copy_links(
    through: type[Model],
    link_history: type[Model],
    own_id: str,
    other_id: str,
    pairs: list[tuple[int, int]],
    record_of: dict[int, Model],
) -> None:
    """PostgreSQL: the links in one INSERT from two arrays (their ids returned), and their history
    by COPY, as bulk_create would store them but without a model instance for each row."""
    if not pairs:
        return
    links, history = through._meta.db_table, link_history._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {links} ({own_id}, {other_id}) "  # noqa: S608  # nosec B608 - names from the models
            f"SELECT * FROM unnest(%s::bigint[], %s::bigint[]) RETURNING id, {own_id}, {other_id}",
            [[own for own, _ in pairs], [other for _, other in pairs]],
        )
        stored = cursor.fetchall()
        if not record_of:
            return
        columns = f"id, {own_id}, {other_id}, history_id"
        with cursor.copy(f"COPY {history} ({columns}) FROM STDIN") as copy:
            for pk, own, other in stored:
                copy.write_row((pk, own, other, record_of[own].pk))
