"""Locked doors, checked on real responses: headers, sign-in throttling, sessions, health."""

import json
import logging
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from islington_equality.log_format import JsonFormatter
from islington_equality.views import server_error
from tests.factories import PASSWORD, UserFactory, senior_manager

pytestmark = pytest.mark.django_db


def test_pages_carry_the_security_headers(client: Client) -> None:
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_our_pages_have_no_inline_script_or_style(client: Client) -> None:
    client.force_login(senior_manager())
    for url in [reverse("login"), reverse("home"), reverse("password_change")]:
        html = client.get(url).content.decode()
        assert "<style" not in html and " style=" not in html, url
        for tag in html.split("<script")[1:]:
            assert 'src="' in tag.split(">")[0], (url, tag[:80])


def _sign_in(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failed_sign_ins_lock_that_user_name_from_that_address(client: Client) -> None:
    user = UserFactory(username="officer.a")
    for _ in range(4):
        response = _sign_in(client, "officer.a", "wrong")
        assert response.status_code == 200
        assert "enter a correct username" in response.content.decode()
    response = _sign_in(client, "officer.a", "wrong")
    assert response.status_code == 429
    assert "Try again in 15 minutes" in response.content.decode()
    # Even the right password is refused while locked out.
    response = _sign_in(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_user_name_is_not_locked_by_someone_elses_failures(client: Client) -> None:
    UserFactory(username="officer.b")
    for _ in range(5):
        _sign_in(client, "officer.a", "wrong")
    response = _sign_in(client, "officer.b", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_next_to_another_host_is_ignored(client: Client) -> None:
    UserFactory(username="officer.c")
    response = client.post(
        reverse("login") + "?next=https://evil.example/steal",
        {"username": "officer.c", "password": PASSWORD, "next": "https://evil.example/steal"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_sessions_end_after_a_working_day_idle(client: Client, settings) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client.force_login(UserFactory(username="officer.idle"))
    signed_in = Session.objects.get().expire_date
    Session.objects.update(expire_date=signed_in - timedelta(hours=1))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))  # within SESSION_REFRESH_SECONDS of signing in: not saved
    assert Session.objects.get().expire_date == signed_in - timedelta(hours=1)
    assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    settings.SESSION_REFRESH_SECONDS = 0  # as when the last save is that old
    client.get(reverse("home"))  # activity moves the idle expiry: idle time, not since sign-in
    assert Session.objects.get().expire_date >= signed_in


def test_password_validators_refuse_a_weak_password(client: Client) -> None:
    user = UserFactory(username="officer.d")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"},
    )
    assert response.status_code == 200
    assert "This password is too common" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_health_answers_without_a_session(client: Client) -> None:
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "sessionid" not in response.cookies


def test_health_says_503_when_the_database_is_down(client: Client, monkeypatch) -> None:
    def broken_cursor(*args: object, **kwargs: object):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("islington_equality.views.connection.cursor", broken_cursor)
    response = client.get(reverse("health"))
    assert response.status_code == 503


def test_csrf_failure_is_explained_and_nothing_is_changed(client: Client) -> None:
    user = UserFactory(username="officer.e")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    response = strict.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "N3w-long-pass!",
            "new_password2": "N3w-long-pass!",
        },
    )
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("length", [151, 256, 100_000])
def test_a_user_name_longer_than_any_is_refused_before_anything_is_recorded(
    client: Client, length: int
) -> None:
    response = _sign_in(client, "a" * length, "wrong")
    assert response.status_code == 200
    assert "Your user name must be 150 characters or fewer." in response.content.decode()
    assert AccessAttempt.objects.count() == 0 and AccessFailureLog.objects.count() == 0


def test_a_password_longer_than_any_is_refused_at_sign_in_without_hashing(
    client: Client, settings, monkeypatch
) -> None:
    UserFactory(username="officer.f")

    def no_hashing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the password was checked")

    monkeypatch.setattr("django.contrib.auth.backends.ModelBackend.authenticate", no_hashing)
    response = _sign_in(client, "officer.f", "p" * (settings.PASSWORD_MAX_LENGTH + 1))
    assert response.status_code == 200
    assert "Your password must be 128 characters or fewer." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_new_password_longer_than_the_limit_is_refused(client: Client) -> None:
    user = UserFactory(username="officer.g")
    client.force_login(user)
    long_password = "Correct-Horse-" * 10_000
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": long_password, "new_password2": long_password},
    )
    assert response.status_code == 200
    assert "Your password must be 128 characters or fewer." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_server_error_shows_a_reference_that_is_in_its_log_line(
    monkeypatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_cursor(*args: object, **kwargs: object):
        raise RuntimeError("a fault nobody expected")

    monkeypatch.setattr("islington_equality.views.connection.cursor", broken_cursor)
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(reverse("health"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    reference = re.search(r"quote the reference <strong>([0-9A-F]{8})</strong>", page)[1]
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    line = JsonFormatter().format(record)
    assert "\n" not in line  # one line an event, traceback included
    event = json.loads(line)
    assert event["reference"] == reference
    assert (event["status"], event["path"], event["level"]) == (500, "/health/", "ERROR")
    assert "RuntimeError: a fault nobody expected" in event["exception"]


def test_the_log_is_written_as_json_lines() -> None:
    root = logging.getLogger()
    formatters = [type(handler.formatter) for handler in root.handlers]
    assert JsonFormatter in formatters


def test_the_500_page_still_gives_the_reference_when_its_template_fails(monkeypatch, rf) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr("islington_equality.views.render_to_string", broken)
    request = rf.get("/")
    response = server_error(request)
    assert response.status_code == 500
    assert f"quote the reference {request.error_reference}" in response.content.decode()
