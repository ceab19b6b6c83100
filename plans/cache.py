"""The cache every app server shares (Django's database cache), and the versions that keep it true.

Pages cache what costs most to make (a report's body, rendered) under a key holding the data's
version. Every write to the plan's data (any model saved or deleted, or links changed, in one of
the project's apps) gives the data a new version when its transaction commits, so no page is ever
shown from before a write: the next request makes it anew. Bulk writes send no signals and call
data_changed themselves (targets.services.refresh_status_timelines, which every bulk path calls).

A progress update, the commonest write by far, changes one plan's pages only: it moves that plan's
own version (and the version of pages listing every plan), so the other plans' reports stay
cached while officers report. A page of one plan keys on the data's version and its plan's; a page
of every plan (the target list) on the data's version and every plan's. Any other write moves the
data's version, in every key: a model says which plan a write of it changes with a classmethod
`cache_plan_id(instance)` (targets.models.ProgressUpdate), and only where that is all it changes.

Committed first, versioned after: a request that read the old data and stores its page after the
write commits stores it under the old version, which no request asks for again.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone

VERSION_KEY = "data-version"
EVERY_PLAN_KEY = "data-version:every-plan"  # moves with any plan's own version
PLAN_KEY = "data-version:plan:{}"
# Writes to these change nothing a cached page shows.
IGNORED_APPS = frozenset({"sessions", "admin", "axes", "contenttypes", "migrations"})


def data_version(plan_id: int | None = None) -> str:
    """The data's current version with the plan's own (or, without a plan, every plan's): one
    query; a version the cache lost is made anew."""
    keys = [VERSION_KEY, PLAN_KEY.format(plan_id) if plan_id else EVERY_PLAN_KEY]
    found = cache.get_many(keys)
    if len(found) < len(keys):
        for key in keys:
            if key not in found:
                cache.add(key, secrets.token_hex(8), timeout=None)
        found = cache.get_many(keys)
    return ".".join(found.get(key, "") for key in keys)  # "": a cache that keeps nothing


def without_updates(key: str) -> str:
    """A key of page_key (or a version of data_version) that progress updates do not move: for a
    part of a page no update changes (the target list's filters), from the same lookup."""
    data, _, rest = key.partition(".")
    return f"{data}:{rest.partition(':')[2]}" if ":" in rest else data


@dataclass(frozen=True)
class _NewVersion:
    """Run when a write commits: a new version of the data, or of one plan (and every plan's)."""

    plan_id: int | None = None

    def __call__(self) -> None:
        if self.plan_id is None:
            cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)
            return
        cache.set_many(
            {
                PLAN_KEY.format(self.plan_id): secrets.token_hex(8),
                EVERY_PLAN_KEY: secrets.token_hex(8),
            },
            timeout=None,
        )


def data_changed(plan_id: int | None = None) -> None:
    """Give the data (or, with `plan_id`, only that plan's data) a new version once the current
    transaction commits (at once outside one)."""
    due = _NewVersion(plan_id)
    active = set(connection.savepoint_ids)
    for savepoints, callback, *_ in connection.run_on_commit:
        if callback == due and savepoints <= active:
            return  # already due when this transaction commits (and lost only with this write)
    transaction.on_commit(due)


def _changed(
    sender: type,
    instance: object = None,
    update_fields: frozenset[str] | None = None,
    **kwargs: object,
) -> None:
    if sender._meta.app_label in IGNORED_APPS or sender.__module__ == "__fake__":
        return  # nothing shown, or a migration's model (the cache's table may not be there yet)
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # signing in
    # simple_history's record of a write is read as the write itself.
    model = getattr(sender, "instance_type", sender)
    plan_of = getattr(model, "cache_plan_id", None)
    plan_id = plan_of(instance) if plan_of and kwargs.get("signal") is not m2m_changed else None
    data_changed(plan_id)


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="plans.cache.saved")
    post_delete.connect(_changed, dispatch_uid="plans.cache.deleted")
    m2m_changed.connect(_changed, dispatch_uid="plans.cache.links")


def cached[T](name: str, make: Callable[[], T], *, plan_id: int | None = None) -> T:
    """What `make` gives, kept in the shared cache under `name` in the data's current version
    (the plan's, for a page of one plan: see data_version): two queries when kept; made anew
    after any write. `name` must say everything it depends on."""
    key = f"{name}:{data_version(plan_id)}"
    found = cache.get(key)
    if found is None:
        found = make()
        cache.set(key, found)
    return found


def page_key(request: HttpRequest, *more: object, plan_id: int | None = None) -> str:
    """What a page's template caches its body under ({% cache 86400 "..." key %}): the page asked
    for (its whole address), as at today, in the data's current version (a page of one plan:
    `plan_id`; of every plan: None), and `more` (whatever else it depends on, such as whose
    targets it lists). The view passes the page's data lazily, so it is made only when the body
    is not cached."""
    today = timezone.localdate()
    extra = "".join(f":{part}" for part in more)
    return f"{data_version(plan_id)}:{today:%Y-%m-%d}:{request.get_full_path()}{extra}"
