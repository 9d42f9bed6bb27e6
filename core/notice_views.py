"""The notification centre: each person's notices, newest first, and which e-mails they want.

A notice is shown only to its own person (another's answers 404, as a missing one does), and its text
and link only while the policy still lets that person see the record it is about (``readable``).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import policy
from core.models import Notice, NoticePreference
from core.notice_policy import READ
from core.notice_services import notice_mark_read, notices_mark_all_read
from core.notifications import KINDS, muted_kinds
from core.pagination import page_for
from core.types import SignedInRequest

PAGE_SIZE = 30
UNREAD_SHOWN = 99


def readable(user: Any, notices: list[Notice]) -> set[int]:
    """The ids of ``notices`` whose record ``user`` may still see (one query per kind of record)."""
    ids_by_type: dict[Any, set[int]] = {}
    for notice in notices:
        if notice.target_type is not None and notice.target_id is not None:
            ids_by_type.setdefault(notice.target_type, set()).add(notice.target_id)
    visible: dict[int, set[int]] = {}
    for content_type, ids in ids_by_type.items():
        model = content_type.model_class()
        rows = policy.visible(user, model).filter(pk__in=ids).values_list("pk", flat=True) if model else []
        visible[content_type.pk] = set(rows)
    return {
        notice.pk
        for notice in notices
        if notice.target_type_id is None or notice.target_id in visible.get(notice.target_type_id, set())
    }


def unread_count(user: Any) -> int:
    """Unread notices of ``user``, counted up to ``UNREAD_SHOWN + 1`` (the badge says "99+")."""
    return policy.visible(user, Notice).filter(read_at__isnull=True)[: UNREAD_SHOWN + 1].count()


@login_required
def notice_list(request: SignedInRequest) -> HttpResponse:
    rows = policy.visible(request.user, Notice).select_related("target_type")
    page, query = page_for(request, rows, PAGE_SIZE)
    notices = cast(list[Notice], page.object_list)
    context = {"page": page, "query": query, "notices": notices, "open_ids": readable(request.user, notices)}
    return render(request, "core/notices.html", context)


@login_required
@require_POST
def notice_open(request: SignedInRequest, pk: int) -> HttpResponse:
    """Mark the notice read and go to its record (or back to the list when the record is no longer open)."""
    notice = notice_mark_read(actor=request.user, notice=policy.access(request.user, Notice, pk, READ))
    still_open = notice.pk in readable(request.user, [notice])
    link_ok = url_has_allowed_host_and_scheme(notice.link, allowed_hosts={request.get_host()})
    if still_open and notice.link and link_ok:
        return redirect(notice.link)
    return redirect("notices")


@login_required
@require_POST
def notices_read_all(request: SignedInRequest) -> HttpResponse:
    marked = notices_mark_all_read(actor=request.user)
    messages.success(request, _("%(n)d notice(s) marked as read.") % {"n": marked})
    return redirect("notices")


class PreferenceForm(forms.Form):
    """One box per kind of e-mail; unticked kinds come only as notices in the app."""

    emails = forms.MultipleChoiceField(
        label=gettext_lazy("Send me an e-mail when"),
        choices=[(kind, label) for kind, label in KINDS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


@login_required
def notice_preferences(request: SignedInRequest) -> HttpResponse:
    muted = muted_kinds(request.user)
    form = PreferenceForm(request.POST or None, initial={"emails": [k for k in KINDS if k not in muted]})
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["emails"])
        NoticePreference.objects.update_or_create(
            user=request.user, defaults={"muted_email_kinds": sorted(set(KINDS) - wanted)}
        )
        messages.success(request, _("Your e-mail choices are saved; every notice still reaches you here."))
        return redirect("notice-preferences")
    return render(request, "core/notice_preferences.html", {"form": form})
