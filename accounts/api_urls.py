from django.urls import path

from .api import (
    credentials,
    identity,
    profile,
    registration,
    second_factor,
    signin,
    sole_account,
)

urlpatterns = [
    path("auth/challenge/", registration.ChallengeView.as_view(), name="api-challenge"),
    path("auth/registrations/", registration.RegistrationCreate.as_view(), name="api-registration"),
    path(
        "auth/registrations/<uuid:pk>/",
        registration.RegistrationDetail.as_view(),
        name="api-registration-detail",
    ),
    path(
        "auth/registrations/<uuid:pk>/resend/",
        registration.RegistrationResend.as_view(),
        name="api-registration-resend",
    ),
    path(
        "auth/registrations/<uuid:pk>/verify/",
        registration.RegistrationVerify.as_view(),
        name="api-registration-verify",
    ),
    path(
        "auth/registrations/<uuid:pk>/complete/",
        registration.RegistrationComplete.as_view(),
        name="api-registration-complete",
    ),
    path("auth/login/", signin.LoginView.as_view(), name="api-login"),
    path("auth/unlock/", signin.UnlockView.as_view(), name="api-unlock"),
    path("auth/unlock/resend/", signin.UnlockResendView.as_view(), name="api-unlock-resend"),
    path("auth/second-factor/", signin.SecondFactorView.as_view(), name="api-second-factor"),
    path("auth/logout/", signin.LogoutView.as_view(), name="api-logout"),
    path("auth/logout-all/", credentials.LogoutAllView.as_view(), name="api-logout-all"),
    path("account/password/", credentials.PasswordChangeView.as_view(), name="api-password"),
    path("account/sessions/", credentials.BrowserSessionList.as_view(), name="api-sessions"),
    path(
        "account/sessions/<int:pk>/",
        credentials.BrowserSessionDetail.as_view(),
        name="api-session",
    ),
    path("account/tokens/", credentials.ApiTokenList.as_view(), name="api-tokens"),
    path("account/tokens/<uuid:pk>/", credentials.ApiTokenDetail.as_view(), name="api-token"),
    path("account/security-log/", credentials.SecurityLogView.as_view(), name="api-security-log"),
    path("auth/password-reset/", signin.PasswordResetView.as_view(), name="api-password-reset"),
    path("me/", profile.MeView.as_view(), name="api-me"),
    path(
        "account/second-factor/",
        second_factor.SecondFactorStatusView.as_view(),
        name="api-account-second-factor",
    ),
    path("identity/", identity.IdentityStatusView.as_view(), name="api-identity"),
    path(
        "identity/submissions/",
        identity.SubmissionListCreate.as_view(),
        name="api-identity-submissions",
    ),
    path(
        "identity/submissions/<int:pk>/",
        identity.SubmissionDetail.as_view(),
        name="api-identity-submission",
    ),
    path(
        "identity/submissions/<int:pk>/timeline/",
        identity.SubmissionTrail.as_view(),
        name="api-identity-timeline",
    ),
    path("identity/sole-account/", sole_account.SoleAccountView.as_view(), name="api-sole-account"),
    path(
        "identity/sole-account/statement.pdf",
        sole_account.SoleStatement.as_view(),
        name="api-sole-statement",
    ),
    path("review/identity/", identity.ReviewQueue.as_view(), name="api-identity-queue"),
    path(
        "review/identity/<int:pk>/start/",
        identity.StartReview.as_view(),
        name="api-identity-start",
    ),
    path(
        "review/identity/<int:pk>/approve/",
        identity.Approve.as_view(),
        name="api-identity-approve",
    ),
    path(
        "review/identity/<int:pk>/reject/",
        identity.Reject.as_view(),
        name="api-identity-reject",
    ),
    path("review/sole-accounts/", sole_account.SoleQueue.as_view(), name="api-sole-queue"),
    path(
        "review/sole-accounts/<int:pk>/approve/",
        sole_account.SoleApprove.as_view(),
        name="api-sole-approve",
    ),
    path(
        "review/sole-accounts/<int:pk>/reject/",
        sole_account.SoleReject.as_view(),
        name="api-sole-reject",
    ),
]
