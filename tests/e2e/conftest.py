"""Browser journeys drive a live server from pytest's (sync) thread; Django refuses ORM calls
from a thread running an event loop (Playwright's) unless told this is a test."""

import os

import pytest

from tests.e2e.axe import AxeWatcher

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def published_agreement(transactional_db, settings):
    """The data migration publishes the IPP User Agreement; a transactional test's flush
    removes it, so make sure it is there."""
    from accounts.models import AgreementVersion

    version, _created = AgreementVersion.objects.get_or_create(
        version=settings.IPP["AGREEMENT_VERSION"],
        defaults={"title": "IPP User Agreement", "body": "1. Who may use the IPP Portal"},
    )
    return version


class _WatchedBrowser:
    """The session's browser; every context made from it reports Content-Security-Policy
    violations (Chromium logs each refused script, style, worker or image to the console), and
    each of its pages is checked by axe-core after it loads (tests/e2e/axe.py)."""

    def __init__(self, browser, violations: list[str], axe: AxeWatcher):
        self._browser = browser
        self._violations = violations
        self._axe = axe
        self.pages: list = []

    def _page(self, page) -> None:
        self.pages.append(page)
        self._axe.watch(page)

    def _watch(self, message) -> None:
        if "Content Security Policy" in message.text:
            where = message.page.url if message.page else message.location.get("url", "?")
            self._violations.append(f"{where}: {message.text}")

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        context.on("console", self._watch)
        context.on("page", self._page)
        return context

    def new_page(self, **kwargs):
        page = self._browser.new_page(**kwargs)
        page.on("console", self._watch)
        self._page(page)
        return page

    def check_accessibility(self, page) -> None:
        """Run axe-core on the page now (after script has drawn it), not only at its "load"."""
        self._axe.check_now(page)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture
def browser(browser, request):
    """Every journey fails on any Content-Security-Policy violation: the pages carry no inline
    script or style, and the policy's narrow exceptions (core/csp.py) must be enough. It fails
    too on any serious or critical accessibility violation axe-core finds on a page it visits."""
    violations: list[str] = []
    axe = AxeWatcher(request.node.name)
    watched = _WatchedBrowser(browser, violations, axe)
    yield watched
    axe.settle(watched.pages)
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))
    if axe.violations:
        pytest.fail("Accessibility violations (axe-core):\n" + "\n".join(axe.violations))
