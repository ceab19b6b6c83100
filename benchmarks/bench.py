"""`make bench`: the tracker's speed at three sizes, on PostgreSQL, in one table.

Creates its own database (dropped and made anew each run), migrates it, times importing the
Islington plan, loads the demo accounts and progress, and measures the pages
(benchmarks.pages.PAGES and the API's, the Islington plan alone), after closing a quarterly
return of the plan (timed, with its report and committee pack) for the returns' pages. Then adds
London-scale data (generate_scale_data --scale london), measures a borough's plan the same way,
and times importing a 10,000-target plan file. Then builds a second database (NAME_x3) three
times London's size (--scale london-x3) and measures it too. Prints one table, with each page's
CPU time as a share of the peer's (Django admin's target changelist of the same plan, measured
in the same run), checks the goals, writes every figure as JSON to benchmarks/results/, and exits
non-zero when a goal is missed.

The setup steps run as manage.py commands with DEBUG on, as a developer would; the measuring runs
in a process with DEBUG off, as production does.

    python -m benchmarks.bench [--database NAME] [--requests N]
    python -m benchmarks.bench step pages|import|big-file|export|return ...  (the run's own)
"""

import argparse
import json
import os
import platform
import secrets
import subprocess  # runs this project's own manage.py and steps only  # nosec B404
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
ISLINGTON_FILE = ROOT / "plans/data/challenging-inequalities.yaml"
ISLINGTON_PLAN = "challenging-inequalities"
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")

# The goals, at London scale on a 2-core machine.
MAX_QUERIES = 15
P50_GOALS_MS = {
    "dashboard": 100,
    "directorate report": 100,
    "target page": 50,
    "all targets by status": 100,
}
GROWS_AT_MOST = 1.5  # the manager's whole list, Islington to London; every page, London to 3x
GROWTH_PAGE = "all targets by status"
PEER_SHARE = 0.5  # a main page's CPU p50 at most this share of the peer's
XLSX_GOAL_S = 5
IMPORT_GOAL_S = 10
PACK_GOAL_S = 3  # the Islington plan's committee pack, as Word and as PDF (issue 12)
SIZES = {"islington": "the Islington plan alone", "london": "London scale", "x3": "3x London"}


# --- The database -------------------------------------------------------------------------------


def recreate_database(name: str) -> str:
    """Drop and create the benchmark's database; its URL."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{SERVER}/{name}"


def analyze(url: str) -> None:
    """Fresh planner statistics after bulk loading, as autovacuum would gather within a minute."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")


def development_env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "DEBUG": "true", "LOG_LEVEL": "WARNING"}


def production_env(url: str) -> dict[str, str]:
    """DEBUG off, as `make serve` runs; the test client's host name is the one allowed."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "STATIC_MANIFEST": "false",  # no collectstatic needed; pages name the same files
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str) -> float:
    """Run a manage.py command; its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603  # nosec B603
    return time.perf_counter() - started


