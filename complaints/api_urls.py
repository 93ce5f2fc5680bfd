from django.urls import path

from . import api, complaint_api

urlpatterns = [
    path(
        "catalogue/listings/",
        api.CatalogueListingsImport.as_view(),
        name="api-catalogue-listings-import",
    ),
    path("complaints/", complaint_api.ComplaintListCreate.as_view(), name="api-complaints"),
    path(
        "complaints/options/",
        complaint_api.ComplaintOptions.as_view(),
        name="api-complaint-options",
    ),
    path("complaints/check-urls/", complaint_api.CheckUrls.as_view(), name="api-check-urls"),
    path("complaints/<int:pk>/", complaint_api.ComplaintDetail.as_view(), name="api-complaint"),
    path(
        "complaints/<int:pk>/submit/",
        complaint_api.ComplaintSubmit.as_view(),
        name="api-complaint-submit",
    ),
    path(
        "complaints/<int:pk>/withdraw/",
        complaint_api.ComplaintWithdraw.as_view(),
        name="api-complaint-withdraw",
    ),
    path(
        "complaints/<int:pk>/timeline/",
        complaint_api.ComplaintTimeline.as_view(),
        name="api-complaint-timeline",
    ),
    path("dmca-notices/", complaint_api.DmcaNoticeCreate.as_view(), name="api-dmca-notice"),
]
