from django.urls import path

from . import api, api_identity

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
    path("identity/", api_identity.IdentityStatusView.as_view(), name="api-identity"),
    path(
        "identity/submissions/",
        api_identity.SubmissionListCreate.as_view(),
        name="api-identity-submissions",
    ),
    path(
        "identity/submissions/<int:pk>/",
        api_identity.SubmissionDetail.as_view(),
        name="api-identity-submission",
    ),
    path(
        "identity/submissions/<int:pk>/timeline/",
        api_identity.SubmissionTrail.as_view(),
        name="api-identity-timeline",
    ),
    path("identity/sole-account/", api_identity.SoleAccountView.as_view(), name="api-sole-account"),
    path(
        "identity/sole-account/statement.pdf",
        api_identity.SoleStatement.as_view(),
        name="api-sole-statement",
    ),
    path("review/identity/", api_identity.ReviewQueue.as_view(), name="api-identity-queue"),
    path(
        "review/identity/<int:pk>/start/",
        api_identity.StartReview.as_view(),
        name="api-identity-start",
    ),
    path(
        "review/identity/<int:pk>/approve/",
        api_identity.Approve.as_view(),
        name="api-identity-approve",
    ),
    path(
        "review/identity/<int:pk>/reject/",
        api_identity.Reject.as_view(),
        name="api-identity-reject",
    ),
    path("review/sole-accounts/", api_identity.SoleQueue.as_view(), name="api-sole-queue"),
    path(
        "review/sole-accounts/<int:pk>/approve/",
        api_identity.SoleApprove.as_view(),
        name="api-sole-approve",
    ),
    path(
        "review/sole-accounts/<int:pk>/reject/",
        api_identity.SoleReject.as_view(),
        name="api-sole-reject",
    ),
]
