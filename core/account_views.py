"""Signing in (password, then a code for an account with two-factor sign-in) and the account pages.

The password step never signs a two-factor account in: it only remembers, in the anonymous session,
who gave the right password and when. The session is signed in by the code step, so no page, API
call or admin view can ever be reached with the password alone (nothing has to remember to check).
"""

from __future__ import annotations

import time
from typing import Any

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice

from core import two_factor
from core.roles import ROLE_LABELS, Role, user_roles

PENDING = "congvu_two_factor_pending"
PENDING_SECONDS = 300


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
        help_text=gettext_lazy("The 6 digits your authenticator app shows now, or one of your backup codes."),
    )


class ConfirmedCodeForm(CodeForm):
    """A code and an explicit yes, for what cannot be undone."""

    confirm = forms.BooleanField(label=gettext_lazy("Yes, I understand this cannot be undone."))


class PasswordLoginView(auth_views.LoginView):
    """Django's login page; an account with an authenticator app continues to the code step."""

    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not two_factor.has_device(user):
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "stamp": user.get_session_auth_hash(),
            "at": int(time.time()),
            "next": self.get_success_url(),
        }
        return redirect("login-code")


def _pending_user(request: HttpRequest) -> tuple[Any, dict[str, Any]] | None:
    """The user who gave the right password in this browser a moment ago, if they still may sign in."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = auth.get_user_model().objects.filter(pk=pending.get("user") or 0, is_active=True).first()
    if user is None or not constant_time_compare(user.get_session_auth_hash(), pending.get("stamp", "")):
        return None
    return user, pending


@sensitive_post_parameters("code")
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app or a backup code. Wrong codes count as failed
    logins of that user name from this address (django-axes), exactly like wrong passwords."""
    found = _pending_user(request)
    if found is None:
        request.session.pop(PENDING, None)
        if request.method == "POST":
            messages.error(request, _("Signing in took too long; enter your password again."))
        return redirect("login")
    user, pending = found
    credentials = {"username": user.get_username()}
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if AxesProxyHandler.is_locked(request, credentials):
            return get_lockout_response(request, None, credentials)
        device, why = two_factor.check(user, form.cleaned_data["code"])
        if device is None:
            two_factor.report_wrong_code(request, user)
            form.add_error("code", why)
        else:
            del request.session[PENDING]
            auth.login(request, user, backend=pending["backend"])
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _("You signed in with a backup code; %(count)d are left.")
                    % {"count": two_factor.backup_codes_left(user)},
                )
            target = pending.get("next") or "/"
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
                target = "/"
            return redirect(target)
    return render(request, "registration/login_code.html", {"form": form})


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


@login_required
def account_home(request: HttpRequest) -> HttpResponse:
    """Who the user is, how they sign in, and links to what they can change."""
    user = request.user
    held = user_roles(user)
    context = {
        "role_labels": [ROLE_LABELS[r] for r in Role if r in held],
        "has_device": two_factor.has_device(user),
        "required": two_factor.required_for(user),
        "session_ends": request.session.get_expiry_date(),
    }
    return render(request, "account/home.html", context)


@sensitive_post_parameters("code")
@never_cache
@login_required
def two_factor_page(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app (QR code, then a first code), confirm this session with a code,
    renew the backup codes, or remove the devices (to turn it off, or to move to a new phone: a role
    that requires it is sent to set up the new one straight away). Every change needs a current code."""
    user = request.user
    has_device = two_factor.has_device(user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action not in ({"verify", "renew", "remove"} if has_device else {"confirm"}):
        action = ""
    forms_by_action: dict[str, forms.Form] = {
        "confirm": CodeForm(request.POST if action == "confirm" else None, prefix="confirm"),
        "verify": CodeForm(request.POST if action == "verify" else None, prefix="verify"),
        "renew": ConfirmedCodeForm(request.POST if action == "renew" else None, prefix="renew"),
        "remove": ConfirmedCodeForm(request.POST if action == "remove" else None, prefix="remove"),
    }
    next_url = _safe_next(request)
    form = forms_by_action.get(action)
    if form is not None and form.is_valid():
        done, why = _two_factor_action(request, action, form.cleaned_data["code"], next_url)
        if done is not None:
            return done
        if action != "confirm":  # a first code guesses nothing: the key is new and shown to the user
            two_factor.report_wrong_code(request, user)
        form.add_error("code", why)
    context: dict[str, Any] = {
        "forms": forms_by_action,
        "has_device": has_device,
        "required": two_factor.required_for(user),
        "verified": two_factor.is_verified(user),
        "next": next_url,
    }
    if has_device:
        context["backup_codes_left"] = two_factor.backup_codes_left(user)
    else:
        device = two_factor.enrolment_start(user=user)
        context["qr_code"] = two_factor.qr_code_data_uri(device)
        context["secret"] = two_factor.secret_for_typing(device)
    return render(request, "account/two_factor.html", context)


def _two_factor_action(
    request: HttpRequest, action: str, code: str, next_url: str
) -> tuple[HttpResponse | None, str]:
    """Carry out ``action`` if ``code`` is right; ``(None, why)`` when it is not (nothing changed)."""
    user = request.user
    if action == "confirm":
        device = two_factor.enrolment_start(user=user)
        codes = two_factor.enrolment_confirm(user=user, device=device, code=code)
        if codes is None:
            return None, _("The code is wrong or has already been used.")
        django_otp.login(request, device)
        messages.success(request, _("Two-factor sign-in is on. From now on you sign in with a code."))
        return render(request, "account/backup_codes.html", {"codes": codes, "next": next_url}), ""
    device, why = two_factor.check(user, code)
    if device is None:
        return None, why
    if action == "verify":
        django_otp.login(request, device)
        messages.success(request, _("Code accepted."))
        return redirect(next_url or "account"), ""
    if action == "renew":
        codes = two_factor.backup_codes_renew(user=user)
        django_otp.login(request, two_factor.app_device(user))
        messages.success(request, _("New backup codes made; the old ones no longer work."))
        return render(request, "account/backup_codes.html", {"codes": codes, "next": ""}), ""
    two_factor.two_factor_remove(user=user)
    messages.success(request, _("Two-factor sign-in is off for this account."))
    return redirect("two-factor" if two_factor.required_for(user) else "account"), ""
