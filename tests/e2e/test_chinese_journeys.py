"""Each role's journey in Chinese, each person with Chinese saved as their language: a visitor
switches the header to Chinese; the rights owner files a complaint; the reviewer claims it and
takes the listing down; the seller reads its takedown notice (in the portal and by email, in
Chinese) and answers with a counter-notice. Screenshots at 1280 and 390 px under
test-artifacts/test_each_role_works_through_its_journey_in_chinese/."""

import time

import pytest
from django.core import mail

from complaints.models import Complaint
from tests.catalogue.factories import ListingFactory, SellerFactory
from tests.chinese import compile_catalogue
from tests.complaints.conftest import url_of
from tests.e2e.helpers import signed_in_context
from tests.e2e.test_chinese_pages import ENGLISH_LABELS
from tests.factories import UserFactory
from tests.ipr.conftest import IPRFactory

pytestmark = [pytest.mark.e2e]
ZH = {"locale": "zh-CN"}


def _both_widths(page, shot, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def _no_english_labels(page, where: str, found: list) -> None:
    found.extend(f"{where}: {m}" for m in ENGLISH_LABELS.findall(page.inner_text("body")))


def _people():
    owner = UserFactory(
        email="brand@example.com",
        identity_approved=True,
        complainant_name="杭州艾克米服饰有限公司",
        language="zh-hans",
    )
    reviewer = UserFactory(email="reviewer@example.com", reviewer=True, language="zh-hans")
    seller = UserFactory(email="seller@example.com", seller=True, language="zh-hans")
    store = SellerFactory(platform="taobao", store_name="便宜鞋店", account=seller)
    listings = [
        ListingFactory(
            platform="taobao",
            seller=store,
            title=f"ACME 运动鞋 {n}",
            listing_id=str(670_000_000_000 + n),
        )
        for n in range(2)
    ]
    trademark = IPRFactory(owner=owner, authenticated=True, mark_word="ACME", nice_classes=[25])
    return owner, reviewer, seller, listings, trademark


def _wait_for(predicate, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_each_role_works_through_its_journey_in_chinese(browser, live_server, celery_worker, shot):
    compile_catalogue()
    owner, reviewer, seller, listings, trademark = _people()
    base, english = live_server.url, []

    # --- a visitor with an English browser switches the header to Chinese -----------------------
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    visitor.goto(f"{base}/login/")
    assert visitor.locator("html").get_attribute("lang") == "en"
    assert visitor.locator(".language-go").is_hidden()  # the script submits on change
    visitor.select_option("#language-choice", "zh-hans")
    visitor.wait_for_selector("html[lang='zh-hans']")
    assert "会员登录" in visitor.inner_text("main")
    _both_widths(visitor, shot, "visitor-switched-to-chinese")

    # --- the rights owner files a complaint -------------------------------------------------------
    own = signed_in_context(browser, live_server, owner, **ZH).new_page()
    own.goto(f"{base}/complaints/new/")
    assert own.locator("html").get_attribute("lang") == "zh-hans"
    own.check("input[name=platform][value=taobao]")
    own.select_option("#id_ipr", str(trademark.pk))
    own.select_option("#id_reason", "trademark_other")  # needs no proof file
    own.fill("#id_urls", "\n".join(url_of(x) for x in listings))
    own.fill("#id_description", "假冒 ACME 运动鞋，使用了我们的商标。")
    own.wait_for_function(
        "() => document.querySelectorAll('#url-results .url-line.good').length === 2"
    )
    _both_widths(own, shot, "owner-complaint-form")
    _no_english_labels(own, "complaint form", english)
    own.click("button[value=submit]")
    own.wait_for_selector("#complaint-status")
    own.wait_for_function(
        "() => document.querySelectorAll('#items .status-valid').length === 2", timeout=30_000
    )
    complaint = Complaint.objects.get()
    assert "假冒 ACME 运动鞋，使用了我们的商标。" in own.inner_text("main")  # data as typed
    _both_widths(own, shot, "owner-complaint-filed")
    _no_english_labels(own, "complaint page", english)

    # --- the reviewer claims it and takes both listings down --------------------------------------
    rev = signed_in_context(browser, live_server, reviewer, **ZH).new_page()
    rev.goto(f"{base}/review/")
    assert "工作台" in rev.inner_text("main")
    _both_widths(rev, shot, "reviewer-workbench")
    rev.click("tr[data-queue=complaints] button")
    rev.wait_for_selector("#review-items")
    rev.check("tr[data-line='1'] input[name=items]")
    rev.check("tr[data-line='2'] input[name=items]")
    rev.click("#accept-selection")
    rev.wait_for_selector("tr[data-line='1'] .status-accepted")
    rev.wait_for_selector("tr[data-line='2'] .status-accepted")
    assert "已接受" in rev.inner_text("#review-items")
    _both_widths(rev, shot, "reviewer-decided")
    _no_english_labels(rev, "review page", english)

    # --- the seller reads its notice in Chinese and answers with a counter-notice -----------------
    assert _wait_for(lambda: any("seller@example.com" in m.to for m in mail.outbox))
    [notice] = [m for m in mail.outbox if "seller@example.com" in m.to]
    assert notice.subject == "下架通知：2 个商品" and "理由说明" in notice.body
    sel = signed_in_context(browser, live_server, seller, **ZH).new_page()
    sel.goto(f"{base}/notifications/")
    assert f"下架通知：您的 2 个商品（投诉 #{complaint.pk}）" in sel.inner_text("main")
    _both_widths(sel, shot, "seller-notifications")
    sel.goto(f"{base}/review/seller/")
    assert sel.locator("#seller-items tbody tr").count() == 2
    _both_widths(sel, shot, "seller-takedowns")
    first = complaint.items.get(line=1)
    sel.click(f"tr[data-item='{first.pk}'] a:has-text('回复')")
    sel.wait_for_selector("#counter-notice-form")
    sel.check("input[name=grounds][value=genuine_goods]")
    sel.fill("#id_statement", "这些运动鞋购自 ACME 的授权经销商。")
    _both_widths(sel, shot, "seller-counter-notice-form")
    _no_english_labels(sel, "counter-notice form", english)
    sel.click("#send-counter-notice")
    sel.wait_for_selector(".alert-success")
    assert "反通知" in sel.inner_text(".messages")
    _both_widths(sel, shot, "seller-counter-notice-sent")

    # --- the owner is told in Chinese -------------------------------------------------------------
    own.goto(f"{base}/notifications/")
    assert f"投诉 #{complaint.pk}" in own.inner_text("main") and "反通知" in own.inner_text("main")
    _both_widths(own, shot, "owner-notifications")

    assert not english, english
