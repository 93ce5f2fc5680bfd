import pytest
from django.core import mail
from rest_framework.test import APIClient

from core.models import Notification
from core.notify import notify_user


@pytest.mark.django_db
def test_notify_user_creates_a_portal_notice_and_emails_both_addresses(
    rights_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(rights_owner, "account_welcome", {}, link="/account/")
    notice = Notification.objects.get(user=rights_owner)
    assert notice.title == "Welcome to the IPP Portal. Next step: verify your identity"
    assert notice.link == "/account/" and notice.body == ""
    assert set(mail.outbox[-1].to) == {"owner@example.com", "legal@example.com"}
    assert mail.outbox[-1].subject == "Welcome to the IPP Portal"


@pytest.mark.django_db
def test_notification_page_shows_only_own_notices_and_marks_read(client, rights_owner, outsider):
    notify_user(rights_owner, "account_welcome", {}, link="/account/")
    mine = notify_user(outsider, "account_welcome", {}, link="/account/")
    client.force_login(rights_owner)
    page = client.get("/notifications/").content.decode()
    assert "Welcome to the IPP Portal" in page and 'class="badge">1<' in page
    assert client.post(f"/notifications/{mine.pk}/open/").status_code == 404
    client.post("/notifications/")
    assert not Notification.objects.filter(user=rights_owner, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=outsider, read_at__isnull=True).exists()


@pytest.mark.django_db
def test_opening_a_notification_never_redirects_off_site(client, rights_owner):
    notice = notify_user(rights_owner, "account_welcome", {}, link="https://evil.example/")
    client.force_login(rights_owner)
    response = client.post(f"/notifications/{notice.pk}/open/")
    assert response["Location"] == "/notifications/"


@pytest.mark.django_db
def test_notifications_api_lists_own_and_marks_read(rights_owner, outsider):
    notify_user(rights_owner, "account_welcome", {})
    other = notify_user(outsider, "account_welcome", {})
    api = APIClient()
    assert api.get("/api/v1/notifications/").status_code in (401, 403)
    api.force_authenticate(rights_owner)
    results = api.get("/api/v1/notifications/?unread=1").json()["results"]
    assert len(results) == 1 and results[0]["kind"] == "account_welcome"
    assert api.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    assert api.get("/api/v1/notifications/?unread=1").json()["results"] == []
