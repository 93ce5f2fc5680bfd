"""Issue 13: a locked account always keeps a working way to an unlock code, in the browser and
through the API. The bug: a second unknown-device sign-in within a minute of the previous code
sent none (the one-a-minute resend limit), while the page said one was sent and the API had no
way to ask for a new one."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import CodePurpose, User, VerificationCode
from accounts.services import signin
from core.audit import AuditEvent

from .steps import alerts, emails_to, last_code, wrong_code

UNLOCK = "unlock code"


@pytest.fixture
def sign_in(django_capture_on_commit_callbacks, rights_owner, password):
    """An unknown-device sign-in through the service (the emails go out at once)."""

    def attempt():
        with django_capture_on_commit_callbacks(execute=True):
            result = signin.sign_in(
                email=rights_owner.email,
                password=password,
                device_token=None,
                ip_address="203.0.113.9",
            )
        assert result.unusual_activity
        return result

    return attempt


def unlock_emails(user: User) -> list:
    return [m for m in emails_to(user.email) if UNLOCK in m.subject]


def unlock(user: User, code: str) -> str:
    return signin.unlock_with_code(user=user, code=code, ip_address=None)


# --- the service -------------------------------------------------------------------------------
def test_second_unknown_device_within_a_minute_after_the_code_was_used_gets_a_new_code(
    sign_in, rights_owner
):
    begin = timezone.now()
    with time_machine.travel(begin, tick=False):
        sign_in()
        unlock(rights_owner, last_code(rights_owner.email, subject_contains=UNLOCK))
    with time_machine.travel(begin + timedelta(seconds=20), tick=False):
        sign_in()  # another browser, 20 s later: the first code is used up
        assert len(unlock_emails(rights_owner)) == 2
        status = signin.unlock_code_status(rights_owner)
        assert status.active and status.sent_at is not None
        unlock(rights_owner, last_code(rights_owner.email, subject_contains=UNLOCK))
    rights_owner.refresh_from_db()
    assert rights_owner.unusual_activity_locked_at is None


def test_second_unknown_device_within_a_minute_reuses_the_code_that_still_works(
    sign_in, rights_owner
):
    begin = timezone.now()
    with time_machine.travel(begin, tick=False):
        sign_in()
        first = last_code(rights_owner.email, subject_contains=UNLOCK)
    with time_machine.travel(begin + timedelta(seconds=30), tick=False):
        sign_in()
        assert len(unlock_emails(rights_owner)) == 1
        status = signin.unlock_code_status(rights_owner)
        assert status.active
        assert status.sent_at == begin
        assert status.resend_blocked == "resend_too_soon"
        assert status.resend_in == 31
        unlock(rights_owner, first)


def test_a_code_worn_out_by_wrong_tries_does_not_block_the_next_sign_in(sign_in, rights_owner):
    begin = timezone.now()
    with time_machine.travel(begin, tick=False):
        sign_in()
        code = last_code(rights_owner.email, subject_contains=UNLOCK)
        for _ in range(5):
            with pytest.raises(signin.DomainError):
                unlock(rights_owner, wrong_code(code))
        assert not signin.unlock_code_status(rights_owner).active
    with time_machine.travel(begin + timedelta(seconds=10), tick=False):
        sign_in()
        assert len(unlock_emails(rights_owner)) == 2
        unlock(rights_owner, last_code(rights_owner.email, subject_contains=UNLOCK))


def test_hourly_limit_sends_nothing_and_says_when_a_new_code_can_be_asked_for(
    sign_in, rights_owner, django_capture_on_commit_callbacks
):
    begin = timezone.now()
    for minute in range(5):  # five sign-ins, each code used: the hourly limit
        with time_machine.travel(begin + timedelta(minutes=minute), tick=False):
            sign_in()
            unlock(rights_owner, last_code(rights_owner.email, subject_contains=UNLOCK))
    with time_machine.travel(begin + timedelta(minutes=30), tick=False):
        sign_in()
        assert len(unlock_emails(rights_owner)) == 5
        status = signin.unlock_code_status(rights_owner)
        assert not status.active
        assert status.resend_blocked == "resend_limit"
        assert status.resend_in == 30 * 60 + 1  # the first code leaves the hour at minute 60
        with pytest.raises(signin.DomainError) as refused:
            signin.resend_unlock_code(user=rights_owner)
        assert refused.value.code == "resend_limit"
        assert refused.value.retry_after == status.resend_in
    with (
        time_machine.travel(begin + timedelta(minutes=60, seconds=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        status = signin.resend_unlock_code(user=rights_owner)
    assert status.active
    assert len(unlock_emails(rights_owner)) == 6


def test_resend_supersedes_the_previous_code_and_writes_an_audit_row(
    sign_in, rights_owner, django_capture_on_commit_callbacks
):
    begin = timezone.now()
    with time_machine.travel(begin, tick=False):
        sign_in()
        old = last_code(rights_owner.email, subject_contains=UNLOCK)
    with (
        time_machine.travel(begin + timedelta(seconds=61), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        signin.resend_unlock_code(user=rights_owner, ip_address="203.0.113.9")
    new = last_code(rights_owner.email, subject_contains=UNLOCK)
    assert VerificationCode.objects.filter(
        user=rights_owner, purpose=CodePurpose.UNLOCK, superseded=True
    ).exists()
    row = AuditEvent.objects.get(action="account.unlock_code_resent")
    assert (row.target_id, row.ip_address) == (str(rights_owner.pk), "203.0.113.9")
    if new != old:
        with pytest.raises(signin.DomainError):
            unlock(rights_owner, old)
    unlock(rights_owner, new)


# --- the page ----------------------------------------------------------------------------------
def _login(client, email, password):
    return client.post("/login/", {"email": email, "password": password})


def test_unlock_page_says_when_the_code_was_sent_and_when_a_new_one_can_be_asked_for(
    client, rights_owner, password, django_capture_on_commit_callbacks
):
    begin = timezone.now().replace(hour=14, minute=5, second=0, microsecond=0)
    with (
        time_machine.travel(begin, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _login(client, rights_owner.email, password)
    with time_machine.travel(begin + timedelta(seconds=15), tick=False):
        page = client.get("/login/unlock/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert (
        "Enter the 6-digit code we emailed to your registered address ow***@example.com at "
        "14:05 UTC. It works until 14:15 UTC." in text
    )
    assert "You can ask for a new code in 46 seconds." in text
    assert 'data-resend-wait="46"' in page
    assert 'id="resend-code"' in page and "<details" not in page  # no longer hidden


def test_second_browser_within_a_minute_after_the_first_unlocked_gets_a_working_code(
    rights_owner, password, django_capture_on_commit_callbacks
):
    first, second = Client(), Client()
    begin = timezone.now()
    with time_machine.travel(begin, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            _login(first, rights_owner.email, password)
        code = last_code(rights_owner.email, subject_contains=UNLOCK)
        with django_capture_on_commit_callbacks(execute=True):
            assert first.post("/login/unlock/", {"code": code})["Location"] == "/account/"
    with time_machine.travel(begin + timedelta(seconds=25), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert _login(second, rights_owner.email, password)["Location"] == "/login/unlock/"
        page = second.get("/login/unlock/").content.decode()
        assert "No unlock code works right now" not in page
        assert len(unlock_emails(rights_owner)) == 2
        new = last_code(rights_owner.email, subject_contains=UNLOCK)
        with django_capture_on_commit_callbacks(execute=True):
            response = second.post("/login/unlock/", {"code": new})
    assert response["Location"] == "/account/"


def test_unlock_page_without_a_working_code_says_so_and_the_button_sends_one(
    client, rights_owner, password, django_capture_on_commit_callbacks
):
    begin = timezone.now()
    with (
        time_machine.travel(begin, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _login(client, rights_owner.email, password)
    code = last_code(rights_owner.email, subject_contains=UNLOCK)
    with time_machine.travel(begin + timedelta(seconds=5), tick=False):
        for _ in range(5):
            client.post("/login/unlock/", {"code": wrong_code(code)})
        page = client.get("/login/unlock/").content.decode()
        assert (
            "No unlock code works right now: the last one was used, has expired or had too many "
            "wrong tries. Send a new code to ow***@example.com below." in alerts(page)
        )
        too_soon = client.post("/login/unlock/resend/", follow=True).content.decode()
        assert "A code was sent moments ago. You can ask for another in 56 seconds." in (
            alerts(too_soon)
        )
    with time_machine.travel(begin + timedelta(seconds=61), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            sent = client.post("/login/unlock/resend/", follow=True).content.decode()
        assert "A new code is on its way to your registered email." in alerts(sent)
        new = last_code(rights_owner.email, subject_contains=UNLOCK)
        response = client.post("/login/unlock/", {"code": new})
    assert response["Location"] == "/account/"


def test_unlock_page_at_the_hourly_limit_says_when_a_new_code_can_be_asked_for(
    client, rights_owner, password, django_capture_on_commit_callbacks
):
    begin = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    for minute in range(5):  # five codes sent and used: the hourly limit
        with time_machine.travel(begin + timedelta(minutes=minute), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                _login(client, rights_owner.email, password)
            unlock(rights_owner, last_code(rights_owner.email, subject_contains=UNLOCK))
    with time_machine.travel(begin + timedelta(minutes=20), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            _login(client, rights_owner.email, password)
        page = client.get("/login/unlock/").content.decode()
    assert len(unlock_emails(rights_owner)) == 5
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "No unlock code works right now" in text
    assert (
        "Too many codes were sent in the last hour. You can ask for a new one at 10:00 UTC." in text
    )


def test_unlock_resend_needs_a_sign_in_attempt_and_a_post(client, rights_owner):
    assert client.post("/login/unlock/resend/").status_code == 404
    assert client.get("/login/unlock/resend/").status_code == 405


# --- the API -----------------------------------------------------------------------------------
@pytest.fixture
def api():
    return APIClient()


def _api_login(api, email, password):
    return api.post("/api/v1/auth/login/", {"email": email, "password": password})


def test_api_login_says_which_unlock_code_works(
    api, rights_owner, password, django_capture_on_commit_callbacks
):
    begin = timezone.now()
    with (
        time_machine.travel(begin, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _api_login(api, rights_owner.email, password)
    with time_machine.travel(begin + timedelta(seconds=10), tick=False):
        body = _api_login(api, rights_owner.email, password).json()
    assert body["code"] == "unusual_activity"
    code_status = body["unlock_code"]
    assert code_status["active"] is True
    assert code_status["delivery"] == "sent"
    assert code_status["resend_available_in"] == 51
    assert code_status["resend_blocked"] == "resend_too_soon"
    assert code_status["sent_at"].startswith(begin.strftime("%Y-%m-%dT%H:%M:%S"))
    assert len(unlock_emails(rights_owner)) == 1


def test_api_resend_is_throttled_with_retry_after_then_sends_a_code_that_unlocks(
    api, rights_owner, password, django_capture_on_commit_callbacks
):
    begin = timezone.now()
    with (
        time_machine.travel(begin, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ticket = _api_login(api, rights_owner.email, password).json()["unlock_ticket"]
    with time_machine.travel(begin + timedelta(seconds=20), tick=False):
        response = api.post("/api/v1/auth/unlock/resend/", {"unlock_ticket": ticket})
    assert response.status_code == 429
    assert response["Retry-After"] == "41"
    assert response.json() == {
        "detail": "A code was sent moments ago. You can ask for another in 41 seconds.",
        "code": "resend_too_soon",
        "retry_after": 41,
    }
    with time_machine.travel(begin + timedelta(seconds=61), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post("/api/v1/auth/unlock/resend/", {"unlock_ticket": ticket})
        assert response.status_code == 202
        body = response.json()
        assert body["detail"] == "A new code is on its way to your registered email."
        assert body["unlock_code"]["active"] is True
        assert body["unlock_code"]["resend_available_in"] == 61
        code = last_code(rights_owner.email, subject_contains=UNLOCK)
        unlocked = api.post("/api/v1/auth/unlock/", {"unlock_ticket": ticket, "code": code})
    assert unlocked.status_code == 200
    assert unlocked.json()["token"]


def test_api_second_client_within_a_minute_after_the_first_unlocked_gets_a_working_code(
    api, rights_owner, password, django_capture_on_commit_callbacks
):
    begin = timezone.now()
    with time_machine.travel(begin, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            ticket = _api_login(api, rights_owner.email, password).json()["unlock_ticket"]
        code = last_code(rights_owner.email, subject_contains=UNLOCK)
        with django_capture_on_commit_callbacks(execute=True):
            first = api.post("/api/v1/auth/unlock/", {"unlock_ticket": ticket, "code": code})
        assert first.status_code == 200
    with time_machine.travel(begin + timedelta(seconds=30), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            body = _api_login(APIClient(), rights_owner.email, password).json()
        assert body["unlock_code"]["active"] is True
        code = last_code(rights_owner.email, subject_contains=UNLOCK)
        response = APIClient().post(
            "/api/v1/auth/unlock/", {"unlock_ticket": body["unlock_ticket"], "code": code}
        )
    assert response.status_code == 200


def test_api_resend_refuses_a_forged_ticket(api, db):
    response = api.post("/api/v1/auth/unlock/resend/", {"unlock_ticket": "forged"})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_ticket"
    assert mail.outbox == []


def test_api_schema_documents_the_resend_endpoint(api, db):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/auth/unlock/resend/"]["post"]
    assert operation["summary"] == "Email a new unlock code"
    assert "202" in operation["responses"] and "429" in operation["responses"]
    login = schema["paths"]["/api/v1/auth/login/"]["post"]["responses"]["403"]
    assert login["content"]["application/json"]["schema"]["$ref"].endswith("UnusualActivityOut")
    out = schema["components"]["schemas"]["UnusualActivityOut"]["properties"]
    assert {"unlock_ticket", "unlock_code"} <= set(out)
