"""Every audit action of marketplace sign-in, with its label for the timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MarketplaceAction(models.TextChoices):
    SIGNED_IN = "marketplace.signed_in", _("Signed in with a marketplace account")
    SIGNIN_REFUSED = "marketplace.signin_refused", _("Marketplace sign-in refused")
    IDENTITY_LINKED = "marketplace.identity_linked", _("Marketplace account linked")
    IDENTITY_UNLINKED = "marketplace.identity_unlinked", _("Marketplace account unlinked")
    STORE_LINKED = "marketplace.store_linked", _("Store linked from the marketplace sign-in")
    STORE_LINK_REFUSED = (
        "marketplace.store_link_refused",
        _("Store answered by another account: not linked"),
    )
