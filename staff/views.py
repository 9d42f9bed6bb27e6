"""Organisation pages. Every record is fetched through the selectors, which apply the policy."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import policy
from core.audit import history_for
from core.pagination import page_for
from core.roles import Role, has_role
from staff import selectors
from staff.forms import ImportForm, SearchForm
from staff.import_templates import TEMPLATES, template_workbook
from staff.importers import IMPORTERS, ImportRejected
from staff.models import Staff

PAGE_SIZE = 50


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    units = selectors.unit_list_for_user(request.user, search=search)
    page, query = page_for(request, units, PAGE_SIZE)
    context = {"form": form, "page": page, "query": query, "search": search}
    return render(request, "staff/unit_list.html", context)


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.access_unit(request.user, pk)
    visible_units = selectors.unit_list_for_user(request.user)
    children = visible_units.filter(path__startswith=unit.path, depth=unit.depth + 1)
    staff = selectors.staff_list_for_user(request.user).filter(unit=unit)
    staff_page, staff_query = page_for(request, staff, PAGE_SIZE)
    context = {
        "unit": unit,
        "ancestors": visible_units.filter(path__in=unit.ancestor_paths(include_self=False)),
        "children": children,
        "staff_page": staff_page,
        "staff_query": staff_query,
        "posts": selectors.unit_posts_current(unit),
        "history": history_for(request.user, unit),
        "actions": policy.allowed_actions(request.user, unit),
    }
    return render(request, "staff/unit_detail.html", context)


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    staff = selectors.staff_list_for_user(request.user, search=search)
    page, query = page_for(request, staff, PAGE_SIZE)
    rows = cast(list[Staff], list(page))
    labels = selectors.unit_path_labels([member.unit for member in rows])
    context = {
        "form": form,
        "page": page,
        "query": query,
        "search": search,
        "rows": [(member, labels[member.unit_id]) for member in rows],
    }
    return render(request, "staff/staff_list.html", context)


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.access_staff(request.user, pk)
    context = {
        "member": member,
        "posts": member.posts.select_related("unit").order_by("-valid_from"),
        "history": history_for(request.user, member),
        "actions": policy.allowed_actions(request.user, member),
    }
    return render(request, "staff/staff_detail.html", context)


@login_required
def org_import(request: HttpRequest) -> HttpResponse:
    """Upload a unit or staff list. Only administrators; others get a 404 like any hidden page."""
    if not has_role(request.user, Role.ADMIN):
        raise Http404
    problems = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            importer = IMPORTERS[form.cleaned_data["kind"]]
            try:
                report = importer(upload, upload.name, actor=request.user)
            except ImportRejected as rejected:
                problems = [p.render() for p in rejected.problems]
                messages.error(
                    request, _("Nothing was imported: the file has %(n)d problem(s).") % {"n": len(problems)}
                )
            else:
                messages.success(request, _("Import finished: %(report)s.") % {"report": report})
                return redirect("org-import")
    else:
        form = ImportForm()
    return render(request, "staff/import.html", {"form": form, "problems": problems})


@login_required
def org_import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """The XLSX template for an import (``staff.import_templates``), for the administrators who import."""
    if not has_role(request.user, Role.ADMIN) or kind not in TEMPLATES:
        raise Http404
    content, filename = template_workbook(kind)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def unit_pick(request: HttpRequest) -> JsonResponse:
    """Matches for a unit picker (``core.widgets.RecordPicker``), among the units the user may see."""
    return JsonResponse(
        {"results": selectors.unit_choices_for_user(request.user, request.GET.get("q", "")[:100])}
    )


@login_required
def staff_pick(request: HttpRequest) -> JsonResponse:
    """Matches for a staff picker; ``?unit=<id>`` keeps to that unit's subtree (a unit the user may not
    see, or no unit at all by that id, gives no match: the two cannot be told apart)."""
    search = request.GET.get("q", "")[:100]
    if "unit" not in request.GET:
        return JsonResponse({"results": selectors.staff_choices_for_user(request.user, search)})
    unit = selectors.visible_unit_or_none(request.user, request.GET["unit"])
    results = selectors.staff_choices_for_user(request.user, search, unit=unit) if unit else []
    return JsonResponse({"results": results})
