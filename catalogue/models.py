"""The marketplace catalogue: the stores selling on each marketplace and their listings, as the
connector knows them. The tables keep their original names from when these models lived in
`complaints` (moved with SeparateDatabaseAndState, no data copied)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .urlcheck import Platform


class Seller(models.Model):
    """A store on one marketplace. `account` is the portal seller account that answers for it
    (receives takedown notices, files counter-notices); a store may not have one yet."""

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    store_id = models.CharField(_("store id"), max_length=64)
    store_name = models.CharField(_("store name"), max_length=200)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("seller account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="marketplace_stores",
        limit_choices_to={"role": "seller"},
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "complaints_seller"
        verbose_name = _("marketplace seller")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "store_id"], name="complaints_seller_platform_store_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.store_name} ({self.get_platform_display()})"


class ListingStatus(models.TextChoices):
    LIVE = "live", _("Live")
    TAKEN_DOWN = "taken_down", _("Taken down")
    RESTORED = "restored", _("Restored")


class Listing(models.Model):
    """One product listing on a marketplace, as the connector knows it."""

    TRANSITIONS = {
        ListingStatus.LIVE: {ListingStatus.TAKEN_DOWN},
        ListingStatus.TAKEN_DOWN: {ListingStatus.RESTORED},
        ListingStatus.RESTORED: {ListingStatus.TAKEN_DOWN},
    }
    VISIBLE = (ListingStatus.LIVE, ListingStatus.RESTORED)

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    listing_id = models.CharField(_("listing id"), max_length=32)
    title = models.CharField(_("title"), max_length=300)
    seller = models.ForeignKey(
        Seller, verbose_name=_("seller"), on_delete=models.PROTECT, related_name="listings"
    )
    category = models.CharField(_("category"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ListingStatus.choices, default=ListingStatus.LIVE
    )
    url = models.URLField(_("URL"), max_length=2048)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "complaints_listing"
        verbose_name = _("marketplace listing")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "listing_id"], name="complaints_listing_platform_id_uniq"
            )
        ]
        indexes = [
            models.Index(fields=["seller", "status"], name="complaints_listing_seller_st"),
            models.Index(fields=["platform", "status"], name="complaints_listing_platf_st"),
        ]
        permissions = [("import_catalogue", _("Can import the marketplace catalogue"))]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.listing_id}: {self.title}"

    @property
    def is_visible(self) -> bool:
        return self.status in self.VISIBLE

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())


class CatalogueImport(models.Model):
    """One batch fed by a marketplace operator (API) or a command: the audit target of imports."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=200)
    sellers_created = models.PositiveIntegerField(default=0)
    sellers_updated = models.PositiveIntegerField(default=0)
    listings_created = models.PositiveIntegerField(default=0)
    listings_updated = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "complaints_catalogueimport"
        verbose_name = _("catalogue import")

    def __str__(self) -> str:
        return f"{self.source} @ {self.created_at:%Y-%m-%d %H:%M}"
