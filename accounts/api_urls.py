from django.urls import path

from . import api

urlpatterns = [
    path("auth/challenge/", api.ChallengeView.as_view(), name="api-challenge"),
    path("auth/registrations/", api.RegistrationCreate.as_view(), name="api-registration"),
    path(
        "auth/registrations/<uuid:pk>/resend/",
        api.RegistrationResend.as_view(),
        name="api-registration-resend",
    ),
    path(
        "auth/registrations/<uuid:pk>/verify/",
        api.RegistrationVerify.as_view(),
        name="api-registration-verify",
    ),
    path(
        "auth/registrations/<uuid:pk>/complete/",
        api.RegistrationComplete.as_view(),
        name="api-registration-complete",
    ),
    path("auth/login/", api.LoginView.as_view(), name="api-login"),
    path("auth/unlock/", api.UnlockView.as_view(), name="api-unlock"),
    path("auth/logout/", api.LogoutView.as_view(), name="api-logout"),
    path("auth/password-reset/", api.PasswordResetView.as_view(), name="api-password-reset"),
    path("me/", api.MeView.as_view(), name="api-me"),
]
