"""How every form shows its errors: "Error:" first in the page title, a summary at the top
whose links lead to the fields, and each field's error tied to the field (aria-describedby),
so a screen reader reads the error with the field. One check, run on every form."""

import pytest
from django.urls import reverse

from events.enums import RsvpStatus
from events.roles import ORGANIZER

from . import pages
from .conftest import own_address, post_rsvp
from .factories import EventFactory, QuestionFactory, RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db


def organizer(client):
    client.force_login(UserFactory(roles=[ORGANIZER]))
    return client


def rsvp_form(client, event):
    return post_rsvp(client, event, name="", party_size="99")


def manage_form(client, event):
    rsvp = RsvpFactory(event=event, status=RsvpStatus.CONFIRMED)
    url = own_address(client, rsvp, "rsvp_change")
    return client.post(url, {"party_size": "", "language": "en"})


def ask_form(client, event):
    return client.post(reverse("events:ask", args=[event.slug]), {"question-text": ""})


def message_form(client, event):
    return organizer(client).post(reverse("staff:messages", args=[event.slug]), {})


def edit_form(client, event):
    question = QuestionFactory(event=event)
    return organizer(client).post(reverse("staff:edit", args=[question.pk]), {"text": ""})


def check_in_form(client, event):
    rsvp = RsvpFactory(event=event, party_size=1, code="TVX679")
    url = reverse("staff:check_in", args=[event.slug, rsvp.code])
    return organizer(client).post(url, {"arrived": "7"})


def walk_in_form(client, event):
    return organizer(client).post(reverse("staff:walk_in", args=[event.slug]), {"count": "0"})


FORMS = [rsvp_form, manage_form, ask_form, message_form, edit_form, check_in_form, walk_in_form]


@pytest.mark.parametrize("send_with_errors", FORMS, ids=lambda form: form.__name__)
def test_form_errors_are_summarised_and_tied_to_their_fields(client, send_with_errors):
    response = send_with_errors(client, EventFactory(slug="forum", capacity=10))

    assert response.status_code == 200
    assert pages.title(response).startswith("Error: ")
    page = pages.elements(response)
    by_id = {attrs["id"]: (tag, attrs) for tag, attrs in page if "id" in attrs}
    fieldsets = [attrs.get("aria-describedby") for tag, attrs in page if tag == "fieldset"]
    summary_links = pages.links(response, "error-summary")
    assert summary_links, "the summary names at least one field"
    for href, link_text in summary_links:
        tag, attrs = by_id[href.removeprefix("#")]
        assert (tag, attrs.get("aria-invalid")) in {
            ("input", "true"),
            ("select", "true"),
            ("textarea", "true"),
        }, href
        described_by = attrs.get("aria-describedby", "")
        if attrs.get("type") == "radio":
            # A group of radio buttons has its error tied to the group's fieldset.
            described_by = f"{attrs['id'].rsplit('_', 1)[0]}_error"
            assert described_by in fieldsets
        error = link_text.split(": ", 1)[1]
        described = [pages.text(response, element_id) for element_id in described_by.split()]
        assert error in described, (href, described)
