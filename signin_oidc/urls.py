from django.urls import path

from . import views

app_name = "signin_oidc"

urlpatterns = [
    path("login/marketplace/register/", views.register, name="register"),
    path("login/marketplace/<slug:marketplace>/start/", views.start, name="start"),
    path("login/marketplace/<slug:marketplace>/callback/", views.callback, name="callback"),
    path("account/marketplace-accounts/<int:pk>/unlink/", views.unlink, name="unlink"),
]
