from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from core.roles import Role, has_role


class CongvuAdminSite(AdminSite):
    """The Django admin, open to holders of the ``admin`` role (not to ``is_staff`` alone)."""

    site_header = "congvu"
    site_title = "congvu"

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and has_role(request.user, Role.ADMIN)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """The site's own login page (password, then the code of a two-factor account): the admin's
        login form would sign a two-factor account in with its password alone."""
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
