"""The site's Bootstrap is a build of only the parts its pages use (assets/bootstrap/): every
Bootstrap class a page can carry must be in it.

A page's classes come from the templates, the crispy-forms templates that `as_crispy_field`
renders (crispy_bootstrap5's field.html and what it includes), classes set in Python (widget
attributes, format_html) and the scripts. Bootstrap's classes are the ones the whole of
Bootstrap defines, listed by assets/bootstrap/build.sh in bootstrap-classes.txt.
"""

import json
import re
from pathlib import Path

import crispy_bootstrap5
from django.conf import settings
from django.contrib.messages.utils import get_level_tags

ROOT = Path(settings.BASE_DIR)
BOOTSTRAP = ROOT / "assets" / "bootstrap"
BUILT = ROOT / "static" / "vendor" / "bootstrap" / "bootstrap.min.css"
CRISPY = Path(crispy_bootstrap5.__file__).parent / "templates"

CLASS_ATTRIBUTE = re.compile(r"""class=(?:"([^"]*)"|'([^']*)')""")
CRISPY_FIELD_CLASS = re.compile(r"""\{%\s*crispy_field\b[^%]*'class'\s+'([^']*)'""")
INCLUDE = re.compile(r"""\{%\s*include\s+['"]([^'"]+)['"]""")
PYTHON_CLASS = re.compile(r"""(?:\[\s*["']class["']\s*\]\s*=|["']class["']\s*:)(.*)""")
SCRIPT_CLASS = re.compile(r"""classList\.(?:add|remove|toggle)\(([^)]*)\)""")
STRING = re.compile(r"""["']([^"']*)["']""")
SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")

# Classes a template builds from a variable: the start it writes, and what the variable can
# be. base.html shows each message as alert-<its level>, "error" as alert-danger.
BUILT_FROM_VARIABLES = {
    "alert-": {"danger" if tag == "error" else tag for tag in get_level_tags().values()},
}


def template_classes(text: str) -> set[str]:
    """Every class a template can write. A tag becomes a space, so both branches of an
    {% if %} count; a variable is dropped: a class that is only a variable comes from Python
    (read separately), and one that starts with text, as "alert-", is in BUILT_FROM_VARIABLES."""
    found = {name for match in CRISPY_FIELD_CLASS.findall(text) for name in match.split()}
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.DOTALL)
    text = re.sub(r"\{\{.*?\}\}", "*", text, flags=re.DOTALL)
    for double, single in CLASS_ATTRIBUTE.findall(text):
        found |= set((double or single).split())
    return {name.replace("*", "") for name in found} - {""}


def crispy_templates(name: str = "bootstrap5/field.html", seen=None) -> dict[str, str]:
    """The crispy templates a field rendered with as_crispy_field can reach."""
    seen = {} if seen is None else seen
    if name not in seen:
        seen[name] = (CRISPY / name).read_text()
        for included in INCLUDE.findall(seen[name]):
            crispy_templates(included, seen)
    return seen


def python_and_script_classes() -> set[str]:
    found = set()
    for path in [*(ROOT / "events").rglob("*.py"), *(ROOT / "static" / "js").glob("*.js")]:
        text = path.read_text()
        for double, single in CLASS_ATTRIBUTE.findall(text):
            found |= set((double or single).split())
        for values in PYTHON_CLASS.findall(text) + SCRIPT_CLASS.findall(text):
            found |= {name for string in STRING.findall(values) for name in string.split()}
    return found


def used_classes() -> set[str]:
    texts = [path.read_text() for path in (ROOT / "templates").rglob("*.html")]
    texts += crispy_templates().values()
    used = set().union(*map(template_classes, texts)) | python_and_script_classes()
    starts = {name for name in used if name.endswith("-")}
    assert starts == BUILT_FROM_VARIABLES.keys(), "say in BUILT_FROM_VARIABLES what it can be"
    for start, ends in BUILT_FROM_VARIABLES.items():
        used |= {start + end for end in ends}
    return used - starts


def stylesheet_classes(css: str) -> set[str]:
    """The classes a stylesheet's selectors name (not what its url()s and comments hold)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"url\([^)]*\)", "", css)
    selectors = re.findall(r"([^{}]+)\{", css)
    return {name for selector in selectors for name in SELECTOR_CLASS.findall(selector)}


def test_every_bootstrap_class_the_pages_use_is_in_the_built_stylesheet():
    bootstrap = set((BOOTSTRAP / "bootstrap-classes.txt").read_text().split())
    used = used_classes() & bootstrap

    missing = used - stylesheet_classes(BUILT.read_text())

    assert missing == set(), "add their modules to assets/bootstrap/custom.scss, run build.sh"


def test_a_template_class_counts_in_every_branch_and_a_variable_is_a_start():
    template = '<p class="alert alert-{% if tag == "error" %}danger{% else %}{{ tag }}{% endif %}">'

    assert template_classes(template) == {"alert", "alert-", "danger"}
    assert template_classes('<b class="{{ extra }} mb-2 text-{{ tone }}">') == {"mb-2", "text-"}


def test_classes_are_read_from_crispy_forms_and_from_python():
    crispy = set().union(*map(template_classes, crispy_templates().values()))

    assert {"form-check-input", "form-select", "is-invalid", "invalid-feedback"} <= crispy
    assert {"form-control", "form-select"} <= python_and_script_classes()


def test_built_stylesheet_keeps_the_license_banner_of_the_pinned_bootstrap():
    version = json.loads((BOOTSTRAP / "package.json").read_text())["devDependencies"]["bootstrap"]

    banner = BUILT.read_text().splitlines()[:4]

    assert banner == [
        '@charset "UTF-8";/*!',
        f" * Bootstrap  v{version} (https://getbootstrap.com/)",
        " * Copyright 2011-2026 The Bootstrap Authors",
        " * Licensed under MIT (https://github.com/twbs/bootstrap/blob/main/LICENSE)",
    ]
