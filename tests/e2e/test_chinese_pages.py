"""A Chinese browser (Accept-Language zh-CN) reads each role's main pages in Simplified Chinese:
anonymous visitor, rights owner, reviewer and seller, at 1280 px and 390 px. Screenshots are saved
under test-artifacts/test_each_role_reads_its_pages_in_chinese/."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation.reloader import translation_file_changed

from complaints import services as complaint_svc
from tests.catalogue.factories import ListingFactory, SellerFactory
from tests.complaints.conftest import url_of
from tests.e2e.helpers import signed_in_context
from tests.factories import UserFactory
from tests.ipr.conftest import IPRFactory

pytestmark = [pytest.mark.e2e]

# Each page: a Chinese phrase it must show (a heading or its main button).
ANONYMOUS = [
    ("home", "在阿里巴巴旗下平台保护您的知识产权"),
    ("accounts:login", "会员登录"),
    ("accounts:register", "注册 IPP 账号"),
    ("dmca_notice", "版权侵权通知（DMCA）"),
]
OWNER = [
    ("accounts:account", "我的账号"),
    ("accounts:security", "安全日志"),
    ("ipr:list", "知识产权管理"),
    ("ipr:new", "提交知识产权认证"),
    ("complaints:new", "发起投诉"),
    ("complaints:manage", "投诉管理"),
]
REVIEWER = [("reviews:workbench", "工作台")]
SELLER = [("reviews:seller_home", "我的商品收到的投诉")]
# English that would mean a label escaped the catalogue; users' own data is not in this list.
ENGLISH_LABELS = re.compile(
    r"\b(Sign in|Sign out|Register|Submit|Save|Cancel|Status|Complaints?|Reviewer|Seller|"
    r"Trademark|Patent|Copyright|Counter-notice|Workbench|Account|Password|Email address)\b"
)


@pytest.fixture
def compiled_catalogue():
    call_command(
        "compilemessages",
        locale=["zh_Hans"],
        ignore_patterns=[".venv", "node_modules", "var"],
        verbosity=0,
    )
    translation_file_changed(sender=None, file_path=Path("django.mo"))


def _people():
    owner = UserFactory(
        email="brand@example.com",
        contact_email="ip@example.com",
        identity_approved=True,
        complainant_name="Acme Brands Ltd",
    )
    seller = UserFactory(email="seller@example.com", seller=True)
    store = SellerFactory(platform="taobao", store_name="Bargain Shoes", account=seller)
    listing = ListingFactory(platform="taobao", seller=store, listing_id="660000000001")
    trademark = IPRFactory(owner=owner, authenticated=True, mark_word="ACME", nice_classes=[25])
    data = complaint_svc.ComplaintInput(
        platform="taobao",
        ipr=trademark,
        reason="trademark_other",  # needs no proof file, so the complaint files directly
        urls=url_of(listing),
        description="Counterfeit ACME sneakers sold with our logo.",
    )
    complaint = complaint_svc.file_complaint(complainant=owner, data=data)
    complaint_svc.validate_complaint(complaint_id=complaint.pk)
    reviewer = UserFactory(email="reviewer@example.com", reviewer=True)
    return owner, reviewer, seller, complaint


def _visit(page, base, shot, pages, found_english):
    for name, phrase in pages:
        page.goto(base + reverse(name))
        assert page.locator("html").get_attribute("lang") is not None
        assert phrase in page.locator("main").inner_text(), f"{name}: {phrase!r} missing"
        text = page.locator("body").inner_text()  # header, navigation and footer too
        found_english.extend(f"{name}: {m}" for m in ENGLISH_LABELS.findall(text))
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            shot(page, f"{name.replace(':', '-')}-{width}")


def test_each_role_reads_its_pages_in_chinese(
    browser, live_server, compiled_catalogue, transactional_db, shot
):
    owner, reviewer, seller, complaint = _people()
    base, english = live_server.url, []
    zh = {"locale": "zh-CN"}

    anonymous = browser.new_context(viewport={"width": 1280, "height": 900}, **zh).new_page()
    _visit(anonymous, base, shot, ANONYMOUS, english)

    own = signed_in_context(browser, live_server, owner, **zh).new_page()
    _visit(own, base, shot, OWNER, english)
    own.goto(base + reverse("complaints:detail", args=[complaint.pk]))
    detail = own.inner_text("main")
    assert "Counterfeit ACME sneakers sold with our logo." in detail  # users' data stays as typed
    assert "Draft" not in detail and "Submitted" not in detail  # the timeline's statuses
    shot(own, "complaint-detail-390")

    rev = signed_in_context(browser, live_server, reviewer, **zh).new_page()
    _visit(rev, base, shot, REVIEWER, english)
    rev.set_viewport_size({"width": 1280, "height": 900})
    rev.goto(base + reverse("reviews:complaint", args=[complaint.pk]))
    assert "接受" in rev.inner_text("main")
    shot(rev, "review-complaint-1280")

    sel = signed_in_context(browser, live_server, seller, **zh).new_page()
    _visit(sel, base, shot, SELLER, english)

    assert not english, english
