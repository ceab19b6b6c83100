"""The API's pages for people (tokens, docs); the API itself is api.v1, at /api/v1/."""

from django.urls import path

from api import views

app_name = "api"

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("v1/docs/", views.docs, name="docs"),
]
