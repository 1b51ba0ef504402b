"""No input breaks a page. Hypothesis sends generated requests to every URL pattern of the site
(the admin's included), as a stranger, as a resident with an RSVP open and as staff: paths with
any unicode, NUL and control characters, forged ids and tokens, huge and negative numbers,
impossible dates, and form fields of every form with such values, or with valid tokens so the
rules run. After each request: no 500, and the named invariants hold.

`make test` runs the quick profile (a fixed set of examples, on SQLite and on PostgreSQL);
`make fuzz` runs the "fuzz" profile (FUZZ_EXAMPLES, at least 10,000 requests) and prints how
many it sent."""

import os
import re
from urllib.parse import quote

import pytest
from django import forms as django_forms
from django.contrib.admin.sites import site
from django.db.models import Count, F, Q, Sum
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.common import form_tokens
from events.enums import QuestionStatus, RsvpStatus
from events.models import EmailDelivery, Event, Question, Rsvp
from events.roles import ORGANIZER
from events.rsvps import rules

from .conftest import own_address
from .factories import EventFactory, QuestionFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

settings.register_profile(
    "quick",
    max_examples=int(os.environ.get("FUZZ_QUICK_EXAMPLES", "150")),
    derandomize=True,  # the same examples every run: CI is never red by luck
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "10000")),
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("FUZZ_PROFILE", "quick"))


# --- Every URL pattern, as a template with its parameters -----------------------------------


def patterns(resolvers=None, prefix=""):
    """("events/<slug:slug>/rsvp/", ["slug"]) for every URL pattern, the admin's included."""
    found = []
    for pattern in get_resolver().url_patterns if resolvers is None else resolvers:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += patterns(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found.append(route)
    return sorted(set(found))


ROUTES = [route for route in patterns() if not route.startswith("^static")]
# The site's own pages, drawn as often as the admin's many.
SITE_ROUTES = [route for route in ROUTES if not route.startswith("admin/")]
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def form_field_names() -> list[str]:
    """The field names of every form a page of ours can show, residents' and staff's."""
    import events.cockpit.forms
    import events.mail.forms
    import events.questions.forms
    import events.rsvps.forms
    import events.signin.views

    names = set()
    for module in (
        events.cockpit.forms,
        events.mail.forms,
        events.questions.forms,
        events.rsvps.forms,
        events.signin.views,
    ):
        for form in vars(module).values():
            if isinstance(form, type) and issubclass(form, django_forms.BaseForm):
                prefix = f"{form.prefix}-" if getattr(form, "prefix", None) else ""
                names |= {prefix + name for name in form.base_fields}
    for model_admin in site._registry.values():
        names |= {field.name for field in model_admin.model._meta.fields}
    return sorted(names)


FIELDS = [
    *form_field_names(),
    *("action", "_selected_action", "select_across", "confirmed", "index", "next", "q"),
    *("order", "status", "topic", "fragment", "into", "e", "o", "p", "all"),
    *("starts_at__year", "starts_at__month", "starts_at__day", "created_at__year"),
    *("event__id__exact", "status__exact", "burst", "needs", "shared_address"),
    *("username", "password", "code", "token", "List-Unsubscribe"),
    *("step", "put_on_waitlist"),  # the message confirmation's buttons, the admin's waitlist box
]

# --- Values ---------------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x07\x1b",
    "\u202e\u200f",
    "0",
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "1e309",
    "NaN",
    "2026-13-45",
    "0000-00-00",
    "99999",
    "9999-12-31T23:59:59",
    "1.5",
    "%",
    "%00",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "Nguyễn Thị Hồng 🌸👨‍👩‍👧",
    "متى",
    "x" * 5000,
]


def values(real: dict[str, list[str]]):
    """Text of every kind, numbers, the nasty list, and the real ids and tokens of the forum
    (so requests also get past the checks and into the rules)."""
    real_values = [value for group in real.values() for value in group]
    return st.one_of(
        st.sampled_from(NASTY),
        st.sampled_from(real_values),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.integers(min_value=0, max_value=25).map(str),
        st.text(max_size=40),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300),
    )


