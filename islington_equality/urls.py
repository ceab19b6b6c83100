from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views
from api.v1 import api as api_v1
from islington_equality import views

admin.site.site_header = "Equality Tracker administration"
admin.site.site_title = "Equality Tracker admin"

handler400 = "islington_equality.views.bad_request"
handler500 = "islington_equality.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("targets/", include("targets.urls")),
    path("reports/", include("reports.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("public/", include("public.urls")),
    path("reminders/", include("reminders.urls")),
    path("returns/", include("returns.urls")),
    path("api/", include("api.urls")),
    path("api/v1/", api_v1.urls),
    # Sign in and out (with the council's account when SSO is configured: accounts/), and password
    # change; no password reset until the service sends email.
    path("accounts/login/", account_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", account_views.SignOutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/login/", account_views.admin_sign_in, name="admin_sign_in"),
    # The admin's "Log out" posts here: signing out there also signs out at the council's
    # provider, as the service's own sign-out does (it is the same view).
    path("admin/logout/", account_views.SignOutView.as_view(), name="admin_sign_out"),
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
]
