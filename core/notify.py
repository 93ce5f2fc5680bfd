"""Queue notification emails after the surrounding transaction commits."""

from django.db import transaction


def email_after_commit(template: str, to: list[str], context: dict) -> None:
    from .tasks import send_templated_email

    recipients = list(dict.fromkeys(addr for addr in to if addr))
    transaction.on_commit(lambda: send_templated_email.delay(template, recipients, context))


def notify_user(user, template: str, context: dict) -> None:
    """Rights owners are told at both their registered and their contact email."""
    email_after_commit(template, user.notification_emails, {"email": user.email, **context})
