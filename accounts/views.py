"""Sign-in and sign-out pages: the password form (while local passwords are on), single sign-on
with the council's account, and signing out at the provider too."""

import logging
from urllib.parse import urlencode

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2LoginView
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from requests import RequestException

from accounts.forms import SignInForm
from accounts.oidc import PROVIDER_ID, CouncilCallbackView, CouncilOIDCAdapter, sso_enabled
from accounts.services import DEACTIVATED

logger = logging.getLogger("accounts.sso")

SSO_SESSION_KEY = "council_sso"  # the ID token and end session endpoint, for signing out
# What can go wrong talking to the provider or reading what it sends, short of a bug here.
PROTOCOL_ERRORS = (
    OAuth2Error,
    ProviderException,
    RequestException,
    KeyError,
    TypeError,
    ValueError,
)


def sign_in_failed(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/sign_in_failed.html", status=400)


def sign_in_refused(request: HttpRequest, reason: str) -> HttpResponse:
    context = {"deactivated": reason == DEACTIVATED, "contact": settings.SSO_ACCESS_CONTACT}
    return render(request, "accounts/sign_in_refused.html", context, status=403)


class SignInView(auth_views.LoginView):
    """Django's sign-in page, offering the council account when SSO is on, and the password
    form only while local passwords are."""

    authentication_form = SignInForm

    def get_context_data(self, **kwargs: object) -> dict:
        return super().get_context_data(
            sso_enabled=sso_enabled(), local_passwords=settings.LOCAL_PASSWORDS, **kwargs
        )

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not settings.LOCAL_PASSWORDS:
            response = self.get(request, *args, **kwargs)
            response.status_code = 403
            return response
        return super().post(request, *args, **kwargs)


def _run(view, request: HttpRequest) -> HttpResponse:
    if not sso_enabled():
        raise Http404("Single sign-on is not configured.")
    try:
        return view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404("Single sign-on is not configured.") from error
    except PROTOCOL_ERRORS as error:
        logger.warning("SSO sign-in failed: %r", error)
        return sign_in_failed(request)


@require_POST
def sso_login(request: HttpRequest) -> HttpResponse:
    """Sends the browser to the provider, with state, nonce and a PKCE challenge."""
    return _run(OAuth2LoginView.adapter_view(CouncilOIDCAdapter(request, PROVIDER_ID)), request)


@require_GET
def sso_callback(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the browser back; accounts.adapter signs the user in."""
    return _run(CouncilCallbackView.adapter_view(CouncilOIDCAdapter(request, PROVIDER_ID)), request)


class SignOutView(auth_views.LogoutView):
    """Signs out here, then at the provider too when it offers an end session endpoint."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        council = request.session.get(SSO_SESSION_KEY) or {}
        response = super().post(request, *args, **kwargs)
        if not council.get("end_session_endpoint"):
            return response
        query = urlencode(
            {
                "id_token_hint": council["id_token"],
                "client_id": settings.SSO_CLIENT_ID,
                "post_logout_redirect_uri": request.build_absolute_uri(
                    reverse("accounts:signed_out")
                ),
            }
        )
        return HttpResponseRedirect(f"{council['end_session_endpoint']}?{query}")


def signed_out(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the browser after signing out there."""
    return render(request, "registration/logged_out.html")


def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """The admin's own sign-in form while local passwords are on; the service's sign-in (SSO)
    when they are off."""
    if settings.LOCAL_PASSWORDS:
        return admin.site.login(request)
    next_url = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('login')}?{urlencode({'next': next_url})}")
