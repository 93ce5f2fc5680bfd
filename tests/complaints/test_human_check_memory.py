"""Issue 13: a human check solved once is not asked for again when the DMCA form (or the
registration form) comes back with an error; it is single use per successful submission and
expires. Real proof-of-work solutions, verified by django-altcha."""

import base64
import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.models import Complaint
from core import human_check
from tests.complaints.conftest import url_of

pytestmark = pytest.mark.django_db

REQUIRED = "Complete the human check."
DONE = 'id="human-check-done"'


def notice(listing, **overrides) -> dict:
    data = {
        "platform": "taobao",
        "reason": "copyright_image",
        "work_description": "Photo 'Red Shoes' (2024)",
        "urls": url_of(listing),
        "rights_owner_name": "Ann Photo",
        "notifier_name": "Ann Photo",
        "notifier_email": "ann@example.com",
        "notifier_phone": "+44 20 7946 0000",
        "notifier_address": "1 High St, London",
        "good_faith_statement": "on",
        "accuracy_statement": "on",
        "signature": "Ann Photo",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_dmca_form_with_an_error_keeps_the_solved_check_once(
    client, listings, altcha_payload, django_capture_on_commit_callbacks
):
    first = client.post("/dmca/", notice(listings[0], signature=None, human_check=altcha_payload()))
    page = first.content.decode()
    assert "Sign the notice by typing your full name." in page
    assert DONE in page and "<altcha-widget" not in page

    with django_capture_on_commit_callbacks(execute=True):
        filed = client.post("/dmca/", notice(listings[0]))  # no new solution: remembered
    assert filed.status_code == 302 and "receipt=" in filed["Location"]
    assert Complaint.objects.filter(source="dmca_form").count() == 1

    again = client.post("/dmca/", notice(listings[1])).content.decode()  # used up
    assert REQUIRED in again and "<altcha-widget" in again
    assert Complaint.objects.filter(source="dmca_form").count() == 1


def test_a_remembered_check_expires(client, listings, altcha_payload):
    begin = timezone.now()
    with time_machine.travel(begin, tick=False):
        client.post("/dmca/", notice(listings[0], signature=None, human_check=altcha_payload()))
        assert DONE in client.get("/dmca/").content.decode()
    with time_machine.travel(begin + timedelta(seconds=601), tick=False):
        page = client.post("/dmca/", notice(listings[0])).content.decode()
    assert REQUIRED in page and DONE not in page


def test_a_refused_solution_is_not_remembered(client, listings, altcha_payload):
    payload = json.loads(base64.b64decode(altcha_payload()))
    payload["number"] += 1
    forged = base64.b64encode(json.dumps(payload).encode()).decode()
    page = client.post("/dmca/", notice(listings[0], signature=None, human_check=forged))
    assert DONE not in page.content.decode()
    assert not human_check.is_remembered(client, "dmca")  # type: ignore[arg-type]


def test_the_memory_is_per_visitor(client, listings, altcha_payload):
    client.post("/dmca/", notice(listings[0], signature=None, human_check=altcha_payload()))
    other = client.__class__()
    page = other.post("/dmca/", notice(listings[0])).content.decode()
    assert REQUIRED in page


def test_widget_and_api_challenge_use_the_configured_difficulty(client, settings):
    settings.IPP = {**settings.IPP, "HUMAN_CHECK_MAX_NUMBER": 123_456}
    from complaints.forms import DmcaForm

    rendered = str(DmcaForm()["human_check"])
    assert 'maxnumber="123456"' in rendered
    challenge = APIClient().get("/api/v1/auth/challenge/").json()
    assert challenge["maxnumber"] == 123_456


def test_default_difficulty_is_the_lowered_one(settings):
    assert human_check.max_number() == 250_000
    assert human_check.new_challenge().max_number == 250_000
