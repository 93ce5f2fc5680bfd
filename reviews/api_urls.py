from django.urls import path

from . import api

urlpatterns = [
    path("review/queues/", api.Queues.as_view(), name="api-review-queues"),
    path("review/queues/<slug:name>/", api.QueueItems.as_view(), name="api-review-queue"),
    path(
        "review/queues/<slug:name>/claim-next/",
        api.ClaimNext.as_view(),
        name="api-review-claim-next",
    ),
    path("review/queues/<slug:name>/<int:pk>/claim/", api.Claim.as_view(), name="api-review-claim"),
    path(
        "review/queues/<slug:name>/<int:pk>/release/",
        api.Release.as_view(),
        name="api-review-release",
    ),
    path("review/items/<int:pk>/accept/", api.AcceptItem.as_view(), name="api-review-accept"),
    path("review/items/<int:pk>/reject/", api.RejectItem.as_view(), name="api-review-reject"),
    path("review/items/<int:pk>/reverse/", api.ReverseItem.as_view(), name="api-review-reverse"),
    path("review/items/<int:pk>/undo/", api.UndoTakedown.as_view(), name="api-review-undo"),
    path(
        "review/complaints/<int:pk>/decisions/",
        api.DecideItems.as_view(),
        name="api-review-decisions",
    ),
    path("review/sellers/<int:pk>/points/", api.SellerHistory.as_view(), name="api-seller-history"),
    path("seller/items/", api.SellerItems.as_view(), name="api-seller-items"),
    path("seller/items/<int:pk>/", api.SellerItem.as_view(), name="api-seller-item"),
    path(
        "seller/items/<int:pk>/counter-notice/",
        api.SubmitCounterNotice.as_view(),
        name="api-counter-notice-submit",
    ),
    path("seller/points/", api.SellerPoints.as_view(), name="api-seller-points"),
    path("counter-notices/<int:pk>/", api.CounterNoticeDetail.as_view(), name="api-counter-notice"),
    path(
        "counter-notices/<int:pk>/accept/",
        api.AcceptCounterNotice.as_view(),
        name="api-counter-notice-accept",
    ),
    path(
        "counter-notices/<int:pk>/maintain/",
        api.MaintainComplaint.as_view(),
        name="api-counter-notice-maintain",
    ),
    path(
        "counter-notices/<int:pk>/decide/",
        api.DecideCounterNotice.as_view(),
        name="api-counter-notice-decide",
    ),
]
