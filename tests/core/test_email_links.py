"""Every email the portal sends, sent the way the portal sends it (notify_user / the outbox /
the account tasks / the digest), has a text and an HTML part, and every link in either is
absolute on SITE_URL's origin and resolves to a portal page. Marketplace listing URLs quoted in
a notice are the only other URLs allowed."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import transaction
from django.test.signals import template_rendered
from django.urls import Resolver404, resolve, reverse

from accounts.models import CodePurpose
from accounts.services.codes import issue_code
from accounts.services.password_reset import send_reset_link
from core.digest import send_due_digests
from core.notification_kinds import Category
from core.notify import email_after_commit, notify_user
from core.services import set_notification_preferences

SITE = "https://portal.example"
LISTING = "https://item.taobao.com/item.htm?id=600000000001"
OTHER_LISTING = "https://item.taobao.com/item.htm?id=600000000002"
EXTERNAL = {LISTING, OTHER_LISTING}
EMAILS = Path(django_settings.BASE_DIR) / "templates" / "emails"

ITEM = {
    "complaint_id": 12,
    "item_id": 5,
    "url": LISTING,
    "listing_id": "600000000001",
    "listing_title": "ACME sneaker copy",
    "store": "Bargain Shoes",
    "reason": "Counterfeit",
    "ipr": "ACME (trademark, classes 25)",
}
ITEM_2 = {**ITEM, "item_id": 6, "url": OTHER_LISTING, "listing_id": "600000000002"}
TAKEDOWN = {
    "complainant_name": "Acme Brands Ltd",
    "complainant_email": "ip@example.com",
    "note": "Logo copied",
    "due_at": "2026-03-05 10:00 UTC",
    "dmca": False,
}
IPR = {"ipr_id": 3, "ipr_label": "ACME", "status": "Rejected", "reason": "Certificate unreadable"}
SELLER_ITEM = "reviews:seller_item"


def _seller(template: str, user, *items: dict) -> None:
    """As reviews.services.common.tell_seller does, several in one transaction (one event)."""
    with transaction.atomic():
        for item in items:
            notify_user(
                user,
                template,
                item,
                link=reverse(SELLER_ITEM, args=[item["item_id"]]),
                category=Category.SELLER_NOTICES,
            )


def _owner(template: str, user, context: dict, link: str = "") -> None:
    notify_user(user, template, context, link=link)


def _complaint_page() -> str:
    return reverse("complaints:detail", args=[12])


def _dmca(template: str, context: dict) -> None:
    email_after_commit(template, ["notifier@example.com"], {**context, "link": ""})


def _every_email(owner, seller) -> None:
    """Each email triple at least once (and the batched ones with several URLs)."""
    page = _complaint_page()
    _owner("complaint_validated", owner, {"complaint_id": 12, "valid": 2, "total": 3}, page)
    _owner("complaint_validated", owner, {"complaint_id": 12, "valid": 0, "total": 3, "invalid": 1})
    urls = [{"line": 1, "url": LISTING, "status": "Invalid", "error": "No such listing."}]
    _dmca(
        "complaint_validated",
        {"complaint_id": 13, "valid": 0, "total": 1, "invalid": True, "urls": urls},
    )
    decided = [
        {"line": 1, "url": LISTING, "status": "Rejected", "reason": "Use not located", "note": "x"}
    ]
    processed = {"complaint_id": 12, "items": decided, "accepted": 0, "total": 1}
    _owner("complaint_processed", owner, processed, page)
    _dmca("complaint_processed", {**processed, "complaint_id": 13})
    counter = {"grounds": "Genuine goods", "due_at": "2026-03-09 10:00 UTC", "counter_notice_id": 1}
    _owner("counter_notice_received", owner, {**ITEM, **counter}, page)
    with transaction.atomic():
        for item in (ITEM, ITEM_2):
            _owner("counter_notice_received", owner, {**item, **counter, "complaint_id": 14}, page)
    _seller("takedown_notice", seller, {**ITEM, **TAKEDOWN})
    _seller(
        "takedown_notice",
        seller,
        {**ITEM, **TAKEDOWN, "complaint_id": 15},
        {**ITEM_2, **TAKEDOWN, "complaint_id": 15},
    )
    _seller("complaint_maintained", seller, {**ITEM, "counter_notice_id": 1})
    _seller(
        "complaint_maintained", seller, {**ITEM, "complaint_id": 16}, {**ITEM_2, "complaint_id": 16}
    )
    chance = {"round": 2, "total": 3, "remaining": 1, "due_at": "2026-04-13 10:00 UTC"}
    _seller("counter_notice_chance", seller, {**ITEM, **chance})
    _seller(
        "counter_notice_chance",
        seller,
        {**ITEM, **chance, "complaint_id": 41},
        {**ITEM_2, **chance, "complaint_id": 41},
    )
    final = {"outcome": "Seller silent", "points": 2}
    _seller("takedown_final", seller, {**ITEM, **final})
    _seller(
        "takedown_final",
        seller,
        {**ITEM, **final, "complaint_id": 17},
        {**ITEM_2, **final, "complaint_id": 17},
    )
    _owner("takedown_final", owner, {**ITEM, "outcome": "Seller silent"}, page)
    restored = {"outcome": "Complaint withdrawn"}
    _seller("listing_restored", seller, {**ITEM, **restored})
    _seller(
        "listing_restored",
        seller,
        {**ITEM, **restored, "complaint_id": 18},
        {**ITEM_2, **restored, "complaint_id": 18},
    )
    _dmca("listing_restored", {**ITEM, **restored, "complaint_id": 13})
    _owner("identity_decided", owner, {"approved": True, "complainant_name": "Acme Brands Ltd"})
    _owner(
        "identity_decided",
        owner,
        {"approved": False, "change": True, "reason": "Blurred", "note": "Rescan"},
    )
    for template in ("ipr_submitted", "ipr_authenticated", "ipr_rejected", "ipr_withdrawn"):
        _owner(template, owner, IPR)
    listed = {**IPR, "hint": "Renew it", "expires_on": "2026-04-01", "days_left": 30}
    _owner("ipr_withdrawn_batch", owner, {"items": [listed]})
    _owner("ipr_expiry_reminder", owner, {"what": "IPR term", "items": [listed]})
    _owner("sole_account_decided", owner, {"approved": True})
    _owner("sole_account_decided", owner, {"approved": False, "note": "Letter unsigned"})
    _owner("sole_account_barred", owner, {"complainant_name": "Acme Brands Ltd"})
    rates = {"takedown_rate": "95.0", "overturned_rate": "0.0", "decided": 20, "taken_down": 19}
    accuracy = reverse("complaints:accuracy")
    _owner("good_faith_joined", owner, {**rates, "overturned": 0, "window_days": 90}, accuracy)
    left = {**rates, "takedown_rate": "80.0", "rejoin_after": "2026-09-01", "window_days": 90}
    _owner("good_faith_left", owner, {**left, "overturned": 0}, accuracy)
    misuse = {"reason": "20 of 30 unfounded", "unfounded": 20, "unfounded_share": "66.7"}
    _owner("notifier_warning", owner, misuse, accuracy)
    _owner("notifier_suspended", owner, {**misuse, "ends_on": "2026-07-01"}, accuracy)
    _owner("sanction_lifted", owner, {"kind": "Warning", "note": "Appeal granted"}, accuracy)
    appeal = {"appeal_id": 4, "subject": "A rejected complaint URL", "reason": "New evidence"}
    _owner("appeal_decided", owner, {**appeal, "granted": True, "answer": "The logo is copied."})
    _owner("appeal_outcome", seller, {**appeal, "granted": False, "answer": "It stands."})
    _owner("account_welcome", owner, {})
    _owner("new_device", owner, {"ip_address": "203.0.113.7", "device": "Firefox on Linux"})
    batch = {
        "complaint_id": 19,
        "items": [ITEM, ITEM_2],
        **{k: ITEM[k] for k in ("reason", "ipr")},
        **TAKEDOWN,
    }
    notify_user(seller, "takedown_notice_batch", batch, link=reverse("reviews:seller_home"))
    issue_code(purpose=CodePurpose.UNLOCK, to_email=owner.email, user=owner)
    issue_code(purpose=CodePurpose.REGISTRATION, to_email="new@example.com")
    send_reset_link(email=owner.email)
    set_notification_preferences(user=owner, choices={"decisions": "digest"})
    _owner("ipr_authenticated", owner, IPR)
    send_due_digests()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src")]


def _html_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


TEXT_URL = re.compile(r"https?://[^\s<>\"'()]+")


def _assert_portal_link(url: str, where: str) -> None:
    if url in EXTERNAL:
        return
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == SITE, f"{where}: {url!r} is not on {SITE}"
    try:
        resolve(parts.path)
    except Resolver404:
        pytest.fail(f"{where}: {url!r} leads to no portal page")


@pytest.fixture
def sent(settings, rights_owner, seller, django_capture_on_commit_callbacks):
    settings.SITE_URL = SITE
    rendered: list[str] = []

    def note(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(note)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _every_email(rights_owner, seller)
    finally:
        template_rendered.disconnect(note)
    return list(mail.outbox), rendered


@pytest.mark.django_db
def test_every_email_template_is_sent_by_this_test(sent):
    _messages, rendered = sent
    triples = {p.name.removesuffix("_subject.txt") for p in EMAILS.glob("*_subject.txt")}
    used = {name.removeprefix("emails/").removesuffix(".html") for name in rendered}
    assert triples - used == set(), "add a case for each new email to _every_email"
    for name in triples:
        assert (EMAILS / f"{name}.txt").exists() and (EMAILS / f"{name}.html").exists()


@pytest.mark.django_db
def test_every_email_has_a_text_and_an_html_part(sent):
    messages, _rendered = sent
    assert len(messages) > 30
    for message in messages:
        assert message.subject.strip() and "\n" not in message.subject
        assert message.body.strip(), message.subject
        [(html, mimetype)] = message.alternatives
        assert mimetype == "text/html" and '<html lang="en">' in html, message.subject


@pytest.mark.django_db
def test_every_link_in_every_email_is_absolute_on_site_url_and_opens_a_page(sent):
    messages, _rendered = sent
    for message in messages:
        html = message.alternatives[0][0]
        hrefs = _html_links(html)
        texts = TEXT_URL.findall(message.body)
        for url in hrefs:
            _assert_portal_link(url, f"{message.subject} (html)")
        for url in texts:
            _assert_portal_link(url.rstrip(".,;:"), f"{message.subject} (text)")
        assert not re.search(r'href="/', html), message.subject
        if message.to != ["notifier@example.com"] and "verification code" not in message.subject:
            # People with an account can always open the portal from the email.
            assert [u for u in hrefs if u not in EXTERNAL], message.subject
            assert [u for u in texts if u not in EXTERNAL], message.subject


@pytest.mark.django_db
def test_emails_to_a_dmca_notifier_carry_each_urls_result_and_no_portal_page(sent):
    messages, _rendered = sent
    mine = [m for m in messages if m.to == ["notifier@example.com"]]
    assert len(mine) == 3
    for message in mine:
        assert "complaint page" not in message.body
        assert "preferences" not in message.body.lower()
        assert not [u for u in TEXT_URL.findall(message.body) if u not in EXTERNAL]
    validated = next(m for m in mine if "no URL could be filed" in m.subject)
    assert LISTING in validated.body and "No such listing." in validated.body
    processed = next(m for m in mine if "processed" in m.subject)
    assert LISTING in processed.body and "Use not located" in processed.body


@pytest.mark.django_db
def test_users_emails_link_their_notification_preferences(sent):
    messages, _rendered = sent
    welcome = next(m for m in messages if m.subject == "Welcome to the IPP Portal")
    page = SITE + reverse("notification_preferences")
    assert page in welcome.body and f'href="{page}"' in welcome.alternatives[0][0]


@pytest.mark.django_db
def test_a_digest_lists_its_notices_with_absolute_links(sent):
    messages, _rendered = sent
    [digest] = [m for m in messages if m.subject.startswith("IPP Portal: 1 notice")]
    assert digest.to == ["owner@example.com", "legal@example.com"]
    assert "IPR #3 “ACME” is authenticated" in digest.body
    assert SITE + reverse("ipr:detail", args=[3]) in digest.body
