from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("", views.outcome_list, name="list"),
    path("<int:pk>/", views.outcome_detail, name="outcome"),
    path("<int:pk>/updates/add/", views.add_outcome_update, name="add_update"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/measurements/add/", views.add_measurement, name="add_measurement"),
    path(
        "indicators/<int:pk>/measurements/import/",
        views.import_measurements,
        name="import_measurements",
    ),
    path(
        "indicators/<int:pk>/measurements/template.csv",
        views.measurement_template,
        name="measurement_template",
    ),
]
