"""Create (or refresh) the demo members and the portal's clients of every realm. Idempotent."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from oauth2_provider.models import Application

from idp import demo, keys
from idp.models import Member, RealmClient
from idp.realms import REALMS


class Command(BaseCommand):
    help = "Seed the local identity provider: demo members and the portal's clients."

    @transaction.atomic
    def handle(self, *args, **options):
        keys.ensure_key()
        User = get_user_model()
        for realm, username, subject, email, name, verified, stores in demo.MEMBERS:
            user, _created = User.objects.get_or_create(username=username)
            user.email = email
            user.set_password(demo.PASSWORD)
            user.save()
            Member.objects.update_or_create(
                user=user,
                defaults={
                    "realm": realm,
                    "subject": subject,
                    "display_name": name,
                    "email_verified": verified,
                    "stores": stores,
                },
            )
        for realm in REALMS:
            self._client(realm, demo.client_id(realm), demo.client_secret(realm), "")
        realm, wrong_id, audience = demo.WRONG_AUDIENCE_CLIENT
        self._client(realm, wrong_id, demo.client_secret(realm), audience)
        self.stdout.write(f"Seeded {len(demo.MEMBERS)} members and {len(REALMS) + 1} clients.")

    def _client(self, realm: str, client_id: str, secret: str, audience: str) -> None:
        app = Application.objects.filter(client_id=client_id).first() or Application(
            client_id=client_id
        )
        app.name = f"IPP Portal ({REALMS[realm]})"
        app.client_type = Application.CLIENT_CONFIDENTIAL
        app.authorization_grant_type = Application.GRANT_AUTHORIZATION_CODE
        app.algorithm = Application.RS256_ALGORITHM
        app.redirect_uris = demo.redirect_uris(realm)
        app.client_secret = secret  # hashed on save
        app.hash_client_secret = True
        app.skip_authorization = False
        app.save()
        RealmClient.objects.update_or_create(
            application=app, defaults={"realm": realm, "id_token_audience": audience}
        )
