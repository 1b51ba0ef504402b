"""The organizers' cockpit, mounted under /staff/ by events.staff_urls (names "staff:...")."""

from django.urls import path

from . import cockpit_views

urlpatterns = [
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
]
