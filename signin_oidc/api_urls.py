from django.urls import path

from . import api

urlpatterns = [
    path(
        "account/marketplace-accounts/",
        api.MarketplaceIdentityList.as_view(),
        name="api-marketplace-accounts",
    ),
    path(
        "account/marketplace-accounts/<int:pk>/unlink/",
        api.MarketplaceIdentityUnlink.as_view(),
        name="api-marketplace-account-unlink",
    ),
]
