from django.urls import path

from . import api

urlpatterns = [
    path("complaints/", api.ComplaintListCreate.as_view(), name="api-complaints"),
    path(
        "complaints/options/",
        api.ComplaintOptions.as_view(),
        name="api-complaint-options",
    ),
    path("complaints/check-urls/", api.CheckUrls.as_view(), name="api-check-urls"),
    path(
        "complaints/saved-filters/",
        api.SavedFilterList.as_view(),
        name="api-complaint-saved-filters",
    ),
    path(
        "complaints/saved-filters/<int:pk>/",
        api.SavedFilterDetail.as_view(),
        name="api-complaint-saved-filter",
    ),
    path("complaints/<int:pk>/", api.ComplaintDetail.as_view(), name="api-complaint"),
    path("complaints/<int:pk>/items/", api.ComplaintItems.as_view(), name="api-complaint-items"),
    path(
        "complaints/<int:pk>/items/<int:item_pk>/",
        api.ComplaintItemDetail.as_view(),
        name="api-complaint-item",
    ),
    path(
        "complaints/<int:pk>/submit/",
        api.ComplaintSubmit.as_view(),
        name="api-complaint-submit",
    ),
    path(
        "complaints/<int:pk>/withdraw/",
        api.ComplaintWithdraw.as_view(),
        name="api-complaint-withdraw",
    ),
    path(
        "complaints/<int:pk>/timeline/",
        api.ComplaintTimeline.as_view(),
        name="api-complaint-timeline",
    ),
    path("dmca-notices/", api.DmcaNoticeCreate.as_view(), name="api-dmca-notice"),
    path("account/accuracy/", api.AccountAccuracy.as_view(), name="api-account-accuracy"),
]
