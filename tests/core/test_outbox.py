"""The transactional outbox: work is recorded with the change, survives a broker outage, runs once
at a time until it completes, and keeps secrets encrypted only as long as needed."""

import datetime
import re
import time

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from accounts.models import CodePurpose, VerificationCode
from accounts.services import codes
from core import outbox
from core.models import OutboxMessage
from core.tasks import reconcile_outbox
from ipp.celery import app as celery_app
from tests.conftest import set_celery

pytestmark = pytest.mark.django_db


def _email(to="someone@example.com"):
    return outbox.enqueue(
        "core.tasks.send_templated_email",
        template="account_welcome",
        to=[to],
        context={"email": to, "link": ""},
    )


def test_work_of_a_rolled_back_change_is_never_recorded_nor_sent(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _email()
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_committed_work_is_dispatched_after_commit_and_marked_completed(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        message = _email()
    message.refresh_from_db()
    assert message.completed_at is not None and message.dispatched_at is not None
    assert message.attempts == 1
    assert [m.to for m in mail.outbox] == [["someone@example.com"]]


def test_a_completed_message_delivered_again_does_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _email()
    assert outbox.run(message.pk) is False
    assert len(mail.outbox) == 1


def test_a_message_held_by_another_runner_is_not_run_twice():
    message = _email()
    OutboxMessage.objects.filter(pk=message.pk).update(
        lease_until=timezone.now() + datetime.timedelta(seconds=30)
    )
    assert outbox.run(message.pk) is False
    assert mail.outbox == []
    OutboxMessage.objects.filter(pk=message.pk).update(
        lease_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert outbox.run(message.pk) is True
    assert len(mail.outbox) == 1


def test_a_failing_task_releases_its_lease_and_is_dispatched_again_later(settings):
    message = outbox.enqueue("catalogue.tasks.move_listing", listing_id=1, action="x")
    with pytest.raises(TypeError):  # missing arguments: the task body fails
        outbox.run(message.pk)
    message.refresh_from_db()
    assert message.completed_at is None and message.lease_until is None
    assert "TypeError" in message.last_error
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5),
        dispatched_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    assert outbox.due_ids() == [message.pk]


def test_the_reconciler_only_picks_work_that_is_unpublished_or_stale():
    now = timezone.now()
    old = now - datetime.timedelta(minutes=5)
    never_sent = _email()
    stale = _email()
    fresh = _email()
    done = _email()
    OutboxMessage.objects.update(created_at=old)
    OutboxMessage.objects.filter(pk=stale.pk).update(dispatched_at=old)
    OutboxMessage.objects.filter(pk=fresh.pk).update(dispatched_at=now)
    OutboxMessage.objects.filter(pk=done.pk).update(dispatched_at=old, completed_at=now)
    assert outbox.due_ids() == [never_sent.pk, stale.pk]


def test_a_verification_code_sits_encrypted_in_the_outbox_until_it_is_sent(
    rights_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        codes.issue_code(purpose=CodePurpose.UNLOCK, to_email=rights_owner.email, user=rights_owner)
    waiting = OutboxMessage.objects.get()
    assert codes.code_delivery(purpose=CodePurpose.UNLOCK, user=rights_owner) == "sending"
    for callback in callbacks:
        callback()
    [email] = mail.outbox
    sent_code = re.search(r"\b(\d{6})\b", email.subject).group(1)
    assert sent_code not in str(waiting.kwargs) and sent_code not in waiting.secrets
    assert waiting.secrets  # it was there, encrypted
    waiting.refresh_from_db()
    assert waiting.secrets == "" and waiting.completed_at is not None
    assert codes.code_delivery(purpose=CodePurpose.UNLOCK, user=rights_owner) == "sent"


def test_an_unsent_code_is_reported_and_does_not_count_against_the_hourly_limit(rights_owner):
    now = timezone.now()
    for minutes in (50, 40, 30, 20, 10):
        VerificationCode.objects.create(
            purpose=CodePurpose.UNLOCK,
            user=rights_owner,
            code_hash="x",
            created_at=now - datetime.timedelta(minutes=minutes),
            expires_at=now - datetime.timedelta(minutes=minutes - 10),
        )
    assert codes.code_delivery(purpose=CodePurpose.UNLOCK, user=rights_owner) == "delayed"
    # five codes this hour, none of them delivered: a fresh one is still allowed
    codes.check_resend_allowed(purpose=CodePurpose.UNLOCK, user=rights_owner)


def test_filing_while_the_broker_is_down_succeeds_and_is_validated_once_it_is_back(
    transactional_db, celery_worker, settings
):
    """The real path: a complaint filed while no broker answers is saved with its validation in
    the outbox; the reconciler publishes it when the broker is back and a real worker runs it."""
    from complaints import services as svc
    from complaints.models import ComplaintStatus
    from tests.catalogue.factories import ListingFactory, SellerFactory
    from tests.complaints.conftest import url_of
    from tests.factories import UserFactory
    from tests.ipr.conftest import IPRFactory

    owner = UserFactory(email="outage@example.com", identity_approved=True)
    ipr = IPRFactory(owner=owner, authenticated=True)
    store = SellerFactory(platform="taobao")
    listings = [
        ListingFactory(platform="taobao", listing_id=str(710_000_000_000 + i), seller=store)
        for i in range(3)
    ]
    saved = celery_app.conf.broker_write_url, celery_app.conf.broker_transport
    # Nothing listens there (and the local run's filesystem transport must not take over).
    set_celery(broker_write_url="redis://127.0.0.1:1/0", broker_transport=None)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        complaint = svc.file_complaint(
            complainant=owner,
            data=svc.ComplaintInput(
                platform="taobao",
                ipr=ipr,
                reason="trademark_unauthorized_use",
                urls="\n".join(url_of(x) for x in listings),
            ),
        )
    finally:
        set_celery(broker_write_url=saved[0], broker_transport=saved[1])
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
    message = OutboxMessage.objects.get(task="complaints.tasks.validate_complaint")
    assert message.dispatched_at is None and message.completed_at is None
    assert outbox.dispatch([message.pk]) == 0  # the breaker: no second connect timeout
    outbox._broker_down_until = 0.0
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.VALIDATING
    OutboxMessage.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=30))
    reconcile_outbox.delay()
    # The task moves the complaint, then the runner marks the message completed: wait for that.
    deadline = timezone.now() + datetime.timedelta(seconds=30)
    while timezone.now() < deadline:
        message.refresh_from_db()
        if message.completed_at is not None:
            break
        time.sleep(0.2)
    assert message.completed_at is not None
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.SUBMITTED
    assert complaint.valid_count == 3


def test_the_code_page_says_when_the_email_with_the_code_is_late(client, altcha_payload):
    from tests.accounts.steps import registration_form

    client.post("/register/", registration_form(altcha_payload()))
    page = client.get("/register/verify/").content.decode()
    assert 'id="code-delayed"' not in page  # just issued: still on its way
    VerificationCode.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=1))
    page = client.get("/register/verify/").content.decode()
    assert 'id="code-delayed"' in page and "send a new code" in page
    VerificationCode.objects.update(sent_at=timezone.now())
    assert 'id="code-delayed"' not in client.get("/register/verify/").content.decode()


