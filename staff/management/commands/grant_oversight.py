from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.roles import Role, has_role
from staff.models import Unit
from staff.permissions import oversight_grant, oversight_revoke


class Command(BaseCommand):
    help = "Give (or with --revoke, take back) a director's jurisdiction over a unit and its subtree."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("unit_code")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, username: str, unit_code: str, revoke: bool, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}")
        if not has_role(user, Role.DIRECTOR):
            raise CommandError(f"{username!r} does not hold the director role")
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise CommandError(f"No unit with code {unit_code!r}")
        (oversight_revoke if revoke else oversight_grant)(user=user, unit=unit)
        self.stdout.write(
            self.style.SUCCESS(f"{'Revoked' if revoke else 'Granted'}: {username} over {unit.name}")
        )
