"""Marketplace sign-in against the real local provider (tests/idp_server.py)."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.services.devices import trust_device
from tests.idp_server import MarketplaceMember

PORTAL_HOST = "127.0.0.1"  # a loopback redirect URI: the provider accepts it on any port


@pytest.fixture
def marketplaces(settings, identity_provider):
    settings.IPP_MARKETPLACE_SIGNIN = identity_provider.portal_settings()
    return identity_provider


@pytest.fixture
def portal():
    return Client(HTTP_HOST=PORTAL_HOST)


def trusted_client(user) -> Client:
    """A browser the account already trusts (no unusual-activity lock)."""
    client = Client(HTTP_HOST=PORTAL_HOST)
    client.cookies[settings.IPP["DEVICE_COOKIE"]] = trust_device(
        user=user, ip_address="127.0.0.1", user_agent="test"
    )
    return client


def start(client, marketplace: str, intent: str = "signin", **answers):
    response = client.post(
        f"/login/marketplace/{marketplace}/start/", {"intent": intent, **answers}
    )
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def sign_in(client, marketplace: str, username: str, *, intent="signin", allow=True, **answers):
    """The whole round trip: the portal's button, the provider's pages, the portal's callback.
    Returns the callback's response and the callback URL (to replay it)."""
    authorize_url = start(client, marketplace, intent, **answers)
    callback = MarketplaceMember(username).authorize(authorize_url, allow=allow)
    return client.get(callback), callback


def messages_of(response) -> list[str]:
    from django.contrib.messages import get_messages

    return [str(m) for m in get_messages(response.wsgi_request)]


def followed_text(client, response) -> str:
    """The page a redirect lands on (its messages shown)."""
    assert response.status_code == 302, response.content[:300]
    return client.get(response["Location"]).content.decode()
