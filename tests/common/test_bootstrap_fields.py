"""Residents' form fields come out of templates/forms/field.html exactly as crispy-bootstrap5
rendered them: each form is made twice, alike, and one is rendered the old way (crispy's
|as_crispy_field, Django's default renderer), the other the new way (as_field_group)."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.forms.renderers import get_default_renderer
from django.template.loader import render_to_string
from django.test import SimpleTestCase
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _lazy

from events.common import bootstrap_fields, form_tokens
from events.questions.forms import QuestionForm
from events.rsvps.forms import LostLinkForm, ManageRsvpForm, RsvpForm
from tests.factories import EventFactory, RsvpFactory, TopicFactory

pytestmark = pytest.mark.django_db

html = SimpleTestCase()

RSVP_ERRORS = {
    "form_token": "forged",
    "website": "http://spam.example",
    "name": "",
    "party_size": "lots",
    "email": "not-an-email",
    "language": "xx",
    "interpreter_count": "-1",
    "interpreter_language": "x" * 60,
    "asl_count": "2.5",
    "note": "x" * 1001,
}
QUESTION_ERRORS = {
    "question-form_token": "forged",
    "question-website": "http://spam.example",
    "question-text": "Call me on 612-555-0142 about my case",
    "question-topic": "999999",
    "question-language": "klingon",
}


SIGNED_TOKEN = form_tokens.new_token  # before same_tokens() stands in for it


@pytest.fixture(autouse=True)
def same_tokens(monkeypatch):
    """Both forms of a pair carry the same one-time token, so only their fields can differ."""
    monkeypatch.setattr(form_tokens, "new_token", lambda *args, **kwargs: "the-token")


@pytest.fixture
def forum():
    event = EventFactory(interpretation_languages="vi,es")
    TopicFactory(event=event, name="Housing")
    return event


def twins(make, errors_everywhere=False):
    """The form rendered the old way, and an identical one rendered the new way."""
    old, new = make(renderer=get_default_renderer()), make()
    name = next(iter(new.fields))
    assert type(old[name]) is forms.BoundField
    assert type(new[name]) is bootstrap_fields.BootstrapBoundField
    for form in (old, new):
        if form.is_bound and errors_everywhere:
            form.is_valid()
            # A second error on every field: is-invalid on each kind of widget, two messages.
            for name in form.fields:
                form.add_error(name, "A second problem.")
    return old, new


def assert_same_markup(old_html: str, new_html: str) -> None:
    html.assertHTMLEqual(old_html, new_html)
    # assertHTMLEqual sorts class names: their order must match too.
    assert re.findall(r'class="([^"]*)"', new_html) == re.findall(r'class="([^"]*)"', old_html)


def assert_fields_match(old, new) -> None:
    rendered = [name for name in new.fields if not new[name].is_hidden]
    assert rendered
    for name in rendered:
        assert_same_markup(as_crispy_field(old[name]), new[name].as_field_group())


def rsvp_forms(event, language="en"):
    return {
        "blank": lambda **kw: RsvpForm(event=event, language=language, **kw),
        "errors": lambda **kw: RsvpForm(RSVP_ERRORS, event=event, language=language, **kw),
    }


@pytest.mark.parametrize("reader", ["en", "es"])
@pytest.mark.parametrize("state", ["blank", "errors"])
@pytest.mark.parametrize("interpreters", ["vi,es", ""])
def test_rsvp_fields_render_as_crispy_rendered_them(reader, state, interpreters):
    event = EventFactory(interpretation_languages=interpreters)
    with translation.override(reader):
        old, new = twins(rsvp_forms(event, reader)[state], errors_everywhere=True)
        assert_fields_match(old, new)
    widget = type(new.fields["interpreter_language"].widget)
    assert widget is (forms.Select if interpreters else forms.TextInput)
    assert bool(new.errors) == (state == "errors")


@pytest.mark.parametrize("reader", ["en", "es"])
@pytest.mark.parametrize("data", [None, {"party_size": "0", "email": "x", "language": "xx"}])
def test_manage_fields_render_as_crispy_rendered_them(forum, reader, data):
    rsvp = RsvpFactory(event=forum, email="r@example.org", note="Near the door")
    with translation.override(reader):
        old, new = twins(
            lambda **kw: ManageRsvpForm(data, instance=rsvp, event=forum, **kw),
            errors_everywhere=True,
        )
        assert_fields_match(old, new)


@pytest.mark.parametrize("reader", ["en", "es"])
@pytest.mark.parametrize("data", [None, QUESTION_ERRORS])
@pytest.mark.parametrize("with_topics", [True, False])
def test_question_fields_render_as_crispy_rendered_them(reader, data, with_topics):
    event = EventFactory()
    if with_topics:
        TopicFactory(event=event, name="Housing")
    with translation.override(reader):
        old, new = twins(
            lambda **kw: QuestionForm(data, event=event, language=reader, **kw),
            errors_everywhere=True,
        )
        assert_fields_match(old, new)
    assert ("topic" in new.fields) == with_topics


@pytest.mark.parametrize("data", [None, {"email": "nope"}, {"email": ""}])
def test_lost_link_field_renders_as_crispy_rendered_it(data):
    old, new = twins(lambda **kw: LostLinkForm(data, **kw))
    assert_fields_match(old, new)


def test_widget_attributes_are_written_as_django_writes_them():
    """True, False, numbers, lazy text, text to escape and text already safe, on an input
    and on a select's options (templates/django/forms/widgets/attrs.html)."""

    def make(**kw):
        form = QuestionForm(event=EventFactory.build(pk=1), **kw)
        for field in form.fields.values():
            field.widget.attrs.update(
                {
                    "data-on": True,
                    "data-off": False,
                    "data-none": None,
                    "data-count": 3,
                    "data-lazy": _lazy("Your question"),
                    "title": 'Say "why" & <how>',
                    "data-safe": mark_safe("<b>&amp;</b>"),
                }
            )
        return form

    old, new = twins(make)
    assert_fields_match(old, new)
    assert 'title="Say &quot;why&quot; &amp; &lt;how&gt;" data-safe="<b>&amp;</b>"' in str(
        new["language"].as_field_group()
    )


