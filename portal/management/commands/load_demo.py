from django.core.management.base import BaseCommand

from portal.demo import ACCOUNTS, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo organisation and accounts (idempotent). Demo data only: never on a real system."

    def handle(self, *args, **options):
        counts = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {counts['units']} units, {counts['staff']} staff, {counts['inspections']} inspections."
            )
        )
        self.stdout.write(f"Demo accounts (password '{DEMO_PASSWORD}', DEMO ONLY):")
        for account in ACCOUNTS:
            who = f"{account.username:<11} {account.role.value:<11}"
            self.stdout.write(f"  {who} {account.full_name} — {account.description}")
