"""Issue 13: the registration form keeps a solved human check across a re-render after an error
(core/human_check.py), once."""

import pytest

from core import human_check

from .steps import registration_form

pytestmark = pytest.mark.django_db

DONE = 'id="human-check-done"'


def test_registration_with_an_error_keeps_the_solved_check_once(
    client, agreement, altcha_payload, django_capture_on_commit_callbacks
):
    page = client.post(
        "/register/", registration_form(altcha_payload(), email="not-an-email")
    ).content.decode()
    assert "Enter a valid email address" in page and DONE in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/register/", registration_form(None))
    assert response["Location"] == "/register/verify/"
    assert "registration" not in client.session.get(human_check.SESSION_KEY, {})
    page = client.get("/register/").content.decode()
    assert DONE not in page and "<altcha-widget" in page
