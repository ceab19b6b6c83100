"""Single sign-on is configured from the environment, all or nothing."""

from tests.islington_equality.test_settings import PRODUCTION, manage

SSO = {
    "SSO_ENTRA_TENANT": "0b7a8f1e-1111-2222-3333-444455556666",
    "SSO_CLIENT_ID": "app-id",
    "SSO_CLIENT_SECRET": "a-secret",
}


def test_entra_tenant_gives_the_issuer_and_lets_forms_post_on_to_it() -> None:
    result = manage("diffsettings", "--all", **PRODUCTION, **SSO, LOCAL_PASSWORDS="false")
    assert result.returncode == 0, result.stderr
    issuer = "https://login.microsoftonline.com/0b7a8f1e-1111-2222-3333-444455556666/v2.0"
    assert f"SSO_ISSUER = '{issuer}'" in result.stdout
    assert "LOCAL_PASSWORDS = False" in result.stdout
    assert "'https://login.microsoftonline.com']" in result.stdout  # form-action, after self


def test_partial_sso_settings_are_refused_at_start_up() -> None:
    result = manage("check", **PRODUCTION, SSO_ISSUER="https://id.example.org", SSO_CLIENT_ID="x")
    assert result.returncode != 0
    assert "only SSO_ISSUER, SSO_CLIENT_ID given" in result.stderr


def test_local_passwords_cannot_be_switched_off_without_sso() -> None:
    result = manage("check", **PRODUCTION, LOCAL_PASSWORDS="false")
    assert result.returncode != 0
    assert "LOCAL_PASSWORDS is off but single sign-on is not configured" in result.stderr
