from django.contrib import admin
from django.urls import include, path

from events.common.csp_reports import csp_report

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("csp-report/", csp_report, name="csp_report"),
    path("staff/sign-in/", include("events.signin.urls")),
    path("staff/", include("events.staff_urls")),
    path("", include("events.urls")),
]
