"""Messages from organizers to the people who RSVPed, and the residents' "stop emails" page.
The rules live in events.mail.messaging."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from ..common.http import see_other, staff_permission_required, token_in_url
from ..common.translations import localize_event
from ..models import Event, Rsvp
from . import messaging
from .forms import MessageForm


# Both of the Organizer role's RSVP permissions: whoever may see the people who RSVPed and
# check them in may write to them.
@require_http_methods(["GET", "HEAD", "POST"])
@staff_permission_required("events.view_rsvp", "events.check_in_rsvp")
def message_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The form; its Send asks first, naming how many people it reaches (the confirmation
    page), and only that page's Send sends. "Change the message" shows the form again as it
    was, with its token, which only sending spends."""
    event = get_object_or_404(Event, slug=slug)
    counts = messaging.recipient_counts(event)
    data = request.POST if request.method == "POST" else None
    form = MessageForm(data, event=event, counts=counts)
    step = request.POST.get("step")
    if data is not None and step != "change" and form.is_valid():
        if step == "send":
            return _send(request, event, form)
        if sent := messaging.sent_from_form(form.token):  # Back after sending
            messages.info(request, _sent_notice(sent, created=False))
            return see_other(reverse("staff:messages", args=[event.slug]))
        context = {"event": event, "form": form, "count": form.recipient_count}
        return render(request, "mail/message_confirm.html", context)
    context = {"event": event, "form": form, "sent": messaging.sent_messages(event)}
    return render(request, "mail/messages.html", context)


def _send(request: HttpRequest, event: Event, form: MessageForm) -> HttpResponse:
    message, created = messaging.create_message(
        event,
        request.user,
        audience=form.cleaned_data["audience"],
        subject=form.cleaned_data["subject"],
        body=form.cleaned_data["body"],
        form_token=form.token,
    )
    messages.success(request, _sent_notice(message, created))
    return see_other(reverse("staff:messages", args=[event.slug]))


def _sent_notice(message, created: bool) -> str:
    if not created:
        return _("“%(subject)s” was already sent from this form; nothing more was sent.") % {
            "subject": message.subject
        }
    recipients = message.deliveries.count()
    return ngettext(
        "“%(subject)s” is being sent to %(count)d person.",
        "“%(subject)s” is being sent to %(count)d people.",
        recipients,
    ) % {"subject": message.subject, "count": recipients}


@require_http_methods(["GET", "HEAD", "POST"])
@token_in_url
def stop_emails(request: HttpRequest, token: str) -> HttpResponse:
    """The stop link of reminders and messages: a page with a button for people, and the
    one-click POST of RFC 8058 for mail programs (no session, no CSRF cookie: it only stops
    these emails)."""
    rsvp = get_object_or_404(
        Rsvp.objects.select_related("event"), manage_token=token, erased_at__isnull=True
    )
    if request.method == "POST":
        messaging.stop_emails(rsvp)  # the page it leads to says they are stopped
        return see_other(reverse("events:stop_emails", args=[token]))
    context = {"rsvp": rsvp, "event": localize_event(rsvp.event, request.LANGUAGE_CODE)}
    return render(request, "mail/stop_emails.html", context)
