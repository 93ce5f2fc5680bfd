"""Schemathesis over the whole published API: every operation, as a rights owner, a seller and a
reviewer, against the Django WSGI application in-process. No answer is a server error, and every
answer is one the schema documents (status code, content type, body).

Each (operation, role) is one pytest test. The data (an approved owner with IPRs in several
states, a complaint in review with a taken-down URL and its counter-notice, a draft, a pending
identity, a registration) is built once per role in a transaction rolled back after the role's
last test, and each test runs in a savepoint inside it: nothing one test or role does reaches
another. The examples of one test share its savepoint (a withdrawn complaint stays withdrawn for
the next example), which derandomized generation makes reproducible.

Nothing is excluded: the operations that need a proof of work (registration, DMCA notice) or a
second factor are fuzzed too; they answer the documented 400/429, never a 5xx."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import hypothesis
import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client, override_settings
from django.utils.crypto import get_random_string
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.generators import SchemaGenerator
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import AgreementVersion, Registration, User
from accounts.services import identity as identity_services
from accounts.services import registration as registration_services
from complaints import services as complaint_services
from core.models import Notification
from ipr.models import IPR
from reviews.services import counter_notices, decisions
from tests.accounts.test_identity_services import submit
from tests.catalogue.factories import SellerFactory
from tests.complaints.conftest import url_of
from tests.conftest import set_celery
from tests.factories import UserFactory
from tests.ipr.conftest import IPRFactory
from tests.reviews.conftest import file_validated, items_of, make_listings
from tests.reviews.test_services import cn_input

# Examples per operation and role (fuzzing phase; the schema's own examples come on top). 3 roles
# x ~80 operations x 15 is about 3,600 requests: under two minutes on two busy cores.
MAX_EXAMPLES = 15
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
ROLES = ["owner", "seller", "reviewer"]


def _published_schema() -> dict:
    """The document GET /api/schema/ serves, generated in-process (JSON types only)."""
    raw = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(raw, default=str))


CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20260302,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
        # The coverage phase (boundary and missing values for every parameter) sends about four
        # times as many requests; IPP_SCHEMATHESIS_COVERAGE=1 turns it on for a deeper run.
        "phases": {"coverage": {"enabled": os.environ.get("IPP_SCHEMATHESIS_COVERAGE") == "1"}},
    }
)
schema = schemathesis.openapi.from_dict(_published_schema(), config=CONFIG)
schema.app = get_wsgi_application()


@dataclass
class World:
    """One of everything the API shows, for the role under test to reach (or be refused)."""

    role: str
    user: User
    device: TOTPDevice
    ids: dict[str, object] = field(default_factory=dict)


def _build_world(role: str) -> World:
    reviewer = UserFactory(email="reviewer@example.com", reviewer=True)
    device = TOTPDevice.objects.create(user=reviewer, name="Authenticator", confirmed=True)
    owner = UserFactory(email="owner@example.com", contact_email="legal@example.com")
    identity_services.approve_identity(
        submission=submit(owner, complainant_name="Acme Brands Ltd"), reviewer=reviewer
    )
    owner.refresh_from_db()
    seller = UserFactory(email="seller@example.com", seller=True)
    user = {"owner": owner, "seller": seller, "reviewer": reviewer}[role]
    ids = {
        **_rights(owner),
        **_complaints(owner, seller, reviewer),
        "submission": submit(UserFactory(email="new@example.com"), complainant_name="New Co").pk,
        "registration": _registration().pk,
        "notification": Notification.objects.create(user=user, kind="test", title="Hi").pk,
    }
    return World(role=role, user=user, device=device, ids=ids)


def _rights(owner: User) -> dict[str, object]:
    return {
        "ipr": IPRFactory(owner=owner, authenticated=True, mark_word="ACME").pk,
        "draft_ipr": IPRFactory(owner=owner, draft=True).pk,
        "pending_ipr": IPRFactory(owner=owner).pk,
        "failed_ipr": IPRFactory(owner=owner, failed=True).pk,
        "expired_ipr": IPRFactory(owner=owner, expired=True).pk,
    }


def _complaints(owner: User, seller: User, reviewer: User) -> dict[str, object]:
    """A complaint in review against the seller's listings: one URL accepted (taken down) and
    answered with a counter-notice, the others waiting for a decision; and a draft."""
    store = SellerFactory(platform="taobao", store_name="Bargain Shoes", account=seller)
    trademark = IPR.objects.filter(owner=owner, status="authenticated").get()
    listings = make_listings(store, 4)
    complaint = file_validated(owner, trademark, listings[:3])
    taken_down = decisions.accept_item(item=items_of(complaint)[0], actor=reviewer)
    notice = counter_notices.submit_counter_notice(item=taken_down, actor=seller, data=cn_input())
    draft, _lines = complaint_services.save_draft(
        complainant=owner,
        data=complaint_services.ComplaintInput(
            platform="taobao", ipr=trademark, reason="counterfeit", urls=url_of(listings[3])
        ),
    )
    return {
        "complaint": complaint.pk,
        "draft_complaint": draft.pk,
        "item": items_of(complaint)[1].pk,
        "taken_down": taken_down.pk,
        "counter_notice": notice.pk,
        "store": store.pk,
    }


def _registration() -> Registration:
    agreement, _created = AgreementVersion.objects.get_or_create(
        version=settings.IPP["AGREEMENT_VERSION"], defaults={"title": "IPP User Agreement"}
    )
    return registration_services.start_registration(
        email="newcomer@example.com",
        location="DE",
        identity_kind="business",
        registrant_category="ipr_owner",
        agreement=agreement,
    )


# Which real object a path's `{id}` names: the first rule whose prefix the path starts with.
TARGETS = [
    ("/api/v1/notifications/", "notification"),
    ("/api/v1/auth/registrations/", "registration"),
    ("/api/v1/identity/submissions/", "submission"),
    ("/api/v1/review/identity/", "submission"),
    ("/api/v1/iprs/{id}/approve/", "pending_ipr"),
    ("/api/v1/iprs/{id}/reject/", "pending_ipr"),
    ("/api/v1/iprs/{id}/mark-invalid/", "ipr"),
    ("/api/v1/iprs/{id}/resubmit/", "failed_ipr"),
    ("/api/v1/iprs/{id}/renew/", "expired_ipr"),
    ("/api/v1/iprs/", "draft_ipr"),
    ("/api/v1/complaints/{id}/submit/", "draft_complaint"),
    ("/api/v1/complaints/", "complaint"),
    ("/api/v1/review/queues/", "complaint"),
    ("/api/v1/review/items/{id}/reverse/", "taken_down"),
    ("/api/v1/review/items/", "item"),
    ("/api/v1/review/sellers/", "store"),
    ("/api/v1/seller/items/", "taken_down"),
    ("/api/v1/counter-notices/", "counter_notice"),
]


@pytest.fixture
def aim(world) -> Callable[[Case], None]:
    """Every other example (deterministically: the first, third, ...) has its path parameters
    pointed at objects that exist, so that the operations run past their 404s; the others are
    sent as generated."""
    examples = itertools.count()

    def point(case: Case) -> None:
        if next(examples) % 2:
            return
        params = case.path_parameters or {}
        target = next((name for prefix, name in TARGETS if case.path.startswith(prefix)), None)
        if target and "id" in params:
            params["id"] = world.ids[target]
        if "item_pk" in params:
            params["item_pk"] = world.ids["item"]
        if "name" in params:
            params["name"] = "complaints"

    return point


def _session_cookies(world: World) -> dict[str, str]:
    """A signed-in session (second factor passed, for staff) and a CSRF token for unsafe methods,
    as a browser holds them."""
    client = Client()
    client.force_login(world.user)
    if world.role == "reviewer":
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = world.device.persistent_id
        session.save()
    csrf = get_random_string(32)
    return {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: csrf,
    }


@contextlib.contextmanager
def _connection_kept_open() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request, which would end the
    test's transaction; Django's test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module", params=ROLES)
def world(request, django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """Built once per role and rolled back after the role's last test; each test runs in a
    savepoint inside it (the `db` fixture), so what one test changes the next does not see."""
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path_factory.mktemp("private"))},
        },
    }
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES=storages, PASSWORD_HASHERS=fast),
        _connection_kept_open(),
        transaction.atomic(),
    ):
        set_celery(task_always_eager=True, task_eager_propagates=True)
        yield _build_world(request.param)
        transaction.set_rollback(True)


@pytest.fixture
def signed_in(world, db) -> dict[str, object]:
    """How each request is sent: the role's session and CSRF cookies, the CSRF header, and the
    client address a server gives every request (the rate limits key on it)."""
    cookies = _session_cookies(world)
    return {
        "cookies": cookies,
        "headers": {"X-CSRFToken": cookies[settings.CSRF_COOKIE_NAME]},
        "environ_base": {"REMOTE_ADDR": "192.0.2.10"},
    }


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_api_answers_as_documented(case, aim, signed_in):
    aim(case)
    case.call_and_validate(checks=CHECKS, **signed_in)
