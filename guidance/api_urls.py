from django.urls import path

from . import api

urlpatterns = [
    path("guidance/platforms/", api.PlatformGuideList.as_view(), name="api-guidance-platforms"),
    path(
        "guidance/platforms/<slug:slug>/",
        api.PlatformGuideDetail.as_view(),
        name="api-guidance-platform",
    ),
    path("guidance/contact/", api.ContactView.as_view(), name="api-guidance-contact"),
]
