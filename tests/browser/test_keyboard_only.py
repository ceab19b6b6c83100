"""An officer's core task with the keyboard alone, counting the key presses: sign in, reach a late
target from the home page, record an update, and see it. At most 25 presses besides typed text."""

import re

import pytest
from django.contrib.auth.models import AbstractUser
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from plans.rag import RAG
from targets.models import ProgressUpdate, Target
from targets.queries import judge_targets
from tests.factories import PASSWORD

MOST_PRESSES = 25


class Keyboard:
    """The keyboard, counting every key pressed; typed text is not counted."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.presses: list[str] = []

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)
            self.presses.append(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def tab_to(self, describe: str, most: int = 15) -> None:
        """Tab until the focused element matches `describe` (its text, label or name)."""
        for _ in range(most):
            self.press("Tab")
            if describe in self.focused():
                return
        pytest.fail(f"Tab never reached {describe!r}; last focused: {self.focused()!r}")

    def focused(self) -> str:
        return self.page.evaluate(
            """() => { const e = document.activeElement;
                const label = e.labels && e.labels[0] ? e.labels[0].innerText : '';
                return [e.innerText, e.getAttribute('aria-label'), label, e.name, e.value]
                    .filter(Boolean).join(' | '); }"""
        )


def test_an_officer_records_an_update_on_a_late_target_by_keyboard_alone(
    page: Page, live_server: LiveServer, housing_officer: AbstractUser
) -> None:
    keys = Keyboard(page)
    page.goto(live_server.url + "/accounts/login/")

    # Sign in: to the username box, then the password box; Enter sends the form.
    keys.tab_to("Username")
    keys.type(housing_officer.get_username())
    keys.press("Tab")
    keys.type(PASSWORD)
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you")

    # The home page lists what needs the officer, late targets first: skip to the content, then
    # to the first row's Update link.
    keys.tab_to("Skip to main content", most=1)
    keys.press("Enter")
    keys.tab_to("Update")
    ref = page.evaluate("document.activeElement.textContent").split()[-1]
    target = Target.objects.get(ref=ref, service_area__members=housing_officer)
    [judged] = judge_targets(Target.objects.filter(pk=target.pk), as_at=timezone.localdate())
    assert judged.status.rag is RAG.RED and judged.status.days_late  # a late target
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a progress update")

    # The form: the first status radio, down to "At risk", the commentary, and Enter in the next
    # box sends it.
    keys.tab_to("Skip to main content", most=1)
    keys.press("Enter")
    keys.tab_to("Not started")
    keys.press("ArrowDown", times=2)
    assert "At risk" in keys.focused()
    keys.press("Tab")
    keys.type("Waiting for the new contractor; a revised date is needed.")
    keys.press("Tab")
    assert "Percent complete" in keys.focused()
    keys.press("Enter")

    # The target's page shows the update at the top of its progress updates.
    expect(page).to_have_url(re.compile(rf"/targets/{target.pk}/(#.*)?$"))
    expect(page.get_by_text("Your progress update was saved")).to_be_visible()
    expect(page.locator(".govuk-summary-card").first).to_contain_text(
        "Waiting for the new contractor"
    )
    update = ProgressUpdate.objects.get(target=target, author=housing_officer)
    assert (update.status, update.commentary) == (
        "at_risk",
        "Waiting for the new contractor; a revised date is needed.",
    )
    print(f"{len(keys.presses)} key presses: {' '.join(keys.presses)}")
    assert len(keys.presses) <= MOST_PRESSES, keys.presses
