from django.urls import path

from . import message_views, question_views, views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("events/<slug:slug>/rsvp/", views.rsvp_create, name="rsvp"),
    path("events/<slug:slug>/rsvp/sent/", views.rsvp_sent, name="rsvp_sent"),
    path("events/<slug:slug>/calendar.ics", views.event_calendar, name="calendar"),
    path("events/<slug:slug>/ask/", question_views.ask_page, name="ask_page"),
    path("events/<slug:slug>/ask/send/", question_views.ask, name="ask"),
    path(
        "events/<slug:slug>/questions/<int:question_id>/vote/",
        question_views.vote,
        name="vote",
    ),
    path("events/<slug:slug>/what-we-heard/", question_views.what_we_heard, name="what_we_heard"),
    path("rsvp/<str:token>/", views.manage, name="manage"),
    path("rsvp/<str:token>/change/", views.rsvp_change, name="rsvp_change"),
    path("rsvp/<str:token>/cancel/", views.rsvp_cancel, name="rsvp_cancel"),
    path("rsvp/<str:token>/erase/", views.rsvp_erase, name="rsvp_erase"),
    path("rsvp/<str:token>/stop-emails/", message_views.stop_emails, name="stop_emails"),
]
