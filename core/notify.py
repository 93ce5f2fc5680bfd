"""Tell people things: a short in-portal notification now (in the caller's transaction) and an
email that the worker renders and sends after commit (through the outbox), as the person's
preference for the kind's category says: immediately, in the daily digest (core.digest), or
not at all. Legal notices to sellers and security emails always go out at once.

One event, one message per recipient. Everything of one kind told to one person (or address)
about one complaint within one transaction is merged into one notification and one email that
lists the URLs: a service deciding six URLs of a complaint in a loop sends the seller one
takedown notice. The event is the outermost transaction the caller opened (in tests, the first
block inside the test's own transaction). Nothing here renders a template: the notification's
text is a format string (core.notification_kinds), the email is rendered by the worker.

Everything goes out in the recipient's language (core.languages): the notification's line is
written in it, labels in the context given lazily (gettext_lazy, a TextChoices label) are
resolved in it, and the email's outbox row names it for the worker. A notification keeps the
language it was written in (it stores its line, not what made it)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from . import languages, outbox
from .models import Notification, NotificationPreference, OutboxMessage
from .notification_kinds import (
    DEFAULT_DELIVERY,
    MANDATORY,
    Delivery,
    default_link,
    group_key,
    kind_of,
    line_of,
)

EMAIL_TASK = "core.tasks.send_templated_email"


@dataclass
class _Message:
    """A message of the open event that later calls about the same subject join."""

    template: str
    context: dict
    language: str = ""
    notification: Notification | None = None
    email: OutboxMessage | None = None
    entries: list[dict] = field(default_factory=list)


# --- the event: the caller's outermost transaction ---------------------------------------------
_STATE = "_ipp_notify_event"


def _event() -> dict | None:
    """The messages already written in the current event, or None outside a transaction.

    The event is recognised by a token: the savepoint id of the first atomic block that is not a
    test case's own, or, for a real outermost transaction, a no-op on-commit callback (commit and
    rollback both drop it, so the next transaction starts afresh)."""
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        return None
    blocks = conn.atomic_blocks
    index = next((i for i, b in enumerate(blocks) if not b._from_testcase), None)
    if index is None:
        return None
    state = getattr(conn, _STATE, None)
    sid = conn.savepoint_ids[index - 1] if index > 0 else None
    if state is not None and state["index"] == index:
        if sid is not None and state["sid"] == sid:
            return state["messages"]
        if sid is None and any(entry[1] is state["marker"] for entry in conn.run_on_commit):
            return state["messages"]

    def marker() -> None:
        """Marks the transaction this event belongs to; does nothing on commit."""

    if sid is None:
        transaction.on_commit(marker)
    state = {"index": index, "sid": sid, "marker": marker, "messages": {}}
    setattr(conn, _STATE, state)
    return state["messages"]


# --- preferences --------------------------------------------------------------------------------
def delivery_for(user, category: str) -> str:
    """How `user` gets the emails of `category` (mandatory categories: immediately)."""
    if category in MANDATORY:
        return Delivery.IMMEDIATE
    chosen = (
        NotificationPreference.objects.filter(user=user, category=category)
        .values_list("delivery", flat=True)
        .first()
    )
    return chosen if chosen in Delivery.values else DEFAULT_DELIVERY


# --- telling -----------------------------------------------------------------------------------
def _resolved(value):
    """`value` with every lazy text made a plain string in the active language (JSON for the
    worker)."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {k: _resolved(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_resolved(v) for v in value]
    return value


def _entry(context: dict) -> dict:
    return {k: v for k, v in context.items() if k not in ("entries", "preferences_link")}


def _open_message(event: dict | None, key: tuple) -> _Message | None:
    """The event's message under `key`, unless its rows are gone: written inside a savepoint
    that was rolled back since (the caller caught the error and went on), it starts afresh."""
    message = event.get(key) if event is not None else None
    if event is None or message is None:
        return None
    note, email = message.notification, message.email
    if (note is None or Notification.objects.filter(pk=note.pk).exists()) and (
        email is None or OutboxMessage.objects.filter(pk=email.pk).exists()
    ):
        return message
    del event[key]
    return None


