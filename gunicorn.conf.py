"""gunicorn's settings (gunicorn reads ./gunicorn.conf.py when started from this directory).

Its error log goes through the same filter as Django's logs: a private link is redacted and an
exception is logged by its type and places in the code, never by its message."""

import logging

# No access log: its lines would hold every URL requested, private links among them. The proxy
# in front decides what it logs (see the README).
accesslog = None


def on_starting(server):
    # Imported once gunicorn has put the project on the import path, after reading this file.
    from events.common.log_filters import RedactPrivateLinks

    logging.getLogger("gunicorn.error").addFilter(RedactPrivateLinks())
