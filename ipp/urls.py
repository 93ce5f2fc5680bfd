from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from complaints import views as complaint_views
from core import api_views as core_api
from core import views as core_views
from core.csp import ApiDocs

api_v1 = [
    path("documents/", core_api.DocumentUpload.as_view(), name="api-documents"),
    path("notifications/", core_api.NotificationList.as_view(), name="api-notifications"),
    path(
        "notifications/<int:pk>/read/",
        core_api.NotificationRead.as_view(),
        name="api-notification-read",
    ),
    path(
        "notifications/read-all/",
        core_api.NotificationReadAll.as_view(),
        name="api-notifications-read-all",
    ),
    path(
        "account/notification-preferences/",
        core_api.NotificationPreferencesView.as_view(),
        name="api-notification-preferences",
    ),
    path("", include("accounts.api_urls")),
    path("", include("ipr.api_urls")),
    path("", include("catalogue.api_urls")),
    path("", include("complaints.api_urls")),
    path("", include("reviews.api_urls")),
    path("", include("appeals.api_urls")),
    path("", include("signin_oidc.api_urls")),
    path("", include("guidance.api_urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("dev/mailbox/", core_views.dev_mailbox, name="dev_mailbox"),
    path("documents/<uuid:pk>/", core_views.document, name="document"),
    path(
        "documents/<uuid:pk>/pages/<int:page>.png", core_views.document_page, name="document_page"
    ),
    path("notifications/", core_views.notifications, name="notifications"),
    path("notifications/<int:pk>/open/", core_views.notification_open, name="notification_open"),
    path(
        "account/notifications/",
        core_views.notification_preferences,
        name="notification_preferences",
    ),
    path("", include("accounts.urls")),
    path("", include("signin_oidc.urls")),
    path("ipr/", include("ipr.urls")),
    path("complaints/", include("complaints.urls")),
    path("dmca/", complaint_views.dmca_notice, name="dmca_notice"),
    path("help/", include("guidance.urls")),
    path("review/", include("reviews.urls")),
    path("appeals/", include("appeals.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocs.as_view(url_name="api-schema"), name="api-docs"),
    path("django-admin/", admin.site.urls),
]

handler400 = "core.error_responses.bad_request"
handler403 = "core.error_responses.permission_denied"
handler404 = "core.error_responses.page_not_found"
handler500 = "core.unavailable.server_error"
