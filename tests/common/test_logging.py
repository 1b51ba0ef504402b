import logging

from events.common.log_filters import RedactPrivateLinks


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
