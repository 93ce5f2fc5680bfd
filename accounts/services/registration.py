"""Registration: form answers -> emailed code -> password -> account (FAQ steps 1-5)."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, languages
from core.errors import DomainError, TransitionError
from core.notify import notify_user

from ..audit_actions import AccountAction
from ..models import (
    AgreementVersion,
    CodePurpose,
    Registration,
    RegistrationStatus,
    Role,
    User,
)
from . import codes
from .devices import trust_device

EMAIL_TAKEN = _(
    "An account with this email address already exists. Sign in with it, or use "
    "“Forgot password?” on the sign-in page."
)


def current_agreement() -> AgreementVersion:
    agreement = AgreementVersion.objects.order_by("-effective_at").first()
    if agreement is None:
        raise DomainError(_("The IPP User Agreement is not published yet."), code="no_agreement")
    return agreement


def email_is_registered(email: str) -> bool:
    return User.objects.filter(email__iexact=email.strip()).exists()


@transaction.atomic
def start_registration(
    *,
    email: str,
    location: str,
    identity_kind: str,
    registrant_category: str,
    agreement: AgreementVersion,
    ip_address: str | None = None,
) -> Registration:
    email = email.strip().lower()
    if email_is_registered(email):
        raise DomainError(EMAIL_TAKEN, code="email_taken", field="email")
    registration = Registration.objects.create(
        email=email,
        location=location,
        identity_kind=identity_kind,
        registrant_category=registrant_category,
        agreement=agreement,
        agreement_accepted_at=timezone.now(),
        ip_address=ip_address,
    )
    audit.record(
        action=AccountAction.REGISTRATION_STARTED,
        target=registration,
        to_status=registration.status,
        data={"agreement_version": agreement.version},
        ip_address=ip_address,
    )
    codes.issue_code(purpose=CodePurpose.REGISTRATION, to_email=email, registration=registration)
    return registration


@transaction.atomic
def resend_registration_code(*, registration: Registration) -> None:
    if registration.status != RegistrationStatus.CODE_SENT:
        raise TransitionError(_("This email address is already verified."), code="already_verified")
    codes.check_resend_allowed(purpose=CodePurpose.REGISTRATION, registration=registration)
    codes.issue_code(
        purpose=CodePurpose.REGISTRATION, to_email=registration.email, registration=registration
    )


def verify_registration_email(*, registration: Registration, code: str) -> Registration:
    """Idempotent for an already verified registration; otherwise consumes the code."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.EMAIL_VERIFIED:
            return registration
        if registration.status != RegistrationStatus.CODE_SENT:
            raise TransitionError(_("This registration is already complete."), code="completed")
        error = codes.consume_code(
            purpose=CodePurpose.REGISTRATION, submitted=code, registration=registration
        )
        if error is None:
            registration.status = RegistrationStatus.EMAIL_VERIFIED
            registration.verified_at = timezone.now()
            registration.save(update_fields=["status", "verified_at"])
            audit.record(
                action=AccountAction.REGISTRATION_EMAIL_VERIFIED,
                target=registration,
                from_status=RegistrationStatus.CODE_SENT,
                to_status=registration.status,
            )
    if error is not None:
        raise error
    return registration


def check_password_strength(password: str, email: str) -> None:
    try:
        validate_password(password, user=User(email=email))
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), code="weak_password", field="password") from exc


def complete_registration(
    *,
    registration: Registration,
    password: str,
    ip_address: str | None = None,
    user_agent: str = "",
    language: str = "",
) -> tuple[User, str]:
    """Create the account, trust the device it was created on, welcome it by email.
    `language`: the browser's (request.LANGUAGE_CODE), saved as the account's.
    Returns the user and the new device token."""
    check_password_strength(password, registration.email)
    try:
        with transaction.atomic():
            return _create_account(registration, password, ip_address, user_agent, language)
    except IntegrityError as exc:  # the same email completed in a parallel request
        raise DomainError(EMAIL_TAKEN, code="email_taken", field="email") from exc


def _create_account(registration, password, ip_address, user_agent, language=""):
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.EMAIL_VERIFIED:
        raise TransitionError(
            _("Verify your email address with the code first."), code="not_verified"
        )
    if email_is_registered(registration.email):
        raise DomainError(EMAIL_TAKEN, code="email_taken", field="email")
    user = User.objects.create_user(
        registration.email,
        password,
        role=Role.RIGHTS_OWNER,
        location=registration.location,
        identity_kind=registration.identity_kind,
        registrant_category=registration.registrant_category,
        agreement_version=registration.agreement.version,
        agreement_accepted_at=registration.agreement_accepted_at,
        language=languages.supported(language),
    )
    registration.status = RegistrationStatus.COMPLETED
    registration.user = user
    registration.save(update_fields=["status", "user"])
    audit.record(
        action=AccountAction.REGISTRATION_COMPLETED,
        target=registration,
        actor=user,
        from_status=RegistrationStatus.EMAIL_VERIFIED,
        to_status=registration.status,
        ip_address=ip_address,
    )
    audit.record(
        action=AccountAction.ACCOUNT_CREATED,
        target=user,
        actor=user,
        to_status=user.identity_status,
        data={"agreement_version": user.agreement_version},
        ip_address=ip_address,
    )
    token = trust_device(user=user, ip_address=ip_address, user_agent=user_agent)
    notify_user(user, "account_welcome", {})
    return user, token
