"""Pages for people: your API tokens, and the API's documentation rendered from its schema."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from api import docs as api_docs
from api.forms import TokenForm
from api.models import ApiToken
from api.tokens import CannotRevoke, create_token, revoke_token
from plans.roles import reads_plan


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own tokens. A new token's secret is shown on this response only."""
    if not reads_plan(request.user):
        raise PermissionDenied
    created, secret = None, ""
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            created, secret = create_token(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_on=form.expires_on(today=timezone.localdate()),
            )
            form = TokenForm()
    else:
        form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "created": created,
            "secret": secret,
            "tokens": ApiToken.objects.filter(user=request.user),
            "today": timezone.localdate(),
        },
    )
    response["Cache-Control"] = "no-store"  # the secret must not be kept by any cache
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of your own tokens (plan admins: anyone's)."""
    token = get_object_or_404(ApiToken, pk=pk)
    try:
        revoke_token(token=token, by=request.user)
    except CannotRevoke:
        raise PermissionDenied from None
    messages.success(request, f"The token “{token.name}” was revoked. It no longer works.")
    if token.user_id != request.user.pk:
        return redirect("admin:api_apitoken_changelist")
    return redirect("api:tokens")


@login_required
@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    """The API's reference, from the same OpenAPI schema programs read: no script needed."""
    if not reads_plan(request.user):
        raise PermissionDenied
    context = {"docs": api_docs.reference(), "max_page_size": settings.API_MAX_PAGE_SIZE}
    return render(request, "api/docs.html", context)
