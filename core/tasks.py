from celery import shared_task

from .mail import send_rendered


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_templated_email(template: str, to: list[str], context: dict) -> int:
    """Send one notification. Context is plain JSON; nothing here decides anything."""
    return send_rendered(template, to, context)
