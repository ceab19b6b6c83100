from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("sso/login/", views.sso_login, name="sso_login"),
    path("sso/callback/", views.sso_callback, name="sso_callback"),
    path("signed-out/", views.signed_out, name="signed_out"),
]
