import codecs
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

# Request bodies Django decodes as text: anything but UTF-8 would be read wrongly or not at all.
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class PermissionsPolicyMiddleware:
    """Turns off browser features the service never uses (Django has no setting for this one)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivateByDefaultMiddleware:
    """Nothing is kept by a browser or a shared cache unless its view says it is public.

    Signed-in pages and exports carry internal commentary and names: `Cache-Control: private,
    no-store` keeps them out of shared caches and off the disk of a shared computer. The public
    pages (public/views.py) say `public` themselves and are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response


class Utf8FormsMiddleware:
    """A form sent in another character set (`charset=latin-1`) is a 400 before anything reads it.

    Django refuses such a body only when a view first reads it, and some of what reads it (the CSRF
    check, sign-in throttling) does not expect the refusal.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.content_type in FORM_TYPES and not _is_utf8(
            request.content_params.get("charset", "utf-8")
        ):
            return render(request, "400.html", status=400)
        return self.get_response(request)


def _is_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False
