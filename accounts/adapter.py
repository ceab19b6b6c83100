"""How django-allauth's social sign-in meets the tracker: the one app comes from the SSO_ settings,
a verified sign-in is handed to accounts.services (allauth's own account and sign-up flows are
never used), and any failure shows the service's error page and is logged."""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.conf import settings
from django.contrib.auth import login
from django.db import IntegrityError
from django.http import HttpRequest
from django.shortcuts import redirect, resolve_url

from accounts import services
from accounts.oidc import PROVIDER_ID, discovery_url, sso_enabled
from accounts.views import SSO_SESSION_KEY, sign_in_failed, sign_in_refused

logger = logging.getLogger("accounts.sso")


class CouncilSocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request: HttpRequest, provider=None, client_id=None) -> list[SocialApp]:
        if not sso_enabled() or provider not in (None, PROVIDER_ID, "openid_connect"):
            return []
        app = SocialApp(
            provider="openid_connect",
            provider_id=PROVIDER_ID,
            name="council account",
            client_id=settings.SSO_CLIENT_ID,
            secret=settings.SSO_CLIENT_SECRET,
            settings={
                "server_url": discovery_url(settings.SSO_ISSUER),
                "scope": settings.SSO_SCOPES,
                "oauth_pkce_enabled": True,
                "fetch_userinfo": False,  # the signed ID token carries every claim used
            },
        )
        return [app] if client_id in (None, app.client_id) else []

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False  # people are made by accounts.services, never by allauth's sign-up

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        claims = sociallogin.account.extra_data["id_token"]
        try:
            user = services.sign_in_from_claims(
                issuer=settings.SSO_ISSUER, claims=claims, groups_claim=settings.SSO_GROUPS_CLAIM
            )
        except services.SignInRefused as refusal:
            logger.warning(
                "SSO sign-in refused (%s%s) for subject %r",
                refusal.reason,
                f": {refusal.detail}" if refusal.detail else "",
                claims.get("sub"),
            )
            raise ImmediateHttpResponse(sign_in_refused(request, refusal.reason)) from refusal
        except IntegrityError as error:  # two first sign-ins at once; the second may try again
            logger.warning("SSO sign-in failed: %r", error)
            raise ImmediateHttpResponse(sign_in_failed(request)) from error
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[SSO_SESSION_KEY] = sociallogin.council_logout
        logger.info("SSO sign-in: %s (subject %r)", user.get_username(), claims.get("sub"))
        next_url = sociallogin.get_redirect_url(request) or resolve_url(settings.LOGIN_REDIRECT_URL)
        raise ImmediateHttpResponse(redirect(next_url))

    def on_authentication_error(
        self, request: HttpRequest, provider, error=None, exception=None, extra_context=None
    ) -> None:
        logger.warning("SSO sign-in failed (%s): %r", error, exception)
        raise ImmediateHttpResponse(sign_in_failed(request))
