"""Every audit action the accounts app writes, with its label for the timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountAction(models.TextChoices):
    REGISTRATION_STARTED = "registration.started", _("Registration started")
    REGISTRATION_EMAIL_VERIFIED = "registration.email_verified", _("Email address verified")
    REGISTRATION_COMPLETED = "registration.completed", _("Registration completed")
    ACCOUNT_CREATED = "account.created", _("Account created")
    ACCOUNT_LOCKED_UNUSUAL_ACTIVITY = (
        "account.locked_unusual_activity",
        _("Account locked after unusual activity"),
    )
    ACCOUNT_UNLOCKED = "account.unlocked", _("Account unlocked")
    UNLOCK_CODE_RESENT = "account.unlock_code_resent", _("New unlock code sent")
    ACCOUNT_CONTACT_UPDATED = "account.contact_updated", _("Contact details updated")
    SIGNIN_FAILED = "signin.failed", _("Failed sign-in")
    DEVICE_TRUSTED = "device.trusted", _("Device trusted")
    PASSWORD_CHANGED = "account.password_changed", _("Password changed")
    PASSWORD_RESET = "account.password_reset", _("Password reset by email link")
    SIGNED_OUT_EVERYWHERE = "account.signed_out_everywhere", _("Signed out everywhere")
    API_TOKEN_REVOKED = "account.api_token_revoked", _("API client access revoked")
    SESSION_REVOKED = "account.session_revoked", _("Browser session signed out")
    SECOND_FACTOR_ENROLMENT_STARTED = (
        "account.second_factor_enrolment_started",
        _("Two-step verification set-up started"),
    )
    SECOND_FACTOR_ENABLED = "account.second_factor_enabled", _("Two-step verification turned on")
    SECOND_FACTOR_DISABLED = (
        "account.second_factor_disabled",
        _("Two-step verification turned off"),
    )
    SECOND_FACTOR_VERIFIED = "account.second_factor_verified", _("Two-step verification passed")
    SECOND_FACTOR_FAILED = "account.second_factor_failed", _("Wrong two-step verification code")
    RECOVERY_CODES_REGENERATED = (
        "account.recovery_codes_regenerated",
        _("New recovery codes made"),
    )
    IDENTITY_SUBMITTED = "identity.submitted", _("Identity submitted")
    IDENTITY_REVIEW_STARTED = "identity.review_started", _("Review started")
    IDENTITY_APPROVED = "identity.approved", _("Identity approved")
    IDENTITY_REJECTED = "identity.rejected", _("Identity rejected")
    SOLE_ACCOUNT_SUBMITTED = "sole_account.submitted", _("Sole account confirmation submitted")
    SOLE_ACCOUNT_APPROVED = "sole_account.approved", _("Sole account confirmed")
    SOLE_ACCOUNT_REJECTED = "sole_account.rejected", _("Sole account confirmation rejected")
    SANCTION_WARNING_ISSUED = "sanction.warning_issued", _("Misuse-policy warning issued")
    SANCTION_SUSPENSION_ISSUED = "sanction.suspension_issued", _("Filing suspended (misuse policy)")
    SANCTION_LIFTED = "sanction.lifted", _("Sanction lifted")
    SANCTION_EXPIRED = "sanction.expired", _("Sanction expired")
    GOOD_FAITH_JOINED = "standing.good_faith_joined", _("Joined the good-faith tier")
    GOOD_FAITH_LEFT = "standing.good_faith_left", _("Left the good-faith tier")
