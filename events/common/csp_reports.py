"""Where browsers report what the Content-Security-Policy blocked. A report says which page
and what was blocked; both may hold a private link or a typed search, so only the site's
own paths are logged, with private parts and every query string taken out. Reports are small
and few: anything larger, or too many from one address, is dropped with 413 or 429."""

import json
import logging
import re
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import ratelimit
from .net import client_ip

log = logging.getLogger("events.csp")
MAX_BYTES = 8 * 1024
PER_ADDRESS = (20, 600)  # reports per address per 10 minutes
_PRIVATE = re.compile(r"^/(rsvp|my-rsvp)/[^/]+")


def safe_place(url: object) -> str:
    """What may be logged of a URL from a report: scheme and host, and the path of our own
    pages with private parts redacted; never a query string or fragment."""
    if not isinstance(url, str) or not url:
        return "-"
    if "://" not in url:  # "inline", "eval", "data"...
        return url[:40]
    parts = urlsplit(url[:2000])
    path = _PRIVATE.sub(r"/\1/[private]", parts.path)
    return f"{parts.scheme}://{parts.netloc}{path}"[:300]


def _reports(body: bytes) -> list[dict]:
    """The reports in a body: the old format ({"csp-report": {...}}) or the Reporting API's
    list of {"type": "csp-violation", "body": {...}}."""
    data = json.loads(body)
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        return [data["csp-report"]]
    if isinstance(data, list):
        return [
            item["body"]
            for item in data
            if isinstance(item, dict) and isinstance(item.get("body"), dict)
        ]
    return []


@csrf_exempt  # browsers send reports without a CSRF token; nothing is changed by one
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BYTES + 1
    if length > MAX_BYTES:
        return HttpResponse(status=413)
    if not ratelimit.hit("csp-report", client_ip(request), PER_ADDRESS):
        return HttpResponse(status=429)
    try:
        reports = _reports(request.body)
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=400)
    for report in reports[:5]:
        directive = report.get("effective-directive") or report.get("effectiveDirective")
        log.warning(
            "CSP blocked %s on %s (%s)",
            safe_place(report.get("blocked-uri") or report.get("blockedURL")),
            safe_place(report.get("document-uri") or report.get("documentURL")),
            str(directive or report.get("violated-directive") or "-")[:60],
        )
    return HttpResponse(status=204)