def step(env: dict[str, str], *args: str) -> Any:
    """Run one measuring step in a fresh process; what it returns (JSON)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        subprocess.run(  # noqa: S603  # nosec B603
            [sys.executable, "-m", "benchmarks.bench", "step", *args, "--output", output.name],
            cwd=ROOT,
            env=env,
            check=True,
        )
        return json.loads(Path(output.name).read_text(encoding="utf-8"))


# --- The steps (in a process with Django set up) ------------------------------------------------


def run_step(args: argparse.Namespace) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "islington_equality.settings")
    django.setup()
    from benchmarks import pages
    from plans.models import Plan

    if args.what == "pages":
        plan = Plan.objects.get(slug=args.plan)
        result: Any = pages.measure_plan(plan, requests=args.requests)
    elif args.what == "import":
        result = pages.time_import(Path(args.file))
    elif args.what == "big-file":
        from benchmarks.big_plan import write_big_plan

        result = str(write_big_plan(Path(args.file)))
    elif args.what == "export":
        result = pages.time_all_plans_export()
    elif args.what == "return":
        result = pages.time_return(Plan.objects.get(slug=args.plan))
    else:
        raise SystemExit(f"unknown step {args.what}")
    Path(args.output).write_text(json.dumps(result, indent=2), encoding="utf-8")


def data_counts(url: str) -> dict[str, int]:
    import psycopg

    tables = {
        "plans": "plans_plan",
        "targets": "targets_target",
        "progress updates": "targets_progressupdate",
        "indicators": "outcomes_indicator",
        "measurements": "outcomes_measurement",
        "users": "auth_user",
    }
    with psycopg.connect(url) as connection:
        return {
            what: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608  # nosec B608
            for what, table in tables.items()
        }


def busiest_scale_plan(url: str) -> str:
    """The generated plan with the most targets (the first by slug among equals)."""
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(
            """SELECT p.slug FROM plans_plan p
               JOIN plans_servicearea a ON a.plan_id = p.id
               JOIN targets_target t ON t.service_area_id = a.id
               WHERE p.slug LIKE 'scale-%%'
               GROUP BY p.slug ORDER BY count(*) DESC, p.slug LIMIT 1"""
        ).fetchone()[0]


# --- The report ---------------------------------------------------------------------------------


def goals(results: dict) -> list[dict]:
    """Each goal with the figure measured and whether it holds."""
    pages = {
        size: {row["page"]: row for row in found["pages"]}
        for size, found in results["sizes"].items()
    }
    small, large = pages["islington"], pages["london"]
    checks = []

    def check(goal: str, measured: str, met: bool) -> None:
        checks.append({"goal": goal, "measured": measured, "met": met})

    for page in large:
        if page == "health check":
            continue
        counts = [found[page]["queries"] for found in pages.values() if page in found]
        check(
            f"{page}: same queries at every size, at most {MAX_QUERIES}",
            " and ".join(str(count) for count in counts),
            len(set(counts)) == 1 and counts[0] <= MAX_QUERIES,
        )
    for page, limit in P50_GOALS_MS.items():
        check(
            f"{page} p50 under {limit} ms at London scale",
            f"{large[page]['p50_ms']} ms",
            large[page]["p50_ms"] < limit,
        )
    growth = large[GROWTH_PAGE]["p50_ms"] / small[GROWTH_PAGE]["p50_ms"]
    check(
        f"{GROWTH_PAGE} p50 at London scale within {GROWS_AT_MOST}x the Islington plan's",
        f"{growth:.2f}x",
        growth <= GROWS_AT_MOST,
    )
    for page, row in large.items():
        if row.get("main"):
            check(
                f"{page}: CPU p50 at most {PEER_SHARE:.0%} of the peer's at London scale",
                f"{row['cpu_vs_peer']:.0%}",
                row["cpu_vs_peer"] <= PEER_SHARE,
            )
    if "x3" in pages:
        for page, row in pages["x3"].items():
            if page != "health check" and page in large:
                times = row["p50_ms"] / large[page]["p50_ms"]
                check(
                    f"{page}: p50 at 3x London within {GROWS_AT_MOST}x London's",
                    f"{times:.2f}x",
                    times <= GROWS_AT_MOST,
                )
    xlsx = large["targets XLSX"]["p50_ms"] / 1000
    check(
        f"XLSX export of all the plan's targets under {XLSX_GOAL_S} s at London scale",
        f"{xlsx:.2f} s",
        xlsx < XLSX_GOAL_S,
    )
    islington_return = results["sizes"]["islington"].get("closed_return")
    for kind, label in (("docx", "Word"), ("pdf", "PDF")):
        seconds = islington_return[f"{kind}_seconds"] if islington_return else None
        check(
            f"the Islington plan's committee pack as {label} under {PACK_GOAL_S} s",
            f"{seconds:.2f} s" if seconds is not None else "no closed return could be made",
            seconds is not None and seconds < PACK_GOAL_S,
        )
    big = results["imports"]["10,000 targets"]
    check(
        f"import of 10,000 targets under {IMPORT_GOAL_S} s",
        f"{big['seconds']} s",
        big["seconds"] < IMPORT_GOAL_S,
    )
    return checks


def table(results: dict) -> str:
    sizes = results["sizes"]
    names = list(sizes)
    by_size = {size: {row["page"]: row for row in sizes[size]["pages"]} for size in names}
    head = (
        f"{'page':<26} | {'queries':>9} | "
        + " | ".join(f"{'p50 ms':>7} {'CPU ms':>7} {'x peer':>6}" for _ in names)
        + "\n"
        + f"{'':<26} | {'':>9} | "
        + " | ".join(f"{SIZES[size]:^22}" for size in names)
    )
    lines = [head, "-" * len(head.splitlines()[0])]
    every_page = list(dict.fromkeys(page for size in names for page in by_size[size]))
    for page in every_page:
        rows = [by_size[size].get(page) for size in names]  # None: not measured at that size
        queries = "/".join(str(row["queries"]) if row else "-" for row in rows)
        cells = [
            f"{row['p50_ms']:>7.1f} {row['cpu_p50_ms']:>7.1f} {row.get('cpu_vs_peer', 0):>6.2f}"
            if row
            else f"{'not measured':>22}"
            for row in rows
        ]
        lines.append(f"{page:<26} | {queries:>9} | " + " | ".join(cells))
    lines.append("")
    for size in names:
        found = sizes[size]
        lines.append(
            f"{SIZES[size]}: {found['plan']} in a database of {_describe(found['data'])}; load "
            f"average ({os.cpu_count()} CPUs) {found['load_before']} before measuring, "
            f"{found['load_after']} after."
        )
    lines.append(
        f"Requests per page: {sizes['london']['pages'][1]['requests']}. Times are the server's, in "
        "process, in ms; CPU is the app's CPU time alone (not the database's); x peer is the CPU "
        "p50 as a multiple of the admin target changelist's in the same run."
    )
    lines.append("")
    lines.append("Imports (read and check the file, then store; seconds):")
    for name, row in results["imports"].items():
        lines.append(
            f"  {name:<34} {row['seconds']:>6.2f}  (read {row['read_seconds']:.2f}, store "
            f"{row['store_seconds']:.2f}; the app's CPU {row['cpu_seconds']:.2f}; "
            f"{row['targets']:,} targets, {row['created_targets']:,} created)"
        )
    lines.append("A closed quarterly return (close it, read its report, build its pack; seconds):")
    for size in names:
        found = sizes[size].get("closed_return")
        if found is None:
            lines.append(f"  {SIZES[size]:<34} none could be made: its pages not measured")
            continue
        lines.append(
            f"  {SIZES[size]:<34} close {found['close_seconds']:.2f}, report "
            f"{found['report_seconds']:.2f}, Word {found['docx_seconds']:.2f}, PDF "
            f"{found['pdf_seconds']:.2f}  ({found['targets']:,} targets)"
        )
    export = results["all_plans_export"]
    lines.append(
        f"Every plan's targets as one XLSX ({export['targets']:,} targets, no page offers it): "
        f"{export['seconds']:.2f} s"
    )
    for scale, seconds in results["generate_seconds"].items():
        lines.append(f"generate_scale_data --scale {scale}: {seconds:.0f} s")
    lines.append("")
    lines.append("Goals:")
    for check in results["goals"]:
        mark = "met   " if check["met"] else "MISSED"
        lines.append(f"  {mark} {check['goal']}: {check['measured']}")
    return "\n".join(lines)


def _load_average() -> float:
    """The machine's load over the last minute: on a shared machine, how far to trust a time."""
    return round(os.getloadavg()[0], 2)


