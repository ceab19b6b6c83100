"""What the benchmark measures, in the process that serves the pages (Django set up).

Each page is fetched through Django's test client: the whole request (middleware, view, queries,
template) runs in this process, so the time is the server's time, without a network. The health
check, the cheapest page the app has, is measured the same way: the ceiling any page could reach.
"""

import statistics
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.bench import api_pages
from outcomes.models import Indicator
from planfile.format import read_plan_file
from planfile.services import import_plan
from plans.models import Plan, ServiceArea
from plans.roles import OFFICERS, PLAN_ADMINS, SENIOR_MANAGERS
from returns import services as returns_services
from returns.models import Return
from returns.pack import timed_builds
from returns.services import ReturnError
from targets.exports import export_bytes, targets_dataset
from targets.filters import DuePeriod, in_due_period
from targets.models import Target
from targets.queries import judge_targets, with_status

# The keys of every page's figures (the smoke test checks them).
FIGURE_KEYS = (
    "page",
    "path",
    "user",
    "status",
    "bytes",
    "queries",
    "requests",
    "p50_ms",
    "p95_ms",
    "cpu_p50_ms",
    "main",
    "peer",
)


class BenchmarkError(RuntimeError):
    """A page did not answer as it should; its figures would mean nothing."""


@dataclass(frozen=True)
class Page:
    """A page to measure: its path with {placeholders} filled from a plan's subjects (see
    subjects), and who asks for it: a role in subjects' people, or None for anonymous.

    main: held to the goal of costing at most half the peer's CPU (downloads and the health check
    are not); peer: the page the others are compared with.
    """

    name: str
    path: str
    user: str | None
    main: bool = True
    peer: bool = False


# Every page `make bench` measures, in the order of its table (the API's pages, api/bench.py, are
# added after them). Add a page here: the placeholders are the keys of subjects() ({plan},
# {plan_pk}, {area}, {target}, {indicator}, {closed_return}), the users its roles ("manager",
# "officer", "admin").
PAGES = [
    Page("health check", "/health/", None, main=False),
    Page("dashboard", "/?plan={plan}", "manager"),
    Page("directorate report", "/reports/{plan}/{area}/", "manager"),
    Page("whole-plan report", "/reports/{plan}/", "manager"),
    Page("equality view", "/reports/{plan}/equality/", "manager"),
    Page("all targets by status", "/targets/?sort=status", "manager"),
    Page("red targets", "/targets/?status=red", "manager"),
    Page("my targets", "/targets/", "officer"),
    Page("target page", "/targets/{target}/", "officer"),
    Page("outcomes list", "/outcomes/", "manager"),
    Page("indicator page", "/outcomes/indicators/{indicator}/", "manager"),
    Page("closed return", "/returns/{closed_return}/", "manager"),
    Page("closed return report", "/returns/{closed_return}/report/", "manager"),
    Page("API closed return", "/api/v1/returns/{closed_return}", "manager"),
    Page("public plan page", "/public/{plan}/", None),
    Page("public targets JSON", "/public/{plan}/targets.json", None, main=False),
    Page("targets XLSX", "/reports/{plan}/targets.xlsx", "manager", main=False),
    Page(
        "admin target changelist",
        "/admin/targets/target/?service_area__plan__id__exact={plan_pk}",
        "admin",
        main=False,
        peer=True,
    ),
]
PEER = next(page.name for page in PAGES if page.peer)


BENCH_RETURN = "Benchmark return"


def close_a_return(plan: Plan) -> Return:
    """A closed quarterly return of the plan, for the returns' pages: the latest one, or else one
    as at the end of last month opened (or the plan's open one) and closed before every area is
    approved, with a reason, through returns.services: its snapshot is the one closing freezes."""
    found = plan.returns.filter(state=Return.State.CLOSED).order_by("-closed_at").first()
    if found:
        return found
    admin = (
        get_user_model()
        .objects.filter(groups__name=PLAN_ADMINS, is_active=True)
        .order_by("username")
        .first()
    )
    if admin is None:
        raise BenchmarkError(f"{plan.slug} needs a plan admin to open and close a return")
    as_at = timezone.localdate().replace(day=1) - timedelta(days=1)
    try:
        opened = plan.returns.filter(state=Return.State.OPEN).first() or (
            returns_services.open_return(
                plan=plan, name=BENCH_RETURN, as_at=as_at, due_on=as_at, by=admin
            )
        )
        return returns_services.close_return(
            of_return=opened, by=admin, reason="Closed by the benchmark to measure its pages."
        )
    except ReturnError as error:
        raise BenchmarkError(f"{plan.slug}: no closed return to measure: {error}") from error


