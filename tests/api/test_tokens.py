"""Personal access tokens: made on your own page and shown once, stored hashed, expiring,
revocable by their owner and by plan admins, limited in rate, and no way into the admin."""

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from api.tokens import create_token
from tests.api.conftest import ApiClient, token_for

pytestmark = pytest.mark.django_db


def _make(client: Client, name: str = "Housing register", expires_in: str = "90"):
    return client.post(reverse("api:tokens"), {"name": name, "expires_in": expires_in})


def test_a_token_is_shown_once_and_stored_only_as_its_hash(client: Client, officer) -> None:
    client.force_login(officer)
    response = _make(client)
    assert response.status_code == 200
    token = ApiToken.objects.get(user=officer)
    secret = response.context["secret"]
    assert secret.startswith("iet_") and len(secret) > 40
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret[4:12] == token.prefix
    stored = [str(value) for value in ApiToken.objects.values().get()]
    assert not any(secret in value for value in stored)
    assert token.expires_on == timezone.localdate() + timedelta(days=90)
    listed = client.get(reverse("api:tokens"))
    assert "Housing register" in listed.content.decode()
    assert secret not in listed.content.decode()
    assert ApiClient(secret).get("/api/v1/plans").status_code == 200


def test_a_token_needs_a_name_and_an_expiry_from_the_list(client: Client, officer) -> None:
    client.force_login(officer)
    response = _make(client, name="  ", expires_in="forever")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["Enter a name for the token"],
        "expires_in": ["Choose when the token expires"],
    }
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused(officer) -> None:
    secret = token_for(officer, days=0)
    assert ApiClient(secret).get("/api/v1/plans").status_code == 200  # its last day
    ApiToken.objects.update(expires_on=timezone.localdate() - timedelta(days=1))
    response = ApiClient(secret).get("/api/v1/plans")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    "secret", ["", "iet_", "iet_nope", "Bearer", "x" * 5000, "iet_" + "é" * 40]
)
def test_wrong_tokens_are_refused(officer, secret: str) -> None:
    token_for(officer)
    response = ApiClient(secret).get("/api/v1/plans")
    assert response.status_code == 401


def test_the_owner_revokes_their_token(client: Client, officer) -> None:
    secret = token_for(officer)
    token = ApiToken.objects.get()
    client.force_login(officer)
    response = client.post(reverse("api:revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == officer
    assert ApiClient(secret).get("/api/v1/plans").status_code == 401


def test_an_officer_cannot_revoke_someone_elses_token(client: Client, officer, other_officer):
    token_for(other_officer)
    token = ApiToken.objects.get()
    client.force_login(officer)
    assert client.post(reverse("api:revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_needs_the_csrf_token(officer) -> None:
    token_for(officer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.post(reverse("api:revoke", args=[ApiToken.objects.get().pk])).status_code == 403
    assert ApiToken.objects.get().revoked_at is None


def test_a_plan_admin_revokes_anyones_token_in_the_admin(
    client: Client, admin_user, officer
) -> None:
    secret = token_for(officer)
    token = ApiToken.objects.get()
    client.force_login(admin_user)
    listed = client.get(reverse("admin:api_apitoken_changelist"))
    assert listed.status_code == 200
    assert "Test system" in listed.content.decode()
    response = client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == admin_user
    assert ApiClient(secret).get("/api/v1/plans").status_code == 401


def test_a_plan_admin_revokes_anyones_token_from_the_page_action(
    client: Client, admin_user, officer
) -> None:
    token_for(officer)
    token = ApiToken.objects.get()
    client.force_login(admin_user)
    assert client.post(reverse("api:revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == admin_user


def test_the_admin_never_shows_a_tokens_hash_nor_makes_one(client: Client, admin_user) -> None:
    token_for(admin_user)
    token = ApiToken.objects.get()
    client.force_login(admin_user)
    page = client.get(reverse("admin:api_apitoken_change", args=[token.pk])).content.decode()
    assert token.digest not in page
    assert client.get(reverse("admin:api_apitoken_add")).status_code == 403


def test_officers_do_not_see_tokens_in_the_admin(client: Client, officer) -> None:
    officer.is_staff = True
    officer.save()
    token_for(officer)
    client.force_login(officer)
    assert client.get(reverse("admin:api_apitoken_changelist")).status_code == 403


def test_a_token_cannot_reach_the_admin(admin_user) -> None:
    secret = token_for(admin_user)
    for path in ("/admin/", "/admin/api/apitoken/", "/admin/targets/target/"):
        response = Client().get(path, headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 302, path
        assert "/admin/login/" in response["Location"]


def test_a_token_does_not_sign_in_to_the_pages(officer) -> None:
    secret = token_for(officer)
    response = Client().get("/targets/", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_token_acts_with_its_users_role_and_no_more(other_officer, target) -> None:
    """An officer's token reads the plan but cannot write to another area's targets."""
    client = ApiClient(token_for(other_officer))
    assert client.get(f"/api/v1/targets/{target.pk}").status_code == 200
    body = {"updates": [{"target": target.pk, "seen_latest_update_id": None, "status": "on_track"}]}
    assert client.post("/api/v1/progress-updates", body).status_code == 403


def test_a_token_of_a_user_without_a_role_reads_nothing(no_role) -> None:
    response = ApiClient(token_for(no_role)).get("/api/v1/plans")
    assert response.status_code == 403


def test_a_deactivated_users_token_stops_working(officer) -> None:
    secret = token_for(officer)
    officer.is_active = False
    officer.save()
    assert ApiClient(secret).get("/api/v1/plans").status_code == 401


def test_each_token_has_a_rate_limit_per_minute(settings, officer) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    first, second = ApiClient(token_for(officer, "one")), ApiClient(token_for(officer, "two"))
    assert [first.get("/api/v1/plans").status_code for _ in range(3)] == [200, 200, 200]
    limited = first.get("/api/v1/plans")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["title"] == "Too many requests"
    assert second.get("/api/v1/plans").status_code == 200  # each token has its own count
    one = ApiToken.objects.get(name="one")
    assert one.window_count == 3 and one.last_used_at is not None


def test_the_rate_limit_starts_again_each_minute(settings, officer) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    client = ApiClient(token_for(officer))
    assert client.get("/api/v1/plans").status_code == 200
    assert client.get("/api/v1/plans").status_code == 429
    ApiToken.objects.update(window_start=timezone.now() - timedelta(minutes=2))
    assert client.get("/api/v1/plans").status_code == 200


def test_a_new_token_is_made_for_the_signed_in_user_only(client: Client, officer, manager):
    client.force_login(officer)
    client.post(reverse("api:tokens"), {"name": "Mine", "expires_in": "30", "user": manager.pk})
    assert list(ApiToken.objects.values_list("user", flat=True)) == [officer.pk]


def test_create_token_returns_a_secret_that_finds_it(officer) -> None:
    token, secret = create_token(
        user=officer, name=" Padded ", expires_on=timezone.localdate() + timedelta(days=1)
    )
    assert token.name == "Padded"
    assert ApiClient(secret).get("/api/v1/plans").status_code == 200
