"""The language is chosen per person: saved at registration from the browser's language,
changed on the contact details page, through the API or with the header's switch; a signed-in
person's pages follow it, the API follows Accept-Language when one is sent (core.languages)."""

import html
import json
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from core.models import AuditEvent
from tests.chinese import CHINESE_BROWSER, compile_catalogue
from tests.factories import api_token_for

from .test_views import EMAIL, post_register, registered, verified  # noqa: F401

SWITCH = "/language/"


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogue():
    compile_catalogue()


@pytest.fixture
def chinese_browser(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = CHINESE_BROWSER
    return client


@pytest.mark.django_db
def test_registering_from_a_chinese_browser_saves_chinese(chinese_browser, request):
    session = request.getfixturevalue("registered")
    user = User.objects.get(email=EMAIL)
    assert user.language == "zh-hans"
    page = session.get(reverse("accounts:account")).content.decode()
    assert '<html lang="zh-hans">' in page and "我的账号" in page


@pytest.mark.django_db
def test_registering_from_an_english_browser_saves_english(client, request):
    request.getfixturevalue("registered")
    assert User.objects.get(email=EMAIL).language == "en"


@pytest.mark.django_db
def test_anyone_can_switch_the_language_in_the_header(client):
    home = client.get(reverse("accounts:login")).content.decode()
    assert 'id="language-switch"' in home and 'action="/language/"' in home
    assert 'value="zh-hans" lang="zh-hans"' in home and "简体中文" in home
    response = client.post(SWITCH, {"language": "zh-hans", "next": "/login/"})
    assert response.status_code == 302 and response["Location"] == "/login/"
    page = client.get("/login/").content.decode()
    assert '<html lang="zh-hans">' in page and "会员登录" in page


@pytest.mark.django_db
def test_the_switch_refuses_a_get_and_a_foreign_next(client):
    assert client.get(SWITCH).status_code == 405
    response = client.post(SWITCH, {"language": "zh-hans", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil.example" not in response["Location"]


@pytest.mark.django_db
def test_a_signed_in_switch_saves_the_preference_which_wins_over_the_browser(client, rights_owner):
    client.force_login(rights_owner)
    client.post(SWITCH, {"language": "zh-hans", "next": "/account/"})
    rights_owner.refresh_from_db()
    assert rights_owner.language == "zh-hans"
    assert AuditEvent.objects.filter(
        action="account.contact_updated", target_id=str(rights_owner.pk)
    ).exists()
    client.cookies.clear()  # another browser, English, same account
    client.force_login(rights_owner)
    page = client.get("/account/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<html lang="zh-hans">' in page and "我的账号" in page


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(client, rights_owner):
    client.force_login(rights_owner)
    client.post(SWITCH, {"language": "xx", "next": "/account/"})
    rights_owner.refresh_from_db()
    assert rights_owner.language == ""


@pytest.mark.django_db
def test_the_contact_details_page_edits_the_language(client, rights_owner):
    client.force_login(rights_owner)
    form = client.get("/account/contact/").content.decode()
    assert 'name="language"' in form
    response = client.post("/account/contact/", {"language": "zh-hans"})
    assert response.status_code == 302
    rights_owner.refresh_from_db()
    assert rights_owner.language == "zh-hans"
    page = client.get("/account/").content.decode()
    assert 'id="account-language">简体中文' in page
    bad = client.post("/account/contact/", {"language": "klingon"})
    assert bad.status_code == 200
    rights_owner.refresh_from_db()
    assert rights_owner.language == "zh-hans"


@pytest.mark.django_db
def test_the_api_edits_the_language_and_answers_in_it_unless_asked_otherwise(rights_owner):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(rights_owner)}")
    answer = api.patch("/api/v1/me/", {"language": "zh-hans"}, format="json")
    assert answer.status_code == 200 and answer.json()["language"] == "zh-hans"
    refused = api.patch("/api/v1/me/", {"language": "xx"}, format="json")
    assert refused.status_code == 400
    # No Accept-Language: the saved language.
    bad_phone = api.patch("/api/v1/me/", {"phone": "no digits"}, format="json")
    assert bad_phone.status_code == 400 and bad_phone["Content-Language"] == "zh-hans"
    assert "请输入" in str(bad_phone.json()), bad_phone.json()
    # An explicit Accept-Language wins.
    english = api.patch(
        "/api/v1/me/", {"phone": "no digits"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Enter a phone number" in str(english.json())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("browser", "label"), [("en", "I'm not a robot"), ("zh-CN", "我不是机器人")]
)
def test_the_human_check_widget_speaks_the_page_language(client, agreement, browser, label):
    page = client.get("/register/", HTTP_ACCEPT_LANGUAGE=browser).content.decode()
    found = re.search(r'<altcha-widget[^>]*\sstrings="([^"]+)"', page)
    assert found, "the widget has no strings option"
    strings = json.loads(html.unescape(found.group(1)))
    assert strings["label"] == label and strings["verified"]