def _describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{number:,} {what}" for what, number in counts.items())


# --- The run ------------------------------------------------------------------------------------


def close_return(url: str, plan: str) -> dict | None:
    """A closed return of the plan for the returns' pages (benchmarks.pages.close_a_return), with
    the seconds to close it and to build its report and pack; None, said, if it cannot be made."""
    try:
        return step(production_env(url), "return", "--plan", plan)
    except subprocess.CalledProcessError:
        print(
            f"No closed return of {plan} could be made (see the error above): the returns' pages "
            "are not measured at this size.",
            flush=True,
        )
        return None


def measure_size(url: str, plan: str, requests: list[str]) -> dict:
    closed_return = close_return(url, plan)
    return {
        "plan": plan,
        "closed_return": closed_return,
        "data": data_counts(url),
        "load_before": _load_average(),
        "pages": step(production_env(url), "pages", "--plan", plan, *requests),
        "load_after": _load_average(),
    }


def prepare(url: str) -> dict[str, Any]:
    """Migrate a new database and load the Islington plan (timed), demo accounts, progress,
    population and measurements."""
    dev, prod = development_env(url), production_env(url)
    manage(dev, "migrate", "--no-input", "-v0")
    imported = step(prod, "import", "--file", str(ISLINGTON_FILE))
    manage(dev, "create_demo_accounts")
    manage(dev, "load_demo_progress")
    # As `make run` does: the indicator measured then has figures at every size.
    manage(dev, "load_population")
    manage(dev, "load_demo_measurements")
    return imported


