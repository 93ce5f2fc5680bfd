"""Data for the fault run, written through the project's own services (run inside Django by
faults/run.py): extra verified rights owners, each with an authenticated trademark, and a block of
live Taobao listings so every complaint of the run names listings no other complaint names.

    python faults/seed.py OWNERS LISTINGS FIRST_LISTING_ID
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipp.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from accounts.models import IdentityKind, RegistrantCategory, Role, User  # noqa: E402
from accounts.services.devices import trust_device  # noqa: E402
from accounts.services.registration import current_agreement  # noqa: E402
from catalogue.serializers import MAX_IMPORT_ROWS  # noqa: E402
from catalogue.services import import_catalogue  # noqa: E402
from catalogue.urlcheck import Platform  # noqa: E402
from ipp.management.commands import seed_demo  # noqa: E402
from ipp.management.commands.seed_demo import DEMO_PASSWORD, Command  # noqa: E402

STORE = ("taobao", "tb-fault-1", "Fault Drill Store")


def owner_email(n: int) -> str:
    return f"owner{n}@faults.ipp"


def seed_owners(count: int) -> None:
    """Verified business owners with an authenticated trademark, the way seed_demo makes its
    demo owner (identity approved by the demo reviewer, IPR submitted and approved)."""
    reviewer = User.objects.get(email="reviewer@demo.ipp")
    agreement = current_agreement()
    for n in range(1, count + 1):
        user, created = User.objects.get_or_create(
            email=owner_email(n),
            defaults={
                "role": Role.RIGHTS_OWNER,
                "identity_kind": IdentityKind.BUSINESS,
                "registrant_category": RegistrantCategory.IPR_OWNER,
                "location": "DE",
                "agreement_version": agreement.version,
                "agreement_accepted_at": timezone.now(),
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        # one company per owner: a shared complainant name would block filing (sole account)
        seed_demo.DEMO_COMPANY = f"Fault Drill {n} GmbH"
        Command()._verified_owner(user, reviewer)
        print(f"owner {user.email} {'created' if created else 'kept'}")


def seed_listings(count: int, first_id: int) -> None:
    platform, store_id, store_name = STORE
    assert platform == Platform.TAOBAO
    for start in range(0, count, MAX_IMPORT_ROWS):
        rows = [
            {
                "platform": platform,
                "listing_id": str(first_id + n),
                "title": f"Fault drill item {n}",
                "seller_store_id": store_id,
                "category": "Bags",
                "status": "live",
            }
            for n in range(start, min(count, start + MAX_IMPORT_ROWS))
        ]
        batch = import_catalogue(
            sellers=[{"platform": platform, "store_id": store_id, "store_name": store_name}],
            listings=rows,
            source="command:faults",
        )
        print(f"listings created {batch.listings_created}")


def trusted_devices(emails: list[str]) -> None:
    """A trusted device per owner, used only when the API's own unlock flow cannot be completed
    (run.py says so when it happens)."""
    for address in emails:
        token = trust_device(
            user=User.objects.get(email=address),
            ip_address="127.0.0.1",
            user_agent="faults/seed.py",
        )
        print(f"device {address} {token}")


if __name__ == "__main__":
    if sys.argv[1] == "seed_demo":
        from django.core.management import call_command

        call_command("seed_demo")
    else:
        seed_owners(int(sys.argv[1]))
        seed_listings(int(sys.argv[2]), int(sys.argv[3]))
        count = int(sys.argv[1])
        trusted_devices(["owner@demo.ipp"] + [owner_email(n) for n in range(1, count + 1)])
