"""Progress updates on SQLite under real concurrency: threads against a file-based database.

SQLite has one writer at a time. With transaction_mode IMMEDIATE a write waits for the lock (up to
the timeout) instead of failing when it upgrades a read lock; past the timeout the officer's form is
shown again, text kept, and nothing is stored (plans/busy.py). The test database is an in-memory
one that threads share without SQLite's file locking, so these tests point the threads' connections
at a migrated file of their own.
"""

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse

from plans.busy import BUSY_MESSAGE
from targets.models import ProgressUpdate, Target
from tests.factories import TargetFactory, officer_of

pytestmark = pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's locking: PostgreSQL takes row locks (tests/targets/test_services.py)",
)


def test_sqlite_takes_its_write_lock_when_a_transaction_starts() -> None:
    options = django_settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


def _in_thread(work, *args: object) -> object:
    """Run work in a new thread, with that thread's own database connections."""

    def run() -> object:
        try:
            return work(*args)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


@contextmanager
def _default_database_for_new_threads(path: Path, **options: object) -> Iterator[None]:
    database = connections.settings["default"]
    before = database["NAME"], database["OPTIONS"]
    database["NAME"], database["OPTIONS"] = str(path), {**database["OPTIONS"], **options}
    try:
        yield
    finally:
        database["NAME"], database["OPTIONS"] = before


@pytest.fixture(scope="module")
def _migrated(tmp_path_factory: pytest.TempPathFactory, django_db_blocker) -> Path:
    path = tmp_path_factory.mktemp("locking") / "migrated.sqlite3"
    with django_db_blocker.unblock(), _default_database_for_new_threads(path):
        _in_thread(lambda: call_command("migrate", verbosity=0))
    return path


@pytest.fixture
def file_database(_migrated: Path, tmp_path: Path, django_db_blocker) -> Iterator[Path]:
    """The default database, for new threads, as a migrated SQLite file with a 1 s lock timeout;
    the test's own thread keeps the in-memory test database (and never touches this one)."""
    path = Path(shutil.copy(_migrated, tmp_path / "locking.sqlite3"))
    with (
        django_db_blocker.unblock(),
        _default_database_for_new_threads(path, timeout=1, init_command="PRAGMA synchronous=OFF"),
    ):
        yield path


def _setup(count: int) -> tuple[int, list[Client]]:
    target = TargetFactory()
    clients = []
    for _ in range(count):
        client = Client(raise_request_exception=False)
        client.force_login(officer_of(target.service_area))
        clients.append(client)
    return target.pk, clients


def _post(client: Client, target_pk: int, commentary: str):
    return client.post(
        reverse("targets:add_update", args=[target_pk]),
        {"status": "on_track", "commentary": commentary, "seen_latest_update_id": ""},
    )


def test_twenty_simultaneous_updates_to_one_target_give_no_server_error(
    file_database: Path,
) -> None:
    target_pk, clients = _in_thread(_setup, 20)
    start = threading.Barrier(len(clients))

    def send(number: int) -> tuple[int, str]:
        start.wait()
        try:
            response = _post(clients[number], target_pk, f"Update {number}")
            return response.status_code, response.content.decode()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(clients)) as pool:
        results = list(pool.map(send, range(len(clients))))
    statuses = [status for status, _ in results]
    assert 500 not in statuses
    # One update is saved; every other officer is told the target changed, their text kept.
    assert statuses.count(302) == 1
    for number, (status, page) in enumerate(results):
        if status == 200:
            assert f"Update {number}" in page
    assert _in_thread(lambda: ProgressUpdate.objects.filter(target_id=target_pk).count()) == 1


def test_an_update_that_waits_past_the_lock_timeout_is_shown_again_with_its_text(
    file_database: Path, settings
) -> None:
    # Sessions in a cookie here, so that the only write is the update itself.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    target_pk, clients = _in_thread(_setup, 1)
    holder = sqlite3.connect(file_database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock throughout
    try:
        status, page = _in_thread(
            lambda: (lambda r: (r.status_code, r.content.decode()))(
                _post(clients[0], target_pk, "Typed with care, and kept")
            )
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert status == 200
    assert BUSY_MESSAGE.split(",")[0] in page
    assert "Typed with care, and kept" in page
    assert _in_thread(lambda: ProgressUpdate.objects.filter(target_id=target_pk).count()) == 0
    assert _in_thread(lambda: Target.objects.filter(pk=target_pk).exists())


def test_a_session_save_that_waits_past_the_lock_timeout_says_busy_not_a_server_error(
    file_database: Path, settings
) -> None:
    """The page is made, then the session's save waits for another writer: no form can catch that,
    so the error page says the service is busy (503) and asks to check before sending again."""
    settings.SESSION_REFRESH_SECONDS = 0  # every page moves the idle expiry: a session save
    _, clients = _in_thread(_setup, 1)
    holder = sqlite3.connect(file_database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = _in_thread(lambda: clients[0].get(reverse("targets:list")))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Sorry, the service is busy" in page
    assert "check whether it was saved" in page
    assert _in_thread(lambda: clients[0].get(reverse("targets:list")).status_code) == 200
