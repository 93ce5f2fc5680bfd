"""Demo accounts for the local run. Idempotent: running it again changes nothing but passwords."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import IdentityKind, RegistrantCategory, Role, User
from accounts.services.registration import current_agreement

DEMO_PASSWORD = "Demo-pass-2026!"
DEMO_ACCOUNTS = [
    {
        "email": "owner@demo.ipp",
        "role": Role.RIGHTS_OWNER,
        "identity_kind": IdentityKind.BUSINESS,
        "registrant_category": RegistrantCategory.IPR_OWNER,
        "location": "DE",
        "contact_email": "legal@demo.ipp",
    },
    {"email": "reviewer@demo.ipp", "role": Role.REVIEWER, "is_staff": True, "location": "CN"},
    {"email": "seller@demo.ipp", "role": Role.SELLER, "location": "CN"},
]


class Command(BaseCommand):
    help = "Create the demo rights owner, reviewer and seller (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        agreement = current_agreement()
        for spec in DEMO_ACCOUNTS:
            fields = {k: v for k, v in spec.items() if k != "email"}
            user, created = User.objects.get_or_create(email=spec["email"], defaults=fields)
            if created:
                user.agreement_version = agreement.version
                user.agreement_accepted_at = timezone.now()
            user.set_password(DEMO_PASSWORD)
            user.save()
            self.stdout.write(f"{'created' if created else 'kept'} {user.email} ({user.role})")
