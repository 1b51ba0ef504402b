"""How long the forum page takes to render in-process, and how much of it goes to rendering
its form fields: `DJANGO_DEBUG=1 python bench/form_render.py [RENDERS]` after `make demo`.

No server, no network: the test client asks for the demo forum's page RENDERS times (300 by
default) after a warm-up. Times are CPU time of this process (the cores are shared, so wall
time says more about the neighbours), the best of five rounds. The field-rendering entry
points below are wrapped with a timer, so their share is measured without a profiler; a
cProfile run then gives the profiler's view of the same share. One process on SQLite: the
figures compare two versions of the code on one machine, nothing more.
"""

import cProfile
import functools
import os
import pstats
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicforum.settings")
django.setup()

from crispy_forms.templatetags import crispy_forms_filters  # noqa: E402 (after django.setup())
from django.forms.utils import RenderableFieldMixin  # noqa: E402
from django.test import Client  # noqa: E402

from events.models import Event  # noqa: E402

spent = {"calls": 0, "seconds": 0.0}
WRAPPED = {"as_crispy_field", "as_field_group"}


def timer(render):
    @functools.wraps(render)  # the template engine checks a filter's arguments
    def timed_render(*args, **kwargs):
        started = time.process_time()
        try:
            return render(*args, **kwargs)
        finally:
            spent["calls"] += 1
            spent["seconds"] += time.process_time() - started

    return timed_render


def time_field_rendering() -> None:
    """Both ways a field was rendered, before and after issue 23. Before any template is
    compiled: a compiled template holds the filter function it found."""
    filters = crispy_forms_filters.register.filters
    filters["as_crispy_field"] = timer(filters["as_crispy_field"])
    RenderableFieldMixin.as_field_group = timer(RenderableFieldMixin.as_field_group)


def forum_page(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert b'id="rsvp-form"' in response.content
    assert b'id="ask-form"' in response.content


def timed(client: Client, url: str, renders: int) -> tuple[float, float, float]:
    """ms a page, ms a page rendering fields, fields a page: the round with the best page."""
    rounds = []
    for _ in range(5):
        spent.update(calls=0, seconds=0.0)
        started = time.process_time()
        pages = renders // 5
        for _ in range(pages):
            forum_page(client, url)
        seconds = time.process_time() - started
        rounds.append(
            (seconds * 1000 / pages, spent["seconds"] * 1000 / pages, spent["calls"] / pages)
        )
    return min(rounds)


def profiled_share(client: Client, url: str, renders: int) -> float:
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(renders // 5):
        forum_page(client, url)
    profile.disable()
    stats = pstats.Stats(profile).stats
    total = sum(tt for _, _, tt, _, _ in stats.values())
    fields = sum(ct for (_, _, func), (*_, ct, _) in stats.items() if func in WRAPPED)
    return fields / total


def main(renders: int = 300) -> None:
    time_field_rendering()
    event = Event.objects.listed().order_by("starts_at").last()
    url = event.get_absolute_url()
    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(20):  # warm-up: templates compiled, caches filled
        forum_page(client, url)
    page, fields, calls = timed(client, url, renders)
    print(
        f"{url}: {page:.2f} ms CPU a page, {fields:.2f} ms of it ({fields / page:.0%}) rendering "
        f"{calls:g} fields; under cProfile {profiled_share(client, url, renders):.0%}"
    )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
