"""Take the README's screenshots from a running demo (`make run`), at 1280 and 390 px wide.

    .venv/bin/python docs/screenshots/take.py [http://127.0.0.1:8000]

Each page is cut to a screenful or two and saved as a 256-colour PNG, so the set stays small.
"""

import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
HERE = Path(__file__).resolve().parent
PASSWORD = "equality-demo-2021"  # noqa: S105 - the documented demo accounts' (DEBUG only)  # nosec B105
END = "as_at=2022-03-31"  # the plan's last day
WIDTHS = {1280: 1500, 390: 2200}  # width: the most height kept
TALLER = {"indicator": {1280: 2400, 390: 3800}}  # pages whose point (the charts) is further down

# (file name, demo account, path). The ids are those of a fresh `make run`: the indicator CWB-I1
# (with the demo's measurements), the returns Q2 2021/22 (closed) and Q3 2021/22 (open), Community
# wealth building's part of Q3 (sent back by its lead) and its target CWB-T1 (commented on), and
# Housing's part of Q3 (submitted, waiting for its lead's sign-off).
PAGES = [
    ("officer-home", "officer", "/"),
    ("targets", "officer", "/targets/?scope=all&" + END),
    ("target", "officer", "/targets/1/"),
    ("update-form", "officer", "/targets/1/update/"),
    ("dashboard", "manager", "/?" + END),
    ("service-area-report", "manager", "/reports/challenging-inequalities/housing/?" + END),
    ("whole-plan-report", "manager", "/reports/challenging-inequalities/?" + END),
    ("outcomes", "manager", "/outcomes/?" + END),
    ("indicator", "manager", "/outcomes/indicators/1/?" + END),
    ("measurement-form", "officer", "/outcomes/indicators/1/measurements/add/"),
    ("returns", "admin", "/returns/"),
    ("return", "admin", "/returns/2/"),
    ("return-yours", "officer", "/returns/2/yours/"),
    ("return-update", "officer", "/returns/areas/7/targets/1/"),
    ("return-sign-off", "housinglead", "/returns/areas/9/review/"),
    ("committee-pack", "manager", "/returns/1/report/"),
    ("admin-service-area", "admin", "/admin/plans/servicearea/3/change/"),
]


def sign_in(page: Page, username: str) -> None:
    page.context.clear_cookies()
    if username == "admin":
        page.goto(BASE + "/admin/login/")
        page.get_by_label("Username:").fill(username)
        page.get_by_label("Password:", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
    else:
        page.goto(BASE + "/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for width, most in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            who = None
            for name, username, path in PAGES:
                if username != who:
                    sign_in(page, username)
                    who = username
                page.goto(BASE + path)
                shot = Image.open(io.BytesIO(page.screenshot(full_page=True)))
                keep = TALLER.get(name, {}).get(width, most)
                shot = shot.crop((0, 0, shot.width, min(shot.height, keep)))
                shot = shot.convert("RGB").quantize(colors=256)
                shot.save(HERE / f"{name}-{width}.png", optimize=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
