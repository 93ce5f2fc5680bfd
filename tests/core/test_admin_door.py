"""The Django admin is no second front door: its login page only leads to the portal's sign-in."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_admin_login_form_does_not_sign_anyone_in(client, reviewer, password):
    response = client.post(
        "/django-admin/login/?next=/django-admin/",
        {"username": reviewer.email, "password": password, "next": "/django-admin/"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert "_auth_user_id" not in client.session
    assert client.get("/review/").status_code in (302, 403)


def test_the_admin_sends_people_to_the_portal_sign_in(client):
    response = client.get("/django-admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/login/?next=/django-admin/"


def test_staff_signed_in_through_the_portal_reach_the_admin(client, reviewer, outsider):
    client.force_login(outsider)
    assert client.get("/django-admin/login/").status_code == 403
    client.force_login(reviewer)
    assert client.get("/django-admin/").status_code == 200
    assert client.get("/django-admin/login/")["Location"] == "/django-admin/"


def test_a_staff_session_without_the_second_factor_never_reaches_the_admin(client, reviewer):
    client.force_login(reviewer, otp_verified=False)
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/security/second-factor/setup/?next=")
    assert client.get("/django-admin/accounts/user/").status_code == 302

    from tests.second_factor import enrol

    enrol(reviewer)
    response = client.get("/django-admin/")
    assert response["Location"] == "/account/sign-in/second-factor/?next=%2Fdjango-admin%2F"


def test_the_admin_asks_its_own_question_too(rf, reviewer):
    """Even without the middleware in front (a misordered setting), the admin refuses an
    unverified staff session and sends it to the second-factor step."""
    from django.contrib import admin
    from django.contrib.sessions.backends.db import SessionStore

    from core.admin import portal_sign_in

    request = rf.get("/django-admin/login/")
    request.session = SessionStore()
    reviewer.is_verified = lambda: False
    request.user = reviewer
    assert admin.site.has_permission(request) is False
    response = portal_sign_in(request)
    assert response["Location"].startswith("/account/sign-in/second-factor/?next=")
    reviewer.is_verified = lambda: True
    assert admin.site.has_permission(request) is True
