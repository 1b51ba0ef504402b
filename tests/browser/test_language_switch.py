"""A resident who cannot read the error switches language and keeps what they typed, with or
without JavaScript, in both directions; Enter in a field still sends the RSVP."""

import pytest
from playwright.sync_api import expect

from events.models import Rsvp
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)

LABELS = {
    "en": {"name": "Name", "email": "Email (optional)", "language": "Language", "change": "Change"},
    "es": {
        "name": "Nombre", "email": "Correo electrónico (opcional)", "language": "Idioma",
        "change": "Cambiar",
    },
}  # fmt: skip
BAD_EMAIL = {
    "en": "Enter a valid email address.",
    "es": "Introduzca una dirección de correo electrónico válida.",
}


@pytest.mark.parametrize(("start", "then", "javascript"), [("en", "es", False), ("es", "en", True)])
def test_switching_language_after_an_rsvp_error_keeps_what_was_typed(
    live_server, open_page, screenshot, start, then, javascript
):
    event = EventFactory(capacity=20, max_party_size=4)
    page = open_page(javascript=javascript)
    page.goto(live_server.url + event.get_absolute_url())
    if start != "en":  # the plain switcher, on a page shown by GET
        page.get_by_label("Language", exact=True).select_option(start)
        page.get_by_role("button", name="Change", exact=True).click()
    label = LABELS[start]
    page.get_by_label(label["name"]).fill("Hodan Farah")
    page.get_by_label(label["email"]).fill("hodan.example.org")
    page.get_by_label(label["name"]).press("Enter")  # Enter sends the RSVP, not the switcher
    assert page.locator(".invalid-feedback").first.inner_text() == BAD_EMAIL[start]

    page.get_by_label(label["language"], exact=True).select_option(then)
    page.get_by_role("button", name=label["change"], exact=True).click()

    label = LABELS[then]
    assert page.locator("html").get_attribute("lang") == then
    assert page.get_by_label(label["name"]).input_value() == "Hodan Farah"
    assert page.get_by_label(label["email"]).input_value() == "hodan.example.org"
    assert page.locator(".invalid-feedback").first.inner_text() == BAD_EMAIL[then]
    screenshot(page, f"language-switch-after-error-{start}-{then}")
    assert Rsvp.objects.count() == 0

    page.get_by_label(label["email"]).fill("hodan@example.org")
    page.get_by_label(label["email"]).press("Enter")

    expect(page.locator(".rsvp-code")).to_be_visible()
    assert list(Rsvp.objects.values_list("name", "email")) == [("Hodan Farah", "hodan@example.org")]
