from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core import outbox
from core.mail import send_rendered

from ..models import User


def send_reset_link(*, email: str, language: str = "") -> bool:
    """The link points at SITE_URL (core.mail makes it absolute), never at the host a request
    named: a forged Host header cannot send someone's reset token elsewhere."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not user.has_usable_password():
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = reverse("accounts:password_reset_confirm", args=[uid, token])
    context = {"link": link, "email": user.email}
    # The account's language, else the page's the reset was asked on.
    send_rendered("password_reset", [user.email], context, user.language or language)
    return True


def request_password_reset(*, email: str) -> None:
    """Record the request in the outbox; the worker looks the account up (so the page answers
    alike for any address) and sends the link."""
    outbox.enqueue(
        "accounts.tasks.send_password_reset", email=email, language=translation.get_language() or ""
    )