def _join(message: _Message, context: dict) -> bool:
    """Add `context` to an open message of the same subject; False when it cannot join."""
    if not kind_of(message.template).batch:
        return _entry(context) == _entry(message.context)  # an exact repeat joins; else apart
    message.entries.append(_entry(context))
    if message.context.get("link") and context.get("link") != message.context.get("link"):
        message.context["link"] = default_link(message.template, message.context)
    message.context["entries"] = message.entries
    if message.notification is not None:
        note = message.notification
        with translation.override(message.language or None):
            note.title = line_of(message.template, message.context, len(message.entries))
        note.link = message.context["link"][:300]
        note.save(update_fields=["title", "link"])
    if message.email is not None:
        kwargs = {**message.email.kwargs, "context": message.context}
        OutboxMessage.objects.filter(pk=message.email.pk).update(kwargs=kwargs)
        message.email.kwargs = kwargs
    return True


def _open(template: str, context: dict, language: str) -> _Message:
    message = _Message(template=template, context=context, language=language)
    if kind_of(template).batch:
        message.entries = [_entry(context)]
        message.context = {**context, "entries": message.entries}
    return message


def _enqueue(template: str, to: list[str], context: dict, language: str) -> OutboxMessage | None:
    recipients = list(dict.fromkeys(addr.strip().lower() for addr in to if addr and addr.strip()))
    if not recipients:
        return None
    return outbox.enqueue(
        EMAIL_TASK, template=template, to=recipients, context=context, language=language
    )


def email_after_commit(template: str, to: list[str], context: dict, *, language: str = "") -> None:
    """Email an address without an account (a DMCA notifier): recorded in the outbox with the
    change, sent after commit; one email per address and subject in one event. `language`: the
    one the address was given (a DMCA notice's form), else its account's, else the default."""
    recipients = sorted({addr.strip().lower() for addr in to if addr and addr.strip()})
    if not recipients:
        return
    language = languages.supported(language) or languages.of_addresses(recipients)
    with translation.override(language):
        context = _resolved(context)
    key = ("to", tuple(recipients), template, group_key(template, context))
    event = _event()
    joinable = _open_message(event, key)
    if joinable is not None and _join(joinable, context):
        return
    message = _open(template, context, language)
    message.email = _enqueue(template, recipients, message.context, language)
    if event is not None:
        event.setdefault(key, message)


def notify_user(
    user, template: str, context: dict, *, link: str = "", category: str = ""
) -> Notification:
    """Tell `user`: a notification with a short line linking to `link` (default: the kind's
    page), and an email to the registered and the contact address as the preference for the
    category (default: the kind's) says. `context` must be plain JSON (it travels to the
    worker; lazy labels are resolved in `user`'s language). Within one event, a message about
    the same subject is joined, not repeated."""
    language = languages.of_user(user)
    with translation.override(language):
        return _notify_user(user, template, _resolved(context), link, category, language)


def _notify_user(
    user, template: str, context: dict, link: str, category: str, language: str
) -> Notification:
    context = {"email": user.email, **context}
    context["link"] = link or default_link(template, context)
    context["preferences_link"] = reverse("notification_preferences")
    category = category or kind_of(template).category
    key = ("user", user.pk, template, group_key(template, context))
    event = _event()
    joinable = _open_message(event, key)
    if joinable is not None and _join(joinable, context) and joinable.notification is not None:
        return joinable.notification
    message = _open(template, context, language)
    delivery = delivery_for(user, category)
    message.notification = Notification.objects.create(
        user=user,
        kind=template,
        title=line_of(template, message.context, len(message.entries) or 1),
        link=context["link"][:300],
        category=category,
        email_delivery=delivery,
    )
    if delivery == Delivery.IMMEDIATE:
        message.email = _enqueue(template, user.notification_emails, message.context, language)
    if event is not None:
        event.setdefault(key, message)
    return message.notification
