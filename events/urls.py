from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("events/<slug:slug>/rsvp/", views.rsvp_create, name="rsvp"),
    path("events/<slug:slug>/rsvp/sent/", views.rsvp_sent, name="rsvp_sent"),
    path("events/<slug:slug>/calendar.ics", views.event_calendar, name="calendar"),
    path("rsvp/<str:token>/", views.manage, name="manage"),
    path("rsvp/<str:token>/change/", views.rsvp_change, name="rsvp_change"),
    path("rsvp/<str:token>/cancel/", views.rsvp_cancel, name="rsvp_cancel"),
    path("rsvp/<str:token>/erase/", views.rsvp_erase, name="rsvp_erase"),
]
