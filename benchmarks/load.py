"""`make load`: 50 users for 60 seconds against the app as production runs it, then a count of
every progress update they posted.

Makes its own PostgreSQL database (dropped and made anew), loads the Islington plan and London-scale
data (DEBUG on, as a developer would), then starts `make serve` (gunicorn, 2 workers, DEBUG off,
a generated SECRET_KEY, ALLOWED_HOSTS=127.0.0.1) on a free port of 127.0.0.1, signs each account
the users take in once through the sign-in form (timed apart: the password hash is slow by
design), and drives it with locust, headless (benchmarks/locustfile.py), each user starting with
its account's session. Prints requests per second, p50, p95 and p99, errors
and refusals, then checks that every update the load saved is in the database. Exits non-zero on
any error or lost update. Stops by itself: the server is stopped whatever happens.

    python -m benchmarks.load [--database NAME] [--scale london|small] [--users 50] [--seconds 60]
"""

import argparse
import json
import os
import re
import secrets
import signal
import socket
import subprocess  # runs this project's own make serve and locust only  # nosec B404
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.bench import RESULTS, ROOT, analyze, development_env, manage, recreate_database

PLAN_FILE = ROOT / "plans/data/challenging-inequalities.yaml"
HOST = "127.0.0.1"  # never anywhere else
SERVER_START_SECONDS = 180
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "equality-demo-2021"  # noqa: S105 - the documented demo password of the generated accounts  # nosec B105


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def load_plan(url: str, *, officers: int) -> dict:
    """Who signs in and what they open: officers each of a service area of their own, with its
    live targets; managers; and the plans, reports and indicators managers read."""
    import psycopg

    with psycopg.connect(url) as connection:
        rows = connection.execute(
            """SELECT DISTINCT ON (m.servicearea_id) u.username, m.servicearea_id
               FROM auth_user u JOIN plans_servicearea_members m ON m.user_id = u.id
               WHERE u.username LIKE 'scale-officer-%%'
               ORDER BY m.servicearea_id, u.username"""
        ).fetchall()[:officers]
        targets = {}
        for _, area in rows:
            targets[area] = [
                pk
                for (pk,) in connection.execute(
                    "SELECT id FROM targets_target WHERE service_area_id = %s AND lifecycle = "
                    "'live' ORDER BY position",
                    [area],
                )
            ]
        managers = [
            name
            for (name,) in connection.execute(
                "SELECT username FROM auth_user WHERE username LIKE 'scale-manager-%%' "
                "ORDER BY username"
            )
        ]
        plans = [
            slug for (slug,) in connection.execute("SELECT slug FROM plans_plan ORDER BY slug")
        ]
        directorates = [
            f"/reports/{plan}/{area}/"
            for plan, area in connection.execute(
                "SELECT p.slug, a.slug FROM plans_servicearea a JOIN plans_plan p "
                "ON p.id = a.plan_id ORDER BY p.slug, a.position"
            )
        ]
        indicators = [
            f"/outcomes/indicators/{pk}/"
            for (pk,) in connection.execute("SELECT id FROM outcomes_indicator ORDER BY id")
        ]
    if not rows or not managers:
        raise SystemExit("No generated officers or senior managers: run generate_scale_data.")
    if len(rows) < officers:  # small scale: officers share accounts, so forms may go stale
        print(f"Only {len(rows)} officers of their own service areas: {officers} users share them.")
    return {
        "password": PASSWORD,
        "officers": [{"username": name, "targets": targets[area]} for name, area in rows],
        "managers": managers,
        "plans": plans,
        "directorates": directorates,
        "indicators": indicators,
    }


