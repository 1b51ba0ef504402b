"""Time and peak memory of one question export, measured inside the site in a process of its
own (so one format's peak cannot hide another's): `python bench/in_site.py exports csv SLUG
USERNAME`. Run by bench/speed.py. Memory is the growth of the resident set's peak (VmHWM)
over what the process held before the export began.

Each format is one function returning the bytes an organizer downloads: the CSV as its
download view streams it, the XLSX as its task builds it into the database and its download
hands it over. When an export moves, point its function at the new code and the measurement
follows."""

import contextlib
import gc
import re
import time
from collections.abc import Iterable
from pathlib import Path

from django.contrib.auth.models import User
from django.test import RequestFactory

from events.cockpit import workbooks
from events.enums import ExportKind
from events.models import Event, PreparedExport
from events.questions import staff_views

HOST = "forum.example.org"


def _request(user: User, event: Event):
    path = f"/staff/events/{event.slug}/questions/export.csv"
    request = RequestFactory().get(path, HTTP_HOST=HOST, secure=True)
    request.user = user
    return request


def export_csv(event: Event, user: User) -> Iterable[bytes]:
    """The question CSV as its download view answers it, all questions."""
    return staff_views.export_csv(_request(user, event), event.slug).streaming_content


def export_xlsx(event: Event, user: User) -> Iterable[bytes]:
    """The question XLSX, all questions, built by its task (as the worker runs it) and handed
    over as its download is."""
    export = PreparedExport.objects.create(
        event=event, requested_by=user, kind=ExportKind.QUESTIONS, language="en"
    )
    workbooks.build_workbook.call(export.pk)
    export.refresh_from_db(fields=["status"])
    return [workbooks.hand_over(export)]


EXPORTS = {"csv": export_csv, "xlsx": export_xlsx}


def _memory_mb(field: str) -> float:
    """VmRSS (resident now) or VmHWM (the peak) of this process, from Linux."""
    found = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    return int(found[1]) / 1024


def _start_peak_here() -> None:
    """Make the peak the memory held now, so it measures what comes next only (Linux 4.0+);
    where that is refused, the peak so far stays, and the growth measured can only be less."""
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def main(extension: str, slug: str, username: str) -> dict:
    event = Event.objects.get(slug=slug)
    user = User.objects.get(username=username)
    rows = event.questions.count()
    gc.collect()
    before = _memory_mb("VmRSS")
    _start_peak_here()
    started = time.perf_counter()
    size = sum(len(chunk) for chunk in EXPORTS[extension](event, user))
    seconds = time.perf_counter() - started
    return {
        "format": extension.upper(),
        "questions": rows,
        "seconds": seconds,
        "peak_growth_mb": _memory_mb("VmHWM") - before,
        "file_mb": size / 1e6,
    }
