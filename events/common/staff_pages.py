"""The organizers' and speaker's pages of a forum, as links for the one who is signed in:
each link shows only to those its page lets in (the page's own permission check decides)."""

from dataclasses import dataclass

from django.urls import resolve, reverse
from django.utils.translation import gettext_lazy as _

from .http import may_open

# The pages in the navigation bar, in its order.
NAVIGATION = [
    ("dashboard", _("Dashboard")),
    ("checkin", _("Check-in")),
    ("accommodations", _("Accommodations")),
    ("queue", _("Questions")),
    ("presenter", _("Presenter screen")),
    ("sheet", _("Speaker's sheet")),
    ("messages", _("Messages")),
    ("outreach", _("Outreach kit")),
]
# Other pages and downloads that pages link to.
DOWNLOADS = [
    "attendees_csv",
    "attendees_xlsx",
    "export_csv",
    "export_xlsx",
    "feedback_csv",
    "flyer",
]


@dataclass(frozen=True)
class Link:
    name: str
    label: str
    url: str


def links(user, event) -> dict[str, str]:
    """URL name -> address, for every forum page and download this user may open."""
    names = [name for name, _label in NAVIGATION] + DOWNLOADS
    urls = {name: reverse(f"staff:{name}", args=[event.slug]) for name in names}
    return {name: url for name, url in urls.items() if may_open(user, resolve(url).func)}


def navigation(user, event) -> list[Link]:
    allowed = links(user, event)
    return [Link(name, label, allowed[name]) for name, label in NAVIGATION if name in allowed]