def render_old_and_new(monkeypatch, template, context, old, new):
    """A whole include, once with each field through crispy (as the include did), once as now."""
    with monkeypatch.context() as patch:
        patch.setattr(forms.BoundField, "as_field_group", as_crispy_field)
        old_html = render_to_string(template, {**context, "form": old})
    return old_html, render_to_string(template, {**context, "form": new})


@pytest.mark.parametrize("data", [None, RSVP_ERRORS])
def test_rsvp_include_renders_as_it_did(monkeypatch, forum, data):
    old, new = twins(lambda **kw: RsvpForm(data, event=forum, **kw))
    old_html, new_html = render_old_and_new(monkeypatch, "rsvps/_fields.html", {}, old, new)
    assert_same_markup(old_html, new_html)
    # The honeypot shows, with its error, only when a browser filled it in.
    assert ('id="div_id_website"' in new_html) == (data is not None)
    assert new_html.count('class="mb-3') == len(new.visible_fields()) - (data is None)


@pytest.mark.parametrize("sent", ["nothing", "errors", "a phone number"])
def test_question_include_renders_as_it_did(monkeypatch, forum, sent):
    data = {
        "nothing": None,
        "errors": QUESTION_ERRORS,
        "a phone number": {
            "question-form_token": SIGNED_TOKEN("question-form", forum),
            "question-text": "Call me on 612-555-0142 about my case",
            "question-language": "en",
        },
    }[sent]
    old, new = twins(lambda **kw: QuestionForm(data, event=forum, **kw))
    context = {"event": forum}
    old_html, new_html = render_old_and_new(monkeypatch, "questions/_form.html", context, old, new)
    assert_same_markup(old_html, new_html)
    # A bot's question is thanked and dropped, so its honeypot never shows.
    assert new_html.count('class="hp-field"') == 1
    # With a phone number in the question, the box to send it anyway shows, as a checkbox.
    assert new_html.count('class="checkboxinput form-check-input"') == (sent == "a phone number")


def test_the_markup_check_fails_when_a_class_moves():
    with pytest.raises(AssertionError):
        assert_same_markup('<input class="a b">', '<input class="b a">')
    with pytest.raises(AssertionError):
        assert_same_markup("<p><strong>x</strong></p>", "<p>x</p>")


def test_a_widget_nobody_compared_fails_loudly(forum):
    form = LostLinkForm()
    form.fields["email"].widget = forms.RadioSelect(choices=[("a", "A")])
    with pytest.raises(ImproperlyConfigured, match="RadioSelect"):
        form["email"].as_field_group()
