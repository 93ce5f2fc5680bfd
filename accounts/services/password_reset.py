from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core import outbox
from core.mail import send_rendered

from ..models import User


def send_reset_link(*, email: str, domain: str, use_https: bool) -> bool:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not user.has_usable_password():
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = f"{'https' if use_https else 'http'}://{domain}/account/reset/{uid}/{token}/"
    send_rendered("password_reset", [user.email], {"link": link, "email": user.email})
    return True


def request_password_reset(*, email: str, domain: str, use_https: bool) -> None:
    """Record the request in the outbox; the worker looks the account up (so the page answers
    alike for any address) and sends the link."""
    outbox.enqueue(
        "accounts.tasks.send_password_reset", email=email, domain=domain, use_https=use_https
    )
