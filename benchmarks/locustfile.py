"""The load test's users (locust), driven by benchmarks/load.py: never run it against anything but
the app it starts on 127.0.0.1.

Senior managers read dashboards, directorate reports, the equality view and indicators. Officers
look at their targets and post progress updates to their own service area's targets as a
browser does: open the form, take its CSRF token and its hidden `seen_latest_update_id`, post.
Each officer has a service area of their own, so no two post to the same target; an update the
app still refuses as stale ("the target changed since you opened it") is counted as a refusal,
not as an error. Each account is signed in once before the run (benchmarks/load.py): every user
starts with its session, so the run measures the pages, not the password hash. Every saved
update's token is written to LOAD_POSTED, so the run can check that each one is in the database.

The app runs as production does, behind where the TLS proxy would be: each request says it came
over HTTPS (X-Forwarded-Proto), and the Secure cookies it sets are sent back over the plain HTTP
of 127.0.0.1.
"""

import itertools
import json
import os
import random
import re
import uuid
from html import unescape
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
POSTED = os.environ["LOAD_POSTED"]
OFFICER_ACCOUNTS = itertools.cycle(PLAN["officers"])
MANAGER_ACCOUNTS = itertools.cycle(PLAN["managers"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEEN = re.compile(r'<input[^>]*name="seen_latest_update_id"[^>]*>')
VALUE = re.compile(r'value="([^"]*)"')
STATUSES = ["on_track", "on_track", "on_track", "at_risk", "not_started"]


def _record(line: dict) -> None:
    with Path(POSTED).open("a", encoding="utf-8") as posted:
        posted.write(json.dumps(line) + "\n")


class SignedIn(HttpUser):
    abstract = True

    def on_start(self) -> None:
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.client.headers["Origin"] = self.host.replace("http://", "https://")
        self.account = self.next_account()
        # Signed in once before the run (benchmarks/load.py, sign_in_everyone): its session.
        session = PLAN.get("sessions", {}).get(self.account["username"])
        if session:
            for name, value in session.items():
                self.client.cookies.set(name, value)
            return
        form = self.get("/accounts/login/", name="sign in (form)")
        with self.client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": _token(form.text),
                "username": self.account["username"],
                "password": PLAN["password"],
            },
            allow_redirects=False,
            name="sign in",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(
                    f"{self.account['username']} not signed in: {response.status_code}"
                )
        self.trust_cookies()

    def trust_cookies(self) -> None:
        # The cookies are Secure; here the load test stands where the TLS proxy would.
        for cookie in self.client.cookies:
            cookie.secure = False

    def get(self, path: str, name: str | None = None) -> object:
        with self.client.get(
            path, name=name or path, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code}")
        self.trust_cookies()
        return response


class Manager(SignedIn):
    """Reads reports: mostly the dashboard and directorate reports."""

    wait_time = between(1, 4)

    def next_account(self) -> dict:
        return {"username": next(MANAGER_ACCOUNTS)}

    @task(4)
    def dashboard(self) -> None:
        self.get(f"/?plan={random.choice(PLAN['plans'])}", name="dashboard")  # noqa: S311  # nosec B311

    @task(4)
    def directorate_report(self) -> None:
        self.get(random.choice(PLAN["directorates"]), name="directorate report")  # noqa: S311  # nosec B311

    @task(1)
    def equality_view(self) -> None:
        plan = random.choice(PLAN["plans"])  # noqa: S311  # nosec B311
        self.get(f"/reports/{plan}/equality/", name="equality view")

    @task(2)
    def indicator(self) -> None:
        self.get(random.choice(PLAN["indicators"]), name="indicator page")  # noqa: S311  # nosec B311


class Officer(SignedIn):
    """Checks their targets and posts progress updates to their own area's targets."""

    wait_time = between(1, 4)
    fixed_count = int(os.environ.get("LOAD_OFFICERS", "20"))

    def next_account(self) -> dict:
        account = next(OFFICER_ACCOUNTS)
        self.targets = itertools.cycle(account["targets"])
        return account

    @task(1)
    def my_targets(self) -> None:
        self.get("/targets/", name="my targets")

    @task(3)
    def post_update(self) -> None:
        target = next(self.targets)
        self.get(f"/targets/{target}/", name="target page")
        form = self.get(f"/targets/{target}/update/", name="update form")
        if form.status_code != 200:
            return
        seen = SEEN.search(form.text)
        seen_value = VALUE.search(seen.group(0)) if seen else None
        token = f"Load test {uuid.uuid4()}"
        with self.client.post(
            f"/targets/{target}/update/",
            data={
                "csrfmiddlewaretoken": _token(form.text),
                "seen_latest_update_id": unescape(seen_value.group(1)) if seen_value else "",
                "status": random.choice(STATUSES),  # noqa: S311  # nosec B311
                "commentary": token,
                "percent_complete": str(random.randint(0, 95)),  # noqa: S311  # nosec B311
            },
            allow_redirects=False,
            name="post update",
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                _record({"token": token, "target": target, "outcome": "saved"})
            elif response.status_code == 200 and "since you opened this page" in response.text:
                _record({"token": token, "target": target, "outcome": "refused"})
            else:
                response.failure(f"update not saved: {response.status_code}")
        self.trust_cookies()


def _token(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""
