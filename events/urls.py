"""Residents' pages. Each line names the view; each view calls the rules of its subject."""

from django.urls import path

from .cockpit import door
from .feedback import views as feedback
from .forums import views as forums
from .mail import views as mail
from .questions import views as questions
from .rsvps import private_views as own
from .rsvps import views as rsvps

app_name = "events"

urlpatterns = [
    path("", forums.home, name="home"),
    path("accessibility/", forums.accessibility, name="accessibility"),
    path("calendar/<str:language>.ics", forums.calendar_feed, name="calendar_feed"),
    path("events/<slug:slug>/", forums.event_detail, name="detail"),
    path("events/<slug:slug>/live/", forums.event_live, name="live"),
    # The short address on flyers and in announcements: the forum's number and a language.
    path("f/<int:number>/<str:language>/", forums.short_link, name="short_link"),
    path("events/<slug:slug>/calendar.ics", forums.event_calendar, name="calendar"),
    path("events/<slug:slug>/rsvp/", rsvps.rsvp_create, name="rsvp"),
    path("events/<slug:slug>/rsvp/lost/", rsvps.lost_link, name="lost_link"),
    path("events/<slug:slug>/ask/", questions.ask_page, name="ask_page"),
    path("events/<slug:slug>/ask/send/", questions.ask, name="ask"),
    path("events/<slug:slug>/questions/", questions.all_questions, name="all_questions"),
    path("events/<slug:slug>/questions/<int:question_id>/vote/", questions.vote, name="vote"),
    path("events/<slug:slug>/door/<str:code>/", door.door, name="door"),
    path("events/<slug:slug>/what-we-heard/", questions.what_we_heard, name="what_we_heard"),
    path("events/<slug:slug>/feedback/", feedback.feedback_page, name="feedback"),
    path("events/<slug:slug>/feedback/send/", feedback.send_feedback, name="send_feedback"),
    # The private links in emails: each holds the RSVP's secret token.
    path("rsvp/<str:token>/", own.open_link, name="open_link"),
    path("rsvp/<str:token>/stop-emails/", mail.stop_emails, name="stop_emails"),
    path("rsvp/<str:token>/not-me/", own.not_me, name="not_me"),
    # An RSVP open in this browser, under a handle that works nowhere else.
    path("my-rsvp/open/", own.open_posted, name="open_posted"),
    path("my-rsvp/forget/", own.forget, name="forget"),
    path("my-rsvp/<str:handle>/", own.manage, name="manage"),
    path("my-rsvp/<str:handle>/change/", own.rsvp_change, name="rsvp_change"),
    path("my-rsvp/<str:handle>/cancel/", own.rsvp_cancel, name="rsvp_cancel"),
    path("my-rsvp/<str:handle>/erase/", own.rsvp_erase, name="rsvp_erase"),
    path("my-rsvp/<str:handle>/stop-emails/", own.rsvp_stop_emails, name="rsvp_stop_emails"),
]
