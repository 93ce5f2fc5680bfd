"""Accounts whose owner proved who they are elsewhere (a marketplace's OpenID Connect sign-in):
creating one through the registration rules with a provider-verified email (no password, no
emailed code), and signing one in through the same unknown-device check as a password."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, languages
from core.errors import DomainError
from core.notify import notify_user

from ..audit_actions import AccountAction
from ..models import AgreementVersion, Role, User
from .devices import find_trusted_device, trust_device
from .registration import EMAIL_TAKEN, email_is_registered
from .signin import SignInResult, lock_for_unusual_activity


def register_verified_account(
    *,
    email: str,
    location: str,
    identity_kind: str,
    registrant_category: str,
    agreement: AgreementVersion,
    role: str = Role.RIGHTS_OWNER,
    via: str,
    ip_address: str | None = None,
    user_agent: str = "",
    language: str = "",
) -> tuple[User, str]:
    """Create the account (without a usable password) for an email the identity provider
    asserted as verified; `via` names the provider for the audit row; `language` is the
    browser's (saved as the account's). The device it was created on is trusted. Returns the
    user and the new device token."""
    email = email.strip().lower()
    if role not in (Role.RIGHTS_OWNER, Role.SELLER):
        raise ValueError(role)
    try:
        with transaction.atomic():
            if email_is_registered(email):
                raise DomainError(str(EMAIL_TAKEN), code="email_taken", field="email")
            user = User.objects.create_user(
                email,
                None,
                role=role,
                location=location,
                identity_kind=identity_kind,
                registrant_category=registrant_category,
                agreement_version=agreement.version,
                agreement_accepted_at=timezone.now(),
                language=languages.supported(language),
            )
            audit.record(
                action=AccountAction.ACCOUNT_CREATED,
                target=user,
                actor=user,
                to_status=user.identity_status,
                data={"agreement_version": agreement.version, "via": via},
                ip_address=ip_address,
            )
            token = trust_device(user=user, ip_address=ip_address, user_agent=user_agent)
            notify_user(user, "account_welcome", {})
    except IntegrityError as exc:  # the same email registered in a parallel request
        raise DomainError(str(EMAIL_TAKEN), code="email_taken", field="email") from exc
    return user, token


def sign_in_verified(
    *, user: User, device_token: str | None, ip_address: str | None, user_agent: str = ""
) -> SignInResult:
    """The provider vouched for the person; the portal still checks the device as it does after
    a password: an unknown device locks the account until the emailed code is entered."""
    if not user.is_active:
        raise DomainError(
            _("This IPP account is closed and cannot sign in."), code="account_closed"
        )
    device = find_trusted_device(user=user, token=device_token)
    if device is not None:
        device.last_seen_at = timezone.now()
        device.save(update_fields=["last_seen_at"])
        return SignInResult(user=user, unusual_activity=False)
    lock_for_unusual_activity(user=user, ip_address=ip_address, user_agent=user_agent)
    return SignInResult(user=user, unusual_activity=True)
