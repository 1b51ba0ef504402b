"""Pages for organizers and the speaker, outside the admin: /staff/..."""

from django.urls import path

from .cockpit import forum_list
from .cockpit import outreach_views as outreach
from .cockpit import views as cockpit
from .cockpit import workbook_views as excel
from .feedback import staff_views as feedback
from .mail import views as mail
from .questions import staff_views as questions

app_name = "staff"

EVENT = "events/<slug:slug>/"
DOOR = EVENT + "check-in/<str:code>/"

urlpatterns = [
    # Every forum, with the staff pages of each that this person may open.
    path("", forum_list.forum_list, name="forums"),
    # The cockpit: dashboard, check-in at the door, attendee lists, accommodations.
    path(EVENT, cockpit.event_dashboard, name="dashboard"),
    path(EVENT + "check-in/", cockpit.checkin_page, name="checkin"),
    path(DOOR, cockpit.checkin_rsvp, name="checkin_rsvp"),
    path(DOOR + "arrived/", cockpit.check_in, name="check_in"),
    path(EVENT + "walk-ins/", cockpit.walk_in, name="walk_in"),
    path(EVENT + "attendees.csv", cockpit.attendees_csv, name="attendees_csv"),
    path(EVENT + "attendees/excel/", excel.attendees_xlsx, name="attendees_xlsx"),
    path(EVENT + "accommodations/", cockpit.accommodations, name="accommodations"),
    # Getting the word out: a flyer to print and announcements to copy.
    path(EVENT + "outreach/", outreach.outreach_kit, name="outreach"),
    path(EVENT + "outreach/flyer/", outreach.flyer, name="flyer"),
    # Messages to the people who RSVPed.
    path(EVENT + "messages/", mail.message_page, name="messages"),
    # Questions: moderation, exports, the speaker's sheet and the projector.
    path(EVENT + "questions/", questions.queue, name="queue"),
    path(EVENT + "questions/export.csv", questions.export_csv, name="export_csv"),
    path(EVENT + "questions/excel/", excel.questions_xlsx, name="export_xlsx"),
    path(EVENT + "questions/sheet/", questions.sheet, name="sheet"),
    path(EVENT + "present/", questions.presenter, name="presenter"),
    # Feedback after the forum ("Hearing back"): its counts are on the dashboard.
    path(EVENT + "feedback.csv", feedback.feedback_csv, name="feedback_csv"),
    # Excel files, built by a task: the one waiting for its one download.
    path("files/<int:export_id>/", excel.prepared, name="prepared"),
    path("files/<int:export_id>/download/", excel.download, name="download_prepared"),
    path("questions/<int:question_id>/moderate/", questions.moderate, name="moderate"),
    path("questions/<int:question_id>/merge/", questions.merge, name="merge"),
    path("questions/<int:question_id>/edit/", questions.edit, name="edit"),
]
