"""Organizers' side of "Hearing back": the feedback export (the counts are on the dashboard)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from ..common import spreadsheets
from ..common.http import staff_permission_required
from ..models import Event
from . import exports


@require_safe
@staff_permission_required("events.export_feedback")
def feedback_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    table = exports.feedback_table(event, request.user, detail="csv")
    return spreadsheets.csv_response(f"feedback-{event.slug}.csv", *table)
