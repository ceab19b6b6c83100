from collections.abc import Iterator

import pytest
from pytest_django import Settings

from islington_equality.sso import sso_origin
from tests.sso.provider import CLIENT_ID, CLIENT_SECRET, Provider, running_provider

TEST_CALLBACK = "http://testserver/accounts/sso/callback/"
TEST_SIGNED_OUT = "http://testserver/accounts/signed-out/"


@pytest.fixture(scope="session")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """The council's identity provider, for Django's test client (http://testserver)."""
    with running_provider(
        tmp_path_factory.mktemp("provider"),
        redirect_uri=TEST_CALLBACK,
        signed_out_uri=TEST_SIGNED_OUT,
    ) as running:
        yield running


@pytest.fixture(scope="session")
def other_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """Another provider (another tenant, say), with its own issuer and keys, where the tracker is
    registered with the same client id."""
    with running_provider(
        tmp_path_factory.mktemp("other-provider"),
        redirect_uri=TEST_CALLBACK,
        signed_out_uri=TEST_SIGNED_OUT,
    ) as running:
        yield running


def configure_sso(settings: Settings, issuer: str) -> None:
    """As settings.py configures SSO from the environment."""
    settings.SSO_ISSUER = issuer
    settings.SSO_CLIENT_ID = CLIENT_ID
    settings.SSO_CLIENT_SECRET = CLIENT_SECRET
    form_action = [*settings.SECURE_CSP["form-action"], sso_origin(issuer)]
    settings.SECURE_CSP = settings.SECURE_CSP | {"form-action": form_action}


@pytest.fixture
def sso(settings: Settings, provider: Provider) -> Provider:
    """SSO configured with the provider; its users' groups reset for each test."""
    configure_sso(settings, provider.issuer)
    provider.reset_users()
    return provider
