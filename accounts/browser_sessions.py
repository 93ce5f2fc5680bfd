"""Keeping the per-account index of browser sessions (accounts.UserSession) in step with Django's
session store: a sign-in adds its session, a sign-out removes it, and the middleware notes when a
session was last seen (at most every few minutes) and follows a session whose key was cycled."""

from datetime import datetime

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.utils import timezone

from core.http import client_ip, user_agent

from .services import credentials

# In the session: the key it was last indexed under and when (ISO time), so that most requests
# need no write at all.
SEEN = "ipp_session_seen"


@receiver(user_logged_in, dispatch_uid="accounts.index_session")
def _index_signed_in_session(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    if not session.session_key:  # flushed: another account was signed in on this browser
        session.save()
    credentials.index_session(
        user=user,
        session_key=session.session_key,
        ip_address=client_ip(request),
        user_agent=user_agent(request),
    )
    session[SEEN] = [session.session_key, timezone.now().isoformat()]


@receiver(user_logged_out, dispatch_uid="accounts.forget_session")
def _forget_signed_out_session(sender, request, user, **kwargs) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        credentials.forget_session(session_key=key)


def _seen_recently(marker, key: str) -> bool:
    if not isinstance(marker, list) or len(marker) != 2 or marker[0] != key:
        return False
    try:
        seen = datetime.fromisoformat(marker[1])
    except (TypeError, ValueError):
        return False
    return timezone.now() - seen < credentials.SESSION_SEEN_PRECISION


class SessionIndexMiddleware:
    """After each response of a signed-in browser session: refresh its "last seen" when it is
    older than SESSION_SEEN_PRECISION or the session's key changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        key = session.session_key if session is not None else None
        if not key:
            return response
        user_id = session.get(SESSION_KEY)
        marker = session.get(SEEN)
        if user_id is None or _seen_recently(marker, key):
            return response
        credentials.note_session_seen(
            user_id=int(user_id),
            session_key=key,
            previous_key=marker[0] if isinstance(marker, list) and marker else None,
            ip_address=client_ip(request),
            user_agent=user_agent(request),
        )
        session[SEEN] = [key, timezone.now().isoformat()]
        return response
