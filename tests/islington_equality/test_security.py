"""Locked doors, checked on real responses: headers, sign-in throttling, sessions, health."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
