"""Rate limits on questions and votes: per browser, and (with a ceiling sized to the room) per
network; a forum's venue networks are never counted.

The counters are checked twice: in the local-memory cache of a single process, and in Redis,
which production uses to share them between processes.
"""

import time

import pytest
import redis
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from civicforum import settings as base_settings
from events.common import form_tokens, ratelimit
from events.models import Question

from ..factories import EventFactory, QuestionFactory

QUESTION_LIMITED = (
    "You sent many questions in a short time. Please wait a few minutes and try again."
)
NETWORK_LIMITED = (
    "Many questions were sent from this network in the last hour, so we cannot take more "
    "from it just now. Please try again later, or bring your question to the forum."
)
VOTE_LIMITED = "You voted many times in a short time. Please wait a few minutes."
REDIS_URL = "redis://127.0.0.1:6379/14"
ADDRESS = "203.0.113.7"
COOKIE = "a-browser-cookie-value-0123456789abcdefXYZ"


def limits(browser=(2, 600)) -> dict:
    return {action: {"browser": browser} for action in ("question", "vote", "rsvp")}


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.RATE_LIMITS = limits()
    settings.NETWORK_LIMITS = {**settings.NETWORK_LIMITS, "questions": (5, 0), "new_voters": (5, 0)}


def send_question(client, event, text):
    started = form_tokens.new_token("question-form", event)
    return client.post(
        reverse("events:ask", args=[event.slug]),
        {
            "question-text": text,
            "question-language": "en",
            "question-website": "",
            "question-form_token": started,
        },
    )


def send_vote(client, question):
    return client.post(
        reverse("events:vote", args=[question.event.slug, question.pk]), {"action": "add"}
    )


# --- Questions -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_browsers_third_question_in_the_window_is_refused_with_the_text_kept(client, event):
    first = send_question(client, event, "Will the library reopen?")
    second = send_question(client, event, "Will bus 724 come back?")

    third = send_question(client, event, "Who clears the snow on 85th?")

    assert (first.status_code, second.status_code, third.status_code) == (303, 303, 429)
    form = third.context["form"]
    assert form.errors == {"__all__": [QUESTION_LIMITED]}
    assert form["text"].value() == "Who clears the snow on 85th?"
    assert QUESTION_LIMITED in third.content.decode()
    assert sorted(Question.objects.values_list("text", flat=True)) == [
        "Will bus 724 come back?",
        "Will the library reopen?",
    ]


@pytest.mark.django_db
def test_a_room_of_browsers_on_one_wifi_shares_only_the_network_ceiling(event):
    room = [Client(REMOTE_ADDR=ADDRESS) for _ in range(5)]

    sent = [
        send_question(browser, event, f"Question from seat {n}?") for n, browser in enumerate(room)
    ]
    one_too_many = send_question(Client(REMOTE_ADDR=ADDRESS), event, "Question from seat 6?")

    assert [response.status_code for response in sent] == [303] * 5
    assert Question.objects.count() == 5
    assert one_too_many.status_code == 429
    assert one_too_many.context["form"].errors == {"__all__": [NETWORK_LIMITED]}


@pytest.mark.parametrize(
    ("proxies", "first", "second", "elsewhere"),
    [
        pytest.param(
            1,
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": ADDRESS},
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": ADDRESS},
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.20"},
            id="behind a trusted proxy, the forwarded address is the network",
        ),
        pytest.param(
            0,
            # A client may write any X-Forwarded-For it likes; it must not buy a fresh counter.
            {"REMOTE_ADDR": ADDRESS, "HTTP_X_FORWARDED_FOR": "198.51.100.1"},
            {"REMOTE_ADDR": ADDRESS, "HTTP_X_FORWARDED_FOR": "198.51.100.2"},
            {"REMOTE_ADDR": "192.0.2.50", "HTTP_X_FORWARDED_FOR": ADDRESS},
            id="without a trusted proxy, only the connecting address counts",
        ),
    ],
)
@pytest.mark.django_db
def test_the_network_limit_counts_the_address_the_site_can_trust(
    settings, event, proxies, first, second, elsewhere
):
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.RATE_LIMITS = limits(browser=(5, 600))
    settings.NETWORK_LIMITS = {**settings.NETWORK_LIMITS, "questions": (2, 0)}
    # Two browsers of one network, then one of another.
    first, second, elsewhere = Client(**first), Client(**second), Client(**elsewhere)

    statuses = [
        send_question(first, event, "First?").status_code,
        send_question(first, event, "Second?").status_code,
        send_question(second, event, "Third?").status_code,
        send_question(elsewhere, event, "Fourth?").status_code,
    ]

    assert statuses == [303, 303, 429, 303]
    assert Question.objects.count() == 3


# --- Votes -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_browsers_third_vote_in_the_window_is_not_counted(client, event):
    first, second, third = QuestionFactory.create_batch(3, event=event)

    responses = [send_vote(client, question) for question in (first, second, third)]

    assert [response.status_code for response in responses] == [303, 303, 303]
    assert [q.vote_count for q in Question.objects.order_by("pk")] == [1, 1, 0]
    page = client.get(responses[2]["Location"])
    assert [str(message) for message in page.context["messages"]] == [VOTE_LIMITED]


