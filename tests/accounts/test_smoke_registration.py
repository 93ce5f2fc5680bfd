import re

import pytest
from django.core import mail


@pytest.mark.django_db
def test_register_verify_and_set_password_creates_account(
    client, altcha_payload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/register/",
            {
                "location": "DE",
                "identity_kind": "business",
                "registrant_category": "ipr_owner",
                "email": "New@Example.com",
                "human_check": altcha_payload(),
                "agree": "on",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    response = client.post("/register/verify/", {"code": code})
    assert response["Location"] == "/register/password/"
    response = client.post(
        "/register/password/", {"password1": "A-long-pass-123", "password2": "A-long-pass-123"}
    )
    assert response["Location"] == "/account/"
    assert "ipp_device" in response.cookies
    page = client.get("/account/")
    assert "Pending identity verification" in page.content.decode()
