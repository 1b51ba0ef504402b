"""Every address answers "ok", so the benchmark sends the bare app the very requests it sends
the site (the same path, method, cookies and form)."""

from django.http import HttpResponse
from django.urls import re_path


def ok(request):
    return HttpResponse("ok")


urlpatterns = [re_path(r"", ok)]