def test_the_registration_api_says_whether_the_code_email_went_out(client, altcha_payload):
    from rest_framework.test import APIClient

    from accounts.models import Registration
    from tests.accounts.steps import registration_form

    client.post("/register/", registration_form(altcha_payload()))
    registration = Registration.objects.get()
    api = APIClient()
    url = f"/api/v1/auth/registrations/{registration.pk}/"
    assert api.get(url).json()["code_delivery"] == "sending"
    VerificationCode.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=1))
    assert api.get(url).json()["code_delivery"] == "delayed"
    VerificationCode.objects.update(sent_at=timezone.now())
    assert api.get(url).json()["code_delivery"] == "sent"
    assert (
        api.get("/api/v1/auth/registrations/00000000-0000-0000-0000-000000000000/").status_code
        == 404
    )


def test_the_worker_keeps_its_database_connection_from_task_to_task(
    transactional_db, celery_worker
):
    """A real worker runs outbox work without opening a database connection per task (Celery's
    Django fixup closed it before and after every task: a new PostgreSQL backend for each
    complaint's validation cost more CPU than the validation). Django's CONN_MAX_AGE rule
    applies instead, as for web requests."""
    from django.db import connection
    from django.db.backends.signals import connection_created

    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps no connection between tasks (CONN_MAX_AGE 0; CI runs this)")

    def run_one(n: int) -> None:
        with transaction.atomic():
            message = _email(f"worker-{n}@example.com")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            message.refresh_from_db()
            if message.completed_at is not None:
                return
            time.sleep(0.05)
        raise AssertionError(f"outbox message {message.pk} did not complete")

    for n in range(4):  # each worker thread's first task opens its connection
        run_one(n)
    opened = []

    def note(sender, connection, **kwargs):
        opened.append(connection.alias)

    connection_created.connect(note)
    try:
        for n in range(4, 10):
            run_one(n)
    finally:
        connection_created.disconnect(note)
    # At most one: a worker thread (concurrency 2) that had not had a task yet. Was 6 of 6.
    assert len(opened) <= 1, opened
