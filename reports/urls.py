from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("<slug:plan_slug>/", views.plan_report, name="plan"),
    path("<slug:plan_slug>/equality/", views.equality, name="equality"),
    path(
        "<slug:plan_slug>/targets.<str:export_format>",
        views.export_targets,
        name="export_plan_targets",
    ),
    path("<slug:plan_slug>/<slug:area_slug>/", views.directorate_report, name="directorate"),
    path(
        "<slug:plan_slug>/<slug:area_slug>/targets.<str:export_format>",
        views.export_targets,
        name="export_area_targets",
    ),
]
