"""The web page where a user sees the devices holding an API token, makes one and revokes them."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from api.models import DeviceToken
from api.permissions import REVOKE
from core import policy


class DeviceForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Device name"), max_length=100)


@login_required
def device_tokens(request: HttpRequest) -> HttpResponse:
    form = DeviceForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        token, new_key = DeviceToken.issue(request.user, form.cleaned_data["name"])
        messages.success(
            request,
            _("Token made for “%(name)s”. Copy it now: it is shown only once.") % {"name": token.name},
        )
        form = DeviceForm()
    tokens = DeviceToken.objects.live_for(request.user)
    context = {"form": form, "tokens": tokens, "new_key": new_key, "idle_days": settings.API_TOKEN_IDLE_DAYS}
    return render(request, "api/device_tokens.html", context)


@login_required
@require_POST
def device_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = policy.access(request.user, DeviceToken, pk, REVOKE)
    DeviceToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    messages.success(request, _("The token of “%(name)s” no longer works.") % {"name": token.name})
    return redirect("device-tokens")
