"""The ID token check (accounts.oidc.verify_id_token) with real tokens from real providers."""

from datetime import datetime, timedelta

import jwt
import pytest
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.test import Client
from pytest_django import Settings

from accounts.models import GroupMapping
from accounts.oidc import verify_id_token
from plans.roles import SENIOR_MANAGERS
from tests.sso.conftest import configure_sso
from tests.sso.provider import CLIENT_ID, GROUP_MANAGERS, Provider
from tests.sso.test_sign_in import sign_in

pytestmark = pytest.mark.django_db


def id_token_from(provider: Provider, client: Client, settings: Settings) -> tuple[str, str]:
    """A real ID token from `provider`, and its nonce, by signing in with SSO configured for it."""
    configure_sso(settings, provider.issuer)
    provider.reset_users()
    GroupMapping.objects.get_or_create(provider_group=GROUP_MANAGERS, role=SENIOR_MANAGERS)
    sign_in(client, provider, "sam")
    token = client.session["council_sso"]["id_token"]
    return token, jwt.decode(token, options={"verify_signature": False})["nonce"]


def check(token: str, provider: Provider, nonce: str, audience: str = CLIENT_ID) -> dict:
    return verify_id_token(
        token,
        issuer=provider.issuer,
        audience=audience,
        keys_url=f"{provider.issuer}/jwks",
        nonce=nonce,
    )


def test_token_passes_with_its_own_issuer_keys_and_nonce(
    client: Client, settings: Settings, provider: Provider
) -> None:
    token, nonce = id_token_from(provider, client, settings)
    assert check(token, provider, nonce)["sub"] == "sam"


def test_token_from_another_issuer_is_refused(
    client: Client, settings: Settings, provider: Provider, other_provider: Provider
) -> None:
    token, nonce = id_token_from(other_provider, client, settings)

    with pytest.raises(OAuth2Error):  # its key is not among the configured provider's keys
        check(token, provider, nonce)
    with pytest.raises(OAuth2Error, match="Invalid issuer"):  # signed right, wrong issuer
        verify_id_token(
            token,
            issuer=provider.issuer,
            audience=CLIENT_ID,
            keys_url=f"{other_provider.issuer}/jwks",
            nonce=nonce,
        )


def test_token_with_another_nonce_or_audience_is_refused(
    client: Client, settings: Settings, provider: Provider
) -> None:
    token, nonce = id_token_from(provider, client, settings)

    with pytest.raises(OAuth2Error, match="nonce"):
        check(token, provider, "another-sign-in")
    with pytest.raises(OAuth2Error, match="nonce"):
        check(token, provider, None)
    with pytest.raises(OAuth2Error, match=r"(?i)audience"):
        check(token, provider, nonce, audience="another-app")


def clock_ahead_by(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Our clock (as PyJWT reads it) ahead of the provider's."""

    class Ahead(datetime):
        @classmethod
        def now(cls, tz=None) -> datetime:
            return datetime.now(tz) + timedelta(seconds=seconds)

    monkeypatch.setattr(jwt.api_jwt, "datetime", Ahead)


def test_expired_token_passes_only_within_the_clock_skew(
    client: Client, settings: Settings, provider: Provider, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, nonce = id_token_from(provider, client, settings)
    claims = jwt.decode(token, options={"verify_signature": False})
    life = claims["exp"] - claims["iat"]
    settings.SSO_CLOCK_SKEW_SECONDS = 60

    clock_ahead_by(monkeypatch, life + 50)
    assert check(token, provider, nonce)["sub"] == "sam"
    clock_ahead_by(monkeypatch, life + 70)
    with pytest.raises(OAuth2Error, match="expired"):
        check(token, provider, nonce)


def test_token_from_the_future_passes_only_within_the_clock_skew(
    client: Client, settings: Settings, provider: Provider, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, nonce = id_token_from(provider, client, settings)
    settings.SSO_CLOCK_SKEW_SECONDS = 60

    clock_ahead_by(monkeypatch, -50)
    assert check(token, provider, nonce)["sub"] == "sam"
    clock_ahead_by(monkeypatch, -70)
    with pytest.raises(OAuth2Error, match="not yet valid"):
        check(token, provider, nonce)


def test_token_signed_with_a_shared_secret_is_refused(
    client: Client, settings: Settings, provider: Provider
) -> None:
    token, nonce = id_token_from(provider, client, settings)
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    forged = jwt.encode(
        claims, "guessed-secret-long-enough-for-hs256!", "HS256", headers={"kid": header["kid"]}
    )

    with pytest.raises(OAuth2Error, match="HS256"):
        check(forged, provider, nonce)


def test_garbage_is_refused() -> None:
    with pytest.raises(OAuth2Error):
        verify_id_token(
            "not.a.token", issuer="http://x", audience="y", keys_url="http://127.0.0.1:9", nonce="n"
        )
