"""`{{ widget.attrs|widget_attrs }}`: Django's django/forms/widgets/attrs.html in one call.

Django renders that template for every widget and every <option>, a template loop with two
`{% if %}` and a filter for each attribute; on the forum page it was over a third of the
time its form fields took (bench/form_render.py). templates/django/forms/widgets/attrs.html
uses this instead, for the forms that render with the site's templates
(events/common/bootstrap_fields.py); tests/common/test_bootstrap_fields.py compares the
result with Django's own template.
"""

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

register = template.Library()


@register.filter
def widget_attrs(attrs: dict) -> str:
    # As the template: False leaves the attribute out, True writes its name alone, any other
    # value is written with "%s" and escaped, unless it is already safe.
    html = []
    for name, value in attrs.items():
        if value is False:
            continue
        html.append(f" {conditional_escape(name)}")
        if value is not True:
            html.append(f'="{value if isinstance(value, SafeData) else escape(str(value))}"')
    return mark_safe("".join(html))  # noqa: S308 (every part is escaped above)
