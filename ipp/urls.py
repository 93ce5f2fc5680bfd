from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core import views as core_views

api_v1 = [
    path("", include("accounts.api_urls")),
    path("", include("ipr.api_urls")),
    path("", include("complaints.api_urls")),
    path("", include("reviews.api_urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("dev/mailbox/", core_views.dev_mailbox, name="dev_mailbox"),
    path("documents/<uuid:pk>/", core_views.document, name="document"),
    path("", include("accounts.urls")),
    path("ipr/", include("ipr.urls")),
    path("complaints/", include("complaints.urls")),
    path("review/", include("reviews.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("django-admin/", admin.site.urls),
]
