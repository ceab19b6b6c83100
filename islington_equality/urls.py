from django.contrib import admin
from django.urls import include, path

from islington_equality import views

admin.site.site_header = "Equality Tracker administration"
admin.site.site_title = "Equality Tracker admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