def start_server(url: str, port: int, log: Path) -> subprocess.Popen:
    """`make serve` as production runs it, on 127.0.0.1 only; in its own process group."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECURE_SSL_REDIRECT", "STATIC_MANIFEST", "CSRF_TRUSTED_ORIGINS"}
    }
    env.update(
        DATABASE_URL=url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        HOST=HOST,
        PORT=str(port),
        WORKERS="2",
        LOG_LEVEL="WARNING",
    )
    with log.open("w", encoding="utf-8") as output:
        # make from PATH, as a person runs it; the arguments are fixed.
        server = subprocess.Popen(  # nosec B603 B607
            ["make", "--no-print-directory", "serve"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped before it answered; see {log}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/health/", timeout=2) as answer:  # nosec B310
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(1)
    stop_server(server)
    raise SystemExit(f"The server did not answer within {SERVER_START_SECONDS} s; see {log}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def sign_in_everyone(port: int, plan: dict) -> dict:
    """Each account the users take, signed in once through the sign-in form before the run (as a
    person signs in once a day): their session cookies, and how long signing in took. The load
    then measures the pages, not the password hash (slow by design)."""
    import requests

    base = f"http://{HOST}:{port}"
    accounts = [officer["username"] for officer in plan["officers"]] + plan["managers"]
    sessions, times = {}, []
    for username in accounts:
        browser = requests.Session()
        browser.headers.update({"X-Forwarded-Proto": "https", "Origin": f"https://{HOST}:{port}"})
        started = time.perf_counter()
        form = browser.get(f"{base}/accounts/login/", timeout=60)
        for cookie in browser.cookies:  # Secure: here we stand where the TLS proxy would
            cookie.secure = False
        token = CSRF.search(form.text)
        answer = browser.post(
            f"{base}/accounts/login/",
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": username,
                "password": plan["password"],
            },
            allow_redirects=False,
            timeout=60,
        )
        times.append(time.perf_counter() - started)
        if answer.status_code != 302:
            raise SystemExit(f"{username} could not sign in: {answer.status_code}")
        sessions[username] = {cookie.name: cookie.value for cookie in browser.cookies}
    times.sort()
    return {
        "sessions": sessions,
        "signed_in": len(times),
        "sign_in_p50_ms": round(times[len(times) // 2] * 1000),
    }


def run_locust(
    port: int, *, users: int, seconds: int, officers: int, env: dict, stem: Path
) -> None:
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1, users // 10)),  # 50 users arrive over 10 seconds
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        f"http://{HOST}:{port}",
        "--json-file",
        f"{stem}-locust",
        "--only-summary",
    ]
    # Locust exits 1 when any request failed: the figures read afterwards say which.
    with Path(f"{stem}-locust.log").open("w", encoding="utf-8") as log:
        subprocess.run(  # noqa: S603  # nosec B603
            command,
            cwd=ROOT,
            env={**env, "LOAD_OFFICERS": str(officers)},
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
            timeout=seconds + 120,
        )


def read_stats(path: Path) -> dict:
    """Requests, errors, requests per second and percentiles, for each kind of request and in all,
    from locust's final statistics (response times are counted in rounded milliseconds)."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    if not entries:
        raise SystemExit(f"The load made no requests; see {path.with_suffix('.log')}")
    started = min(entry["start_time"] for entry in entries)
    ended = max(entry["last_request_timestamp"] or started for entry in entries)
    seconds = max(ended - started, 1e-9)

    def figures(times: dict[int, int], requests: int, failures: int) -> dict:
        ordered = sorted(times.items())

        def percentile(share: float) -> float:
            wanted, seen = share * sum(times.values()), 0
            for milliseconds, count in ordered:
                seen += count
                if seen >= wanted:
                    return float(milliseconds)
            return float(ordered[-1][0]) if ordered else 0.0

        return {
            "requests": requests,
            "failures": failures,
            "rps": round(requests / seconds, 1),
            "p50_ms": percentile(0.50),
            "p95_ms": percentile(0.95),
            "p99_ms": percentile(0.99),
        }

    pages = {}
    for entry in sorted(entries, key=lambda e: e["name"]):
        times = {int(ms): count for ms, count in entry["response_times"].items()}
        pages[entry["name"]] = figures(times, entry["num_requests"], entry["num_failures"])

    def combined(chosen: list[dict]) -> dict:
        times: dict[int, int] = {}
        for entry in chosen:
            for ms, count in entry["response_times"].items():
                times[int(ms)] = times.get(int(ms), 0) + count
        requests = sum(e["num_requests"] for e in chosen)
        return figures(times, requests, sum(e["num_failures"] for e in chosen))

    return {
        "overall": combined(entries),
        # Signing in hashes the password (slow by design, once a session): the rest apart (the
        # users sign in before the run, so there are none now unless a session was refused).
        "after_sign_in": combined([e for e in entries if not e["name"].startswith("sign in")]),
        "pages": pages,
        "seconds_measured": round(seconds, 1),
    }


