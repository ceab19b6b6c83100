from django.urls import path

from targets import views

app_name = "targets"

urlpatterns = [
    path("", views.target_list, name="list"),
    path("export.<str:export_format>", views.target_list_export, name="export"),
    path("<int:pk>/", views.target_detail, name="detail"),
    path("<int:pk>/update/", views.add_update, name="add_update"),
]
