from django import template

from ..common import staff_pages

register = template.Library()


@register.inclusion_tag("staff/_nav.html", takes_context=True)
def staff_nav(context):
    request = context["request"]
    return {
        "pages": staff_pages.navigation(request.user, context["event"]),
        "current": request.resolver_match.url_name if request.resolver_match else None,
    }


@register.simple_tag(takes_context=True)
def staff_links(context):
    """{% staff_links as links %}: links.sheet is the sheet's address, if this user may open it."""
    return staff_pages.links(context["request"].user, context["event"])
