from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core import policy
from core.roles import user_roles
from findings.search import MIN_LENGTH, search
from inspection.models import Inspection
from portal.work import work_for
from staff.models import Staff, Unit
from staff.permissions import unit_jurisdiction
from staff.selectors import own_staff_record


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Role-aware start page: each role sees the entry points and counts that concern it."""
    user = request.user
    roles = user_roles(user)
    context = {
        "role_names": {role.value for role in roles},
        "unit_count": policy.visible(user, Unit).count(),
        "staff_count": policy.visible(user, Staff).count(),
        "inspection_count": policy.visible(user, Inspection).count(),
        "jurisdiction_roots": list(Unit.objects.filter(path__in=unit_jurisdiction(user)).order_by("path")),
        "own_staff": own_staff_record(user),
    }
    context["work"] = work_for(user)
    return render(request, "portal/home.html", context)


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    """The header's search box: units, staff, inspections and findings the user may see."""
    text = request.GET.get("q", "")
    groups = search(request.user, text)
    return render(
        request,
        "portal/search.html",
        {"q": text, "groups": groups, "too_short": 0 < len(text.strip()) < MIN_LENGTH},
    )
