"""Marketplace identities: who a verified marketplace sign-in is, linking and unlinking, the
account it creates, and the stores the marketplace says it operates.

The takeover rule: an identity nobody linked yet never signs in to an existing account, even
when its email matches; the owner signs in to that account first and links the identity there.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AgreementVersion, Role, User
from accounts.services.external_signin import register_verified_account
from accounts.services.registration import email_is_registered
from catalogue.models import Seller
from core import audit
from core.errors import DomainError

from .audit_actions import MarketplaceAction
from .models import MarketplaceIdentity, marketplace_name
from .provider import VerifiedIdentity
from .selectors import identity_for


def _label(marketplace: str) -> str:
    return marketplace_name(marketplace)


@dataclass
class StoreLinks:
    linked: list[Seller] = field(default_factory=list)
    already: list[Seller] = field(default_factory=list)
    refused: list[Seller] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def check_can_register(verified: VerifiedIdentity) -> None:
    """A new identity may create an account only with a verified email nobody registered."""
    if identity_for(issuer=verified.issuer, subject=verified.subject) is not None:
        raise DomainError(
            _(
                "This %(marketplace)s account is already linked to an IPP account. Sign in "
                "with it instead of registering again."
            )
            % {"marketplace": _label(verified.marketplace)},
            code="identity_linked",
        )
    if not verified.email or not verified.email_verified:
        raise DomainError(
            _(
                "Your %(marketplace)s account has no verified email address, so it cannot "
                "create an IPP account. Verify your email address at the marketplace, or "
                "register with your email address and password."
            )
            % {"marketplace": _label(verified.marketplace)},
            code="email_unverified",
        )
    if email_is_registered(verified.email):
        raise DomainError(
            _(
                "An IPP account with the email address %(email)s already exists. Sign in to it "
                "with its email address and password, then link your %(marketplace)s account "
                "on the My account page."
            )
            % {"email": verified.email, "marketplace": _label(verified.marketplace)},
            code="email_in_use",
        )


def register_with_identity(
    *,
    verified: VerifiedIdentity,
    location: str,
    identity_kind: str,
    registrant_category: str,
    agreement: AgreementVersion,
    ip_address: str | None,
    user_agent: str = "",
    language: str = "",
) -> tuple[User, str, StoreLinks]:
    """Create the account (a seller account when the marketplace names stores the identity
    operates), link the identity and the stores. Returns the user, its device token and the
    store links."""
    check_can_register(verified)
    role = Role.SELLER if verified.stores else Role.RIGHTS_OWNER
    with transaction.atomic():
        user, token = register_verified_account(
            email=verified.email,
            location=location,
            identity_kind=identity_kind,
            registrant_category=registrant_category,
            agreement=agreement,
            role=role,
            via=f"marketplace:{verified.marketplace}",
            ip_address=ip_address,
            user_agent=user_agent,
            language=language,
        )
        identity = _create_identity(user, verified, ip_address)
        identity.last_signed_in_at = timezone.now()
        identity.save(update_fields=["last_signed_in_at"])
        links = link_claimed_stores(user=user, verified=verified, ip_address=ip_address)
    return user, token, links


def _create_identity(
    user: User, verified: VerifiedIdentity, ip_address: str | None
) -> MarketplaceIdentity:
    try:
        with transaction.atomic():
            identity = MarketplaceIdentity.objects.create(
                user=user,
                marketplace=verified.marketplace,
                issuer=verified.issuer,
                subject=verified.subject,
                email=verified.email,
                name=verified.name,
            )
    except IntegrityError as exc:  # linked in a parallel request
        raise DomainError(_identity_taken(verified), code="identity_linked") from exc
    audit.record(
        action=MarketplaceAction.IDENTITY_LINKED,
        target=identity,
        actor=user,
        data={"marketplace": verified.marketplace, "issuer": verified.issuer},
        ip_address=ip_address,
    )
    return identity


def _identity_taken(verified: VerifiedIdentity) -> str:
    return _(
        "This %(marketplace)s account is already linked to another IPP account. Sign in to "
        "that account, or unlink it there first."
    ) % {"marketplace": _label(verified.marketplace)}


@transaction.atomic
def link_identity(
    *, user: User, verified: VerifiedIdentity, ip_address: str | None
) -> MarketplaceIdentity:
    """Link a marketplace account to the signed-in account. An identity linked elsewhere stays
    there; the email does not matter (the person is signed in to this account)."""
    existing = identity_for(issuer=verified.issuer, subject=verified.subject)
    if existing is not None and existing.user_id != user.pk:
        raise DomainError(_identity_taken(verified), code="identity_linked")
    if existing is not None:
        raise DomainError(
            _("This %(marketplace)s account is already linked to your account.")
            % {"marketplace": _label(verified.marketplace)},
            code="already_linked",
        )
    identity = _create_identity(user, verified, ip_address)
    link_claimed_stores(user=user, verified=verified, ip_address=ip_address)
    return identity


@transaction.atomic
def record_sign_in(
    *, identity: MarketplaceIdentity, verified: VerifiedIdentity, ip_address: str | None
) -> StoreLinks:
    """A linked identity signed in: keep its email and name current, audit it, and link the
    stores the marketplace now says it operates."""
    identity.email = verified.email
    identity.name = verified.name
    identity.last_signed_in_at = timezone.now()
    identity.save(update_fields=["email", "name", "last_signed_in_at"])
    audit.record(
        action=MarketplaceAction.SIGNED_IN,
        target=identity,
        actor=identity.user,
        data={"marketplace": identity.marketplace},
        ip_address=ip_address,
    )
    return link_claimed_stores(user=identity.user, verified=verified, ip_address=ip_address)


def record_takeover_refusal(*, verified: VerifiedIdentity, ip_address: str | None) -> None:
    """An unknown identity named the email of an existing account: refused, noted on it."""
    user = User.objects.filter(email__iexact=verified.email).first()
    if user is not None:
        record_refusal(
            user=user, marketplace=verified.marketplace, code="email_in_use", ip_address=ip_address
        )


def record_refusal(*, user: User, marketplace: str, code: str, ip_address: str | None) -> None:
    """A sign-in that named an account but was refused (audited on that account)."""
    audit.record(
        action=MarketplaceAction.SIGNIN_REFUSED,
        target=user,
        reason=code,
        data={"marketplace": marketplace},
        ip_address=ip_address,
    )


@transaction.atomic
def unlink_identity(*, identity: MarketplaceIdentity, actor: User, ip_address: str | None) -> None:
    """Unlink, unless it is the account's only way to sign in (no password set)."""
    user = User.objects.select_for_update().get(pk=identity.user_id)
    others = MarketplaceIdentity.objects.filter(user=user).exclude(pk=identity.pk).exists()
    if not others and not user.has_usable_password():
        raise DomainError(
            _(
                "This is the only way to sign in to your account. Set a password first "
                "(“Forgot password?” on the sign-in page), then unlink it."
            ),
            code="last_sign_in_method",
        )
    audit.record(
        action=MarketplaceAction.IDENTITY_UNLINKED,
        target=identity,
        actor=actor,
        data={"marketplace": identity.marketplace, "issuer": identity.issuer},
        ip_address=ip_address,
    )
    identity.delete()


