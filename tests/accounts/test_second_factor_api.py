"""The second factor through the API: login answers 403 with a short-lived ticket, the ticket and a
code give the token; staff who never set it up are sent to the browser."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.audit_actions import AccountAction
from accounts.services.devices import trust_device
from core.models import AuditEvent
from tests.accounts.steps import last_code
from tests.second_factor import enrol, fresh_totp_code, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/auth/login/"
SECOND = "/api/v1/auth/second-factor/"
STATUS = "/api/v1/account/second-factor/"


@pytest.fixture
def api():
    return APIClient()


def _login(api, user, password, **extra):
    device = trust_device(user=user, ip_address=None, user_agent="")
    return api.post(
        LOGIN, {"email": user.email, "password": password, "device_token": device, **extra}
    )


def _works(token: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get("/api/v1/me/").status_code == 200


def test_staff_without_a_second_factor_get_no_token_and_are_sent_to_the_browser(
    api, reviewer, password
):
    response = _login(api, reviewer, password)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "second_factor_enrolment_required"
    assert "in a browser" in body["detail"]
    assert "token" not in body and "second_factor_ticket" not in body


def test_a_second_factor_login_answers_with_a_ticket_that_a_code_exchanges_for_the_token(
    api, reviewer, password
):
    device, _codes = enrol(reviewer)
    response = _login(api, reviewer, password)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "second_factor_required"
    assert "token" not in body
    code = fresh_totp_code(device)
    answer = api.post(SECOND, {"second_factor_ticket": body["second_factor_ticket"], "code": code})
    assert answer.status_code == 200
    assert _works(answer.json()["token"])
    assert AuditEvent.objects.filter(action=AccountAction.SECOND_FACTOR_VERIFIED).count() == 1


def test_a_wrong_code_is_400_then_the_next_try_must_wait(api, reviewer, password):
    device, _codes = enrol(reviewer)
    ticket = _login(api, reviewer, password).json()["second_factor_ticket"]
    with time_machine.travel(timezone.now(), tick=False):
        code = f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"
        wrong = api.post(SECOND, {"second_factor_ticket": ticket, "code": code})
        assert wrong.status_code == 400
        assert wrong.json()["code"] == "second_factor_invalid"
        assert wrong.json()["field"] == "code"
        waiting = api.post(
            SECOND, {"second_factor_ticket": ticket, "code": fresh_totp_code(device)}
        )
    assert waiting.status_code == 429
    assert waiting.json() == {
        "detail": "Too many wrong codes. Wait 1 second, then try again.",
        "code": "second_factor_throttled",
    }
    failed = AuditEvent.objects.get(action=AccountAction.SECOND_FACTOR_FAILED)
    assert failed.data == {"stage": "sign_in", "method": "totp", "failures": 1}


def test_a_recovery_code_gives_a_token_once(api, reviewer, password):
    _device, codes = enrol(reviewer)
    ticket = _login(api, reviewer, password).json()["second_factor_ticket"]
    first = api.post(SECOND, {"second_factor_ticket": ticket, "code": codes[0]})
    assert first.status_code == 200 and _works(first.json()["token"])
    ticket = _login(api, reviewer, password).json()["second_factor_ticket"]
    again = api.post(SECOND, {"second_factor_ticket": ticket, "code": codes[0]})
    assert again.status_code == 400


def test_the_ticket_cannot_be_forged_and_expires_after_five_minutes(api, reviewer, password):
    device, _codes = enrol(reviewer)
    forged = api.post(SECOND, {"second_factor_ticket": "forged", "code": "123456"})
    assert forged.status_code == 400 and forged.json()["code"] == "bad_ticket"
    unlock_ticket = api.post(SECOND, {"second_factor_ticket": _unlock_ticket(api), "code": "1"})
    assert unlock_ticket.json()["code"] == "bad_ticket"
    ticket = _login(api, reviewer, password).json()["second_factor_ticket"]
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        late = api.post(SECOND, {"second_factor_ticket": ticket, "code": totp_code(device)})
    assert late.status_code == 400 and late.json()["code"] == "bad_ticket"


def _unlock_ticket(api) -> str:
    from django.core import signing

    return signing.dumps({"u": 1}, salt="ipp.unlock-ticket")


def test_an_unknown_client_unlocks_then_passes_the_second_factor(
    api, rights_owner, password, django_capture_on_commit_callbacks
):
    device, _codes = enrol(rights_owner)
    with django_capture_on_commit_callbacks(execute=True):
        locked = api.post(LOGIN, {"email": rights_owner.email, "password": password})
    assert locked.json()["code"] == "unusual_activity"
    assert mail.outbox
    unlocked = api.post(
        "/api/v1/auth/unlock/",
        {"unlock_ticket": locked.json()["unlock_ticket"], "code": last_code(rights_owner.email)},
    )
    assert unlocked.status_code == 403
    body = unlocked.json()
    assert body["code"] == "second_factor_required" and body["device_token"]
    assert "token" not in body
    answer = api.post(
        SECOND,
        {"second_factor_ticket": body["second_factor_ticket"], "code": fresh_totp_code(device)},
    )
    assert answer.status_code == 200


def test_owners_without_a_second_factor_get_the_token_at_once(api, rights_owner, password):
    response = _login(api, rights_owner, password)
    assert response.status_code == 200 and _works(response.json()["token"])


def test_the_status_endpoint_says_whether_it_is_on_and_how_many_codes_are_left(
    api, rights_owner, reviewer
):
    assert api.get(STATUS).status_code in (401, 403)
    api.force_login(rights_owner)
    assert api.get(STATUS).json() == {
        "enabled": False,
        "required": False,
        "device_kind": "",
        "recovery_codes_left": 0,
        "last_used_at": None,
    }
    _device, codes = enrol(rights_owner)
    api.force_login(rights_owner)
    body = api.get(STATUS).json()
    assert (body["enabled"], body["device_kind"], body["recovery_codes_left"]) == (True, "totp", 10)
    staff = APIClient()
    enrol(reviewer)
    staff.force_login(reviewer)
    assert staff.get(STATUS).json()["required"] is True
