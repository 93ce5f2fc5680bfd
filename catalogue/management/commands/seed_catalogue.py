"""Demo marketplace catalogue for the local run. Idempotent."""

from django.core.management.base import BaseCommand

from catalogue.seed import seed_demo_catalogue


class Command(BaseCommand):
    help = (
        "Create demo sellers (each linked to a seller account, the first to seller@demo.ipp) "
        "and a few hundred listings across all platforms. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        batch = seed_demo_catalogue()
        self.stdout.write(
            f"sellers: {batch.sellers_created} created, {batch.sellers_updated} updated; "
            f"listings: {batch.listings_created} created, {batch.listings_updated} updated"
        )