def run(args: argparse.Namespace) -> bool:
    """The whole benchmark; whether every goal was met."""
    url = recreate_database(args.database)
    dev, prod = development_env(url), production_env(url)
    print(f"Benchmark database {args.database} created; migrating.", flush=True)
    imports = {"Islington plan (first import)": prepare(url)}
    analyze(url)
    requests = ["--requests", str(args.requests)]
    results: dict[str, Any] = {"sizes": {}, "generate_seconds": {}}
    print("Measuring the Islington plan alone.", flush=True)
    results["sizes"]["islington"] = measure_size(url, ISLINGTON_PLAN, requests)
    print("Generating London-scale data.", flush=True)
    results["generate_seconds"]["london"] = round(
        manage(dev, "generate_scale_data", "--scale", "london"), 1
    )
    analyze(url)
    plan = busiest_scale_plan(url)
    print(f"Measuring {plan} at London scale.", flush=True)
    results["sizes"]["london"] = measure_size(url, plan, requests)
    results["all_plans_export"] = step(prod, "export")
    print("Timing the import of a 10,000-target plan file.", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        # Written by a step: reading the Islington file's groups needs Django's settings.
        big = Path(step(prod, "big-file", "--file", str(Path(folder) / "10000-targets.yaml")))
        imports["10,000 targets"] = step(prod, "import", "--file", str(big))
        imports["10,000 targets again (unchanged)"] = step(prod, "import", "--file", str(big))
    results["imports"] = imports
    if not args.skip_x3:
        name = f"{args.database}_x3"
        print(f"Building {name}, three times London's size.", flush=True)
        big_url = recreate_database(name)
        prepare(big_url)
        results["generate_seconds"]["london-x3"] = round(
            manage(development_env(big_url), "generate_scale_data", "--scale", "london-x3"), 1
        )
        analyze(big_url)
        plan = busiest_scale_plan(big_url)
        print(f"Measuring {plan} at 3x London.", flush=True)
        results["sizes"]["x3"] = measure_size(big_url, plan, requests)
    results["goals"] = goals(results)
    results["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    finished = datetime.now(UTC)
    results["finished"] = finished.isoformat(timespec="seconds")
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = RESULTS / f"bench-{finished:%Y%m%d-%H%M%S}.json"
    output.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print()
    print(table(results))
    print(f"\nAll figures: {output.relative_to(ROOT)}")
    return all(check["met"] for check in results["goals"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command")
    step_parser = commands.add_parser("step")
    step_parser.add_argument("what", choices=["pages", "import", "big-file", "export", "return"])
    step_parser.add_argument("--plan")
    step_parser.add_argument("--file")
    step_parser.add_argument("--requests", type=int, default=30)
    step_parser.add_argument("--output", required=True)
    parser.add_argument("--database", default="islington_bench")
    parser.add_argument("--requests", type=int, default=30, help="Timed requests per page.")
    parser.add_argument(
        "--skip-x3", action="store_true", help="Leave out the size three times London's."
    )
    args = parser.parse_args()
    if args.command == "step":
        run_step(args)
    else:
        if args.requests < 30:
            parser.error("--requests must be at least 30: p95 needs them")
        if not run(args):
            sys.exit("A goal was missed (see Goals above).")


if __name__ == "__main__":
    main()
