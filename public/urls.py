from django.urls import URLPattern, path

from public import views

app_name = "public"


def _file(dataset: str, file_format: str) -> URLPattern:
    return path(
        f"<slug:plan_slug>/{dataset}.{file_format}",
        views.open_data_file,
        {"dataset": dataset, "file_format": file_format},
        name=f"{dataset}_{file_format}",
    )


urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:plan_slug>/", views.plan, name="plan"),
    _file("targets", "csv"),
    _file("targets", "json"),
    _file("indicators", "csv"),
    _file("indicators", "json"),
    _file("shares", "csv"),
    _file("population", "csv"),
    _file("population", "json"),
]
