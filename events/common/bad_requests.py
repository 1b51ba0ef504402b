"""Requests no page could use, refused before any view: a NUL byte in the path (404) or in the
query string (400). PostgreSQL can neither store nor compare a NUL, so a lookup with one is a
database error; forms already refuse it field by field ("Null characters are not allowed.")."""

from django.core.exceptions import BadRequest
from django.http import Http404


class RefuseNul:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            raise BadRequest("A NUL byte in the query string.")
        return self.get_response(request)
