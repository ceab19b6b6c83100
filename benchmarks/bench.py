"""`make bench`: the tracker's speed at two sizes, on PostgreSQL, in one table.

Creates its own database (dropped and made anew each run), migrates it, times importing the
Islington plan, loads the demo accounts and progress, and measures the main pages (the Islington
plan alone). Then adds London-scale data (generate_scale_data --scale london), measures a borough's
plan the same way, and times importing a 10,000-target plan file. Prints one table and writes every
figure as JSON to benchmarks/results/.

The setup steps run as manage.py commands with DEBUG on, as a developer would; the measuring runs
in a process with DEBUG off, as production does.

    python -m benchmarks.bench [--database NAME] [--requests N]
    python -m benchmarks.bench step pages|import|export ...   (used by the run itself)
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
P50_GOALS_MS = {"dashboard": 100, "directorate report": 100, "target page": 50}
XLSX_GOAL_S = 5
IMPORT_GOAL_S = 10


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
    elif args.what == "export":
        result = pages.time_all_plans_export()
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
    small = {row["page"]: row for row in results["sizes"]["islington"]["pages"]}
    large = {row["page"]: row for row in results["sizes"]["london"]["pages"]}
    checks = []
    for page, row in large.items():
        if page == "health check":
            continue
        same = row["queries"] == small[page]["queries"]
        checks.append(
            {
                "goal": f"{page}: same queries at both sizes, at most {MAX_QUERIES}",
                "measured": f"{small[page]['queries']} and {row['queries']}",
                "met": same and row["queries"] <= MAX_QUERIES,
            }
        )
    for page, limit in P50_GOALS_MS.items():
        checks.append(
            {
                "goal": f"{page} p50 under {limit} ms at London scale",
                "measured": f"{large[page]['p50_ms']} ms",
                "met": large[page]["p50_ms"] < limit,
            }
        )
    xlsx = large["targets XLSX"]["p50_ms"] / 1000
    checks.append(
        {
            "goal": f"XLSX export of all the plan's targets under {XLSX_GOAL_S} s at London scale",
            "measured": f"{xlsx:.2f} s",
            "met": xlsx < XLSX_GOAL_S,
        }
    )
    big = results["imports"]["10,000 targets"]
    checks.append(
        {
            "goal": f"import of 10,000 targets under {IMPORT_GOAL_S} s",
            "measured": f"{big['seconds']} s",
            "met": big["seconds"] < IMPORT_GOAL_S,
        }
    )
    return checks


def table(results: dict) -> str:
    small = results["sizes"]["islington"]
    large = results["sizes"]["london"]
    columns = f"{'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8} {'x health':>8}"
    head = (
        f"{'page':<20} | {'Islington plan alone':^43} | {'London scale':^43}\n"
        f"{'':<20} | {columns} | {columns}"
    )
    lines = [head, "-" * len(head.splitlines()[1])]
    for a, b in zip(small["pages"], large["pages"], strict=True):
        cells = [
            f"{row['queries']:>7} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['cpu_p50_ms']:>8.1f} {row.get('p50_vs_health', 1.0):>8.1f}"
            for row in (a, b)
        ]
        lines.append(f"{a['page']:<20} | {cells[0]} | {cells[1]}")
    lines.append("")
    lines.append(
        f"Islington: {small['plan']} ({_describe(small['data'])}); "
        f"London: {large['plan']} of {_describe(large['data'])}."
    )
    lines.append(
        f"Requests per page: {large['pages'][1]['requests']} (health check: "
        f"{large['pages'][0]['requests']}, before and after the pages). Times are the server's, "
        "in process, in ms; CPU p50 is the app's CPU time alone (not the database's)."
    )
    lines.append(
        f"Load average ({os.cpu_count()} CPUs) before and after measuring: Islington "
        f"{small['load_before']} and {small['load_after']}, London {large['load_before']} and "
        f"{large['load_after']}; others' work on the machine slows the wall clock, less the CPU."
    )
    lines.append("")
    lines.append("Imports (read and check the file, then store; seconds):")
    for name, row in results["imports"].items():
        lines.append(
            f"  {name:<34} {row['seconds']:>6.2f}  (read {row['read_seconds']:.2f}, store "
            f"{row['store_seconds']:.2f}; {row['targets']:,} targets, {row['created_targets']:,} "
            "created)"
        )
    export = results["all_plans_export"]
    lines.append(
        f"Every plan's targets as one XLSX ({export['targets']:,} targets, no page offers it): "
        f"{export['seconds']:.2f} s"
    )
    lines.append(f"generate_scale_data --scale london: {results['generate_seconds']:.0f} s")
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


def run(args: argparse.Namespace) -> None:
    url = recreate_database(args.database)
    dev, prod = development_env(url), production_env(url)
    print(f"Benchmark database {args.database} created; migrating.", flush=True)
    manage(dev, "migrate", "--no-input", "-v0")
    imports = {"Islington plan (first import)": step(prod, "import", "--file", str(ISLINGTON_FILE))}
    manage(dev, "create_demo_accounts")
    manage(dev, "load_demo_progress")
    analyze(url)
    requests = ["--requests", str(args.requests)]
    results: dict[str, Any] = {"sizes": {}}
    print("Measuring the Islington plan alone.", flush=True)
    results["sizes"]["islington"] = {
        "plan": ISLINGTON_PLAN,
        "data": data_counts(url),
        "load_before": _load_average(),
        "pages": step(prod, "pages", "--plan", ISLINGTON_PLAN, *requests),
        "load_after": _load_average(),
    }
    print("Generating London-scale data.", flush=True)
    results["generate_seconds"] = round(manage(dev, "generate_scale_data", "--scale", "london"), 1)
    analyze(url)
    plan = busiest_scale_plan(url)
    print(f"Measuring {plan} at London scale.", flush=True)
    results["sizes"]["london"] = {
        "plan": plan,
        "data": data_counts(url),
        "load_before": _load_average(),
        "pages": step(prod, "pages", "--plan", plan, *requests),
        "load_after": _load_average(),
    }
    results["all_plans_export"] = step(prod, "export")
    print("Timing the import of a 10,000-target plan file.", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        from benchmarks.big_plan import write_big_plan

        big = write_big_plan(Path(folder) / "ten-thousand-targets.yaml")
        imports["10,000 targets"] = step(prod, "import", "--file", str(big))
        imports["10,000 targets again (unchanged)"] = step(prod, "import", "--file", str(big))
    results["imports"] = imports
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command")
    step_parser = commands.add_parser("step")
    step_parser.add_argument("what", choices=["pages", "import", "export"])
    step_parser.add_argument("--plan")
    step_parser.add_argument("--file")
    step_parser.add_argument("--requests", type=int, default=30)
    step_parser.add_argument("--output", required=True)
    parser.add_argument("--database", default="islington_bench")
    parser.add_argument("--requests", type=int, default=30, help="Timed requests per page.")
    args = parser.parse_args()
    if args.command == "step":
        run_step(args)
    else:
        if args.requests < 30:
            parser.error("--requests must be at least 30: p95 needs them")
        run(args)


if __name__ == "__main__":
    main()
