from django.http import Http404

from .models import AgreementVersion, Registration, RegistrationStatus, User


def pending_registration(registration_id: str | None) -> Registration:
    """The registration this browser session started; 404 for anything else."""
    if not registration_id:
        raise Http404
    registration = (
        Registration.objects.select_related("agreement")
        .exclude(status=RegistrationStatus.COMPLETED)
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def agreement_version(version: str | None = None) -> AgreementVersion:
    qs = AgreementVersion.objects.all()
    agreement = qs.filter(version=version).first() if version else qs.first()
    if agreement is None:
        raise Http404
    return agreement


def account_for_unlock(user_id: int | None) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise Http404
    return user


def filing_block_reason(user) -> str | None:
    """Why this account may not submit IPRs for authentication or file complaints, or None.
    Every page and endpoint that files shows this sentence instead of failing obscurely."""
    from django.utils.translation import gettext as _

    from .models import IdentityStatus, Role

    if not user.is_authenticated:
        return _("Sign in to continue.")
    if user.role != Role.RIGHTS_OWNER:
        return _("Only rights-owner accounts can file.")
    if user.identity_status != IdentityStatus.APPROVED:
        return _(
            "Your identity has not been verified yet. Submit your identity documents on the "
            "account page; once a reviewer approves them you can continue."
        )
    return None
