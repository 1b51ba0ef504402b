"""The outreach flyer as a printer gets it: Chromium's PDF, read back with poppler's tools and
its QR codes decoded with zbar, as a phone would."""

import datetime
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from events.forums import demo
from events.roles import ORGANIZER
from tests.factories import EventFactory, UserFactory

from .conftest import ARTIFACTS, DESKTOP, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# What the last line of each page says: if it is there, nothing ran over onto another page.
LAST_LINES = {
    1: "Need help? Call 763-493-8000 or write to human.rights@example.org.",
    2: "¿Necesita ayuda? Llame al 763-493-8000 o escriba a human.rights@example.org.",
}


def run(*command) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def flyer_pdf(live_server, open_page, tmp_path):
    event, _created = demo.load_demo(today=datetime.date(2026, 12, 1))
    page = open_page(DESKTOP)
    sign_in(
        page,
        live_server,
        UserFactory(roles=[ORGANIZER]),
        f"/staff/events/{event.slug}/outreach/flyer/",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Flyer: {event.title}")
    path = tmp_path / "flyer.pdf"
    path.write_bytes(page.pdf(format="Letter", print_background=True))
    return event, path


def test_the_flyer_prints_one_letter_page_per_language(flyer_pdf):
    _event, pdf = flyer_pdf
    info = dict(line.split(":", 1) for line in run("pdfinfo", str(pdf)).splitlines() if ":" in line)

    assert info["Pages"].strip() == "2"
    assert info["Page size"].strip() == "612 x 792 pts (letter)"


@pytest.mark.parametrize(("number", "language"), [(1, "en"), (2, "es")])
def test_each_page_holds_its_short_address_and_ends_with_its_last_line(flyer_pdf, number, language):
    event, pdf = flyer_pdf
    text = " ".join(run("pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-").split())

    assert f"forum.example.org/f/{event.pk}/{language}" in text
    assert text.endswith(LAST_LINES[number]), text


@pytest.mark.parametrize(("number", "language"), [(1, "en"), (2, "es")])
def test_each_pages_qr_code_opens_the_forum_in_its_language(flyer_pdf, number, language):
    event, pdf = flyer_pdf
    image = pdf.with_name(f"flyer-{language}")
    run("pdftoppm", "-r", "150", "-png", "-singlefile", "-f", str(number), "-l", str(number),
        str(pdf), str(image))  # fmt: skip
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(f"{image}.png", ARTIFACTS / f"flyer-{language}.png")

    decoded = run("zbarimg", "--quiet", "--raw", f"{image}.png").splitlines()

    assert decoded == [f"https://forum.example.org/f/{event.pk}/{language}/"]


def test_the_flyers_first_words_are_in_each_pages_language(flyer_pdf):
    _event, pdf = flyer_pdf
    pages = [
        " ".join(run("pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-").split())
        for n in (1, 2)
    ]

    assert pages[0].startswith("Brooklyn Park City Council and Human Rights Commission Federal")
    assert pages[1].startswith(
        "Concejo Municipal y Comisión de Derechos Humanos de Brooklyn Park Política federal"
    )


def words(length: int, word: str) -> str:
    """Text of exactly `length` characters: `word` again and again."""
    return ((word + " ") * length)[: length - 1] + "."


def test_a_forum_with_every_text_at_its_longest_still_prints_on_one_page(
    live_server, open_page, tmp_path
):
    email = "h" * 60 + "@" + "d" * 50 + ".example.org"
    event = EventFactory(
        slug="long",
        title=words(200, "Immigration"),
        hosts=words(300, "Commission"),
        speakers=words(300, "Attorney"),
        venue_name=words(200, "Chambers"),
        venue_address=words(300, "Avenue"),
        accessibility="https://access.example.org/" + "a" * 200 + " " + words(2700, "wheelchair"),
        interpretation_languages="es,so,hmn,vi,zh,ht,om,tl",
        contact_phone="763-493-8000 extension 1234567890123456",
        contact_email=email,
    )
    page = open_page(DESKTOP)
    sign_in(page, live_server, UserFactory(roles=[ORGANIZER]), "/staff/events/long/outreach/flyer/")
    expect(page.locator("#flyer-en-title")).to_have_text(event.title)
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(page.pdf(format="Letter", print_background=True))
    text = " ".join(run("pdftotext", str(pdf), "-").split())
    ARTIFACTS.mkdir(exist_ok=True)
    run("pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
        str(ARTIFACTS / "flyer-longest"))  # fmt: skip

    assert re.search(r"^Pages: +(\d+)$", run("pdfinfo", str(pdf)), re.M).group(1) == "1"
    assert f"forum.example.org/f/{event.pk}/en" in text.replace(" ", "")
    assert text.replace(" ", "").endswith(f"writeto{email}.")
