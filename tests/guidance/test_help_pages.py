"""Issue 13: the pages the FAQ names: per-platform complaint guidance, contact / online service,
the DMCA designated agent (with the note that a compliant notice may still fail); both faces."""

import html
import re

import pytest
from rest_framework.test import APIClient

from catalogue.urlcheck import check_urls
from guidance.platforms import GUIDES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/help/",
    "/help/platforms/taobao-tmall/",
    "/help/platforms/1688/",
    "/help/platforms/alibaba-aliexpress/",
    "/help/platforms/lazada/",
    "/help/contact/",
    "/help/dmca-agent/",
]


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.parametrize("url", PAGES)
def test_help_pages_open_to_visitors_and_signed_in_people(client, url):
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(identity_approved=True))
    assert client.get(url).status_code == 200


def test_unknown_platform_guide_is_404(client):
    assert client.get("/help/platforms/ebay/").status_code == 404


def test_every_platform_of_the_portal_has_a_guide_and_its_example_urls_are_accepted():
    covered = [p for guide in GUIDES for p in guide.platforms]
    assert sorted(covered) == sorted(
        ["taobao", "tmall", "tmall_hk", "1688", "alibaba", "aliexpress", "lazada"]
    )
    for guide in GUIDES:
        for url in guide.example_urls:
            found = check_urls(url)[0]
            assert found.error is None, (url, found)
            assert found.platform in guide.platforms, (url, found.platform)
            assert check_urls(url, platform=found.platform)[0].error is None


def test_taobao_guide_states_the_portal_rules_from_the_policies(client, settings):
    settings.IPP = {**settings.IPP, "REVIEW_WINDOWS": {"seller_counter_notice": {"taobao": 5}}}
    page = text_of(client.get("/help/platforms/taobao-tmall/").content.decode())
    group = "Taobao, Tmall and Tmall HK"
    assert f"{group}: at most 200 listing URLs per complaint." in page
    assert "Taobao: the seller has 5 working days to file a counter-notice" in page
    assert "Tmall: the seller has 3 working days to file a counter-notice" in page
    assert "Tmall HK: the seller has 3 working days to file a counter-notice" in page
    assert f"{group}: the seller has" not in page  # a rule that differs is said per platform
    assert f"{group}: your successful complaints against one seller within 3 days count" in page
    assert page.count("at most 200 listing URLs") == 1  # a shared rule is said once
    assert "written with English letters" in page  # the FAQ's URL rules, common to all


def test_guides_state_the_later_chances_and_the_appeal_window_from_the_policies(client, settings):
    settings.IPP = {
        **settings.IPP,
        "REVIEW_WINDOWS": {"later_counter_notices": {"lazada": [10]}},
        "APPEAL_WINDOW_DAYS": 200,
    }
    page = text_of(client.get("/help/platforms/alibaba-aliexpress/").content.decode())
    assert "it has 2 more chances, of 27, 27 working days in turn." in page
    assert "within 200 days of the decision; a second reviewer decides." in page
    page = text_of(client.get("/help/platforms/lazada/").content.decode())
    assert "Lazada: if that chance ends against the seller" in page
    assert "it has 1 more chance, of 10 working days." in page


def test_alibaba_guide_names_the_copyright_rule_and_aliexpress_ru(client):
    page = text_of(client.get("/help/platforms/alibaba-aliexpress/").content.decode())
    assert (
        "AliExpress: copyright penalty points count per successful complaint from the same "
        "rights owner, whatever the copyrighted work." in page
    )
    assert "AliExpress: violations stay on the seller's record for 365 days." in page
    assert "business.aliexpress.ru/legal-docs/article/intellectual-property" in page
    assert "ipr_protection@aliexpress.ru" in page
    assert "Patent Evaluation Report" in page  # the reasons and their proof


