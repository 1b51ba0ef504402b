from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from . import rsvps
from .models import Event


def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    listed = Event.objects.listed()
    return render(
        request,
        "events/home.html",
        {"upcoming": listed.upcoming(now), "past": listed.past(now)},
    )


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    context = {"event": event, "seats": rsvps.seats(event)}
    return render(request, "events/event_detail.html", context)
