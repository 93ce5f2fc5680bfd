from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views, views_identity

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/verify/", views.register_verify, name="register_verify"),
    path("register/resend/", views.register_resend, name="register_resend"),
    path("register/password/", views.register_password, name="register_password"),
    path("login/", views.member_login, name="login"),
    path("login/unlock/", views.unlock, name="unlock"),
    path("login/unlock/resend/", views.unlock_resend, name="unlock_resend"),
    path("logout/", views.member_logout, name="logout"),
    path("account/", views.account, name="account"),
    path("account/contact/", views.contact_details, name="contact_details"),
    path("account/password-reset/", views.password_reset, name="password_reset"),
    path(
        "account/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:login"),
            post_reset_login=False,
        ),
        name="password_reset_confirm",
    ),
    path("agreement/", views.agreement, name="agreement"),
    path("agreement/<str:version>/", views.agreement, name="agreement_version"),
    path("account/identity/", views_identity.identity, name="identity"),
    path(
        "account/identity/<int:pk>/", views_identity.identity_submission, name="identity_submission"
    ),
    path("account/sole-account/", views_identity.sole_account, name="sole_account"),
    path(
        "account/sole-account/statement.pdf",
        views_identity.sole_account_statement,
        name="sole_account_statement",
    ),
    path("staff/identity/", views_identity.identity_queue, name="identity_queue"),
    path("staff/identity/<int:pk>/", views_identity.identity_review, name="identity_review"),
    path(
        "staff/identity/<int:pk>/start/",
        views_identity.identity_start_review,
        name="identity_start_review",
    ),
    path(
        "staff/identity/<int:pk>/approve/", views_identity.identity_approve, name="identity_approve"
    ),
    path("staff/identity/<int:pk>/reject/", views_identity.identity_reject, name="identity_reject"),
    path("staff/sole-account/<int:pk>/", views_identity.sole_review, name="sole_review"),
]
