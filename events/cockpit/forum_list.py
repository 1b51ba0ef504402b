"""/staff/: every forum, with a link to each of its staff pages the signed-in person may open.
Where organizers start, and where a speaker lands after signing in (their question sheets)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from ..common import staff_pages
from ..common.http import private
from ..models import Event


@require_safe
@private
def forum_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not request.user.is_staff:
        raise PermissionDenied
    now = timezone.now()
    forums = Event.objects.only("title", "slug", "status", "starts_at", "ends_at")
    upcoming = forums.filter(ends_at__gt=now).order_by("starts_at", "pk")
    past = forums.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    context = {
        "upcoming": _with_pages(request.user, upcoming),
        "past": _with_pages(request.user, past),
        "may_edit": request.user.has_perm("events.change_event"),
    }
    return render(request, "staff/forum_list.html", context)


def _with_pages(user, forums) -> list[tuple[Event, list[staff_pages.Link]]]:
    """Each forum with the pages this user may open; a forum with none is left out."""
    rows = [(forum, staff_pages.navigation(user, forum)) for forum in forums]
    return [(forum, pages) for forum, pages in rows if pages]
