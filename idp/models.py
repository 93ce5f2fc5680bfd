from django.conf import settings
from django.db import models
from oauth2_provider.models import Application  # the stock model (settings)


class Member(models.Model):
    """A marketplace member: what the ID token asserts about them."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    realm = models.CharField(max_length=20)
    subject = models.CharField(max_length=64, unique=True)
    display_name = models.CharField(max_length=200)
    email_verified = models.BooleanField(default=True)
    # [{"marketplace": "taobao", "store_id": "tb-1001"}, ...]: the `ipp_stores` claim.
    stores = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.realm}:{self.user.username}"


class RealmClient(models.Model):
    """Which realm a registered relying party belongs to. `id_token_audience` makes a client's
    ID tokens name another audience: a misconfigured provider, for the relying party's tests."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE)
    realm = models.CharField(max_length=20)
    id_token_audience = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.realm}:{self.application.client_id}"