def time_return(plan: Plan) -> dict:
    """Closing a return of the plan (seconds, with its snapshot), then reading its report and
    building its committee pack (returns.pack.timed_builds: seconds each)."""
    started = time.perf_counter()
    of_return = close_a_return(plan)
    closed = time.perf_counter() - started
    builds = timed_builds(of_return)
    targets = of_return.areas.aggregate(rows=Count("target_rows"))["rows"]
    return {
        "plan": plan.slug,
        "targets": targets,
        "close_seconds": round(closed, 2),
        **{f"{name}_seconds": round(seconds, 2) for name, seconds in builds.items()},
    }


def subjects(plan: Plan) -> tuple[dict[str, object], dict[str, str]]:
    """What the pages are about (the plan's busiest service area with an officer, its busiest
    late target (or busiest, if none is late), the plan's busiest indicator, its closed return:
    see close_a_return) and who reads them (user names by role). The plan is published, so its
    public pages answer."""
    users = get_user_model().objects.order_by("username")
    manager = users.filter(groups__name=SENIOR_MANAGERS).first()
    admin = users.filter(groups__name=PLAN_ADMINS, is_staff=True, is_active=True).first()
    with_officers = ServiceArea.members.through.objects.filter(user__groups__name=OFFICERS)
    area = (
        plan.service_areas.filter(pk__in=with_officers.values("servicearea_id"))
        .annotate(targets_count=Count("targets"))
        .order_by("-targets_count", "position")
        .first()
    )
    officer = users.filter(groups__name=OFFICERS, service_areas=area).first()
    # A late target if there is one: its page also offers the way forward (one query more), so
    # every size measures a page in the same state.
    today = timezone.localdate()
    in_area = with_status(Target.objects.filter(service_area=area), as_at=today).annotate(
        updates=Count("progress_updates")
    )
    busiest = ("-updates", "position")
    target = (
        in_due_period(in_area, DuePeriod.OVERDUE, as_at=today).order_by(*busiest).first()
        or in_area.order_by(*busiest).first()
    )
    indicator = (
        Indicator.objects.filter(outcome__service_area__plan=plan)
        .annotate(
            figures=Count("measurements", distinct=True),
            dimensions=Count("breakdowns", distinct=True),
        )
        .order_by("-figures", "-dimensions", "pk")
        .first()
    )
    closed_return = plan.returns.filter(state=Return.State.CLOSED).order_by("-closed_at").first()
    if not (manager and admin and area and officer and target and indicator):
        raise BenchmarkError(
            f"{plan.slug} needs a senior manager, a plan admin, a service area with an officer, a "
            "target and an indicator to be measured"
        )
    if not plan.is_public:
        Plan.objects.filter(pk=plan.pk).update(is_public=True, published_on=timezone.localdate())
    found = {
        "plan": plan.slug,
        "plan_pk": plan.pk,
        "area": area.slug,
        "target": target.pk,
        "indicator": indicator.pk,
        "closed_return": closed_return.pk if closed_return else None,
    }
    people = {"manager": manager.username, "officer": officer.username, "admin": admin.username}
    return found, people


def choose_pages(plan: Plan) -> list[Page]:
    """PAGES for one plan, paths filled in and users named; then the API's (api/bench.py)."""
    found, people = subjects(plan)
    pages = [
        replace(page, path=page.path.format(**found), user=people[page.user] if page.user else None)
        for page in PAGES
        # Without a closed return (close_a_return failed: the run says why) its pages are left out.
        if found["closed_return"] or "{closed_return}" not in page.path
    ]
    manager = get_user_model().objects.get(username=people["manager"])
    indicator = Indicator.objects.get(pk=found["indicator"])
    return pages + [Page(*entry) for entry in api_pages(plan, user=manager, indicator=indicator)]


