from django.urls import path, reverse_lazy
from django.views.generic import RedirectView

from .views import (
    identity,
    language,
    profile,
    registration,
    second_factor,
    security,
    signin,
    sole_account,
)

app_name = "accounts"

urlpatterns = [
    path("language/", language.switch_language, name="set_language"),
    path("register/", registration.register, name="register"),
    path("register/verify/", registration.register_verify, name="register_verify"),
    path("register/resend/", registration.register_resend, name="register_resend"),
    path("register/password/", registration.register_password, name="register_password"),
    path("login/", signin.member_login, name="login"),
    path("login/unlock/", signin.unlock, name="unlock"),
    path("login/unlock/resend/", signin.unlock_resend, name="unlock_resend"),
    path("logout/", signin.member_logout, name="logout"),
    path("account/sign-in/second-factor/", second_factor.second_factor, name="second_factor"),
    path(
        "account/security/second-factor/",
        second_factor.second_factor_manage,
        name="second_factor_manage",
    ),
    path(
        "account/security/second-factor/setup/",
        second_factor.second_factor_setup,
        name="second_factor_setup",
    ),
    path(
        "account/security/second-factor/recovery-codes/",
        second_factor.recovery_codes,
        name="recovery_codes",
    ),
    path(
        "account/security/second-factor/recovery-codes/new/",
        second_factor.recovery_codes_regenerate,
        name="recovery_codes_regenerate",
    ),
    path(
        "account/security/second-factor/turn-off/",
        second_factor.second_factor_disable,
        name="second_factor_disable",
    ),
    path("account/", profile.account, name="account"),
    path("account/contact/", profile.contact_details, name="contact_details"),
    path("account/password-reset/", signin.password_reset, name="password_reset"),
    path(
        "account/reset/<uidb64>/<token>/",
        security.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path("account/security/", security.security, name="security"),
    path("account/security/password/", security.password_change, name="password_change"),
    path(
        "account/security/sessions/<int:pk>/sign-out/",
        security.session_sign_out,
        name="session_sign_out",
    ),
    path(
        "account/security/api-clients/<uuid:token_id>/revoke/",
        security.api_token_revoke,
        name="api_token_revoke",
    ),
    path(
        "account/security/sign-out-everywhere/",
        security.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    path("agreement/", profile.agreement, name="agreement"),
    path("agreement/<str:version>/", profile.agreement, name="agreement_version"),
    path("account/identity/", identity.identity, name="identity"),
    path("account/identity/<int:pk>/", identity.identity_submission, name="identity_submission"),
    path("account/sole-account/", sole_account.sole_account, name="sole_account"),
    path(
        "account/sole-account/statement.pdf",
        sole_account.sole_account_statement,
        name="sole_account_statement",
    ),
    # Retired: the Workbench's identity queues replace the former identity queue page.
    path(
        "staff/identity/",
        RedirectView.as_view(url=reverse_lazy("reviews:queue", args=["identity"]), permanent=True),
        name="identity_queue",
    ),
    path("staff/identity/<int:pk>/", identity.identity_review, name="identity_review"),
    path(
        "staff/identity/<int:pk>/start/",
        identity.identity_start_review,
        name="identity_start_review",
    ),
    path("staff/identity/<int:pk>/approve/", identity.identity_approve, name="identity_approve"),
    path("staff/identity/<int:pk>/reject/", identity.identity_reject, name="identity_reject"),
    path("staff/sole-account/<int:pk>/", sole_account.sole_review, name="sole_review"),
    path("staff/sole-account/<int:pk>/approve/", sole_account.sole_approve, name="sole_approve"),
    path("staff/sole-account/<int:pk>/reject/", sole_account.sole_reject, name="sole_reject"),
]
