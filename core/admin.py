from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from simple_history.admin import SimpleHistoryAdmin

admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(UserAdmin, SimpleHistoryAdmin):
    """Django's user admin with the change history (role changes included) one click away."""
