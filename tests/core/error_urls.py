"""The portal's URLs plus one view that fails, to show the real handler500 (ipp/urls.py's)."""

from django.urls import path

from ipp.urls import handler400, handler403, handler404, handler500
from ipp.urls import urlpatterns as portal


def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fail/", fail), path("api/v1/fail/", fail), *portal]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
