"""Residents' form fields rendered by Django itself, in the markup crispy-bootstrap5 gives them.

The forum page renders 14 fields a request; through crispy's `|as_crispy_field` they took
about half its render time (bench/form_render.py), crispy's own templates a part of it and
Django's widget templates the rest (templates/django/forms/widgets/attrs.html shortens
those). A form with `default_renderer = bootstrap_fields.renderer` renders
`{{ form.name.as_field_group }}` with templates/forms/field.html, and the HTML is the same
(tests/common/test_bootstrap_fields.py compares the two). Staff forms keep crispy.

Only the widgets residents' forms use are supported; any other fails loudly rather than
rendering markup nobody compared.
"""

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.forms.renderers import TemplatesSetting

# Their crispy markup differs (a fieldset, one control per choice, a file button).
UNSUPPORTED = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput, forms.MultiWidget)


class BootstrapBoundField(forms.BoundField):
    def get_context(self):
        if self.is_hidden:
            return {"field": self}
        widget = self.field.widget
        if isinstance(widget, UNSUPPORTED):
            raise ImproperlyConfigured(
                f"forms/field.html cannot render {type(widget).__name__} ({self.name}): "
                "render it with crispy, or add its markup and a test first."
            )
        checkbox = isinstance(widget, forms.CheckboxInput)
        return {
            "field": self,
            "checkbox": checkbox,
            "control": self.as_widget(attrs={"class": self.control_classes(checkbox)}),
        }

    def control_classes(self, checkbox: bool) -> str:
        """The widget's classes as crispy's {% crispy_field %} writes them: its own, then its
        type's name ("numberinput"), then Bootstrap's, then `is-invalid` with errors. Crispy
        writes them into the widget; here they go to this rendering only."""
        widget = self.field.widget
        type_name = type(widget).__name__.lower()
        classes = widget.attrs.get("class", "")
        if not classes:
            classes = type_name
        elif type_name not in classes:
            classes += f" {type_name}"
        if checkbox:
            bootstrap = "form-check-input"
        elif isinstance(widget, forms.Select):
            bootstrap = "form-select"
        else:
            bootstrap = "form-control"
        wanted = [*bootstrap.split(), *(["is-invalid"] if self.errors else [])]
        have = classes.split()
        return " ".join([classes, *(name for name in wanted if name not in have)])


class BootstrapFieldRenderer(TemplatesSetting):
    """The site's templates (TEMPLATES), so forms/field.html is found with Django's widgets
    (django.forms is in INSTALLED_APPS for them)."""

    field_template_name = "forms/field.html"
    bound_field_class = BootstrapBoundField


# Stateless, so one serves every form.
renderer = BootstrapFieldRenderer()
