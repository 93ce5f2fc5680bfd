"""Trusted devices: a random token in a cookie (or held by an API client), stored as SHA-256."""

import hashlib
import secrets

from django.utils import timezone

from core import audit

from ..audit_actions import AccountAction
from ..models import TrustedDevice, User


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def trust_device(*, user: User, ip_address: str | None, user_agent: str) -> str:
    token = secrets.token_urlsafe(32)
    device = TrustedDevice.objects.create(
        user=user,
        token_hash=token_hash(token),
        label=(user_agent or "")[:200],
        ip_address=ip_address,
        last_seen_at=timezone.now(),
    )
    audit.record(
        action=AccountAction.DEVICE_TRUSTED,
        target=device,
        actor=user,
        ip_address=ip_address,
        data={"user_agent": (user_agent or "")[:200]},
    )
    return token


def find_trusted_device(*, user: User, token: str | None) -> TrustedDevice | None:
    if not token or len(token) > 200:
        return None
    return TrustedDevice.objects.filter(user=user, token_hash=token_hash(token)).first()
