from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A failed CSRF check in the service's own look; nothing was saved."""
    return render(request, "403_csrf.html", status=403)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")