@pytest.mark.django_db
def test_new_voters_from_one_network_share_the_network_ceiling(event):
    question = QuestionFactory(event=event)

    for _ in range(6):
        send_vote(Client(REMOTE_ADDR=ADDRESS), question)

    question.refresh_from_db()
    assert question.vote_count == 5


@pytest.mark.django_db
def test_questions_and_votes_have_separate_counters(client, event):
    question = QuestionFactory(event=event)
    send_question(client, event, "First?")
    send_question(client, event, "Second?")

    send_vote(client, question)

    question.refresh_from_db()
    assert question.vote_count == 1


# --- The counters, in each cache backend -----------------------------------------------------


@pytest.fixture(params=["locmem", "redis"])
def backend(request, settings):
    """Run a test against the local-memory cache and against Redis (never skipped: Redis runs
    here and in CI, and production counts in it)."""
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
            }
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield request.param
    cache.clear()


def stored_keys(backend) -> list[str]:
    if backend == "redis":
        client = redis.Redis.from_url(REDIS_URL)
        return [key.decode() for key in client.keys("*ratelimit*")]
    return [key for key in cache._cache if "ratelimit" in key]


def seconds_to_live(backend, key) -> float:
    if backend == "redis":
        return redis.Redis.from_url(REDIS_URL).ttl(key)
    return cache._expire_info[key] - time.time()


def test_a_browser_is_allowed_up_to_its_limit(backend):
    allowed = [ratelimit.allow("question", browser="browser-a") for _ in range(3)]

    assert allowed == [True, True, False]
    assert ratelimit.allow("question", browser="browser-b") is True
    assert ratelimit.allow("question", browser=None) is True  # no browser id: none to count


def test_each_action_has_its_own_browser_counters(backend):
    for _ in range(2):
        ratelimit.allow("question", browser="browser-a")

    assert ratelimit.allow("question", browser="browser-a") is False
    assert ratelimit.allow("vote", browser="browser-a") is True


def from_address(address: str):
    return RequestFactory().post("/", REMOTE_ADDR=address)


@pytest.mark.django_db
def test_a_network_claim_counts_amounts_per_forum_and_gives_back(backend, settings):
    settings.NETWORK_LIMITS = {**settings.NETWORK_LIMITS, "rsvp_seats": (20, 0.1)}
    forum, other = EventFactory(capacity=150), EventFactory(capacity=150)

    first = ratelimit.claim(from_address(ADDRESS), forum, "rsvp_seats", 12)
    too_many = ratelimit.claim(from_address(ADDRESS), forum, "rsvp_seats", 9)
    elsewhere = ratelimit.claim(from_address("198.51.100.9"), forum, "rsvp_seats", 20)
    other_forum = ratelimit.claim(from_address(ADDRESS), other, "rsvp_seats", 20)
    first.give_back()
    after_giving_back = ratelimit.claim(from_address(ADDRESS), forum, "rsvp_seats", 20)

    assert (first.amount, too_many) == (12, None)
    assert (elsewhere.amount, other_forum.amount, after_giving_back.amount) == (20, 20, 20)
    assert ratelimit.claim(from_address(ADDRESS), forum, "rsvp_seats", 1) is None


@pytest.mark.django_db
def test_a_venue_network_is_never_counted(backend):
    forum = EventFactory(capacity=150, venue_networks="203.0.113.0/24\n2001:db8:5::/48")

    claims = [ratelimit.claim(from_address(ADDRESS), forum, "rsvp_seats", 20) for _ in range(50)]
    v6 = [ratelimit.claim(from_address("2001:db8:5:9::1"), forum, "questions") for _ in range(99)]

    assert {claim.key for claim in claims + v6} == {None}
    assert stored_keys(backend) == []


@pytest.mark.parametrize(
    ("kind", "capacity", "allowance"),
    [
        ("rsvp_seats", None, 20),
        ("rsvp_seats", 150, 20),
        ("rsvp_seats", 201, 21),
        ("rsvp_seats", 1000, 100),
        ("new_voters", 150, 300),
        ("new_voters", 400, 800),
        ("votes_per_question", 100, 200),
        ("votes_per_question", 150, 225),
        ("questions", 100, 60),
        ("questions", 150, 75),
    ],
)
def test_the_default_allowances_are_a_floor_or_a_share_of_the_room(
    settings, kind, capacity, allowance
):
    settings.NETWORK_LIMITS = base_settings.NETWORK_LIMITS

    assert ratelimit.room_allowance(kind, capacity) == allowance


@pytest.mark.django_db
def test_the_counters_hold_no_address_or_cookie_and_expire(backend):
    forum = EventFactory(capacity=150)
    ratelimit.allow("question", browser=COOKIE)
    ratelimit.claim(from_address(ADDRESS), forum, "questions")

    keys = stored_keys(backend)

    assert len(keys) == 2  # the browser's, and the network's
    for key in keys:
        assert ADDRESS not in key
        assert COOKIE not in key
    assert [0 < seconds_to_live(backend, key) <= 3601 for key in keys] == [True, True]
