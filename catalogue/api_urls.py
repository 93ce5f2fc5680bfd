from django.urls import path

from . import api

urlpatterns = [
    path(
        "catalogue/listings/",
        api.CatalogueListingsImport.as_view(),
        name="api-catalogue-listings-import",
    ),
]