@st.composite
def requests(draw, real):
    route = draw(st.one_of(st.sampled_from(SITE_ROUTES), st.sampled_from(ROUTES)))
    value = values(real)

    def segment(match):
        return quote(draw(value), safe="")[:600] or "x"

    path = "/" + PARAMETER.sub(segment, route.lstrip("^").rstrip("$").replace("\\Z", ""))
    method = draw(st.sampled_from(["GET", "POST"]))
    data = draw(st.dictionaries(st.sampled_from(FIELDS), value, max_size=8))
    who = draw(st.sampled_from(["stranger", "resident", "organizer", "superuser"]))
    return method, path, data, who


# --- The forum under fire, and what must always be true about it ------------------------------


@pytest.fixture
def world(db):
    event = EventFactory(slug="forum", capacity=12, max_party_size=6)
    TopicFactory(event=event, name="Housing")
    rsvp = rules.place_rsvp(
        Rsvp(event=event, name="Hodan", party_size=2, email="hodan@example.org")
    ).rsvp
    QuestionFactory(event=event, text="Can my family visit?", status=QuestionStatus.APPROVED)
    resident = Client(raise_request_exception=False)
    handle = own_address(resident, rsvp).split("/")[-2]
    clients = {"stranger": Client(raise_request_exception=False), "resident": resident}
    for who, user in (
        ("organizer", UserFactory(roles=[ORGANIZER])),
        ("superuser", UserFactory(is_superuser=True)),
    ):
        clients[who] = Client(raise_request_exception=False)
        clients[who].force_login(user)
    real = {
        "slugs": ["forum"],
        "ids": [str(event.pk), str(rsvp.pk), str(Question.objects.get().pk)],
        "rsvp": [rsvp.manage_token, rsvp.code, handle],
    }
    return clients, real


def broken_invariants() -> list[str]:
    broken = []
    for event in Event.objects.exclude(capacity=None).annotate(
        taken=Sum("rsvps__party_size", filter=Q(rsvps__status=RsvpStatus.CONFIRMED))
    ):
        if (event.taken or 0) > event.capacity:
            broken.append(f"{event.slug}: {event.taken} seats taken of {event.capacity}")
    counted = Question.objects.annotate(rows=Count("votes")).exclude(vote_count=F("rows"))
    broken += [f"question {q.pk}: vote_count {q.vote_count} != {q.rows} votes" for q in counted]
    merged = Question.objects.filter(
        Q(status=QuestionStatus.MERGED, merged_into=None)
        | (~Q(status=QuestionStatus.MERGED) & ~Q(merged_into=None))
    )
    broken += [f"question {q.pk}: merged without a target, or a target unmerged" for q in merged]
    half_made = Rsvp.objects.filter(Q(code="") | Q(manage_token="") | Q(name="", erased_at=None))
    broken += [f"rsvp {rsvp.pk}: saved without its code, link or name" for rsvp in half_made]
    unsent = (
        Rsvp.objects.exclude(email="").annotate(owed=Count("emails")).filter(owed=0, erased_at=None)
    )
    broken += [f"rsvp {rsvp.pk}: an email address and no email owed" for rsvp in unsent]
    broken += [
        f"email {e.pk}: for a message that is gone"
        for e in EmailDelivery.objects.filter(kind="message", message=None)
    ]
    return broken


SENT = []


def test_no_generated_request_breaks_a_page_or_an_invariant(world):
    clients, real = world
    assert broken_invariants() == []

    @given(requests(real))
    def send(request):
        method, path, data, who = request
        client = clients[who]
        if method == "POST" and who in {"stranger", "resident"} and data.get("form_token"):
            # Half the time a valid token, so the rules behind the form run too.
            data["form_token"] = form_tokens.new_token("rsvp-form", Event.objects.get())
        body = "&".join(f"{quote(k)}={quote(v)}" for k, v in data.items())
        response = client.generic(
            method,
            path,
            data=body if method == "POST" else "",
            content_type="application/x-www-form-urlencoded",
            query_params=data if method == "GET" else None,
        )
        SENT.append(1)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        assert response.status_code < 500, f"{method} {path} {data} as {who}"
        assert broken_invariants() == [], f"after {method} {path} {data} as {who}"

    send()
    print(f"\nfuzz: {len(SENT)} generated requests, no 500, every invariant held")
