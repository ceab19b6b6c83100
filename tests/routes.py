"""The site's named routes, read from the URL conf: the walks over every route start here, so a new
route without an entry in their lists fails them."""

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def _route_names(patterns: list, namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the Django admin's routes: walked by model from admin.site instead
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"every route needs a name: {pattern.pattern}"
            yield namespace + pattern.name


def route_names() -> set[str]:
    """Every named route outside the admin, with its namespace ("returns:detail")."""
    return set(_route_names(get_resolver().url_patterns))