def _percentile(times: list[float], percent: int) -> float:
    if len(times) == 1:
        return times[0]
    return statistics.quantiles(times, n=100, method="inclusive")[percent - 1]


def _get(client: Client, path: str) -> Any:
    # secure: as behind the council's TLS proxy, so production settings answer, not redirect.
    response = client.get(path, secure=True)
    if response.status_code != 200:
        raise BenchmarkError(f"{path} answered {response.status_code}, not 200")
    return response


def measure(client: Client, page: Page, *, requests: int = 30, warm_up: int = 2) -> dict:
    """A page's figures: queries of one request, then server time over `requests` requests."""
    client.logout()
    if page.user:
        client.force_login(get_user_model().objects.get(username=page.user))
    for _ in range(warm_up):
        _get(client, page.path)
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, page.path)
    query_count = len(queries)  # now: the next request empties the log it is read from
    times, cpu = [], []
    for _ in range(requests):
        started, cpu_started = time.perf_counter(), time.process_time()
        _get(client, page.path)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return {
        "page": page.name,
        "path": page.path,
        "user": page.user,
        "status": response.status_code,
        "bytes": len(response.content),
        "queries": query_count,
        "requests": requests,
        "p50_ms": round(_percentile(times, 50) * 1000, 2),
        "p95_ms": round(_percentile(times, 95) * 1000, 2),
        # This process's CPU time alone (not the database's): steadier than the wall clock on a
        # machine others share, and what the page costs the app server.
        "cpu_p50_ms": round(_percentile(cpu, 50) * 1000, 2),
        "main": page.main,
        "peer": page.peer,
    }


def measure_plan(plan: Plan, *, requests: int = 30) -> list[dict]:
    """Every main page of a plan, with the health check measured before and after them (its
    figures are from both runs), so the ratio compares like with like."""
    client = Client()
    pages = choose_pages(plan)
    health, rest = pages[0], pages[1:]
    first = measure(client, health, requests=requests)
    figures = [measure(client, page, requests=requests) for page in rest]
    last = measure(client, health, requests=requests)
    both = {**first, "requests": first["requests"] + last["requests"]}
    both["p50_ms"] = round((first["p50_ms"] + last["p50_ms"]) / 2, 2)
    both["p95_ms"] = round((first["p95_ms"] + last["p95_ms"]) / 2, 2)
    both["cpu_p50_ms"] = round((first["cpu_p50_ms"] + last["cpu_p50_ms"]) / 2, 2)
    peer = next(row for row in figures if row["peer"])
    for row in figures:
        row["p50_vs_health"] = round(row["p50_ms"] / both["p50_ms"], 1)
        row["cpu_vs_peer"] = round(row["cpu_p50_ms"] / peer["cpu_p50_ms"], 2)
    return [both, *figures]


def time_all_plans_export(*, repeats: int = 3) -> dict:
    """Every target of every plan as one XLSX, as the plan export builds it (no page offers it:
    this is what one would cost). Seconds: the median of `repeats` runs."""
    as_at = timezone.localdate()
    times, size, rows = [], 0, 0
    for _ in range(repeats):
        started = time.perf_counter()
        judged = judge_targets(
            Target.objects.order_by("service_area__plan", "service_area__position", "position"),
            as_at=as_at,
        )
        content = export_bytes(targets_dataset(judged, as_at=as_at), "xlsx")
        times.append(time.perf_counter() - started)
        size, rows = len(content), len(judged)
    return {"targets": rows, "bytes": size, "seconds": round(statistics.median(times), 2)}


def time_import(path: Path) -> dict:
    """Reading and checking a plan file, then storing it: seconds for each and in all, and the
    app's CPU seconds in all (not the database's: steadier than the wall clock on a busy
    machine)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    data = read_plan_file(path)
    read = time.perf_counter()
    report = import_plan(data=data)
    stored = time.perf_counter()
    targets = sum(len(area.get("targets", [])) for area in data["plan"]["service_areas"])
    return {
        "file": path.name,
        "targets": targets,
        "created_targets": report.created["target"],
        "read_seconds": round(read - started, 2),
        "store_seconds": round(stored - read, 2),
        "seconds": round(stored - started, 2),
        "cpu_seconds": round(time.process_time() - cpu_started, 2),
    }
