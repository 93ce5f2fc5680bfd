"""Browser journeys drive a live server from pytest's (sync) thread; Django refuses ORM calls
from a thread running an event loop (Playwright's) unless told this is a test."""

import os

import pytest

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
