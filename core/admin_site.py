from django.contrib.admin import AdminSite
from django.http import HttpRequest

from core.roles import Role, has_role


class CongvuAdminSite(AdminSite):
    """The Django admin, open to holders of the ``admin`` role (not to ``is_staff`` alone)."""

    site_header = "congvu"
    site_title = "congvu"

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and has_role(request.user, Role.ADMIN)
