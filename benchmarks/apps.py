from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Tools for `make bench` and `make load`: the scale-data generator. Stands above every app."""

    name = "benchmarks"
    verbose_name = "Benchmarks"
