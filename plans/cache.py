"""The cache every app server shares (Django's database cache), and the version that keeps it true.

Pages cache what costs most to make (a report's body, rendered) under a key holding the data
version. Every write to the plan's data (any model saved or deleted, or links changed, in one of
the project's apps) gives the data a new version when its transaction commits, so no page is ever
shown from before a write: the next request makes it anew. Bulk writes send no signals and call
data_changed themselves (targets.services.refresh_status_timelines, which every bulk path calls).

Committed first, versioned after: a request that read the old data and stores its page after the
write commits stores it under the old version, which no request asks for again.
"""

import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone

VERSION_KEY = "data-version"
# Writes to these change nothing a cached page shows.
IGNORED_APPS = frozenset({"sessions", "admin", "axes", "contenttypes", "migrations"})


def data_version() -> str:
    """The data's current version (one query); made anew if the cache lost it."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def data_changed() -> None:
    """Give the data a new version once the current transaction commits (at once outside one)."""
    active = set(connection.savepoint_ids)
    for savepoints, callback, *_ in connection.run_on_commit:
        if callback is _new_version and savepoints <= active:
            return  # already due when this transaction commits (and lost only with this write)
    transaction.on_commit(_new_version)


def _changed(sender: type, update_fields: frozenset[str] | None = None, **kwargs: object) -> None:
    if sender._meta.app_label in IGNORED_APPS or sender.__module__ == "__fake__":
        return  # nothing shown, or a migration's model (the cache's table may not be there yet)
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # signing in
    data_changed()


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="plans.cache.saved")
    post_delete.connect(_changed, dispatch_uid="plans.cache.deleted")
    m2m_changed.connect(_changed, dispatch_uid="plans.cache.links")


def cached[T](name: str, make: Callable[[], T]) -> T:
    """What `make` gives, kept in the shared cache under `name` in the data's current version (two
    queries when kept; made anew after any write). `name` must say everything it depends on."""
    key = f"{name}:{data_version()}"
    found = cache.get(key)
    if found is None:
        found = make()
        cache.set(key, found)
    return found


def page_key(request: HttpRequest, *more: object) -> str:
    """What a page's template caches its body under ({% cache 86400 "..." key %}): the page asked
    for (its whole address), as at today, in the data's current version, and `more` (whatever else
    it depends on, such as whose targets it lists). The view passes the page's data lazily, so it
    is made only when the body is not cached."""
    today = timezone.localdate()
    extra = "".join(f":{part}" for part in more)
    return f"{data_version()}:{today:%Y-%m-%d}:{request.get_full_path()}{extra}"
