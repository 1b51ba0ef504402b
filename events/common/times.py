"""How exactly residents' moments are kept and shown. A question's exact time could be matched
with an RSVP's, so a question keeps only its hour and staff see an RSVP's day only."""

import datetime

from django.utils import timezone


def hour_of(moment: datetime.datetime) -> datetime.datetime:
    """The start of the moment's hour, in the site's time zone."""
    return timezone.localtime(moment).replace(minute=0, second=0, microsecond=0)


def day_of(moment: datetime.datetime) -> datetime.datetime:
    """The start of the moment's day, in the site's time zone."""
    return hour_of(moment).replace(hour=0)


def this_hour() -> datetime.datetime:
    return hour_of(timezone.now())
