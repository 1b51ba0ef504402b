"""Rate limits on questions and votes: per browser, and (with a much higher ceiling) per network,
so a room full of residents on one Wi-Fi is never blocked.

The counters are checked twice: in the local-memory cache of a single process, and in Redis,
which production uses to share them between processes.
"""

import time

import pytest
import redis
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from events.common import ratelimit
from events.models import Question

from ..factories import QuestionFactory

QUESTION_LIMITED = (
    "You sent many questions in a short time. Please wait a few minutes and try again."
)
VOTE_LIMITED = "You voted many times in a short time. Please wait a few minutes."
REDIS_URL = "redis://127.0.0.1:6379/14"
ADDRESS = "203.0.113.7"
COOKIE = "a-browser-cookie-value-0123456789abcdefXYZ"


def limits(browser=(2, 600), network=(5, 600)) -> dict:
    return {action: {"browser": browser, "network": network} for action in ("question", "vote")}


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.RATE_LIMITS = limits()


def send_question(client, event, text):
    started = signing.dumps(time.time(), salt=f"question-form:{event.pk}")
    return client.post(
        reverse("events:ask", args=[event.slug]),
        {
            "question-text": text,
            "question-language": "en",
            "question-website": "",
            "question-started": started,
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
    assert one_too_many.context["form"].errors == {"__all__": [QUESTION_LIMITED]}


@pytest.mark.django_db
def test_with_the_real_network_ceiling_a_room_of_fifty_is_never_blocked(settings, event):
    settings.RATE_LIMITS = limits(network=(300, 600))

    sent = [
        send_question(Client(REMOTE_ADDR=ADDRESS), event, f"Question from seat {n}?")
        for n in range(50)
    ]

    assert [response.status_code for response in sent] == [303] * 50
    assert Question.objects.count() == 50


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
    settings.RATE_LIMITS = limits(browser=(5, 600), network=(2, 600))
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
def test_votes_from_one_network_share_the_network_ceiling(event):
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
    allowed = [ratelimit.allow("question", browser="browser-a", network=ADDRESS) for _ in range(3)]

    assert allowed == [True, True, False]
    assert ratelimit.allow("question", browser="browser-b", network=ADDRESS) is True


def test_the_network_ceiling_counts_every_browser_on_it(backend):
    allowed = [
        ratelimit.allow("question", browser=f"browser-{n}", network=ADDRESS) for n in range(6)
    ]

    assert allowed == [True] * 5 + [False]
    assert ratelimit.allow("question", browser="browser-x", network="198.51.100.9") is True


def test_without_a_browser_only_the_network_is_counted(backend):
    allowed = [ratelimit.allow("question", browser=None, network=ADDRESS) for _ in range(6)]

    assert allowed == [True] * 5 + [False]


def test_each_action_has_its_own_counters(backend):
    for _ in range(2):
        ratelimit.allow("question", browser="browser-a", network=ADDRESS)

    assert ratelimit.allow("question", browser="browser-a", network=ADDRESS) is False
    assert ratelimit.allow("vote", browser="browser-a", network=ADDRESS) is True


def test_the_counters_hold_no_address_or_cookie_and_expire(backend):
    ratelimit.allow("question", browser=COOKIE, network=ADDRESS)
    ratelimit.allow("vote", browser=COOKIE, network=ADDRESS)

    keys = stored_keys(backend)

    assert len(keys) == 4  # browser and network, for questions and for votes
    for key in keys:
        assert ADDRESS not in key
        assert COOKIE not in key
        assert 0 < seconds_to_live(backend, key) <= 601
