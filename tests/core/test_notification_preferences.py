"""Notification preferences (page and API, each person's own only) and the daily digest
(one email per person and day, whatever the number of runs)."""

import datetime
import time

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from core.digest import send_due_digests
from core.models import AuditEvent, Notification, NotificationDigest, NotificationPreference
from core.notification_kinds import Category
from core.notify import notify_user
from core.tasks import send_daily_digests

PAGE = "/account/notifications/"
API = "/api/v1/account/notification-preferences/"
ACTORS = ["rights_owner", "seller", "reviewer"]
DAY = datetime.datetime(2026, 3, 2, 7, 30, tzinfo=datetime.UTC)


def _prefs(user) -> dict[str, str]:
    return dict(
        NotificationPreference.objects.filter(user=user).values_list("category", "delivery")
    )


# --- the page ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.post(PAGE, {"complaints": "off"}).status_code == 302
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_each_person_sets_their_own_preferences_on_the_page(request, client, actor, outsider):
    user = request.getfixturevalue(actor)
    client.force_login(user)
    page = client.get(PAGE).content.decode()
    for category in Category:
        assert f'id="pref-{category.value}"' in page
    assert 'name="seller_notices" value="immediate"' in page and "disabled" in page
    response = client.post(PAGE, {"complaints": "digest", "reminders": "off"})
    assert response.status_code == 302 and response["Location"] == PAGE
    assert _prefs(user) == {"complaints": "digest", "reminders": "off"}
    assert _prefs(outsider) == {}
    assert AuditEvent.objects.filter(
        action="notifications.preferences_changed", target_id=str(user.pk)
    ).exists()


@pytest.mark.django_db
def test_the_page_cannot_turn_off_a_mandatory_category(client, seller):
    client.force_login(seller)
    client.post(PAGE, {"seller_notices": "off", "security": "digest", "complaints": "off"})
    assert _prefs(seller) == {"complaints": "off"}  # disabled fields keep their one value


@pytest.mark.django_db
def test_the_account_page_links_to_the_preferences(client, rights_owner):
    client.force_login(rights_owner)
    assert f'href="{PAGE}"' in client.get(reverse("accounts:account")).content.decode()


# --- the API -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_api_refuses_anonymous_callers():
    api = APIClient()
    assert api.get(API).status_code in (401, 403)
    body = {"preferences": [{"category": "complaints", "delivery": "off"}]}
    assert api.put(API, body, format="json").status_code in (401, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_the_api_shows_and_sets_the_callers_own_preferences(request, actor, outsider):
    user = request.getfixturevalue(actor)
    NotificationPreference.objects.create(user=outsider, category="complaints", delivery="off")
    api = APIClient()
    api.force_authenticate(user)
    rows = {r["category"]: r for r in api.get(API).json()["preferences"]}
    assert set(rows) == set(Category.values)
    assert rows["complaints"]["delivery"] == "immediate"  # not the outsider's choice
    assert rows["seller_notices"] == {
        "category": "seller_notices",
        "label": "Takedown notices about your listings",
        "delivery": "immediate",
        "mandatory": True,
        "choices": ["immediate"],
    }
    body = {"preferences": [{"category": "counter_notices", "delivery": "digest"}]}
    answer = api.put(API, body, format="json")
    assert answer.status_code == 200
    rows = {r["category"]: r["delivery"] for r in answer.json()["preferences"]}
    assert rows["counter_notices"] == "digest" and rows["complaints"] == "immediate"
    assert _prefs(user) == {"counter_notices": "digest"}
    assert _prefs(outsider) == {"complaints": "off"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "code"),
    [
        ({"category": "seller_notices", "delivery": "off"}, "mandatory_category"),
        ({"category": "security", "delivery": "digest"}, "mandatory_category"),
        ({"category": "weather", "delivery": "off"}, None),
        ({"category": "complaints", "delivery": "weekly"}, None),
    ],
)
def test_the_api_refuses_what_may_not_be_chosen(seller, row, code):
    api = APIClient()
    api.force_authenticate(seller)
    answer = api.put(API, {"preferences": [row]}, format="json")
    assert answer.status_code == 400
    if code:
        assert answer.json()["code"] == code
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
def test_the_schema_documents_the_preferences_endpoint():
    api = APIClient()
    paths = api.get("/api/schema/?format=json").json()["paths"]
    assert {"get", "put"} <= set(paths[API])