@transaction.atomic
def link_claimed_stores(
    *, user: User, verified: VerifiedIdentity, ip_address: str | None
) -> StoreLinks:
    """The marketplace says this identity operates these stores: a seller account answers for
    each one the catalogue knows and nobody answers for yet. A store another account answers
    for stays with it (audited), and the catalogue is not extended from a claim."""
    links = StoreLinks()
    if user.role != Role.SELLER or not verified.stores:
        return links
    keys = {(s["marketplace"], s["store_id"]) for s in verified.stores}
    stores = {
        (s.platform, s.store_id): s
        for s in Seller.objects.select_for_update().filter(
            platform__in={k[0] for k in keys}, store_id__in={k[1] for k in keys}
        )
    }
    for key in sorted(keys):
        store = stores.get(key)
        if store is None:
            links.unknown.append(key[1])
        elif store.account_id == user.pk:
            links.already.append(store)
        elif store.account_id is not None:
            links.refused.append(store)
            audit.record(
                action=MarketplaceAction.STORE_LINK_REFUSED,
                target=store,
                actor=user,
                data={"marketplace": verified.marketplace, "answered_by": store.account_id},
                ip_address=ip_address,
            )
        else:
            store.account = user
            store.save(update_fields=["account", "updated_at"])
            links.linked.append(store)
            audit.record(
                action=MarketplaceAction.STORE_LINKED,
                target=store,
                actor=user,
                data={"marketplace": verified.marketplace, "subject": verified.subject},
                ip_address=ip_address,
            )
    return links
