"""Forms of the organizers' cockpit. They only parse input: events.checkin holds the rules
(how many may check in, the room's limit), so its messages are the ones people see.
The templates write the inputs out, with sizes for a phone held in one hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Rsvp


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or RSVP code"),
        max_length=100,
        required=False,
    )


class CheckInForm(forms.Form):
    arrived = forms.IntegerField(label=_("People who arrived"))
    confirm_over_capacity = forms.BooleanField(
        label=_("I confirm: let them in over the room's limit"), required=False
    )
    # The search to go back to afterwards.
    q = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, rsvp: Rsvp, **kwargs):
        # One form per RSVP on the page, so every field needs its own id.
        kwargs.setdefault("auto_id", f"id_{rsvp.code}_%s")
        super().__init__(*args, **kwargs)
        self.rsvp = rsvp
        self.needs_confirmation = False


class WalkInForm(forms.Form):
    count = forms.IntegerField(label=_("Walk-ins to add"), initial=1)
    confirm_over_capacity = forms.BooleanField(
        label=_("I confirm: let them in over the room's limit"), required=False
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_walk_in_%s")
        super().__init__(*args, **kwargs)
        self.needs_confirmation = False
