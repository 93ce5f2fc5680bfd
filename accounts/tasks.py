from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from core.mail import send_rendered

from .models import CodePurpose, VerificationCode


@shared_task
def send_code_email(code_id: int, to_email: str, code: str = "", language: str = "") -> bool:
    """Email a code only while it is still live and not yet sent, so a late or repeated delivery
    sends nothing stale. Run through the outbox, which keeps the plain code encrypted until the
    email is out; the database keeps only its hash."""
    row = VerificationCode.objects.filter(pk=code_id).first()
    if row is None or not row.is_live() or row.sent_at is not None or not code:
        return False
    template = "unlock_code" if row.purpose == CodePurpose.UNLOCK else "registration_code"
    context = {"code": code, "minutes": 10, "email": to_email}
    send_rendered(template, [to_email], context, language)
    VerificationCode.objects.filter(pk=code_id).update(sent_at=timezone.now())
    return True


@shared_task
def send_password_reset(
    email: str, domain: str = "", use_https: bool = True, language: str = ""
) -> None:
    """The lookup happens here, not in the request, so the page answers alike for any address.
    The link is on SITE_URL (`domain` and `use_https` are ignored: requests queued before)."""
    from .services.password_reset import send_reset_link

    send_reset_link(email=email, language=language)


@shared_task
def purge_expired_codes() -> int:
    deleted, _ = VerificationCode.objects.filter(
        expires_at__lt=timezone.now() - timedelta(days=7)
    ).delete()
    return deleted
