"""The OpenID Connect protocol, run by django-allauth, with the checks this service insists on.

allauth gives the authorization code flow with state and PKCE. On top of it: a nonce in every
request, checked in the ID token; the provider's discovery document must name the configured issuer;
the ID token's signature is always checked against the provider's published keys (allauth skips it
for tokens fetched directly); issuer, audience and expiry are checked with bounded clock skew; and
the callback's own `iss` parameter (RFC 9207), when sent, must name the configured issuer.
"""

import secrets
from typing import Any

import jwt
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialLogin, SocialToken
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import constant_time_compare

PROVIDER_ID = "council"
# Asymmetric algorithms only: a token signed with a shared secret (HS256) or none is refused.
SIGNING_ALGORITHMS = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"}


def sso_enabled() -> bool:
    return bool(settings.SSO_ISSUER and settings.SSO_CLIENT_ID)


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def verify_id_token(
    id_token: str, *, issuer: str, audience: str, keys_url: str, nonce: str | None
) -> dict[str, Any]:
    """The ID token's claims, once its signature (by the provider's published keys), issuer,
    audience, times (within SSO_CLOCK_SKEW_SECONDS) and nonce are checked; OAuth2Error if not."""
    try:
        algorithm, key = jwtkit.fetch_key(id_token, keys_url, jwtkit.lookup_kid_jwk)
        if algorithm not in SIGNING_ALGORITHMS:
            raise OAuth2Error(f"ID token signed with {algorithm}")
        claims = jwt.decode(
            id_token,
            key=key,
            algorithms=[algorithm],
            audience=audience,
            issuer=issuer,
            leeway=settings.SSO_CLOCK_SKEW_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat", "nonce"]},
        )
    except (jwt.PyJWTError, KeyError, TypeError, ValueError) as error:
        raise OAuth2Error(f"ID token refused: {error!r}") from error
    if not nonce or not constant_time_compare(str(claims["nonce"]), nonce):
        raise OAuth2Error("ID token nonce does not match this sign-in")
    if isinstance(claims["aud"], list) and len(claims["aud"]) > 1 and claims.get("azp") != audience:
        raise OAuth2Error("ID token is for several audiences and not authorised for this one")
    return claims


class CouncilOIDCAdapter(OpenIDConnectOAuth2Adapter):
    expected_nonce: str | None = None

    @property
    def openid_config(self) -> dict:
        config = super().openid_config
        if config.get("issuer") != settings.SSO_ISSUER:
            raise OAuth2Error(f"discovery names issuer {config.get('issuer')!r}")
        return config

    def get_callback_url(self, request: HttpRequest, app: SocialApp) -> str:
        return build_absolute_uri(request, reverse("accounts:sso_callback"))

    def complete_login(
        self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any
    ) -> SocialLogin:
        id_token = kwargs["response"].get("id_token")
        if not isinstance(id_token, str):
            raise OAuth2Error("no ID token in the token response")
        claims = verify_id_token(
            id_token,
            issuer=settings.SSO_ISSUER,
            audience=app.client_id,
            keys_url=self.openid_config["jwks_uri"],
            nonce=self.expected_nonce,
        )
        login = self.get_provider().sociallogin_from_response(request, {"id_token": claims})
        # For signing out at the provider too (RP-initiated logout).
        login.council_logout = {
            "id_token": id_token,
            "end_session_endpoint": self.openid_config.get("end_session_endpoint", ""),
        }
        return login


class CouncilProvider(OpenIDConnectProvider):
    """allauth's OpenID Connect provider, which takes nothing but `next` from the request."""

    oauth2_adapter_class = CouncilOIDCAdapter

    def get_redirect_from_request_kwargs(self, request: HttpRequest) -> dict:
        kwargs = super().get_redirect_from_request_kwargs(request)
        kwargs["process"] = AuthProcess.LOGIN
        return kwargs

    def get_scope_from_request(self, request: HttpRequest) -> list[str]:
        return self.get_scope()

    def get_auth_params_from_request(self, request: HttpRequest, action: str) -> dict:
        return self.get_auth_params()

    def redirect(self, request: HttpRequest, process: str, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params = {**auth_params, "nonce": nonce}
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


class CouncilCallbackView(OAuth2CallbackView):
    """allauth's callback, which hands the nonce kept with the state to the ID token check."""

    def _get_state(self, request: HttpRequest, provider: CouncilProvider):
        state, response = super()._get_state(request, provider)
        if state:
            self.adapter.expected_nonce = state.get("nonce")
        return state, response

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        sent_issuer = request.GET.get("iss")
        if sent_issuer is not None and sent_issuer != settings.SSO_ISSUER:
            raise OAuth2Error(f"callback names issuer {sent_issuer!r}")
        return super().dispatch(request, *args, **kwargs)
