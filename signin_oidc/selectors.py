"""Reads for marketplace sign-in."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import User

from .models import MarketplaceIdentity


def identity_for(*, issuer: str, subject: str) -> MarketplaceIdentity | None:
    return (
        MarketplaceIdentity.objects.select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )


def identities_of(user: User) -> list[MarketplaceIdentity]:
    return list(MarketplaceIdentity.objects.filter(user=user).order_by("marketplace", "linked_at"))


def access_identity(actor: User | AnonymousUser, pk: int) -> MarketplaceIdentity:
    """One of the actor's own linked identities; anyone else's is not found."""
    if not actor.is_authenticated:
        raise Http404
    identity = MarketplaceIdentity.objects.filter(pk=pk, user_id=actor.pk).first()
    if identity is None:
        raise Http404
    return identity
