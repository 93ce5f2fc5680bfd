from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .views import identity, profile, registration, signin, sole_account

app_name = "accounts"

urlpatterns = [
    path("register/", registration.register, name="register"),
    path("register/verify/", registration.register_verify, name="register_verify"),
    path("register/resend/", registration.register_resend, name="register_resend"),
    path("register/password/", registration.register_password, name="register_password"),
    path("login/", signin.member_login, name="login"),
    path("login/unlock/", signin.unlock, name="unlock"),
    path("login/unlock/resend/", signin.unlock_resend, name="unlock_resend"),
    path("logout/", signin.member_logout, name="logout"),
    path("account/", profile.account, name="account"),
    path("account/contact/", profile.contact_details, name="contact_details"),
    path("account/password-reset/", signin.password_reset, name="password_reset"),
    path(
        "account/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:login"),
            post_reset_login=False,
        ),
        name="password_reset_confirm",
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
    path("staff/identity/", identity.identity_queue, name="identity_queue"),
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
