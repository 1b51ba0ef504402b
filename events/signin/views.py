"""The second step of staff sign-in: the six-digit code from the authenticator app."""

import django_otp
from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..common.http import see_other
from . import codes


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 6}
        ),
        help_text=_("Open the authenticator app on your phone and type the code it shows now."),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        allowed, _why = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes in a row. Wait a few seconds, then type the code again.")
            )
        if not code.isdigit() or not self.device.verify_token(code):
            raise forms.ValidationError(
                _("That code is not right. Type the code the app shows now.")
            )
        return code


@require_http_methods(["GET", "HEAD", "POST"])
def enter_code(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(reverse("admin:login") + "?next=" + reverse("signin:code"))
    next_url = request.POST.get("next") or request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("admin:index")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return render(request, "signin/no_device.html", status=403)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, device)
        return see_other(next_url)
    context = {"form": form, "next": next_url, "needs_code": codes.needs_code(request.user)}
    return render(request, "signin/code.html", context)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What django-axes answers once a username is locked out at an address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "signin/locked_out.html", {"cooloff_minutes": minutes}, status=429)
