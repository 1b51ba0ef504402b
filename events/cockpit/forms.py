"""Forms of the organizers' cockpit. They only parse input: events.checkin holds the rules
(how many may check in, the room's limit), so its messages are the ones people see.
The templates write the inputs out, with sizes for a phone held in one hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Rsvp
from .checkin import CheckInError, OverCapacity


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or RSVP code"),
        max_length=100,
        required=False,
    )


class HeadCountForm(forms.Form):
    """A count of people coming in, which may take the room past its fire-code limit. The
    rule refuses the first try with the numbers (checkin.OverCapacity); the form then comes
    back with a box that lets a person confirm it, and the next try may pass."""

    confirm_over_capacity = forms.BooleanField(
        label=_("I confirm: let them in over the room's limit"), required=False
    )
    count_field = ""  # the field a refusal other than "over the limit" is shown on

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_confirmation = False

    def apply(self, rule, *args, **kwargs):
        """Run the check-in rule with this form's confirmation. Its result, or None when it
        refused: then the refusal is on the form, to show."""
        confirmed = self.cleaned_data["confirm_over_capacity"]
        try:
            return rule(*args, confirm_over_capacity=confirmed, **kwargs)
        except OverCapacity as error:
            self.needs_confirmation = True
            self.add_error(None, error.message)
        except CheckInError as error:
            self.add_error(self.count_field, error.message)
        return None


class CheckInForm(HeadCountForm):
    arrived = forms.IntegerField(label=_("People who arrived"))
    count_field = "arrived"
    # The search to go back to afterwards.
    q = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, rsvp: Rsvp, **kwargs):
        # One form per RSVP on the page, so every field needs its own id.
        kwargs.setdefault("auto_id", f"id_{rsvp.code}_%s")
        super().__init__(*args, **kwargs)
        self.rsvp = rsvp


class WalkInForm(HeadCountForm):
    count = forms.IntegerField(label=_("Walk-ins to add"), initial=1)
    count_field = "count"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_walk_in_%s")
        super().__init__(*args, **kwargs)
