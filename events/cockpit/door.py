"""What the QR code in a confirmation email opens. Anyone may scan it (a resident, a
neighbour who found the printout), so for everyone but door staff it is one public page that
shows the code and nothing else, the same for any well-formed code, known or not: it never
looks the code up. Staff signed in with the right to check people in go to its check-in.
"""

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..common.http import may_open
from ..models import Event
from ..models.rsvp import RSVP_CODE_ALPHABET, RSVP_CODE_LENGTH
from .views import checkin_rsvp

CODE = re.compile(f"[{RSVP_CODE_ALPHABET}]{{{RSVP_CODE_LENGTH}}}")


@require_safe
@never_cache
def door(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    code = code.upper()
    if not CODE.fullmatch(code):
        raise Http404
    if may_open(request.user, checkin_rsvp):
        return redirect("staff:checkin_rsvp", slug, code)
    get_object_or_404(Event.objects.listed(), slug=slug)
    return render(request, "cockpit/door.html", {"code": code})
