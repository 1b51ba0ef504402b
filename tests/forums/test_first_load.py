"""A new visitor's first load of a forum's page: at most 50 KB transferred (issue 23).

What the browser downloads: the page as the site sends it, and each stylesheet and icon it
links as whitenoise serves them in production. CompressedManifestStaticFilesStorage keeps a
gzip copy of each file and, with the brotli package installed (requirements.lock has it), a
Brotli one; a browser gets the one it accepts, or the file itself when compressing saved less
than 5%. The page is counted uncompressed, as gunicorn sends it: a proxy may gzip the forum
page (README, "Deploying"), which only makes it smaller. Headers are not counted.
"""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from whitenoise.compress import Compressor

from events.forums.demo import load_demo

pytestmark = pytest.mark.django_db

KB = 1024  # as in the README's figures (bench/report.py)
LIMIT = 50 * KB
LANGUAGES = [code for code, _name in settings.LANGUAGES]
LINKED = re.compile(r'<(?:link|script)\b[^>]*?\b(?:href|src)="/static/([^"]+)"')


def served_size(name: str, encoding: str) -> int:
    """The bytes whitenoise sends for a static file to a browser accepting this encoding."""
    with open(finders.find(name), "rb") as file:
        data = file.read()
    compressor = Compressor(quiet=True)
    compress = compressor.compress_brotli if encoding == "br" else compressor.compress_gzip
    compressed = compress(data)
    effective = compressor.is_compressed_effectively(encoding, name, len(data), compressed)
    return len(compressed) if compressor.should_compress(name) and effective else len(data)


def first_load(client, path: str, language: str, encoding: str) -> dict[str, int]:
    response = client.get(path, headers={"accept-language": language})
    assert (response.status_code, response["Content-Language"]) == (200, language)
    sizes = {"page": len(response.content)}
    for name in LINKED.findall(response.content.decode()):
        sizes[name] = served_size(name, encoding)
    return sizes


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_visitor_loads_the_demo_forum_page_in_at_most_50_kb(client, language):
    """Counted with gzip, the larger of the two. On 2 December 2026, in English: the page
    19,600 bytes, Bootstrap 18,853 (12,975 with Brotli), site.css 1,586, print.css 683, the
    icon 176: 40,898 bytes, 39.9 KB (34,513 with Brotli; 41,676 in Spanish). With the whole
    of Bootstrap (30,838 gzipped) it was 52,883 bytes, 51.6 KB."""
    event, _created = load_demo()

    sizes = first_load(client, event.get_absolute_url(), language, "gzip")
    brotli = sum(first_load(client, event.get_absolute_url(), language, "br").values())

    assert sizes.keys() == {
        "page",
        "favicon.svg",
        "vendor/bootstrap/bootstrap.min.css",
        "css/site.css",
        "css/print.css",
    }
    total = sum(sizes.values())
    assert total <= LIMIT, f"{total:,} bytes ({total / KB:.1f} KB; {brotli:,} with Brotli): {sizes}"
