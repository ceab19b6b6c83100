import copy
from dataclasses import dataclass
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


@dataclass
class IslingtonRows:
    """The rows one import of the Islington plan adds, and the rows already there that they refer
    to (the standard dimensions and categories that migrations make)."""

    added: Rows
    referred_to: dict[type, set]

    def still_fit(self) -> bool:
        return all(
            model._base_manager.filter(pk__in=pks).count() == len(pks)
            for model, pks in self.referred_to.items()
        )


def _managed_models() -> list[type]:
    """Every table the project writes, parents before the rows that refer to them."""
    models = sort_dependencies(
        [(config, None) for config in apps.get_app_configs()], allow_cycles=True
    )
    all_models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    return [m for m in models if m in all_models] + [m for m in all_models if m not in models]


def _pks(model: type) -> frozenset:
    return frozenset(model._base_manager.values_list("pk", flat=True))


def _capture_islington_rows(file_data: dict) -> IslingtonRows:
    """Import the plan in a transaction that is rolled back, keeping the rows it added."""
    ordered = _managed_models()
    with transaction.atomic():
        before = {model: _pks(model) for model in ordered}
        import_plan(data=copy.deepcopy(file_data))
        added = []
        for model in ordered:
            rows = [
                row
                for row in model._base_manager.order_by("pk").values()
                if row[model._meta.pk.attname] not in before[model]
            ]
            if rows:
                added.append((model, rows))
        transaction.set_rollback(True)
    referred_to: dict[type, set] = {}
    for model, rows in added:
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if target is None or not before.get(target):
                continue
            pks = {row[field.attname] for row in rows} & before[target]
            referred_to.setdefault(target, set()).update(pks)
    return IslingtonRows(added, referred_to)


@pytest.fixture(scope="session")
def _islington_rows_cache() -> list[IslingtonRows]:
    return []


@pytest.fixture
def islington(db, _islington_rows_cache: list[IslingtonRows], _islington_file_data) -> Plan:
    """The shipped Islington plan, as `make run` loads it.

    The import runs once per test process and each test gets its rows inserted in bulk, which
    takes a fraction of the import's time. The rows refer to rows that migrations made (the
    standard dimensions and their categories); a transactional test's flush makes those again
    with new ids, so when they are not the ones the rows were taken against, the import runs again.
    """
    cached = _islington_rows_cache[0] if _islington_rows_cache else None
    if cached is None or not cached.still_fit():
        cached = _capture_islington_rows(_islington_file_data)
        _islington_rows_cache[:] = [cached]
    for model, rows in cached.added:
        model._base_manager.bulk_create([model(**row) for row in rows])
    models = [model for model, _ in cached.added]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    (plan_row,) = next(rows for model, rows in cached.added if model is Plan)
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


@pytest.fixture(autouse=True)
def static_files_found_when_asked_for(settings) -> None:
    """WhiteNoise reads every static file's details (about 330, the admin's included) when a
    request handler starts, and every test client starts one: a sixth of the fast suite's time.
    Found when asked for instead, as WhiteNoise does under runserver; production is unchanged."""
    settings.WHITENOISE_AUTOREFRESH = True
