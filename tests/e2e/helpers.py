"""Helpers for browser journeys: sign a user in for a fresh browser context (a session cookie
plus a trusted-device cookie, so the unusual-activity check does not interrupt the journey). A
staff session made so has passed the second factor (`force_login`, tests/conftest.py);
tests/e2e/test_second_factor.py signs a reviewer in through the pages instead."""

from urllib.parse import urlparse

from django.conf import settings
from django.test import Client

from accounts.services.devices import trust_device


def signed_in_context(browser, live_server, user, **context_args):
    client = Client()
    client.force_login(user)
    host = urlparse(live_server.url).hostname
    token = trust_device(user=user, ip_address="127.0.0.1", user_agent="e2e")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_args)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            },
            {"name": settings.IPP["DEVICE_COOKIE"], "value": token, "domain": host, "path": "/"},
        ]
    )
    return context
