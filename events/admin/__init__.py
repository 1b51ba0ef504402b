"""The Django admin for staff, a module per subject. Importing them registers them with the
site of events.admin_site (outside this package: resolving the site must not import it)."""

from . import forums, questions, records, rsvps, signin

__all__ = ["forums", "questions", "records", "rsvps", "signin"]
