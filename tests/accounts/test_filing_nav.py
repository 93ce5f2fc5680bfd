"""Issue 13: an owner sees only the navigation it can use, and every "you cannot file yet"
message links to the page that lifts the block."""

import re

import pytest

from accounts.models import IdentityStatus
from tests.accounts.test_sole_account import approved
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OWNER_LINKS = {"/ipr/": "IPR Management", "/complaints/new/": "Submit a Complaint"}


def nav_links(page: str) -> list[str]:
    nav = re.search(r'<nav class="mainnav"[^>]*>(.*?)</nav>', page, re.S)
    assert nav, "no main navigation"
    return re.findall(r'href="([^"]+)"', nav.group(1))


def block_action(page: str) -> tuple[str, str] | None:
    link = re.search(
        r'<a href="([^"]+)" class="alert-action" id="filing-block-action">([^<]+)</a>', page
    )
    return (link.group(1), link.group(2)) if link else None


@pytest.mark.parametrize(
    "status", [IdentityStatus.NOT_SUBMITTED, IdentityStatus.SUBMITTED, IdentityStatus.REJECTED]
)
def test_unverified_owner_sees_identity_but_not_iprs_or_complaints(client, status):
    client.force_login(UserFactory(identity_status=status))
    links = nav_links(client.get("/account/").content.decode())
    assert "/account/identity/" in links
    assert not {"/ipr/", "/complaints/", "/complaints/new/"} & set(links)


def test_verified_owner_sees_iprs_and_complaints(client):
    client.force_login(UserFactory(identity_approved=True))
    links = nav_links(client.get("/account/").content.decode())
    assert {"/account/identity/", "/ipr/", "/complaints/new/", "/complaints/"} <= set(links)


def test_seller_sees_no_owner_links(client):
    client.force_login(UserFactory(seller=True))
    links = nav_links(client.get("/account/").content.decode())
    assert not {"/account/identity/", "/ipr/", "/complaints/new/"} & set(links)


@pytest.mark.parametrize("url", ["/complaints/new/", "/ipr/", "/ipr/new/"])
def test_block_message_links_an_unverified_owner_to_the_identity_page(client, url):
    client.force_login(UserFactory())
    page = client.get(url).content.decode()
    assert "Your identity has not been verified yet." in page
    assert block_action(page) == ("/account/identity/", "Verify your identity")


def test_block_message_for_a_pending_identity_says_to_follow_it(client):
    client.force_login(UserFactory(identity_status=IdentityStatus.UNDER_REVIEW))
    page = client.get("/complaints/new/").content.decode()
    assert block_action(page) == ("/account/identity/", "See your identity verification")


def test_block_message_for_a_shared_complainant_name_links_the_sole_account_page(client, reviewer):
    a = approved("a@example.com", reviewer=reviewer)
    approved("b@example.com", reviewer=reviewer)
    client.force_login(a)
    page = client.get("/complaints/new/").content.decode()
    assert "More than one account exists" in page
    assert block_action(page) == ("/account/sole-account/", "Confirm the sole account")


def test_no_block_no_link(client):
    client.force_login(UserFactory(identity_approved=True))
    page = client.get("/complaints/new/").content.decode()
    assert 'id="block-reason"' not in page and block_action(page) is None
