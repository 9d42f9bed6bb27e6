"""The confirmation every page asks for before a step that cannot be undone.

A step whose state-table row states a ``consequence`` (``core.states.Transition``) is taken only from a
request that carries ``confirmed``; the first request shows what cannot be undone and changes nothing.
The fields the person filled in (a note, a reason) travel on the confirmation page, so nothing typed is
lost between the two requests. Inspections have their own page (``inspection/transition_confirm.html``)
that adds the checklist's progress; every other workflow uses this one.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.states import Transition

KEPT_OUT = frozenset({"csrfmiddlewaretoken", "confirmed"})
SHOWN = ("note", "reason")


def unconfirmed(request: HttpRequest, transition: Transition | None) -> bool:
    """Whether ``transition`` states a consequence that this request has not yet confirmed."""
    return bool(transition is not None and transition.consequence and not request.POST.get("confirmed"))


def confirmation_page(
    request: HttpRequest,
    *,
    transition: Transition,
    subject: str,
    action_url: str,
    back_url: str,
    detail: str = "",
) -> HttpResponse:
    """The page that says what cannot be undone, and re-sends the person's fields with ``confirmed``."""
    fields = [
        (name, value) for name, values in request.POST.lists() if name not in KEPT_OUT for value in values
    ]
    context = {
        "transition": transition,
        "subject": subject,
        "detail": detail,
        "action_url": action_url,
        "back_url": back_url,
        "fields": fields,
        "shown": SHOWN,
    }
    return render(request, "core/step_confirm.html", context)
