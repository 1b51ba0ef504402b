"""The outreach kit: a flyer to print, one page per language, and announcements to copy for
radio, newsletters and social media (forums.outreach writes them)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ..common.http import staff_permission_required
from ..common.translations import localize_event
from ..forums import outreach
from ..models import Event


def _kit_page(request: HttpRequest, slug: str, template: str, **context) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    context |= {
        "event": localize_event(event, request.LANGUAGE_CODE),
        "kits": outreach.kit(event),
        "listed": Event.objects.listed().filter(pk=event.pk).exists(),
    }
    return render(request, template, context)


@require_safe
@staff_permission_required("events.view_event")
def outreach_kit(request: HttpRequest, slug: str) -> HttpResponse:
    return _kit_page(request, slug, "cockpit/outreach.html")


@require_safe
@staff_permission_required("events.view_event")
def flyer(request: HttpRequest, slug: str) -> HttpResponse:
    return _kit_page(request, slug, "cockpit/flyer.html", flyer_access=outreach.FLYER_ACCESS)
