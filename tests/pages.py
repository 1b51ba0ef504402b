"""Read rendered pages the way a resident does: the visible text, by element."""

import re
from html.parser import HTMLParser

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Element(HTMLParser):
    """Collect the text and the links inside the element with the given id (or the whole page)."""

    def __init__(self, element_id=None):
        super().__init__()
        self.element_id = element_id
        self.depth = 0 if element_id else 1
        self.found = element_id is None
        self.chunks = []
        self.links = []
        self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth == 0 and self.element_id and attrs.get("id") == self.element_id:
            self.found = True
            self.depth = 1 if tag not in VOID_TAGS else 0
            return
        if self.depth and tag not in VOID_TAGS:
            self.depth += 1
        if self.depth and tag == "a":
            self._link = [attrs.get("href"), ""]
        if self.depth and tag in {"br", "p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5"}:
            self.chunks.append(" ")

    def handle_endtag(self, tag):
        if not self.depth or tag in VOID_TAGS:
            return
        if tag == "a" and self._link:
            self.links.append((self._link[0], _squash(self._link[1])))
            self._link = None
        self.depth -= 1
        self.chunks.append(" ")

    def handle_data(self, data):
        if self.depth:
            self.chunks.append(data)
            if self._link:
                self._link[1] += data


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _parse(response, element_id=None) -> _Element:
    parser = _Element(element_id)
    parser.feed(response.content.decode())
    assert parser.found, f"no element with id={element_id!r}"
    return parser


def text(response, element_id=None) -> str:
    """The visible text of the page (or of one element), whitespace squashed to single spaces."""
    return _squash("".join(_parse(response, element_id).chunks))


def links(response, element_id) -> list[tuple[str, str]]:
    """(href, text) of every link inside the element."""
    return _parse(response, element_id).links


def title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.DOTALL)
    return _squash(match.group(1))


def has_element(response, element_id) -> bool:
    parser = _Element(element_id)
    parser.feed(response.content.decode())
    return parser.found


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(response) -> list[tuple[str, dict]]:
    """(tag, attributes) of every element on the page, in document order."""
    parser = _Attributes()
    parser.feed(response.content.decode())
    return parser.elements


class _FormToken(HTMLParser):
    def __init__(self, name):
        super().__init__()
        self.name, self.values = name, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == self.name:
            self.values.append(attrs.get("value", ""))


def form_token(response, name="form_token") -> str:
    """The one-time token in the page's form, read from the HTML as a browser sends it (the
    forum page may come from the page cache, which has no template context)."""
    parser = _FormToken(name)
    parser.feed(response.content.decode())
    assert len(parser.values) == 1, f"{len(parser.values)} inputs named {name!r}"
    return parser.values[0]