def test_dmca_agent_page_shows_the_configured_agent_and_the_outcome_note(client, settings):
    page = text_of(client.get("/help/dmca-agent/").content.decode())
    assert "Intellectual Property Rights Protection Department" in page
    assert "969 West Wen Yi Road, Yuhang District, Hangzhou, Zhejiang 311121, PRC" in page
    assert "ipr@alibaba-inc.com" in page
    assert "your complaint may not ultimately be successful" in page
    assert "under penalty of perjury" in page
    settings.IPP = {
        **settings.IPP,
        "DMCA_AGENT": {"name": "Copyright Agent", "email": "dmca@example.org", "phone": "+1 555"},
    }
    page = text_of(client.get("/help/dmca-agent/").content.decode())
    assert "Copyright Agent" in page and "dmca@example.org" in page and "+1 555" in page
    # a value the settings leave out keeps the FAQ's default
    assert "969 West Wen Yi Road" in page


def test_contact_page_offers_online_service_only_when_configured(client, settings):
    page = client.get("/help/contact/").content.decode()
    assert 'href="mailto:ipr@alibaba-inc.com"' in page
    assert 'id="online-service"' not in page
    settings.IPP = {
        **settings.IPP,
        "SUPPORT": {"email": "help@example.org", "online_service_url": "https://help.example.org/"},
    }
    page = client.get("/help/contact/").content.decode()
    assert 'href="mailto:help@example.org"' in page
    assert 'href="https://help.example.org/"' in page and 'id="online-service"' in page


def test_footer_links_the_help_pages_everywhere(client):
    page = client.get("/").content.decode()
    for url in ("/help/", "/help/contact/", "/help/dmca-agent/"):
        assert f'href="{url}"' in page


def test_dmca_form_links_the_agent_and_says_a_notice_may_not_succeed(client):
    page = client.get("/dmca/").content.decode()
    assert 'href="/help/dmca-agent/"' in page
    assert "it may still not succeed" in page


def test_complaint_form_links_each_platform_guide(client):
    client.force_login(UserFactory(identity_approved=True))
    page = client.get("/complaints/new/").content.decode()
    for guide in GUIDES:
        assert f'href="/help/platforms/{guide.slug}/"' in page


# --- the API -----------------------------------------------------------------------------------
def test_api_lists_the_guidance_of_every_platform():
    body = APIClient().get("/api/v1/guidance/platforms/").json()
    assert [g["slug"] for g in body] == ["taobao-tmall", "1688", "alibaba-aliexpress", "lazada"]
    taobao = body[0]
    assert [p["value"] for p in taobao["platforms"]] == ["taobao", "tmall", "tmall_hk"]
    assert taobao["platforms"][0] == {"value": "taobao", "label": "Taobao", "max_urls": 200}
    assert taobao["example_urls"][0] == "https://item.taobao.com/item.htm?id=600000000001"
    assert any("working days to file a counter-notice" in rule for rule in taobao["rules"])
    assert taobao["common_needs"] and taobao["needs"]


def test_api_guidance_detail_and_404():
    api = APIClient()
    body = api.get("/api/v1/guidance/platforms/lazada/").json()
    assert body["title"] == "Lazada" and body["platforms"][0]["value"] == "lazada"
    assert api.get("/api/v1/guidance/platforms/ebay/").status_code == 404


def test_api_contact_gives_support_the_dmca_agent_and_the_note():
    body = APIClient().get("/api/v1/guidance/contact/").json()
    assert body["dmca_agent"]["email"] == "ipr@alibaba-inc.com"
    assert body["support"]["email"] == "ipr@alibaba-inc.com"
    assert "may not ultimately be successful" in body["dmca_note"]


def test_api_schema_documents_the_guidance_endpoints():
    paths = APIClient().get("/api/schema/", {"format": "json"}).json()["paths"]
    assert "/api/v1/guidance/platforms/" in paths
    assert "/api/v1/guidance/platforms/{slug}/" in paths
    assert "/api/v1/guidance/contact/" in paths
