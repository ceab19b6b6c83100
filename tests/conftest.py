import copy
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.core.serializers import sort_dependencies
from django.db import connection, transaction
from hypothesis import settings as hypothesis_settings

from planfile.format import read_plan_file
from planfile.services import import_plan
from plans.models import Plan

# Property tests (Hypothesis) without a time limit per example: the machines are shared and busy.
hypothesis_settings.register_profile("shared-machine", deadline=None)
hypothesis_settings.load_profile("shared-machine")

ISLINGTON_FILE = Path(__file__).resolve().parent.parent / "plans/data/challenging-inequalities.yaml"

Rows = list[tuple[type, list[dict]]]


@pytest.fixture(scope="session")
def _islington_file_data() -> dict:
    return read_plan_file(ISLINGTON_FILE)


@pytest.fixture
def islington_data(_islington_file_data: dict) -> dict:
    """The shipped plan file as read; each test gets its own copy to change."""
    return copy.deepcopy(_islington_file_data)


@pytest.fixture(scope="session")
def _islington_rows(django_db_setup, django_db_blocker, _islington_file_data: dict) -> Rows:
    """Every row the import of the Islington plan adds, read once per test session.

    The import runs once in a transaction that is rolled back; each test that asks for the plan
    gets the same rows inserted in bulk, which takes a fraction of the import's time.
    """
    models = sort_dependencies(
        [(config, None) for config in apps.get_app_configs()], allow_cycles=True
    )
    all_models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    ordered = [m for m in models if m in all_models] + [m for m in all_models if m not in models]
    with django_db_blocker.unblock(), transaction.atomic():
        before = {model: set(model._base_manager.values_list("pk", flat=True)) for model in ordered}
        import_plan(data=copy.deepcopy(_islington_file_data))
        rows = []
        for model in ordered:
            added = [
                row
                for row in model._base_manager.order_by("pk").values()
                if row[model._meta.pk.attname] not in before[model]
            ]
            if added:
                rows.append((model, added))
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def islington(db, _islington_rows: Rows) -> Plan:
    """The shipped Islington plan, as `make run` loads it (inserted from one import per session)."""
    for model, rows in _islington_rows:
        model._base_manager.bulk_create([model(**row) for row in rows])
    models = [model for model, _ in _islington_rows]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    (plan_row,) = next(rows for model, rows in _islington_rows if model is Plan)
    return Plan.objects.get(pk=plan_row["id"])


@pytest.fixture(autouse=True)
def no_page_cache(settings) -> None:
    """Pages are made anew on every request: the tests' transactions never commit, so the shared
    cache's version would never move (tests/plans/test_cache.py checks the cache itself)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Tests create many users; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
