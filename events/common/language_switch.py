"""Switching language keeps what was typed, without JavaScript.

On a page re-shown with a form (its errors, or what was typed), the header's language switcher
belongs to that form (HTML's `form` attribute): the browser sends what was typed, with the
chosen language, to the form's own address. A view decorated with `@reshows(page)` sees the
switcher's button and, instead of running, answers with `page`: the same form in the chosen
language with the typed values. Nothing is saved, no one-time token or "opened at" value is
used, no limit counts it. The view names that form's element in its context as
`language_form`; base.html puts an unseen button of that form before the switcher, so that
Enter in a field still sends the form and not the switcher.

Everywhere else the switcher is Django's `set_language`, back to `page_address`: the page's
own address, or for a page shown in answer to a POST, the page the form was on.
"""

from functools import wraps

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

BUTTON = "switch_language"  # the switcher's button: "errors" when the page showed them
CHOICE = "switch_to"  # the switcher's list of languages

# A POST-only address has no page of its own to come back to: the page its form was on.
POSTED_FROM = {
    "events:rsvp": "events:detail",
    "events:ask": "events:ask_page",
    "events:send_feedback": "events:feedback",
    "events:rsvp_change": "events:manage",
    "events:rsvp_cancel": "events:manage",
    "events:rsvp_stop_emails": "events:manage",
    "events:open_posted": "events:home",
    "events:forget": "events:home",
    "events:rsvp_erase": "events:home",
    "staff:check_in": "staff:checkin_rsvp",
    "staff:walk_in": "staff:checkin",
}


def reshows(page):
    """Decorate a form's POST view; `page(request, *args, **kwargs)` shows its form again."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST" or BUTTON not in request.POST:
                return view(request, *args, **kwargs)
            language = request.POST.get(CHOICE, "")
            if language not in dict(settings.LANGUAGES):
                language = request.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = language
            response = page(request, *args, **kwargs)
            remember(response, language)
            return response

        return wrapper

    return decorator


def typed(form_class, request, **kwargs):
    """The form as it was sent: with its errors if the page showed them, else only the
    values (someone who switches halfway through a form has not made mistakes). Either way
    it keeps the form's token and "opened at" value, unchecked and unspent."""
    sent = form_class(request.POST, **kwargs)
    sent.reshowing = True
    if request.POST.get(BUTTON) == "errors":
        return sent
    values = {
        name: field.widget.value_from_datadict(sent.data, sent.files, sent.add_prefix(name))
        for name, field in sent.fields.items()
    }
    form = form_class(initial=values, **kwargs)
    form.initial.update(values)  # over anything the form sets when first shown
    return form


def remember(response, language: str) -> None:
    """The choice, as Django's own switcher keeps it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def page_address(request) -> str:
    """Where the plain switcher sends the browser back to."""
    if request.method in {"GET", "HEAD"}:
        return request.get_full_path()
    match = request.resolver_match
    target = POSTED_FROM.get(match.view_name if match else "")
    if target is None:
        return request.path  # a page that takes GET as well as POST
    try:
        return reverse(target, kwargs=match.kwargs)
    except NoReverseMatch:
        return reverse("events:home")


def chose_language(request) -> bool:
    """Whether this browser picked a language with the switcher (now, or before)."""
    return BUTTON in request.POST or settings.LANGUAGE_COOKIE_NAME in request.COOKIES
