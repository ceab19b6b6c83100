from django.urls import path

from returns import views

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("open/<slug:plan_slug>/", views.open_return, name="open"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/yours/", views.yours, name="yours"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/pack.<str:file_format>", views.download_pack, name="pack"),
    path("<int:pk>/remind/", views.remind, name="remind"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("areas/<int:area_pk>/submit/", views.submit_area, name="submit"),
    path("areas/<int:area_pk>/review/", views.review_area, name="review"),
    path("areas/<int:area_pk>/targets/<int:target_pk>/", views.update_target, name="update_target"),
    path(
        "areas/<int:area_pk>/outcomes/<int:outcome_pk>/",
        views.update_outcome,
        name="update_outcome",
    ),
    path("areas/<int:area_pk>/targets/<int:target_pk>/propose/", views.propose, name="propose"),
    path("proposals/<int:pk>/", views.decide, name="decide"),
]
