from .urls import realm_urlpatterns

urlpatterns = realm_urlpatterns("aliexpress")
