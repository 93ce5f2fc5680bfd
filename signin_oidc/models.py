from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Marketplace(models.TextChoices):
    """The three marketplace sign-ins. "taobao" is the Taobao family's Member login (Taobao,
    Tmall, Tmall HK, 1688 share one member account)."""

    TAOBAO = "taobao", _("Member login")
    ALIEXPRESS = "aliexpress", _("AliExpress login")
    ALIBABA = "alibaba", _("Alibaba.com account login")


# The marketplace as messages name it (the button says Marketplace.label).
MARKETPLACE_NAMES = {
    Marketplace.TAOBAO: _("Taobao member login"),
    Marketplace.ALIEXPRESS: _("AliExpress"),
    Marketplace.ALIBABA: _("Alibaba.com"),
}


def marketplace_name(marketplace: str) -> str:
    return str(MARKETPLACE_NAMES[Marketplace(marketplace)])


class MarketplaceIdentity(models.Model):
    """A marketplace account (the provider's issuer + subject) linked to one portal account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="marketplace_identities",
    )
    marketplace = models.CharField(_("marketplace"), max_length=20, choices=Marketplace.choices)
    issuer = models.URLField(_("issuer"), max_length=300)
    subject = models.CharField(_("subject"), max_length=255)
    email = models.EmailField(_("email at the marketplace"), blank=True)
    name = models.CharField(_("member name"), max_length=200, blank=True)
    linked_at = models.DateTimeField(auto_now_add=True)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("marketplace identity")
        verbose_name_plural = _("marketplace identities")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="signin_oidc_identity_issuer_subject_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_marketplace_display()}: {self.name or self.subject}"