def check_updates(url: str, posted: Path) -> dict:
    """Every update the load saved must be in the database, once."""
    import psycopg

    lines = [json.loads(line) for line in posted.read_text(encoding="utf-8").splitlines() if line]
    saved = {line["token"] for line in lines if line["outcome"] == "saved"}
    with psycopg.connect(url) as connection:
        stored = [
            commentary
            for (commentary,) in connection.execute(
                "SELECT commentary FROM targets_progressupdate WHERE commentary LIKE 'Load test %%'"
            )
        ]
    return {
        "saved": len(saved),
        "refused": sum(1 for line in lines if line["outcome"] == "refused"),
        "in_database": len(stored),
        "lost": len(saved - set(stored)),
        "duplicated": len(stored) - len(set(stored)),
        "stored_but_not_confirmed": len(set(stored) - saved),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="islington_load")
    parser.add_argument("--scale", choices=["london", "small"], default="london")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--officers", type=int, default=20, help="Of the users, how many officers.")
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    if not 0 < args.officers < args.users or not 0 < args.seconds <= 600:
        parser.error("need 0 < officers < users, and a run of at most 600 seconds")

    url = recreate_database(args.database)
    dev = development_env(url)
    print(f"Load database {args.database} created; loading the plan and {args.scale} data.")
    manage(dev, "migrate", "--no-input", "-v0")
    manage(dev, "import_plan", str(PLAN_FILE))
    manage(dev, "create_demo_accounts")
    manage(dev, "generate_scale_data", "--scale", args.scale)
    analyze(url)

    started = datetime.now(UTC)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"load-{started:%Y%m%d-%H%M%S}"
    plan_path, posted = Path(f"{stem}-plan.json"), Path(f"{stem}-posted.jsonl")
    plan = load_plan(url, officers=args.officers)
    posted.write_text("", encoding="utf-8")
    port = free_port()
    print(f"Starting the app (make serve) on {HOST}:{port}; its log: {stem}-server.log")
    server = start_server(url, port, Path(f"{stem}-server.log"))
    try:
        signed_in = sign_in_everyone(port, plan)
        print(
            f"{signed_in['signed_in']} accounts signed in before the run (p50 "
            f"{signed_in['sign_in_p50_ms']} ms each).",
            flush=True,
        )
        plan_path.write_text(
            json.dumps({**plan, "sessions": signed_in.pop("sessions")}), encoding="utf-8"
        )
        print(f"{args.users} users ({args.officers} officers) for {args.seconds} s.", flush=True)
        run_locust(
            port,
            users=args.users,
            seconds=args.seconds,
            officers=args.officers,
            env={**os.environ, "LOAD_PLAN": str(plan_path), "LOAD_POSTED": str(posted)},
            stem=stem,
        )
    finally:
        stop_server(server)
    stats = read_stats(Path(f"{stem}-locust.json"))
    updates = check_updates(url, posted)
    results = {
        "started": started.isoformat(timespec="seconds"),
        "users": args.users,
        "officers": args.officers,
        "seconds": args.seconds,
        "scale": args.scale,
        **stats,
        "sign_in_before": signed_in,
        "updates": updates,
    }
    Path(f"{stem}.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report(results))
    print(f"\nAll figures: {stem.relative_to(ROOT)}.json")
    if stats["overall"]["failures"] or updates["lost"] or updates["duplicated"]:
        sys.exit(1)


def report(results: dict) -> str:
    overall, updates = results["overall"], results["updates"]
    lines = [
        "",
        f"{'requests':<28} {'count':>7} {'errors':>6} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7}",
    ]
    rows = [
        *results["pages"].items(),
        ("all", overall),
        ("all but signing in", results["after_sign_in"]),
    ]
    for name, row in rows:
        lines.append(
            f"{name:<28} {row['requests']:>7} {row['failures']:>6} {row['rps']:>6} "
            f"{row['p50_ms']:>7.0f} {row['p95_ms']:>7.0f} {row['p99_ms']:>7.0f}"
        )
    before = results["sign_in_before"]
    lines += [
        "",
        f"Signed in before the run, once each: {before['signed_in']} accounts, p50 "
        f"{before['sign_in_p50_ms']} ms (the password hash; no sign-in during the run).",
        f"Errors: {overall['failures']}. Stale forms refused (not errors): {updates['refused']}.",
        f"Updates saved: {updates['saved']}; in the database: {updates['in_database']}; lost: "
        f"{updates['lost']}; duplicated: {updates['duplicated']}; stored but not confirmed: "
        f"{updates['stored_but_not_confirmed']}.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
