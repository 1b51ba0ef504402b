"""Residents' pages. Each line names the view; each view calls the rules of its subject."""

from django.urls import path

from .forums import views as forums
from .mail import views as mail
from .questions import views as questions
from .rsvps import views as rsvps

app_name = "events"

urlpatterns = [
    path("", forums.home, name="home"),
    path("accessibility/", forums.accessibility, name="accessibility"),
    path("events/<slug:slug>/", forums.event_detail, name="detail"),
    path("events/<slug:slug>/calendar.ics", forums.event_calendar, name="calendar"),
    path("events/<slug:slug>/rsvp/", rsvps.rsvp_create, name="rsvp"),
    path("events/<slug:slug>/rsvp/lost/", rsvps.lost_link, name="lost_link"),
    path("events/<slug:slug>/ask/", questions.ask_page, name="ask_page"),
    path("events/<slug:slug>/ask/send/", questions.ask, name="ask"),
    path("events/<slug:slug>/questions/<int:question_id>/vote/", questions.vote, name="vote"),
    path("events/<slug:slug>/what-we-heard/", questions.what_we_heard, name="what_we_heard"),
    path("rsvp/<str:token>/", rsvps.manage, name="manage"),
    path("rsvp/<str:token>/change/", rsvps.rsvp_change, name="rsvp_change"),
    path("rsvp/<str:token>/cancel/", rsvps.rsvp_cancel, name="rsvp_cancel"),
    path("rsvp/<str:token>/erase/", rsvps.rsvp_erase, name="rsvp_erase"),
    path("rsvp/<str:token>/stop-emails/", mail.stop_emails, name="stop_emails"),
    path("rsvp/<str:token>/not-me/", rsvps.not_me, name="not_me"),
]
