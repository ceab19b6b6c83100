"""Signing in with the council's account, through Django's test client and a real OpenID Connect
provider (tests/sso/provider.mjs): the code flow with state, nonce and PKCE, the ID token checked
against the provider's keys, and the roles and service areas the provider's groups give."""

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from accounts.models import CouncilIdentity, GroupMapping
from plans.models import ServiceArea
from plans.roles import OFFICERS, PLAN_ADMINS, SENIOR_MANAGERS, SERVICE_LEADS
from tests.factories import ServiceAreaFactory
from tests.sso.conftest import configure_sso
from tests.sso.provider import GROUP_ADMINS, GROUP_MANAGERS, GROUP_OFFICERS, Provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def area() -> ServiceArea:
    return ServiceAreaFactory(name="Community wealth building", slug="community-wealth-building")


@pytest.fixture
def mappings(area: ServiceArea) -> None:
    officers = GroupMapping.objects.create(provider_group=GROUP_OFFICERS, role=OFFICERS)
    officers.service_areas.add(area)
    GroupMapping.objects.create(provider_group=GROUP_MANAGERS, role=SENIOR_MANAGERS)
    GroupMapping.objects.create(provider_group=GROUP_ADMINS, role=PLAN_ADMINS)


def start(client: Client, next_url: str = "") -> str:
    """Presses "Sign in with your council account"; returns the provider's authorize URL."""
    response = client.post(reverse("accounts:sso_login"), {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content
    return response["Location"]


def back_at_tracker(client: Client, url: str):
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == "http://testserver", url
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client: Client, provider: Provider, login: str, next_url: str = ""):
    """The whole round trip: tracker, provider's login form, back to the tracker's callback."""
    callback = provider.sign_in(start(client, next_url), login, requests.Session())
    return back_at_tracker(client, callback)


def roles(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_authorize_request_carries_state_nonce_and_pkce(client: Client, sso: Provider) -> None:
    query = parse_qs(urlsplit(start(client)).query)
    assert query["client_id"] == ["equality-tracker"]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["state"][0]) >= 16
    assert len(query["nonce"][0]) >= 32
    assert len(query["code_challenge"][0]) >= 43
    assert query["redirect_uri"] == ["http://testserver/accounts/sso/callback/"]


def test_first_sign_in_creates_the_user_with_the_mapped_role_and_area(
    client: Client, sso: Provider, mappings: None, area: ServiceArea
) -> None:
    response = sign_in(client, sso, "olu", next_url="/targets/")

    assert response.status_code == 302
    assert response["Location"] == "/targets/"
    identity = CouncilIdentity.objects.get(subject="olu")
    assert identity.issuer == sso.issuer
    user = identity.user
    assert (user.first_name, user.last_name) == ("Olu", "Officer")
    assert user.email == "olu.officer@council.example"
    assert user.username == "olu.officer@council.example"
    assert not user.has_usable_password()
    assert not user.is_staff
    assert roles(user) == {OFFICERS}
    assert list(user.service_areas.all()) == [area]
    page = client.get("/targets/")
    assert page.status_code == 200
    assert b"Change password" not in page.content  # the council account's password is elsewhere
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_change_of_groups_changes_the_role_at_the_next_sign_in(
    client: Client, sso: Provider, mappings: None
) -> None:
    sign_in(client, sso, "olu")
    sso.set_groups("olu", [GROUP_ADMINS])
    client.logout()

    sign_in(client, sso, "olu")

    user = CouncilIdentity.objects.get(subject="olu").user
    assert roles(user) == {PLAN_ADMINS}
    assert user.is_staff
    assert not user.service_areas.exists()
    assert User.objects.filter(council_identity__isnull=False).count() == 1


def test_next_sign_in_keeps_areas_no_mapping_names(
    client: Client, sso: Provider, mappings: None
) -> None:
    """Areas a plan admin gave by hand stay; areas the mappings manage follow the groups."""
    sign_in(client, sso, "olu")
    user = CouncilIdentity.objects.get(subject="olu").user
    by_hand = ServiceAreaFactory(name="Housing", slug="housing")
    by_hand.members.add(user)
    client.logout()

    sign_in(client, sso, "olu")

    assert set(user.service_areas.values_list("slug", flat=True)) == {
        "community-wealth-building",
        "housing",
    }


def test_same_email_as_a_local_account_makes_a_new_user(
    client: Client, sso: Provider, mappings: None
) -> None:
    """Matched on issuer and subject, never on email."""
    local = User.objects.create_user("olu.officer@council.example", "olu.officer@council.example")

    sign_in(client, sso, "olu")

    user = CouncilIdentity.objects.get(subject="olu").user
    assert user != local
    assert user.username == "olu.officer@council.example-2"
    assert not roles(local)


def test_user_in_no_mapped_group_is_refused_and_nothing_is_stored(
    client: Client, sso: Provider, mappings: None, settings: Settings
) -> None:
    settings.SSO_ACCESS_CONTACT = "the equality team (equality@council.example)"
    users_before = User.objects.count()

    response = sign_in(client, sso, "nobody")

    assert response.status_code == 403
    assert b"You do not have access to this service" in response.content
    assert b"the equality team (equality@council.example)" in response.content
    assert User.objects.count() == users_before
    assert not CouncilIdentity.objects.exists()
    assert "_auth_user_id" not in client.session


def test_user_removed_from_every_mapped_group_is_refused_and_loses_their_roles(
    client: Client, sso: Provider, mappings: None
) -> None:
    sign_in(client, sso, "olu")
    other_device = Client()
    other_device.force_login(CouncilIdentity.objects.get(subject="olu").user)
    sso.set_groups("olu", ["all-staff"])
    client.logout()

    response = sign_in(client, sso, "olu")

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    user = CouncilIdentity.objects.get(subject="olu").user
    assert roles(user) == set()
    assert not user.service_areas.exists()
    assert other_device.get("/targets/").status_code == 403  # a session still open has no role


def test_deactivated_user_cannot_sign_in(client: Client, sso: Provider, mappings: None) -> None:
    sign_in(client, sso, "sam")
    User.objects.filter(council_identity__subject="sam").update(is_active=False)
    client.logout()

    response = sign_in(client, sso, "sam")

    assert response.status_code == 403
    assert b"Your account has been switched off" in response.content
    assert "_auth_user_id" not in client.session


def test_tampered_state_is_refused(
    client: Client, sso: Provider, mappings: None, caplog: pytest.LogCaptureFixture
) -> None:
    callback = sso.sign_in(start(client), "olu", requests.Session())
    tampered = callback.replace("state=", "state=x")

    with caplog.at_level(logging.WARNING, logger="accounts.sso"):
        response = back_at_tracker(client, tampered)

    assert response.status_code == 400
    assert b"Sign-in did not work" in response.content
    assert "SSO sign-in failed" in caplog.text
    assert not User.objects.exists()


def test_a_state_is_used_once(client: Client, sso: Provider, mappings: None) -> None:
    callback = sso.sign_in(start(client), "olu", requests.Session())
    assert back_at_tracker(client, callback).status_code == 302
    client.logout()

    assert back_at_tracker(client, callback).status_code == 400


def test_code_from_another_issuer_is_refused(
    client: Client, sso: Provider, other_provider: Provider, mappings: None
) -> None:
    """The sign-in starts here for the configured provider, but the browser is sent to another
    one (a mix-up): its answer names its own issuer, and its code is no good at ours."""
    other_provider.reset_users()
    authorize = start(client).replace(sso.issuer, other_provider.issuer)
    callback = other_provider.sign_in(authorize, "olu", requests.Session())
    assert f"iss={requests.utils.quote(other_provider.issuer, safe='')}" in callback

    assert back_at_tracker(client, callback).status_code == 400
    # Without the iss parameter, the other provider's code is refused at the token endpoint.
    authorize = start(client).replace(sso.issuer, other_provider.issuer)
    callback = other_provider.sign_in(authorize, "olu", requests.Session())
    assert back_at_tracker(client, callback.split("&iss=")[0]).status_code == 400
    assert not User.objects.exists()


def test_provider_that_names_another_issuer_is_refused(
    client: Client, settings: Settings, provider: Provider
) -> None:
    """Discovery at the configured address must name the configured issuer exactly."""
    configure_sso(settings, provider.issuer + "/")

    response = client.post(reverse("accounts:sso_login"))

    assert response.status_code == 400
    assert b"Sign-in did not work" in response.content


def test_provider_down_shows_the_error_page(client: Client, settings: Settings) -> None:
    configure_sso(settings, "http://127.0.0.1:9")  # the discard port: nothing answers

    response = client.post(reverse("accounts:sso_login"))

    assert response.status_code == 400


def test_error_from_the_provider_is_refused(client: Client, sso: Provider) -> None:
    state = parse_qs(urlsplit(start(client)).query)["state"][0]

    response = client.get(
        reverse("accounts:sso_callback"), {"state": state, "error": "access_denied"}
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [{}, {"code": "x"}, {"state": "x"}, {"code": "x", "state": "x"}, {"iss": "http://evil"}],
)
def test_bad_callbacks_never_fail_with_a_500(client: Client, sso: Provider, query: dict) -> None:
    assert client.get(reverse("accounts:sso_callback"), query).status_code == 400


def test_sign_out_ends_the_provider_session_too(
    client: Client, sso: Provider, mappings: None
) -> None:
    sign_in(client, sso, "olu")
    id_token = client.session["council_sso"]["id_token"]

    response = client.post(reverse("logout"))

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    end_session = urlsplit(response["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == (
        f"{sso.issuer}/session/end"
    )
    query = parse_qs(end_session.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/signed-out/"]
    # The provider accepts it: it asks the person to confirm signing out there.
    assert requests.get(response["Location"], timeout=10).status_code == 200


def test_the_admins_log_out_ends_the_provider_session_too(
    client: Client, sso: Provider, mappings: None
) -> None:
    sign_in(client, sso, "olu")
    id_token = client.session["council_sso"]["id_token"]

    response = client.post(reverse("admin:logout"))

    assert "_auth_user_id" not in client.session
    end_session = urlsplit(response["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == (
        f"{sso.issuer}/session/end"
    )
    assert parse_qs(end_session.query)["id_token_hint"] == [id_token]


def test_sso_is_off_when_not_configured(client: Client) -> None:
    assert b"council account" not in client.get(reverse("login")).content
    assert client.post(reverse("accounts:sso_login")).status_code == 404
    assert client.get(reverse("accounts:sso_callback")).status_code == 404


def test_service_lead_mapping_makes_them_lead_of_its_areas(
    client: Client, sso: Provider, area: ServiceArea
) -> None:
    mapping = GroupMapping.objects.create(provider_group=GROUP_MANAGERS, role=SERVICE_LEADS)
    mapping.service_areas.add(area)

    sign_in(client, sso, "sam")

    user = CouncilIdentity.objects.get(subject="sam").user
    assert roles(user) == {SERVICE_LEADS}
    assert list(area.leads.all()) == [user]
    assert not area.members.exists()
