"""Credentials a person can manage: API tokens (django-rest-knox, one per client, expiring) and
browser sessions (Django's session store, indexed per account in `UserSession`). A password change
or reset and "sign out everywhere" revoke them together."""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import audit

from .. import policy, selectors
from ..audit_actions import AccountAction
from ..models import ApiToken, User, UserSession

DEFAULT_CLIENT_NAME = "API client"
# A browser session's "last seen" is written at most this often (from the session itself).
SESSION_SEEN_PRECISION = timedelta(minutes=5)


@dataclass(frozen=True)
class IssuedToken:
    key: str  # handed to the client once; only its hash is stored
    token: ApiToken


@dataclass(frozen=True)
class Revoked:
    api_tokens: int
    sessions: int


def client_name_of(name: str | None) -> str:
    """The name a client is known by: what it sent, else `DEFAULT_CLIENT_NAME`."""
    return " ".join((name or "").split())[:100] or DEFAULT_CLIENT_NAME


@transaction.atomic
def issue_api_token(*, user: User, client_name: str, ip_address: str | None) -> IssuedToken:
    """A new token for this client, replacing the one it held: one token per client. The account
    row is locked so that two sign-ins of one client at once still leave one token."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    name = client_name_of(client_name)
    now = timezone.now()
    ApiToken.objects.filter(user=user).filter(Q(client_name=name) | Q(expiry__lte=now)).delete()
    token, key = ApiToken.objects.create(
        user=user, expiry=policy.api_token_ttl(), client_name=name, created_ip=ip_address
    )
    return IssuedToken(key=key, token=token)


@transaction.atomic
def revoke_api_token(
    *, user: User, token_id: uuid.UUID | str, actor: User, ip_address: str | None = None
) -> None:
    """Revoke one of `user`'s API clients (404 for a token that is not theirs)."""
    token = selectors.access_api_token(user, token_id)
    token.delete()
    audit.record(
        action=AccountAction.API_TOKEN_REVOKED,
        target=user,
        actor=actor,
        ip_address=ip_address,
        data={"client_name": token.client_name},
    )


def end_api_token(*, token: ApiToken) -> None:
    """The client signs itself out (API logout): its own token goes, like a page sign-out."""
    ApiToken.objects.filter(pk=token.pk).delete()


@transaction.atomic
def revoke_browser_session(
    *, user: User, session_id: int, actor: User, ip_address: str | None = None
) -> None:
    """Sign one of `user`'s browser sessions out (404 for a session that is not theirs)."""
    row = selectors.access_browser_session(user, session_id)
    _end_sessions([row])
    audit.record(
        action=AccountAction.SESSION_REVOKED,
        target=user,
        actor=actor,
        ip_address=ip_address,
        data={"user_agent": row.user_agent[:200]},
    )


def sign_out_everywhere(
    *,
    user: User,
    actor: User,
    keep_session_key: str | None = None,
    ip_address: str | None = None,
) -> Revoked:
    """Revoke every API token and every browser session but `keep_session_key` (the page keeps
    the browser that asked; the API keeps nothing)."""
    return revoke_all_credentials(
        user=user,
        reason=AccountAction.SIGNED_OUT_EVERYWHERE,
        actor=actor,
        keep_session_key=keep_session_key,
        ip_address=ip_address,
    )


@transaction.atomic
def revoke_all_credentials(
    *,
    user: User,
    reason: AccountAction,
    actor: User | None = None,
    keep_session_key: str | None = None,
    ip_address: str | None = None,
) -> Revoked:
    """Delete all of `user`'s API tokens and browser sessions except `keep_session_key`, and write
    one audit row whose action is `reason` (password changed, password reset, signed out
    everywhere) with the counts."""
    api_tokens, _per_model = ApiToken.objects.filter(user=user).delete()
    others = UserSession.objects.filter(user=user).exclude(session_key=keep_session_key or "")
    revoked = Revoked(api_tokens=api_tokens, sessions=_end_sessions(list(others)))
    audit.record(
        action=reason,
        target=user,
        actor=actor,
        ip_address=ip_address,
        data={"api_tokens_revoked": revoked.api_tokens, "sessions_ended": revoked.sessions},
    )
    return revoked


def _session_store() -> type[SessionBase]:
    return import_module(settings.SESSION_ENGINE).SessionStore


def _end_sessions(rows: list[UserSession]) -> int:
    """Delete the sessions from the session store (they are signed out at their next request)
    and from the index."""
    store = _session_store()
    for row in rows:
        store().delete(row.session_key)
    UserSession.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


# --- the session index ---------------------------------------------------------------------------
def index_session(
    *, user: User, session_key: str, ip_address: str | None, user_agent: str
) -> UserSession:
    """Note a browser session that has just signed in, and forget this account's sessions that
    have ended since (expired, or flushed without a sign-out)."""
    dead = selectors.ended_session_keys(user)
    UserSession.objects.filter(user=user, session_key__in=dead).delete()
    now = timezone.now()
    row, _created = UserSession.objects.update_or_create(
        session_key=session_key,
        defaults={
            "user": user,
            "created_at": now,
            "last_seen_at": now,
            "ip_address": ip_address,
            "user_agent": user_agent[:300],
        },
    )
    return row


def note_session_seen(
    *,
    user_id: int,
    session_key: str,
    previous_key: str | None,
    ip_address: str | None,
    user_agent: str,
) -> None:
    """Refresh a session's "last seen"; follow it to its new key when its key was cycled (a
    password change keeps the session under a new key); index a session signed in before the
    index existed."""
    now = timezone.now()
    rows = UserSession.objects.filter(user_id=user_id)
    seen = rows.filter(session_key=session_key).update(last_seen_at=now)
    if not seen and previous_key and previous_key != session_key:
        seen = rows.filter(session_key=previous_key).update(
            session_key=session_key, last_seen_at=now
        )
    if not seen:
        UserSession.objects.get_or_create(
            session_key=session_key,
            defaults={
                "user_id": user_id,
                "ip_address": ip_address,
                "user_agent": user_agent[:300],
                "created_at": now,
                "last_seen_at": now,
            },
        )


def forget_session(*, session_key: str) -> None:
    UserSession.objects.filter(session_key=session_key).delete()
