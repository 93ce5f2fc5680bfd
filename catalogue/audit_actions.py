"""Every audit action the catalogue writes, with its label for the timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogueAction(models.TextChoices):
    LISTING_TAKEN_DOWN = "listing.taken_down", _("Listing taken down")
    LISTING_RESTORED = "listing.restored", _("Listing restored")
    IMPORTED = "catalogue.imported", _("Catalogue imported")
