"""Pages for organizers and the speaker, outside the admin: /staff/..."""

from django.urls import path

from . import cockpit_views, message_views, staff_views

app_name = "staff"

urlpatterns = [
    # Questions: moderation, exports, the speaker's sheet and the projector.
    path("events/<slug:slug>/questions/", staff_views.queue, name="queue"),
    path("events/<slug:slug>/questions/export.csv", staff_views.export_csv, name="export_csv"),
    path("events/<slug:slug>/questions/export.xlsx", staff_views.export_xlsx, name="export_xlsx"),
    path("events/<slug:slug>/questions/sheet/", staff_views.sheet, name="sheet"),
    path("events/<slug:slug>/present/", staff_views.presenter, name="presenter"),
    path("questions/<int:question_id>/moderate/", staff_views.moderate, name="moderate"),
    path("questions/<int:question_id>/merge/", staff_views.merge, name="merge"),
    path("questions/<int:question_id>/edit/", staff_views.edit, name="edit"),
    # The cockpit: dashboard, check-in at the door, attendee lists, messages.
    path("events/<slug:slug>/", cockpit_views.event_dashboard, name="dashboard"),
    path("events/<slug:slug>/check-in/", cockpit_views.checkin_page, name="checkin"),
    path(
        "events/<slug:slug>/check-in/<str:code>/",
        cockpit_views.checkin_rsvp,
        name="checkin_rsvp",
    ),
    path(
        "events/<slug:slug>/check-in/<str:code>/arrived/",
        cockpit_views.check_in,
        name="check_in",
    ),
    path("events/<slug:slug>/walk-ins/", cockpit_views.walk_in, name="walk_in"),
    path("events/<slug:slug>/attendees.csv", cockpit_views.attendees_csv, name="attendees_csv"),
    path("events/<slug:slug>/attendees.xlsx", cockpit_views.attendees_xlsx, name="attendees_xlsx"),
    path(
        "events/<slug:slug>/accommodations/",
        cockpit_views.accommodations,
        name="accommodations",
    ),
    path("events/<slug:slug>/messages/", message_views.message_page, name="messages"),
]
