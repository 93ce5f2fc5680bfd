"""Tell people things: an in-portal notification now (same transaction), an email after commit."""

from . import outbox
from .mail import render_email
from .models import Notification


def email_after_commit(template: str, to: list[str], context: dict) -> None:
    """Record the email in the outbox with the change; it is sent after commit."""
    recipients = list(dict.fromkeys(addr for addr in to if addr))
    if recipients:
        outbox.enqueue(
            "core.tasks.send_templated_email", template=template, to=recipients, context=context
        )


def notify_user(user, template: str, context: dict, *, link: str = "") -> Notification:
    """Rights owners are told at both their registered and their contact email, and in the
    portal's notification list. `context` must be plain JSON (it travels to the worker)."""
    context = {"email": user.email, "link": link, **context}
    subject, text, _html = render_email(template, context)
    notification = Notification.objects.create(
        user=user, kind=template, title=subject[:300], body=text.strip()[:5000], link=link[:300]
    )
    email_after_commit(template, user.notification_emails, context)
    return notification
