"""IPR fixtures: identity-approved owners and agents, real documents, IPRs in every status."""

import datetime

import factory
import pytest
import time_machine
from django.utils import timezone

from core.documents import store_upload
from ipr.models import IPR, IPRKind, IPRStatus
from tests import files
from tests.factories import UserFactory

TODAY = datetime.date(2026, 3, 2)
NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


def at(day: datetime.date, hour: int = 12):
    """Travel to `day` at `hour` UTC (the portal's time zone), clock frozen."""
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC), tick=False
    )


@pytest.fixture
def frozen_today():
    with at(TODAY):
        yield


def doc(owner, make=files.pdf, **kw):
    return store_upload(owner=owner, upload=make(**kw))


class IPRFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IPR

    kind = IPRKind.TRADEMARK
    status = IPRStatus.PENDING
    owner = factory.SubFactory(UserFactory, identity_approved=True)
    right_owner_name = factory.LazyAttribute(lambda o: o.owner.complainant_name or "Acme")
    jurisdiction = "China"
    office = "CNIPA"
    number = factory.Sequence(lambda n: f"TM{1000 + n}")
    registered_on = datetime.date(2020, 1, 1)
    expires_on = datetime.date(2030, 1, 1)
    mark_word = "ACME"
    nice_classes = [25]
    goods_services = "Clothing"
    certificate = factory.LazyAttribute(lambda o: doc(o.owner))
    submitted_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=IPRStatus.DRAFT, submitted_at=None)
        authenticated = factory.Trait(status=IPRStatus.AUTHENTICATED)
        failed = factory.Trait(status=IPRStatus.FAILED, rejection_code="illegible")
        withdrawn = factory.Trait(status=IPRStatus.WITHDRAWN, withdrawal_code="letter_expired")
        expired = factory.Trait(status=IPRStatus.EXPIRED, withdrawal_code="right_expired")


@pytest.fixture
def rights_owner(db):
    """An identity-approved owner filing its own rights."""
    return UserFactory(
        email="owner@example.com",
        contact_email="legal@example.com",
        identity_approved=True,
        identity_kind="business",
        complainant_name="Acme Brands Ltd",
    )


@pytest.fixture
def agent(db):
    return UserFactory(
        email="agent@example.com",
        identity_approved=True,
        registrant_category="agent",
        complainant_name="Swift IP Agency",
    )


@pytest.fixture
def outsider(db):
    return UserFactory(
        email="outsider@example.com", identity_approved=True, complainant_name="Other Co"
    )


@pytest.fixture
def make_ipr():
    return IPRFactory


def trademark_data(owner, **overrides) -> dict:
    data = {
        "right_owner_name": owner.complainant_name,
        "is_registered": True,
        "document_type": "registration_certificate",
        "jurisdiction": "China",
        "office": "CNIPA",
        "number": "TM-556677",
        "registered_on": datetime.date(2021, 5, 1),
        "expires_on": datetime.date(2031, 4, 30),
        "mark_word": "ACME",
        "nice_classes": [25, 18],
        "goods_services": "Clothing; bags",
        "certificate": doc(owner),
    }
    data.update(overrides)
    return data


def patent_data(owner, **overrides) -> dict:
    data = {
        "right_owner_name": owner.complainant_name,
        "is_registered": True,
        "document_type": "registration_certificate",
        "jurisdiction": "China",
        "number": "ZL2021-1",
        "registered_on": datetime.date(2021, 5, 1),
        "expires_on": datetime.date(2031, 4, 30),
        "patent_type": "utility_model",
        "title": "Folding bottle",
        "certificate": doc(owner),
    }
    data.update(overrides)
    return data


def copyright_data(owner, registered=True, **overrides) -> dict:
    data = {
        "right_owner_name": owner.complainant_name,
        "work_title": "Panda drawing",
        "work_type": "artwork",
    }
    if registered:
        data.update(
            is_registered=True,
            document_type="registration_certificate",
            jurisdiction="China",
            number="GZ-2020-F-1",
            registered_on=datetime.date(2020, 2, 2),
            certificate=doc(owner),
            content_pages=doc(owner, files.png, name="content.png"),
        )
    else:
        data.update(
            is_registered=False,
            document_type="ownership_statement",
            ownership_statement=doc(owner),
            authorship_proof=doc(owner, files.png, name="draft.png"),
        )
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
