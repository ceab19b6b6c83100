from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from islington_equality import views
from islington_equality.forms import SignInForm
from reports import views as report_views

admin.site.site_header = "Equality Tracker administration"
admin.site.site_title = "Equality Tracker admin"

handler500 = "islington_equality.views.server_error"

urlpatterns = [
    path("", report_views.dashboard, name="home"),
    path("targets/", include("targets.urls")),
    path("reports/", include("reports.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("public/", include("public.urls")),
    path("reminders/", include("reminders.urls")),
    # Sign in and out, and password change; no password reset until the service sends email.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
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
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
]