# --- the daily digest --------------------------------------------------------------------------
def _digest_person(user, category: str = "complaints") -> None:
    NotificationPreference.objects.create(user=user, category=category, delivery="digest")


@pytest.mark.django_db
def test_the_digest_sends_each_person_one_email_a_day_however_often_it_runs(
    rights_owner, outsider, django_capture_on_commit_callbacks
):
    _digest_person(rights_owner)
    early = DAY - datetime.timedelta(hours=3)
    with time_machine.travel(early, tick=False), django_capture_on_commit_callbacks(execute=True):
        for n in (1, 2, 3):
            notify_user(
                rights_owner, "complaint_validated", {"complaint_id": n, "valid": 1, "total": 1}
            )
        notify_user(outsider, "complaint_validated", {"complaint_id": 9, "valid": 1, "total": 1})
    assert len(mail.outbox) == 1  # the outsider's, at once; the owner's wait for the digest
    mail.outbox.clear()
    with time_machine.travel(DAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert send_due_digests() == 1
        assert send_due_digests() == 0  # a rerun the same day: nothing twice
    [digest] = mail.outbox
    assert digest.to == ["owner@example.com", "legal@example.com"]
    assert digest.subject == "IPP Portal: 3 notices on 2026-03-02"
    for n in (1, 2, 3):
        assert f"Complaint #{n}: 1 of 1 URLs filed" in digest.body
    assert NotificationDigest.objects.get().sent_at is not None
    assert not Notification.objects.filter(user=rights_owner, digest__isnull=True).exists()
    # Later that day: the notice waits for the next day's digest.
    with time_machine.travel(DAY + datetime.timedelta(hours=2), tick=False):
        notify_user(
            rights_owner, "complaint_validated", {"complaint_id": 4, "valid": 1, "total": 1}
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert send_due_digests() == 0
    tomorrow = time_machine.travel(DAY + datetime.timedelta(days=1), tick=False)
    with tomorrow, django_capture_on_commit_callbacks(execute=True):
        assert send_due_digests() == 1
    assert len(mail.outbox) == 2 and "Complaint #4" in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_digest_email_delivered_twice_is_sent_once(
    rights_owner, django_capture_on_commit_callbacks
):
    from core.digest import send_digest

    _digest_person(rights_owner)
    notify_user(rights_owner, "complaint_validated", {"complaint_id": 1, "valid": 1, "total": 1})
    send_due_digests()  # queued, not yet run (no commit callbacks executed)
    digest = NotificationDigest.objects.get()
    assert send_digest(digest_id=digest.pk) is True
    assert send_digest(digest_id=digest.pk) is False
    assert len(mail.outbox) == 1


def _wait_for(predicate, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.services
def test_a_real_worker_sends_the_daily_digest_once(celery_worker, rights_owner):
    _digest_person(rights_owner, "decisions")
    notify_user(rights_owner, "ipr_authenticated", {"ipr_id": 4, "ipr_label": "ACME"})
    send_daily_digests.delay()
    assert _wait_for(lambda: any("notice on" in m.subject for m in mail.outbox)), "no digest"
    send_daily_digests.delay()
    time.sleep(2)
    digests = [m for m in mail.outbox if "notice on" in m.subject]
    assert len(digests) == 1 and "IPR #4 “ACME” is authenticated" in digests[0].body
    assert NotificationDigest.objects.get().sent_at is not None
