"""Rotate the provider's signing key while it runs (the server reloads the key files)."""

from django.core.management.base import BaseCommand

from idp import keys


class Command(BaseCommand):
    help = "Rotate the ID-token signing key (`rotate`), or print the active key id (`show`)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rotate", "show"])
        parser.add_argument(
            "--retire-old", action="store_true", help="stop publishing the previous key"
        )
        parser.add_argument(
            "--unpublished",
            action="store_true",
            help="sign with a key the JWKS does not list (tokens nobody can verify)",
        )

    def handle(self, *args, action, retire_old, unpublished, **options):
        if action == "rotate":
            self.stdout.write(keys.rotate(publish=not unpublished, retire_old=retire_old))
        else:
            keys.ensure_key()
            self.stdout.write(keys.kid(keys.active_pem()))
