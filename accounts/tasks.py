from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from core.mail import send_rendered

from .models import CodePurpose, VerificationCode


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_code_email(code_id: int, code: str, to_email: str) -> bool:
    """Email a code only while it is still live, so a late or repeated delivery sends nothing
    stale. The plain code travels only in this message; the database holds its hash."""
    row = VerificationCode.objects.filter(pk=code_id).first()
    if row is None or not row.is_live():
        return False
    template = "unlock_code" if row.purpose == CodePurpose.UNLOCK else "registration_code"
    send_rendered(template, [to_email], {"code": code, "minutes": 10, "email": to_email})
    return True


@shared_task
def send_password_reset(email: str, domain: str, use_https: bool) -> None:
    """The lookup happens here, not in the request, so the page answers alike for any address."""
    from .services.password_reset import send_reset_link

    send_reset_link(email=email, domain=domain, use_https=use_https)


@shared_task
def purge_expired_codes() -> int:
    deleted, _ = VerificationCode.objects.filter(
        expires_at__lt=timezone.now() - timedelta(days=7)
    ).delete()
    return deleted
