from django.urls import path

from . import api

urlpatterns = [
    path("iprs/", api.IPRListCreate.as_view(), name="api-iprs"),
    path("iprs/<int:pk>/", api.IPRDetail.as_view(), name="api-ipr"),
    path("iprs/<int:pk>/submit/", api.IPRSubmit.as_view(), name="api-ipr-submit"),
    path("iprs/<int:pk>/resubmit/", api.IPRResubmit.as_view(), name="api-ipr-resubmit"),
    path("iprs/<int:pk>/renew/", api.IPRRenew.as_view(), name="api-ipr-renew"),
    path(
        "iprs/<int:pk>/authorization-letter/",
        api.IPRAuthorizationLetter.as_view(),
        name="api-ipr-letter",
    ),
    path("iprs/<int:pk>/approve/", api.IPRApprove.as_view(), name="api-ipr-approve"),
    path("iprs/<int:pk>/reject/", api.IPRReject.as_view(), name="api-ipr-reject"),
    path("iprs/<int:pk>/mark-invalid/", api.IPRMarkInvalid.as_view(), name="api-ipr-invalid"),
    path("ipr-queue/", api.ReviewQueue.as_view(), name="api-ipr-queue"),
]
