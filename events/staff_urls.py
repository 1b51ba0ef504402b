"""Pages for organizers and the speaker, outside the admin: /staff/..."""

from django.urls import path

from . import staff_views

app_name = "staff"

urlpatterns = [
    path("events/<slug:slug>/questions/", staff_views.queue, name="queue"),
    path("events/<slug:slug>/questions/export.csv", staff_views.export_csv, name="export_csv"),
    path("events/<slug:slug>/questions/export.xlsx", staff_views.export_xlsx, name="export_xlsx"),
    path("events/<slug:slug>/questions/sheet/", staff_views.sheet, name="sheet"),
    path("events/<slug:slug>/present/", staff_views.presenter, name="presenter"),
    path("questions/<int:question_id>/moderate/", staff_views.moderate, name="moderate"),
    path("questions/<int:question_id>/merge/", staff_views.merge, name="merge"),
    path("questions/<int:question_id>/edit/", staff_views.edit, name="edit"),
]
from . import cockpit_urls  # noqa: E402

urlpatterns += cockpit_urls.urlpatterns

from . import message_views  # noqa: E402

urlpatterns += [
    path("events/<slug:slug>/messages/", message_views.message_page, name="messages"),
]
