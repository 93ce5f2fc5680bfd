"""The page chrome (core.templatetags.chrome): the main navigation, the language choice and the
footer are rendered once per language and per the facts they read, then reused. Each person
still gets their own links with the current section marked, in their own language, and the
footer's development link only where DEBUG is on."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.timesince import timesince

from core.templatetags import chrome
from reviews.templatetags.queue_rows import page_time_strings
from tests.chinese import compile_catalogue
from tests.factories import UserFactory


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogue():
    compile_catalogue()


def nav(page: str) -> str:
    return re.search(r'<nav class="mainnav".*?</nav>', page, re.S).group(0)


def active(page: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" class="active">', nav(page))


def test_a_link_is_the_reversed_url():
    assert chrome.link("complaints:manage") == reverse("complaints:manage")
    assert chrome.link("help:index") == reverse("help:index")


@pytest.mark.django_db
def test_each_person_gets_their_own_links_with_the_current_section_marked(client, reviewer):
    owner = UserFactory(identity_approved=True)
    client.force_login(owner)
    manage = client.get(reverse("complaints:manage")).content.decode()
    assert active(manage) == [reverse("complaints:manage")]
    iprs = client.get(reverse("ipr:list")).content.decode()
    assert active(iprs) == [reverse("ipr:list")]
    assert reverse("reviews:workbench") not in nav(iprs)

    unverified = UserFactory()
    client.force_login(unverified)
    account = client.get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:identity") in nav(account)
    assert reverse("complaints:manage") not in nav(account)  # needs a verified identity
    assert active(account) == [reverse("accounts:account")]

    client.force_login(reviewer)
    workbench = client.get(reverse("reviews:workbench")).content.decode()
    assert active(workbench) == [reverse("reviews:workbench")]
    assert reverse("complaints:manage") not in nav(workbench)


@pytest.mark.django_db
def test_the_chrome_follows_each_persons_language(client):
    english, chinese = UserFactory(), UserFactory(language="zh-hans")
    client.force_login(chinese)
    page = client.get(reverse("accounts:account")).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "帮助" in page.split('<footer class="footer">')[1]  # Help
    assert 'value="zh-hans" lang="zh-hans" selected' in page
    client.force_login(english)
    page = client.get(reverse("accounts:account")).content.decode()
    assert ">Help</a>" in page.split('<footer class="footer">')[1]
    assert 'value="en" lang="en" selected' in page
    # the form around the cached choice is the request's own: its token and its way back
    assert 'name="csrfmiddlewaretoken"' in page.split('id="language-switch"')[1].split("</form>")[0]
    assert f'name="next" value="{reverse("accounts:account")}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_the_development_mailbox_is_linked_only_under_debug(client, settings, debug):
    settings.DEBUG = debug
    page = client.get(reverse("help:index")).content.decode()
    assert (reverse("dev_mailbox") in page) is debug


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_pages_remembered_time_strings_give_what_timesince_gives(language):
    now = timezone.now()
    ages = [timedelta(seconds=s) for s in (0, 59, 60, 3599, 3600, 86_399, 86_400, 90_061)]
    ages += [
        timedelta(days=d, hours=h, minutes=m)
        for d in (1, 6, 7, 13, 40, 400)
        for h, m in ((0, 0), (5, 7))
    ]
    with translation.override(language):
        strings = page_time_strings()
        for age in ages:
            assert timesince(now - age, now, time_strings=strings) == timesince(now - age, now)
