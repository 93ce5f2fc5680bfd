from django.urls import path

from .api import owner, review

urlpatterns = [
    path("iprs/", owner.IPRListCreate.as_view(), name="api-iprs"),
    path("iprs/<int:pk>/", owner.IPRDetail.as_view(), name="api-ipr"),
    path("iprs/<int:pk>/submit/", owner.IPRSubmit.as_view(), name="api-ipr-submit"),
    path("iprs/<int:pk>/resubmit/", owner.IPRResubmit.as_view(), name="api-ipr-resubmit"),
    path("iprs/<int:pk>/renew/", owner.IPRRenew.as_view(), name="api-ipr-renew"),
    path(
        "iprs/<int:pk>/authorization-letter/",
        owner.IPRAuthorizationLetter.as_view(),
        name="api-ipr-letter",
    ),
    path("iprs/<int:pk>/approve/", review.IPRApprove.as_view(), name="api-ipr-approve"),
    path("iprs/<int:pk>/reject/", review.IPRReject.as_view(), name="api-ipr-reject"),
    path("iprs/<int:pk>/mark-invalid/", review.IPRMarkInvalid.as_view(), name="api-ipr-invalid"),
    path("ipr-queue/", review.ReviewQueue.as_view(), name="api-ipr-queue"),
]
