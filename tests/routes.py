"""The site's named routes, for the tests that must cover every one of them."""

from django.urls import URLPattern, URLResolver, get_resolver


def route_names(patterns=None, namespace=""):
    """Every named route outside the Django admin, with its namespace ("events:detail")."""
    found = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                found |= route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.add(namespace + pattern.name)
    return found
