"""Fixtures for the account tests: a published agreement, fast password hashing, a client whose
browser already trusts the rights owner's device."""

import pytest

from accounts.models import AgreementVersion


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 costs ~0.3 s per hash; the lock and sign-in tests hash dozens of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agreement(db, settings):
    """The published IPP User Agreement (a data migration creates it; a transactional test's
    flush removes it, so make sure it is there)."""
    version, _created = AgreementVersion.objects.get_or_create(
        version=settings.IPP["AGREEMENT_VERSION"],
        defaults={"title": "IPP User Agreement", "body": "1. Who may use the IPP Portal"},
    )
    return version
