import io
import logging
import runpy
from pathlib import Path

import pytest

from events.common.log_filters import RedactPrivateLinks
from events.models import Rsvp
from events.rsvps import rules

from ..conftest import own_address
from ..factories import EventFactory


def test_private_manage_links_never_reach_the_log(caplog):
    logger = logging.getLogger("tests.private")
    logger.addFilter(RedactPrivateLinks())
    token = "qiQgr1qGg611SGR5WlZBO9TxheeKlZPdK66UpDPXPzA"

    with caplog.at_level(logging.ERROR, logger="tests.private"):
        logger.error("Internal Server Error: %s", f"/rsvp/{token}/cancel/")
        logger.error(f"Forbidden (CSRF token missing.): /rsvp/{token}/")

    assert caplog.messages == [
        "Internal Server Error: /rsvp/[private]/cancel/",
        "Forbidden (CSRF token missing.): /rsvp/[private]/",
    ]
    logger.filters.clear()


def test_the_redaction_filter_sits_on_the_only_log_handler(settings):
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["private_links"]
    assert settings.LOGGING["filters"]["private_links"] == {
        "()": "events.common.log_filters.RedactPrivateLinks"
    }


def test_mapping_arguments_are_redacted_too(caplog):
    logger = logging.getLogger("tests.private")
    logger.addFilter(RedactPrivateLinks())

    with caplog.at_level(logging.ERROR, logger="tests.private"):
        logger.error("Link: %(link)s, try %(try)d", {"link": "/rsvp/secret/", "try": 2})

    assert caplog.messages == ["Link: /rsvp/[private]/, try 2"]
    logger.filters.clear()


@pytest.fixture
def the_log():
    """What the site's one log handler writes, as it writes it."""
    (handler,) = [
        handler
        for handler in logging.getLogger("django").handlers
        if any(isinstance(f, RedactPrivateLinks) for f in handler.filters)
    ]
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


@pytest.mark.django_db
def test_a_database_error_logs_no_resident_data(client, the_log, monkeypatch, book):
    """A 500 whose database error quotes the row it refused: the log gets the error's type,
    the view and the places in the code, never the row (name, email, note, token)."""
    event = EventFactory(capacity=10)
    rsvp = book(event, party_size=4, name="Hodan Abdi", email="hodan@example.org", note="Side door")
    Rsvp.objects.filter(pk=rsvp.pk).update(checked_in_count=3)
    rsvp.refresh_from_db()
    # Take out the check that spares the database, so its constraint fails for real.
    monkeypatch.setattr(rules, "_check_arrivals", lambda stored, rsvp: None)
    address = own_address(client, rsvp, "rsvp_change")
    client.raise_request_exception = False

    response = client.post(
        address, {"party_size": "2", "email": rsvp.email, "language": "en", "note": "Side door"}
    )

    logged = the_log.getvalue()
    assert response.status_code == 500
    assert "Internal Server Error: /my-rsvp/" in logged
    assert "(view events:rsvp_change)" in logged
    assert "django.db.utils.IntegrityError" in logged
    assert "in update_rsvp" in logged
    for secret in ("Hodan", "hodan@example.org", "Side door", rsvp.manage_token, "rsvp_checked_in"):
        assert secret not in logged


def test_an_error_logged_as_the_message_or_an_argument_gives_only_its_type(caplog):
    logger = logging.getLogger("tests.private")
    logger.addFilter(RedactPrivateLinks())
    refused = ValueError('Failing row contains (Hodan Abdi, hodan@example.org, "Side door")')

    with caplog.at_level(logging.ERROR, logger="tests.private"):
        logger.error(refused)
        logger.error("Could not save: %s", refused)

    assert caplog.messages == ["builtins.ValueError", "Could not save: builtins.ValueError"]
    logger.filters.clear()


def test_gunicorns_error_log_goes_through_the_same_filter(caplog):
    settings = runpy.run_path(str(Path(__file__).parents[2] / "gunicorn.conf.py"))
    error_log = logging.getLogger("gunicorn.error")
    settings["on_starting"](None)
    try:
        with caplog.at_level(logging.ERROR, logger="gunicorn.error"):
            try:
                raise ValueError("Failing row contains (hodan@example.org)")
            except ValueError:
                error_log.exception("Error handling request /rsvp/the-secret-token/")
    finally:
        error_log.filters.clear()

    (record,) = caplog.records
    assert record.getMessage() == "Error handling request /rsvp/[private]/"
    assert record.exc_text.splitlines()[-1] == "builtins.ValueError"
    assert "hodan" not in caplog.text
    assert settings["accesslog"] is None
